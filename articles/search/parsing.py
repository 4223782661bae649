"""What a reader typed, cleaned and split into search terms.

The syntax is the one people know from web search engines:
words, "exact phrases", -excluded words or -"phrases", and `or` between two
terms. The last word also matches as a prefix (it may still be being typed).
Nothing here is SQL: terms reach PostgreSQL only as bound parameters of
`archive_search_term()`, so no input can change a query's shape.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from articles.search.cjk import CJK_RUN

MAX_QUERY_CHARS = 200
# Words a query may hold, stop words not counted: they are no search terms (the
# index skips them) and cost nothing, while a one-line description has many.
MAX_TERMS = 12
# PostgreSQL's English stop words (tsearch_data/english.stop), for that count only.
STOP_WORDS = frozenset(
    (
        "i me my myself we our ours ourselves you your yours yourself yourselves he him his"
        " himself she her hers herself it its itself they them their theirs themselves what"
        " which who whom this that these those am is are was were be been being have has had"
        " having do does did doing a an the and but if or because as until while of at by for"
        " with about against between into through during before after above below to from up"
        " down in out on off over under again further then once here there when where why how"
        " all any both each few more most other some such no nor not only own same so than too"
        " very s t can will just don should now"
    ).split()
)
MIN_PREFIX_CHARS = 3

_TOKEN = re.compile(r'(-?)"([^"]*)("?)|(-?)([^\s"]+)')
_WORD_CHARS = re.compile(r"\w+")
# A name with dots (os.path.join, example.com) is one token to PostgreSQL's parser,
# indexed by its parts too, and stays one term. Any other punctuation inside what was
# typed separates words: `spawnlp(mode, file)`, `name/value`, `bytes-like` or
# `o'brien` are several words (pieces index a hyphenated word's parts too), not a
# phrase; the proximity bonus still rewards them side by side.
_UNIT = re.compile(r"\w+(?:\.\w+)*")
_PLAIN_WORD = re.compile(r"^[^\W_]+$")
# What PostgreSQL's text parser reads as an HTML tag, and skips (with the code
# between <script> or <style> and its closing tag), in queries as in pieces.
_TAG = re.compile(r"</?[A-Za-z][^<>\s]*(?:\s[^<>]*)?>")


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False
    prefix: bool = False

    def __str__(self) -> str:
        return f'"{self.text}"' if self.phrase else self.text


@dataclass(frozen=True)
class Clause:
    """A term, or alternatives joined by `or`: a piece matches if any of them matches."""

    terms: tuple[Term, ...]

    def __str__(self) -> str:
        return " or ".join(str(term) for term in self.terms)


@dataclass
class ParsedQuery:
    text: str  # cleaned, possibly shortened; what the search box shows again
    clauses: list[Clause] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    @property
    def words(self) -> list[str]:
        """Every positive word, in order (for suggestions and the phrase bonus)."""
        return [
            word
            for clause in self.clauses
            for term in clause.terms
            for word in _WORD_CHARS.findall(term.text)
        ]

    @property
    def markup(self) -> list[str]:
        """The HTML tags in the query, which the search index skips."""
        return list(dict.fromkeys(_TAG.findall(self.text)))

    @property
    def has_cjk(self) -> bool:
        return any(CJK_RUN.search(term.text) for clause in self.clauses for term in clause.terms)


def clean(raw: str) -> str:
    """Printable text on one line: control and format characters (NUL included)
    become spaces, compatibility forms (full-width letters) are folded."""
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"} else char
        for char in text
    )
    return " ".join(text.split())


def _meaningful(text: str) -> bool:
    return bool(_WORD_CHARS.search(text))


def parse(raw: str) -> ParsedQuery:
    text = clean(raw or "")
    truncated = len(text) > MAX_QUERY_CHARS
    if truncated:
        cut = text[:MAX_QUERY_CHARS]
        # Cut at a word boundary when there is one, so no word arrives half-typed.
        text = cut.rsplit(" ", 1)[0] if " " in cut[MAX_QUERY_CHARS // 2 :] else cut
    query = ParsedQuery(text=text, truncated=truncated)

    pending_or = False
    tokens = list(_TOKEN.finditer(text))
    for index, match in enumerate(tokens):
        if match.group(2) is not None or match.group(3):  # a quoted phrase
            negated, body, phrase = match.group(1) == "-", match.group(2).strip(), True
        else:
            negated, body, phrase = match.group(4) == "-", match.group(5), False
            if body.lower() == "or" and query.clauses and index + 1 < len(tokens):
                pending_or = True
                continue
            if body.lower() == "or":
                continue  # a dangling `or` is just a stop word
        if not _meaningful(body):
            continue  # operators only, punctuation, emoji: nothing to look for
        if sum(map(_counts, query.clauses)) + len(query.excluded) >= MAX_TERMS:
            query.truncated = True  # a word past the twelfth: only now is one dropped
            break
        units = [body]
        if not phrase and len(_WORD_CHARS.findall(body)) > 1:
            phrase = True  # the parts in order, when the token stays whole (below)
            if not negated and not pending_or and not _TAG.search(body):
                units = _UNIT.findall(body)
        if len(units) > 1:
            # Words run together by other punctuation: each its own clause (an
            # excluded or `or`-joined token stays one phrase, and markup is left to
            # PostgreSQL's parser, which skips tags as it does in pieces).
            query.clauses += [Clause(terms=(_word(unit),)) for unit in units]
        else:
            term = Term(text=body, phrase=phrase)
            if negated:
                query.excluded.append(term)
                pending_or = False
            elif pending_or and query.clauses:
                last = query.clauses.pop()
                query.clauses.append(Clause(terms=(*last.terms, term)))
                pending_or = False
            else:
                query.clauses.append(Clause(terms=(term,)))

    _mark_prefix(query, raw_ends_with_space=(raw or "").endswith(" "))
    return query


def _counts(clause: Clause) -> bool:
    """Does the clause count towards MAX_TERMS (has it a word that is no stop word)?"""
    return any(
        word.lower() not in STOP_WORDS
        for term in clause.terms
        for word in _WORD_CHARS.findall(term.text)
    )


def _word(unit: str) -> Term:
    return Term(text=unit, phrase=len(_WORD_CHARS.findall(unit)) > 1)


def _mark_prefix(query: ParsedQuery, *, raw_ends_with_space: bool) -> None:
    """The last word, unquoted and long enough, also matches as a prefix."""
    if not query.clauses or raw_ends_with_space:
        return
    last_clause = query.clauses[-1]
    last = last_clause.terms[-1]
    if (
        not last.phrase
        and _PLAIN_WORD.match(last.text)
        and not CJK_RUN.search(last.text)
        and len(last.text) >= MIN_PREFIX_CHARS
        and query.text.rstrip().endswith(last.text)
    ):
        query.clauses[-1] = Clause(
            terms=(*last_clause.terms[:-1], Term(text=last.text, prefix=True))
        )
