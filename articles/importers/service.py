"""Import files or folders: pick a parser per file, write, count, report.

``import_paths`` is what ``manage.py import_articles`` calls. One bad file (or
item) is reported and the rest go on; nothing is ever silently dropped: every
item ends up created, updated, unchanged, skipped (with why) or failed (with
the file, the line for XML, and why).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

from articles.importers import pipeline
from articles.importers.encoding import EncodingProblem, decode_text, decode_with
from articles.importers.indexer import BackgroundIndexer
from articles.importers.plaintext import PlainTextError, parse_plaintext
from articles.importers.records import (
    ArticleRecord,
    Failed,
    Note,
    Skipped,
    record_from_dict,
)
from articles.importers.writer import BATCH_SIZE, ImportWriter, db_reason
from articles.importers.wxr import parse_wxr

FORMATS = ("auto", "text", "wxr", "jsonl")
PARALLEL_FROM_BYTES = 64 * 1024 * 1024
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".xml": "wxr",
    ".wxr": "wxr",
    ".jsonl": "jsonl",
}


@dataclass
class ImportReport:
    counts: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    failures: list[Failed] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    files: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    parser_peak_rss_kb: int = 0  # when parsing ran in its own process

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def items(self) -> int:
        return sum(self.counts[k] for k in ("created", "updated", "unchanged", "failed")) + sum(
            self.skipped.values()
        )


class Progress:
    """A one-line progress display on a stream: items, rate, current file.

    Redrawn in place on a terminal at most ten times a second; elsewhere (logs,
    CI) a line every few seconds so a long import still shows it is alive.
    """

    def __init__(self, stream=None, *, enabled: bool = True):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.monotonic()
        self.last = 0.0
        self.count = 0

    def update(self, count: int, current: str) -> None:
        self.count = count
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < (0.1 if self.tty else 5.0):
            return
        self.last = now
        self._draw(current, end="" if self.tty else "\n")

    def finish(self) -> None:
        if self.enabled:
            self._draw("done", end="\n")

    def _draw(self, current: str, end: str) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        line = f"{self.count:,} items  {self.count / elapsed:,.0f}/s  {elapsed:,.1f}s  {current}"
        prefix = "\r\x1b[2K" if self.tty else ""
        self.stream.write(f"{prefix}[import] {line[:120]}{end}")
        self.stream.flush()


def discover(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Path | None]]:
    """(file, the folder it was named from) for each file under the given paths.

    In a folder, a symbolic link (or a file that resolves outside the folder) comes
    with None for its folder: it is refused, not read. A link could point anywhere
    the importing user can read (keys, other people's files) and put it on the site.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = path.resolve()
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in file.relative_to(path).parts):
                    own = not file.is_symlink() and file.resolve().is_relative_to(inside)
                    yield file, path if own else None
        else:
            yield path, path.parent


def import_paths(
    paths: Iterable[str | Path],
    *,
    format: str = "auto",
    publication: str = "",
    author: str = "",
    encoding: str = "",
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    parallel: bool | None = None,
    index_beside: bool | None = None,
) -> ImportReport:
    """Import files and folders; ``parallel`` parses in a separate process
    (default: when the input is large and there is more than one core);
    ``index_beside`` indexes for search on a second connection while the next
    batch is written (default: unless it is a dry run or the caller holds a
    transaction, which that connection could not see into)."""
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if index_beside is None:
        index_beside = not dry_run and not connection.in_atomic_block
    report = ImportReport(dry_run=dry_run)
    indexer = BackgroundIndexer() if index_beside else None
    writer = ImportWriter(
        dry_run=dry_run,
        batch_size=batch_size,
        index=indexer.queue_on_commit if indexer else None,
    )
    progress = progress or Progress(enabled=False)
    started = time.monotonic()
    seen = 0

    files = list(discover(paths))

    def parse_all():
        for file, root in files:
            report.files += 1
            for event in _parse_file(file, root, format, publication, author, encoding, report):
                yield file, event

    if parallel is None:
        size = sum(file.stat().st_size for file, _root in files if file.is_file())
        parallel = size >= PARALLEL_FROM_BYTES and (os.cpu_count() or 1) > 1
    if parallel:
        events = pipeline.in_process(
            parse_all,
            lambda: (
                report.files,
                report.notes,
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            ),
        )
    else:
        events = pipeline.in_thread(parse_all())
    try:
        while True:
            try:
                file, event = next(events)
            except StopIteration as end:
                if end.value:  # the parser process's counts, notes and peak memory
                    report.files, child_notes, report.parser_peak_rss_kb = end.value
                    report.notes[:0] = child_notes
                break
            seen += 1
            if isinstance(event, ArticleRecord):
                writer.add(event)
            elif isinstance(event, Skipped):
                report.skipped[event.reason] += event.count
            elif isinstance(event, Failed):
                report.failures.append(event)
            elif isinstance(event, Note):
                report.notes.append(event)
                if event.kind:
                    report.counts[event.kind] += 1
            progress.update(seen, file.name)
        writer.flush()
    finally:
        if indexer:  # even when interrupted: index what was committed
            progress.update(seen, "indexing for search")
            indexer.finish()
    if indexer and indexer.error:
        report.failures.append(
            Failed(
                f"search indexing stopped ({db_reason(indexer.error)}); the pieces are "
                "imported, and the next import or manage.py search_rebuild indexes them",
                "search index",
            )
        )
    progress.finish()
    report.counts.update(writer.counts)
    report.counts["failed"] = len(report.failures) + len(writer.failures)
    report.failures += writer.failures
    report.seconds = time.monotonic() - started
    return report


