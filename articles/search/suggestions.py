""" "Did you mean": the query with its unknown words replaced by near words the
live archive uses (typos.py finds them).

Asked when few pieces match and no typo was corrected already (a correction's
matches are included in the results, with their own note).
"""

from __future__ import annotations

from articles.search import typos


def suggest(text: str, words: list[str]) -> str | None:
    """The query with likely typos replaced, or None when nothing better is known."""
    best = typos.lookup(words, searched=False)
    if not best:
        return None

    def replace(token: str) -> str:
        core = token.strip('"-')
        found = best.get(core.lower())
        return token.replace(core, typos.match_case(core, found.word)) if found else token

    suggestion = " ".join(replace(token) for token in text.split())
    return suggestion if suggestion != text else None
