"""Run the parsers ahead of the writer: in a thread, or for big inputs in a process.

Parsing is Python work (XML, HTML clean-up, hashing); writing mostly waits on
PostgreSQL. A thread overlaps the two as far as the GIL allows. For large
imports a forked process does the parsing on another core and hands records
over in chunks through a bounded queue, so memory stays flat either way.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterator
from queue import Empty, Queue

CHUNK = 200
_DONE = object()


def in_thread(events: Iterator, buffer: int = 2000) -> Iterator:
    queue: Queue = Queue(maxsize=buffer)
    failure: list[BaseException] = []
    stop = threading.Event()

    def produce():
        try:
            for event in events:
                if stop.is_set():
                    return
                queue.put(event)
        except BaseException as exc:  # handed to the consumer, raised there
            failure.append(exc)
        finally:
            queue.put(_DONE)

    thread = threading.Thread(target=produce, name="import-parser", daemon=True)
    thread.start()
    try:
        while (item := queue.get()) is not _DONE:
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # unblock a producer waiting on a full queue
            try:
                queue.get_nowait()
            except Empty:
                thread.join(0.01)
    if failure:
        raise failure[0]


def in_process(make_events: Callable[[], Iterator], finish: Callable[[], object]) -> Iterator:
    """Iterate ``make_events()`` in a forked child; yield its events here.

    ``finish()`` runs in the child after the last event and its (picklable) result
    is returned to the caller as the generator's return value, so state the
    parsers keep (notes, file counts) comes back too.
    """
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=16)

    def child():
        try:
            chunk = []
            for event in make_events():
                chunk.append(event)
                if len(chunk) >= CHUNK:
                    queue.put(("events", chunk))
                    chunk = []
            queue.put(("events", chunk))
            queue.put(("done", finish()))
        except BaseException as exc:  # noqa: BLE001  (reported in the parent)
            queue.put(("error", f"{type(exc).__name__}: {exc}"))

    process = context.Process(target=child, name="import-parser", daemon=True)
    process.start()
    try:
        while True:
            try:
                kind, payload = queue.get(timeout=5)
            except Empty:
                if not process.is_alive():
                    raise RuntimeError(
                        f"the parser process died (exit code {process.exitcode})"
                    ) from None
                continue
            if kind == "events":
                yield from payload
            elif kind == "done":
                return payload
            else:
                raise RuntimeError(f"the parser process failed: {payload}")
    finally:
        if process.is_alive():
            process.terminate()
        process.join(5)
