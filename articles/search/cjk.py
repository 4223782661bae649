"""Chinese, Japanese and Korean text.

PostgreSQL's parser reads a run of CJK characters (no spaces between words) as a
single token, so "人民" would never find "中华人民共和国". The index therefore
stores every run as overlapping character bigrams (SQL `archive_cjk_bigrams`,
schema.py) and queries are rewritten the same way, as a phrase of bigrams.
This module is the Python side: the same character classes, for snippets.
"""

from __future__ import annotations

import re

# Hiragana, Katakana, CJK ideographs (+ extension A, compatibility), Hangul.
# The same ranges as the SQL function archive_cjk_bigrams.
CJK_CLASS = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
)
CJK_RUN = re.compile(f"[{CJK_CLASS}]+")


def bigrams(text: str) -> list[str]:
    """Overlapping bigrams of each CJK run (a single character stays itself)."""
    grams: list[str] = []
    for run in CJK_RUN.findall(text):
        grams.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
    return grams


def runs(text: str) -> list[str]:
    return CJK_RUN.findall(text)


def passage(text: str, needles: list[str], *, width: int = 120) -> tuple[str, list[str]] | None:
    """The stretch of `text` around the first needle found, or None."""
    positions = [(text.find(needle), needle) for needle in needles if needle]
    found = sorted((pos, needle) for pos, needle in positions if pos >= 0)
    if not found:
        return None
    start = max(found[0][0] - width // 2, 0)
    return text[start : start + width], [needle for _, needle in found]


# A lone character is in the index only inside bigrams: those starting with it
# (a prefix match) and those ending with it, read from the lexicon through a
# small partial index (schema.CJK_LAST_INDEX). A very common character ends more
# bigrams than a query should name; the commonest of them are kept.
LAST_OF_BIGRAMS = 200


def single_character(text: str) -> bool:
    return len(text) == 1 and bool(CJK_RUN.fullmatch(text))


def single_character_sql(character: str) -> tuple[str, tuple]:
    """A select-list item: the tsquery (as text) of every indexed form holding it."""
    return (
        "(SELECT (archive_search_term(%s) || to_tsquery('simple', %s)"
        " || coalesce(string_agg(quote_literal(w.term), ' | ')::tsquery, ''::tsquery))::text"
        " FROM (SELECT t.term FROM articles_searchterm t"
        " WHERE length(t.term) = 2 AND right(t.term, 1) = %s AND t.ndoc > 0"
        f" ORDER BY t.ndoc DESC LIMIT {LAST_OF_BIGRAMS}) AS w)",
        (character, f"'{character}':*", character),
    )
