"""A parsed query as SQL tsquery expressions (fragments with bound parameters).

Every term becomes `archive_search_term(%s)`: PostgreSQL stems it (English) and
rewrites its CJK runs into bigrams, the same functions the index was built with.
The fragments are inlined, not passed through a CTE, so the planner sees
constant tsqueries and can estimate how common each word is.

A search resolves its terms once (`resolve_sql`, in the search's first query)
and then sends each as a `tsquery` constant: archive_search_term() is a SQL
function PostgreSQL cannot inline, so every occurrence of it in a statement was
parsed, planned and run again while planning (a search's queries name each term
dozens of times: 5 to 20 ms of planning per search, whatever the archive's size).
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.search import cjk
from articles.search.parsing import Clause, ParsedQuery, Term
from articles.sql import Sql, compose, join


def term_sql(term: Term) -> Sql:
    """The term's tsquery, computed by PostgreSQL."""
    if term.prefix:
        # Stems of the typed word, or any indexed word starting with it
        # (to_tsquery stems the prefix too: "diplom" finds "diplomaci").
        return Sql(
            "(archive_search_term(%s) || to_tsquery('english', %s))",
            (term.text, f"'{term.text}':*"),
        )
    return Sql("archive_search_term(%s)", (term.text,))


Resolved = dict[Term, str]


def terms(parsed: ParsedQuery) -> list[Term]:
    """Every distinct term of the query, positive and excluded."""
    return list(dict.fromkeys([*(t for c in parsed.clauses for t in c.terms), *parsed.excluded]))


# A prefix with at most this many completions in the lexicon is sent as those words.
PREFIX_WORDS = 64
# A lexicon term as a quoted tsquery lexeme (quotes doubled, backslashes escaped).
_QUOTED_TERM = r"'''' || replace(replace(w.term, '\', '\\'), '''', '''''') || ''''"


def resolve_sql(term: Term) -> Sql:
    """A select-list item giving the term's tsquery as text (see the docstring).

    A prefix (the last word, maybe still being typed) becomes the words of the
    lexicon that start with it, when there are few: GIN answers a prefix by
    gathering every matching entry's pieces into one bitmap before intersecting,
    so `rinpalmon & vote:*` read all 169,245 pieces with "vote" (93 ms at a
    million pieces) where `rinpalmon & vote` skips through them (11 ms). Past
    PREFIX_WORDS completions the prefix itself is kept."""
    if cjk.single_character(term.text):  # cjk.py: a lone character, inside bigrams
        return Sql(*cjk.single_character_sql(term.text))
    query = term_sql(term)
    if not term.prefix:
        return Sql(f"({query.sql})::text", query.params)
    return Sql(
        f"(SELECT (archive_search_term(%s) || CASE WHEN count(*) > {PREFIX_WORDS}"
        " THEN to_tsquery('english', %s)"
        f" ELSE coalesce(string_agg({_QUOTED_TERM}, ' | ')::tsquery, ''::tsquery) END)::text"
        " FROM (SELECT t.term FROM articles_searchterm t"
        " WHERE t.term LIKE (tsvector_to_array(to_tsvector('english', %s)))[1] || '%%'"
        f" AND t.ndoc > 0 LIMIT {PREFIX_WORDS + 1}) AS w)",
        (term.text, f"'{term.text}':*", term.text),
    )


def term(term: Term, resolved: Resolved | None = None, corrected: Resolved | None = None) -> Sql:
    if corrected and term in corrected:
        # typos.py: an unknown word also matches its nearest known word.
        return Sql("(%s::tsquery || %s::tsquery)", (resolved[term], corrected[term]))
    if resolved is not None and term in resolved:
        return Sql("%s::tsquery", (resolved[term],))
    return term_sql(term)


def clause(
    clause: Clause, resolved: Resolved | None = None, corrected: Resolved | None = None
) -> Sql:
    return join([term(t, resolved, corrected) for t in clause.terms], "||")


def weighted(query: Sql, weights: str) -> Sql:
    return Sql(f"archive_tsquery_weight({query.sql}, '{weights}')", query.params)


@dataclass(frozen=True)
class Tsqueries:
    """The tsqueries one search needs."""

    clauses: list[Sql]  # one per positive clause
    positive_all: Sql  # every clause
    positive_any: Sql  # at least one clause
    everything: Sql  # every clause, none of the excluded
    anything: Sql  # at least one clause, none of the excluded
    excluded: Sql | None
    stopwords: Sql  # the words as typed (simple config), for stop-word-only queries
    # The forms the candidates and the score ask for, built here once so that no
    # later step comes back to this module:
    title_all: Sql  # every clause in the title (weight A)
    loose_everything: Sql  # `everything` with phrases loosened to AND
    loose_positive_all: Sql  # `positive_all` likewise
    without_each: list[Sql]  # per clause: every other clause, none of the excluded
    clauses_in_title: list[Sql]  # per clause: in the title (A)
    clauses_in_head: list[Sql]  # per clause: in the standfirst or bylines (B)
    # typos.py: per clause, the clause as typed when a word of it was corrected
    # (None otherwise); None when nothing was. Ranking puts exact matches first.
    exact_clauses: list[Sql | None] | None = None


def build(
    parsed: ParsedQuery, resolved: Resolved | None = None, corrected: Resolved | None = None
) -> Tsqueries:
    clauses = [clause(c, resolved, corrected) for c in parsed.clauses]
    exact_clauses = None
    if corrected:
        exact_clauses = [
            clause(c, resolved) if any(t in corrected for t in c.terms) else None
            for c in parsed.clauses
        ]
    positive_all = join(clauses, "&&")
    positive_any = join(clauses, "||")
    excluded = join([term(t, resolved) for t in parsed.excluded], "||") if parsed.excluded else None

    def minus_excluded(query: Sql) -> Sql:
        if excluded is None:
            return query
        return compose("({query} && !!{excluded})", query=query, excluded=excluded)

    words = parsed.words
    stopwords = Sql(
        "archive_tsquery_weight(phraseto_tsquery('simple', %s), 'A')", (" ".join(words),)
    )
    everything = minus_excluded(positive_all)
    return Tsqueries(
        clauses=clauses,
        positive_all=positive_all,
        positive_any=positive_any,
        everything=everything,
        anything=minus_excluded(positive_any),
        excluded=excluded,
        stopwords=stopwords,
        title_all=weighted(positive_all, "A"),
        loose_everything=loosened(everything),
        loose_positive_all=loosened(positive_all),
        without_each=[
            minus_excluded(join([c for j, c in enumerate(clauses) if j != i], "&&"))
            for i in range(len(clauses))
        ],
        clauses_in_title=[weighted(c, "A") for c in clauses],
        clauses_in_head=[weighted(c, "B") for c in clauses],
        exact_clauses=exact_clauses,
    )


def loosened(query: Sql) -> Sql:
    """The query with its phrases loosened to AND: what the GIN index answers without
    reading any piece's word positions."""
    return Sql(
        f"regexp_replace(({query.sql})::text, '<(-|[0-9]+)>', '&', 'g')::tsquery", query.params
    )
