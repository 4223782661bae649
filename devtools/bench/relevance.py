"""Known-item relevance: does the search put the piece a reader means first?

A set is a folder with `pieces/*.txt` (the plain-text import format, the title on
the first line after the front matter) and `queries.tsv` (title<TAB>query): each
query is a one-line description of exactly one piece. Scores are the usual ones
for known-item search: MRR@10 (1/rank of the wanted piece, 0 past ten),
success@1, success@10, and the share of queries with no result at all.

The baseline is SQLite's FTS5 (in Python's sqlite3) on the same pieces in the
same run: stock `bm25()` over an OR of the query's words, the title weighted 10.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

TOP = 10
FTS5_TITLE_WEIGHT = 10.0


@dataclass(frozen=True)
class KnownItem:
    title: str
    query: str


@dataclass
class Scores:
    ranks: list[int | None] = field(default_factory=list)  # None: not in the first TOP
    zero: int = 0  # queries that found nothing at all

    def add(self, rank: int | None, *, found_any: bool) -> None:
        self.ranks.append(rank)
        self.zero += not found_any

    def extend(self, other: Scores) -> None:
        self.ranks += other.ranks
        self.zero += other.zero

    @property
    def n(self) -> int:
        return len(self.ranks)

    def _share(self, hits: int) -> float:
        return hits / self.n if self.n else 0.0

    @property
    def mrr(self) -> float:
        return self._share(sum(1 / r for r in self.ranks if r is not None and r <= TOP))

    @property
    def success_at_1(self) -> float:
        return self._share(sum(r == 1 for r in self.ranks))

    @property
    def success_at_10(self) -> float:
        return self._share(sum(r is not None and r <= TOP for r in self.ranks))

    @property
    def zero_hits(self) -> float:
        return self._share(self.zero)


def load(folder: Path) -> list[KnownItem]:
    items = []
    for line in (folder / "queries.tsv").read_text().splitlines():
        if "\t" in line:
            title, query = line.split("\t", 1)
            items.append(KnownItem(title.strip(), query.strip()))
    return items


def read_piece(path: Path) -> tuple[str, str]:
    """(title, the rest) of a plain-text piece, front matter skipped."""
    text = path.read_text(errors="replace")
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        text = text[end + 5 :] if end >= 0 else text
    lines = text.strip().split("\n", 1)
    return lines[0].strip().lstrip("#").strip(), lines[1] if len(lines) > 1 else ""


def fts5_scores(folder: Path, items: list[KnownItem]) -> Scores:
    """The baseline: FTS5 bm25 (title x FTS5_TITLE_WEIGHT), an OR of the query's words."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE piece USING fts5(title, body)")
    db.executemany(
        "INSERT INTO piece (title, body) VALUES (?, ?)",
        (read_piece(path) for path in sorted((folder / "pieces").glob("*.txt"))),
    )
    scores = Scores()
    for item in items:
        words = re.findall(r"\w+", item.query)
        if not words:
            scores.add(None, found_any=False)
            continue
        match = " OR ".join('"' + word.replace('"', '""') + '"' for word in words)
        titles = [
            row[0]
            for row in db.execute(
                "SELECT title FROM piece WHERE piece MATCH ?"
                f" ORDER BY bm25(piece, {FTS5_TITLE_WEIGHT}, 1.0) LIMIT {TOP}",
                (match,),
            )
        ]
        scores.add(rank_of(item.title, titles), found_any=bool(titles))
    return scores


def rank_of(title: str, titles: list[str]) -> int | None:
    return titles.index(title) + 1 if title in titles else None


def line(prefix: str, scores: Scores, baseline: Scores) -> str:
    return (
        f"{prefix} n={scores.n} mrr_at_10={scores.mrr:.3f} success_at_1={scores.success_at_1:.3f}"
        f" success_at_10={scores.success_at_10:.3f} zero_hits={scores.zero_hits:.3f}"
        f" fts5_mrr_at_10={baseline.mrr:.3f}"
    )
