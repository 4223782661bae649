""" "Did you mean": words one or two edits away that the archive actually uses.

Only words the archive never uses are corrected. Candidates come from the word
lexicon (unstemmed words of published pieces, kept fresh by triggers) through its
pg_trgm index; Python then keeps those within the edit distance and prefers the
most common.
"""

from __future__ import annotations

from articles.search.ranking import Sql, _fetch

MIN_WORD = 3


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein (adjacent swaps count once), stopping early past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def _match_case(template: str, word: str) -> str:
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def suggest(text: str, words: list[str]) -> str | None:
    """The query with likely typos replaced, or None when nothing better is known."""
    lowered = sorted({w.lower() for w in words if len(w) >= MIN_WORD and w.isalpha()})
    if not lowered:
        return None
    rows = _fetch(
        Sql(
            """
            SELECT i.word, coalesce(own.ndoc, 0), cand.word, cand.ndoc
            FROM unnest(%s::text[]) AS i(word)
            LEFT JOIN articles_searchword own ON own.word = i.word AND own.ndoc > 0
            LEFT JOIN LATERAL (
                SELECT s.word, s.ndoc FROM articles_searchword s
                WHERE own.word IS NULL  -- only words the archive does not use
                  AND lower(s.word) %% i.word AND s.ndoc > 0 AND s.word <> i.word
                ORDER BY similarity(lower(s.word), i.word) DESC, s.ndoc DESC LIMIT 8
            ) AS cand ON TRUE
            """,
            (lowered,),
        )
    )
    best: dict[str, tuple[int, int, str]] = {}
    for word, _own_ndoc, candidate, ndoc in rows:
        if candidate is None:
            continue
        distance = edit_distance(word, candidate)
        if distance > allowed_edits(word):
            continue
        key = (-distance, ndoc, candidate)
        if word not in best or key > best[word]:
            best[word] = key
    if not best:
        return None

    def replace(token: str) -> str:
        core = token.strip('"-')
        lowered_core = core.lower()
        if lowered_core in best:
            return token.replace(core, _match_case(core, best[lowered_core][2]))
        return token

    suggestion = " ".join(replace(token) for token in text.split())
    return suggestion if suggestion != text else None
