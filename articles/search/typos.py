"""Typo tolerance: words the archive does not know, matched to near words it does.

The rules are the ones instant-search engines use. A typed word of 5 to 8
letters may be one edit away from the word meant, one of 9 or more two; shorter
words are never corrected (too many real words are one edit apart). An edit is
a letter inserted, deleted or replaced, two adjacent letters swapped
(Damerau), or a letter doubled or undoubled wherever it is (`tarrif` is one
edit from `tariff`). Among the words within reach the nearest wins, then the
most common.

Candidates come from a deletion table (symmetric deletion, as SymSpell does;
schema.py): every lexicon word is filed under the strings one deletion
away from it and from its spelling with doubled letters undoubled. A typed
word's own deletion keys meet a word one edit away at a common key, so one
indexed read of a few dozen keys finds every candidate, which Python then
measures exactly. For 9 letters and more the typed word's two-deletion keys are
read too: that reaches two edits when at least one of them is a letter too
many in the typed word (two letters replaced, or two missing, are not reached;
see docs/search-typos.md).

Only live pieces count: the word lexicon also counts scheduled pieces (the
search document calls them published), so each candidate's count has the
scheduled pieces holding it taken off, at read time, from the few scheduled
rows of the date index. A piece going live therefore adds its words the moment
its date passes, with nothing to run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection

MIN_LETTERS = 5
TWO_EDITS_FROM = 9
_DOUBLED = re.compile(r"(.)\1+")
_LETTERS = re.compile(r"^[^\W\d_]+$")


def allowed_edits(word: str) -> int:
    if len(word) < MIN_LETTERS:
        return 0
    return 1 if len(word) < TWO_EDITS_FROM else 2


def undoubled(word: str) -> str:
    return _DOUBLED.sub(r"\1", word)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def keys(word: str) -> set[str]:
    """The keys a lexicon word is filed under (the SQL archive_typo_keys)."""
    forms = {word, undoubled(word)}
    found = set(forms)
    if len(word) >= MIN_LETTERS:
        for form in forms:
            found |= _deletions(form)
    return found


def typed_keys(word: str) -> set[str]:
    """The keys looked up for a typed word."""
    found = keys(word)
    if allowed_edits(word) >= 2:
        for form in {word, undoubled(word)}:
            for once in _deletions(form):
                found |= _deletions(once)
    return found


def damerau(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), stopping past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def distance(typed: str, word: str) -> int:
    """Edits from `typed` to `word`, a doubled or undoubled letter counting as one
    (all the doubling differences together: typists move doubling around)."""
    if typed == word:
        return 0
    plain = damerau(typed, word)
    a, b = undoubled(typed), undoubled(word)
    if a == typed and b == word:
        return plain
    return min(plain, 1 + damerau(a, b))


def correctable(word: str) -> bool:
    return allowed_edits(word) > 0 and bool(_LETTERS.match(word))


@dataclass(frozen=True)
class Correction:
    typed: str
    word: str
    edits: int
    pieces: int  # live pieces holding the word
    tsquery: str  # the word as the index is searched (text of a tsquery)
    document_frequency: int  # pieces with its rarest stemmed lexeme (for IDF)


LOOKUP_SQL = """
WITH q AS (SELECT * FROM unnest(%s::text[], %s::text[]) AS q(typed, key)),
found AS MATERIALIZED (
  SELECT DISTINCT q.typed, t.word FROM q JOIN articles_searchtypo t ON t.key = q.key
),
-- Scheduled pieces are in the lexicon's counts but must not be suggested.
scheduled AS MATERIALIZED (
  SELECT w.word, count(*) AS n
  FROM articles_searchdocument d CROSS JOIN unnest(tsvector_to_array(d.words)) AS w(word)
  WHERE d.is_published AND d.published_at > now()
    AND w.word IN (SELECT word FROM found)
  GROUP BY w.word
)
SELECT f.typed, f.word, s.ndoc - coalesce(sc.n, 0), {searched}
FROM found f
JOIN articles_searchword s ON s.word = f.word
LEFT JOIN scheduled sc ON sc.word = f.word
WHERE s.ndoc - coalesce(sc.n, 0) > 0
"""


# Each candidate as the index is searched, and its document frequency: for the
# pipeline, which ORs the correction into the query (not for "Did you mean").
SEARCHED_SQL = """archive_search_term(f.word)::text,
       (SELECT coalesce(min(coalesce(t.ndoc, 0)), 0)
          FROM unnest(archive_search_lexemes(f.word)) AS l
          LEFT JOIN articles_searchterm t ON t.term = l AND t.ndoc > 0)"""


def lookup(words: list[str], *, searched: bool = True) -> dict[str, Correction]:
    """The best correction of each unknown word (one query). A word the live
    archive uses is left alone, and so is one with nothing near it. `searched`:
    with each correction's tsquery and document frequency."""
    typed = sorted({w.lower() for w in words if correctable(w.lower())})
    if not typed:
        return {}
    pairs = [(word, key) for word in typed for key in sorted(typed_keys(word))]
    with connection.cursor() as cursor:
        cursor.execute(
            LOOKUP_SQL.format(searched=SEARCHED_SQL if searched else "'', 0"),
            ([w for w, _ in pairs], [k for _, k in pairs]),
        )
        rows = cursor.fetchall()
    known = {word for word, candidate, *_ in rows if word == candidate}
    best: dict[str, Correction] = {}
    for word, candidate, pieces, tsquery, df in rows:
        if word in known or candidate == word:
            continue
        edits = distance(word, candidate)
        if edits > allowed_edits(word):
            continue
        found = Correction(word, candidate, edits, pieces, tsquery, df)
        current = best.get(word)
        if current is None or (edits, -pieces, candidate) < (
            current.edits,
            -current.pieces,
            current.word,
        ):
            best[word] = found
    return best


def corrections(words: list[str]) -> dict[str, str]:
    """{typed: corrected} for the words the live archive does not use."""
    return {typed: found.word for typed, found in lookup(words).items()}


def match_case(template: str, word: str) -> str:
    """`word` written the way `template` was typed (Kisinger -> Kissinger)."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# --- The pipeline's hook: terms in, corrected alternatives out -----------------


def _unknown(term, resolved: dict, dfs: dict) -> bool:
    """A plain word in no live piece's index, still unknown as a prefix."""
    if term.phrase or dfs.get(term) != 0 or not correctable(term.text.lower()):
        return False
    text = resolved.get(term) or ""
    # A prefix with completions in the lexicon is a word still being typed.
    return not (term.prefix and ("|" in text or ":*" in text))


def for_terms(terms, resolved: dict, dfs: dict) -> dict | None:
    """{term: Correction} for the query's unknown words; None when no word was
    unknown (and no query was made)."""
    unknown = [term for term in terms if _unknown(term, resolved, dfs)]
    if not unknown:
        return None
    found = lookup([term.text for term in unknown])
    return {
        term: found[term.text.lower()]
        for term in unknown
        if term.text.lower() in found and found[term.text.lower()].tsquery
    }


def exact_spelling(text: str, typed: set[str]) -> str:
    """The query with the corrected words quoted: quoted words are never corrected."""

    def quote(token: str) -> str:
        return f'"{token}"' if token.lower() in typed else token

    return " ".join(quote(token) for token in text.split())