def _parse_file(
    file: Path,
    root: Path | None,
    format: str,
    publication: str,
    author: str,
    encoding: str,
    report: ImportReport,
) -> Iterator[ArticleRecord | Skipped | Failed]:
    name = str(file)
    if root is None:
        yield Failed("refused: a symbolic link (a folder import reads only its own files)", name)
        return
    if not file.exists():
        yield Failed("no such file or folder", name)
        return
    kind = format if format != "auto" else _sniff(file)
    if kind is None:
        yield Skipped(f"not an importable file ({file.suffix or 'no extension'})", name)
        return
    try:
        if kind == "wxr":
            with file.open("rb") as handle:
                yield from parse_wxr(handle, file=name, publication=publication)
            return
        data = file.read_bytes()
    except OSError as exc:
        yield Failed(f"cannot read: {exc.strerror or exc}", name)
        return
    try:
        decoded = decode_with(data, encoding) if encoding else decode_text(data)
    except EncodingProblem as exc:
        yield Failed(f"encoding: {exc}", name)
        return
    if decoded.guessed or decoded.encoding not in ("utf-8",):
        how = "detected" if decoded.guessed else "from its byte-order mark"
        report.notes.append(Note(f"not UTF-8: read as {decoded.encoding} ({how})", name))
    if kind == "jsonl":
        yield from _parse_jsonl(decoded.text, name)
        return
    try:
        key = f"text:{file.relative_to(root).as_posix()}"
        yield parse_plaintext(
            decoded.text, key=key, origin=name, author=author, publication=publication
        )
    except PlainTextError as exc:
        yield Failed(str(exc), name)


def _parse_jsonl(text: str, name: str) -> Iterator[ArticleRecord | Failed]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield record_from_dict(json.loads(line), origin=f"{name}:{number}")
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            yield Failed(f"bad record: {exc}", name, number)


def _sniff(file: Path) -> str | None:
    kind = EXTENSIONS.get(file.suffix.lower())
    if kind:
        return kind
    try:
        with file.open("rb") as handle:
            head = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return "text"  # let the reader report why it cannot be read
    if head.startswith((b"<?xml", b"<rss")):
        return "wxr"
    return None


def summary_lines(report: ImportReport) -> list[str]:
    """The table the command prints: counts, then every skip reason and failure."""
    c = report.counts
    title = "Dry run: nothing was written." if report.dry_run else "Import finished."
    rate = report.items / report.seconds if report.seconds else 0
    lines = [
        f"{title} {report.files} file(s), {report.items} item(s) in {report.seconds:.1f}s "
        f"({rate:,.0f}/s)",
        "",
        f"  {'created':<10}{c['created']:>8}",
        f"  {'updated':<10}{c['updated']:>8}",
        f"  {'unchanged':<10}{c['unchanged']:>8}",
        f"  {'skipped':<10}{sum(report.skipped.values()):>8}",
        f"  {'failed':<10}{c['failed']:>8}",
    ]
    if c["comments created"] or c["comments updated"]:
        lines.append(
            f"  comments: {c['comments created']} created, {c['comments updated']} updated"
        )
    if c["duplicate guid"]:
        lines.append(
            f"  duplicate GUIDs: {c['duplicate guid']} post(s) share a GUID with an earlier "
            "post; each is kept as its own piece (see Notes)"
        )
    if report.skipped:
        lines += ["", "Skipped:"]
        lines += [f"  {n:>6}  {reason}" for reason, n in sorted(report.skipped.items())]
    if report.notes:
        lines += ["", "Notes:"]
        lines += [f"  {note.file}: {note.message}" for note in report.notes]
    if report.failures:
        lines += ["", "Failed:"]
        lines += [f"  {f.where}: {f.reason}" for f in report.failures]
    if c["created"] + c["updated"] == 0 and c["unchanged"] and not report.failures:
        lines += ["", "Nothing changed: everything was already imported and is unchanged."]
    return lines
