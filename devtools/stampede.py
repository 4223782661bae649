"""Many readers at once right after a change: the load behind the stampede test
and ``bench_pages --stampede``.

``readers`` threads each wait at a common start line, then ask for ``path``
``rounds`` times over keep-alive-free connections (each request a new TCP
connection, as separate browsers would); every answer's status, X-Page-Cache
header and time are recorded. Bounded by count and by a per-request timeout;
traffic goes only to the given local port.
"""

from __future__ import annotations

import http.client
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Answer:
    status: int
    cache: str
    seconds: float
    body: bytes = b""


@dataclass
class LoadResult:
    answers: list[Answer] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def percentile(self, p: float) -> float:
        times = sorted(a.seconds for a in self.answers)
        if not times:
            return float("inf")
        return times[min(int(round(p / 100 * (len(times) - 1))), len(times) - 1)]

    def count(self, cache: str) -> int:
        return sum(1 for a in self.answers if a.cache == cache)

    def summary(self) -> str:
        return (
            f"{len(self.answers)} answers, {len(self.errors)} errors, "
            f"p50 {self.percentile(50) * 1000:.0f} ms, p99 {self.percentile(99) * 1000:.0f} ms, "
            f"max {self.percentile(100) * 1000:.0f} ms, renders {self.count('miss')}, "
            f"stale {self.count('stale')}, hits {self.count('hit')}"
        )


def crowd(
    port: int,
    path: str,
    *,
    readers: int = 64,
    rounds: int = 1,
    host: str = "127.0.0.1",
    timeout: float = 30,
) -> LoadResult:
    result = LoadResult()
    lock = threading.Lock()
    start = threading.Barrier(readers)

    def reader() -> None:
        try:
            start.wait(timeout=timeout)
        except threading.BrokenBarrierError:
            pass
        for _ in range(rounds):
            began = time.perf_counter()
            try:
                connection = http.client.HTTPConnection(host, port, timeout=timeout)
                connection.request("GET", path, headers={"Host": host})
                response = connection.getresponse()
                body = response.read()
                answer = Answer(
                    response.status,
                    response.getheader("X-Page-Cache", ""),
                    time.perf_counter() - began,
                    body,
                )
                connection.close()
            except OSError as error:
                with lock:
                    result.errors.append(repr(error))
                continue
            with lock:
                result.answers.append(answer)
                if answer.status != 200:
                    result.errors.append(f"status {answer.status}")

    threads = [threading.Thread(target=reader) for _ in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result
