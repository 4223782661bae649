"""Search the archive: the whole pipeline behind /search/ (and the admin's search box).

search() reads as the pipeline: parse -> candidates -> score -> page (+ snippets) -> typos.

parsing.py      what the reader typed -> terms (phrases, exclusions, or, prefix)
tsquery.py      terms -> tsquery SQL (stemmed, CJK bigrams), always bound parameters
ranking.py      candidates: counts on the sample, the plan, the buckets read for large sets
impacts.py      impact lists: each common word's best pieces, kept by a trigger, read first
scoring.py      the score (BM25 with field weights and proximity): its SQL, in one place
facets.py       publication / author / topic / year counts for the current query
highlight.py    escaped snippets with <mark>, for the rows shown only
suggestions.py  "Did you mean" from the live word lexicon (typos.py's lookup)
typos.py        unknown words also match their nearest known word (Damerau edits)
deep.py         pages past the first: the ranking computed once, kept for the next
cjk.py          Chinese, Japanese and Korean text as character bigrams
index.py        bulk (re)building of the index and lexicons
schema.py       the index's SQL: functions, triggers, indexes the models cannot declare
models.py       the index's tables (kept fresh by triggers: schema.py)

Queries per results page are fixed: plan settings and terms, stats, facets, ids,
the page's articles (with headlines), their bylines; plus one for typo corrections
when a word is unknown, else one for "Did you mean" when few pieces match; minus
the ids on a later page whose ranking was kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.expressions import RawSQL

from articles.search import deep, highlight, ranking, scoring, suggestions, tsquery, typos
from articles.search import facets as facet_module
from articles.search.filters import Filters
from articles.search.parsing import MAX_QUERY_CHARS, ParsedQuery, parse
from articles.search.ranking import COUNT_CAP
from articles.sql import Sql

__all__ = ["Filters", "SearchResults", "parse", "search", "MAX_QUERY_CHARS", "COUNT_CAP"]

# Suggest other spellings when fewer than this many pieces match.
FEW_RESULTS = 3


@dataclass
class SearchResults:
    query: ParsedQuery
    filters: Filters
    sort: str
    page: int
    per_page: int
    mode: str = "empty"  # all | some (all first, then some words) | most | stopwords | empty
    articles: list = field(default_factory=list)
    total: int = 0
    total_exact: bool = True
    has_next: bool = False
    facets: dict = field(default_factory=dict)
    facets_approximate: bool = False
    suggestion: str | None = None
    # typos.py: {typed word: the known word whose matches are included}.
    corrections: dict[str, str] = field(default_factory=dict)
    queries: object = None

    @property
    def exact_spelling(self) -> str | None:
        """The query as typed, corrections off (its corrected words quoted)."""
        if not self.corrections:
            return None
        return typos.exact_spelling(self.query.text, {w.lower() for w in self.corrections})

    @property
    def num_pages(self) -> int | None:
        if not self.total_exact:
            return None
        return max((self.total + self.per_page - 1) // self.per_page, 1)

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1


def search(
    text: str,
    *,
    filters: Filters | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    exhaustive: bool = False,
) -> SearchResults:
    """Run a search. `exhaustive` ranks and counts every match (the naive plan,
    kept for the benchmark's baseline and its recall measurement)."""
    filters = filters or Filters()
    parsed = parse(text)
    results = SearchResults(query=parsed, filters=filters, sort=sort, page=page, per_page=per_page)
    if parsed.is_empty:
        return results

    # A transaction so the plan settings are local to this search (no savepoint:
    # inside a caller's transaction they simply last until it ends).
    with transaction.atomic(savepoint=False):
        plan = _candidates(results, parsed, filters, exhaustive)
        ids = _score(results, parsed, plan, exhaustive)
        results.articles = _page(results, parsed, ids) if ids else []
        results.suggestion = _typos(results, parsed, plan)
    return results


def _typos(results: SearchResults, parsed: ParsedQuery, plan: _Plan) -> str | None:
    """The last step: "Did you mean", when few pieces match and the typo lookup of the
    candidates step (which already looked for every unknown word's neighbours) did not
    run."""
    if plan.typos_looked_up:
        return None
    if results.total < FEW_RESULTS or results.mode == "most":
        return suggestions.suggest(parsed.text, parsed.words)
    return None


def _page(results, parsed, ids: list[int]) -> list:
    """The page's articles in rank order, with escaped, highlighted title and snippet."""
    from articles.models import Article, byline_prefetch

    queries = results.queries
    highlight_query = queries.stopwords if results.mode == "stopwords" else queries.positive_any
    title = highlight.headline_sql(
        "articles_article.title", highlight_query, highlight.TITLE_OPTIONS
    )
    snippet = highlight.headline_sql(
        highlight.SNIPPET_SOURCE, highlight_query, highlight.SNIPPET_OPTIONS
    )
    rows = (
        Article.objects.filter(pk__in=ids)
        .select_related("publication")
        # Bylines only: a result shows no topics (the facets count them in SQL).
        .prefetch_related(byline_prefetch())
        .annotate(
            title_marked=RawSQL(title.sql, title.params),
            snippet_marked=RawSQL(snippet.sql, snippet.params),
        )
    )
    by_id = {article.pk: article for article in rows}
    articles = []
    for article in (by_id[pk] for pk in ids if pk in by_id):
        article.title_html = highlight.to_html(article.title_marked)
        source = highlight.plain_text(article.body_html) or article.body or article.standfirst
        article.snippet_html = highlight.snippet_html(article.snippet_marked, source)
        # ts_headline marks a whole CJK run; a CJK-only query marks its own characters.
        cjk_only = not any(word.isascii() for word in parsed.words)
        if parsed.has_cjk and (cjk_only or highlight.START not in article.snippet_marked):
            found = highlight.cjk_snippet(source, parsed.text)
            article.snippet_html = found or article.snippet_html
        articles.append(article)
    return articles


@dataclass
class _Plan:
    """What the candidates step decided: the tsqueries, the sampled sizes, and the
    match set (`within`: its complete ids, when the sizing query listed them)."""

    queries: tsquery.Tsqueries
    stats: ranking.Stats
    filter_sql: Sql
    count: int
    small: bool
    within: Sql | None
    typos_looked_up: bool = False


def _candidates(results, parsed, filters, exhaustive) -> _Plan:
    """Terms resolved, the match set sized, the mode chosen; counts and facets."""
    # Each term's tsquery and document frequency, computed once, ride along with the
    # plan settings (and the average piece and title lengths when not known).
    terms = tsquery.terms(parsed)
    averages = scoring.averages_sql()
    values = ranking.plan_settings(
        [
            item
            for term in terms
            for item in (tsquery.resolve_sql(term), ranking.document_frequency_sql(term.text))
        ]
        + ([averages] if averages else [])
    )
    if averages:
        scoring.keep_averages(values[-1])
    resolved = {term: values[2 * i] for i, term in enumerate(terms)}
    dfs = {term: values[2 * i + 1] for i, term in enumerate(terms)}
    # Typos: one query, only when a positive word is unknown; its nearest known word
    # is matched too, scored below exact matches (scoring.py).
    positive = [t for c in parsed.clauses for t in c.terms]
    fixes = typos.for_terms(positive, resolved, dfs)
    corrected = {}
    for term, found in (fixes or {}).items():
        corrected[term] = found.tsquery
        dfs[term] = found.document_frequency
        results.corrections[term.text] = typos.match_case(term.text, found.word)
    queries = tsquery.build(parsed, resolved, corrected)
    results.queries = queries
    filter_sql = filters.sql()
    clause_dfs = [[dfs[term] for term in clause.terms] for clause in parsed.clauses]
    stats = ranking.stats(queries, clause_dfs, filter_sql)

    if stats.nodes == 0:
        mode = "stopwords"
        count, small = COUNT_CAP, True  # listed newest first, never scored
        match = Sql(f"d.head @@ {queries.stopwords.sql}", queries.stopwords.params)
        within = None
    elif stats.exact_all is not None and (stats.exact_any or stats.sample_any):
        # Few pieces hold every word (maybe none): those with some of them follow.
        mode = "most" if stats.exact_all == 0 else "some"
        match = Sql(f"d.vector @@ {queries.anything.sql}", queries.anything.params)
        if stats.exact_any is not None:
            count, small = stats.exact_any, True
        else:
            count, small = ranking.estimate(stats.sample_any), False
        within = ranking.known(stats.any_ids)
    else:
        mode = "all"
        match = Sql(f"d.vector @@ {queries.everything.sql}", queries.everything.params)
        small = stats.exact_all is not None
        count = stats.exact_all if small else stats.estimated_all
        within = ranking.known(stats.all_ids)
    results.mode = mode
    if exhaustive:
        within = None  # the naive plan reads its matches itself
    # A set the stats query already listed is not looked for again.
    match = within or match

    # Sets small enough to read whole (and the naive plan) get exact facets, and
    # the facet query's total is their exact count; large ones are sampled.
    sampled = not (small or exhaustive)
    fine = mode == "all" and stats.sample_all > ranking.FINE_SAMPLE_ABOVE
    # A set the sample called small but the capped list found over COUNT_CAP is
    # counted exactly, its facets on the sample.
    over_cap = small and not exhaustive and count > COUNT_CAP
    facet_rows, facet_total = facet_module.facet_counts(
        match, filter_sql, sampled=sampled, fine=fine, sampled_facets=over_cap
    )
    # The fine sample counts facets; the 1-in-64 one estimates the total better.
    results.total = stats.estimated_all if fine else facet_total
    if sampled:
        results.total_exact = False
    results.facets_approximate = sampled or over_cap
    results.facets = _facets(facet_rows, filters)
    return _Plan(queries, stats, filter_sql, count, small, within, fixes is not None)


def _score(results, parsed, plan: _Plan, exhaustive) -> list[int]:
    """The page's ids, best first: scored candidates (a later page from the kept ranking)."""
    filters, sort, page, per_page = results.filters, results.sort, results.page, results.per_page

    def ranked(offset: int, limit: int) -> list[int]:
        return ranking.ranked_ids(
            plan.queries,
            plan.stats,
            plan.filter_sql,
            offset=offset,
            limit=limit,
            mode=results.mode,
            sort=sort,
            exhaustive=exhaustive,
            match_count=plan.count,
            small=plan.small,
            filtered=filters.active,
            within=plan.within,
        )

    offset = (page - 1) * per_page
    if page == 1 or exhaustive:
        ids = ranked(offset, per_page + 1)
    else:
        kept_key = deep.key(parsed.text, filters, sort, per_page)
        ids = deep.kept(kept_key, offset, per_page + 1)
        if ids is None:
            depth = deep.block_depth(page, per_page)
            ranking_ids = ranked(0, depth)
            deep.keep(kept_key, ranking_ids, depth)
            ids = ranking_ids[offset : offset + per_page + 1]
    results.has_next = len(ids) > per_page
    return ids[:per_page]


def _facets(rows: dict, filters: Filters) -> dict[str, list[facet_module.FacetValue]]:
    selected = {
        "publication": filters.publication,
        "author": filters.author,
        "topic": filters.topic,
        "year": str(filters.year) if filters.year else None,
    }
    return {
        kind: [
            facet_module.FacetValue(kind, value, label, count, selected=value == selected[kind])
            for value, label, count in rows[kind]
        ]
        for kind in facet_module.KINDS
    }
