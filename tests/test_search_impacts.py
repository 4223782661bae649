"""Impact lists: each common word's best pieces, kept in advance for large result sets.

The promise a list makes, and the search relies on: every published piece whose
impact for the word is above the list's floor is listed, whoever wrote it
(admin, importer, raw SQL). And a large set ranked from the lists shows the same
page as the exact ranking (the score computed for every match).
"""

import datetime as dt
import random

import pytest
from django.db import connection, transaction
from django.utils import timezone

from articles import search as pipeline
from articles.models import Article
from articles.search import impacts, index, ranking, scoring, tsquery
from articles.search.filters import Filters
from tests.factories import ArticleFactory, PublicationFactory

pytestmark = pytest.mark.django_db

FILLER = "Plain words about nothing in particular fill this line. "


@pytest.fixture(autouse=True)
def fresh_average():
    scoring.forget_averages()
    yield
    scoring.forget_averages()


def piece(title, body, days=1, **kw):
    return ArticleFactory(
        title=title,
        standfirst="A note.",
        body=body,
        published_at=timezone.now() - dt.timedelta(days=days),
        **kw,
    )


def all_impacts(term: str) -> dict[int, float]:
    """Every published piece's impact for `term`, computed from its vector now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d.article_id, archive_search_impact(u.weights, cardinality(u.positions),"
            " length(d.vector), f.avgdl, length(ts_filter(d.head, '{a}')), f.avgtl)"
            " FROM articles_searchdocument d, unnest(d.vector) u,"
            " articles_impactlist f WHERE f.term = u.lexeme AND u.lexeme = %s AND d.is_published",
            [term],
        )
        return dict(cursor.fetchall())


def listed(term: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id FROM articles_searchimpact WHERE term = %s", [term])
        return {row[0] for row in cursor.fetchall()}


def floor(term: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT floor FROM articles_impactlist WHERE term = %s", [term])
        return cursor.fetchone()[0]


def heronry(count=24, seed=7):
    """Pieces that mention herons (and some marshes) more or less, short and long."""
    rng = random.Random(seed)
    made = []
    for i in range(count):
        title = f"Heron notes {i}" if i % 5 == 0 else f"Field notes {i}"
        body = "heron " * rng.randint(1, 6) + FILLER * rng.randint(1, 8)
        if i % 3 == 0:
            body += " The marsh was quiet." * rng.randint(1, 3)
        made.append(piece(title, body, days=i + 1))
    return made


def test_the_database_scores_impacts_as_scoring_py_does():
    """The database's impact function and scoring.py's constants agree (a constant
    changed in one place only would rank candidates by another score)."""
    with connection.cursor() as cursor:
        cases = [("{C}", 1, 40, 50.0, 3, 4.0), ("{A,C}", 3, 90, 50.0, 9, 4.5)]
        for case in [*cases, ("{B}", 1, 10, 70.0, 2, 6.0), ("{A,B,C}", 12, 300, 80.5, 1, 5.0)]:
            cursor.execute("SELECT archive_search_impact(%s::text[], %s, %s, %s, %s, %s)", case)
            assert cursor.fetchone()[0] == pytest.approx(scoring.impact(*case))


def test_a_list_holds_every_piece_above_its_floor():
    heronry()
    written = impacts.rebuild(min_df=10, depth=6)  # heron: 24 pieces, marsh: 8

    scores = all_impacts("heron")
    assert written > 0 and len(scores) == 24
    above = {pk for pk, value in scores.items() if value > floor("heron")}
    assert listed("heron") == above
    # About `depth` pieces, and the best of them all.
    assert 3 <= len(above) <= 6
    assert max(scores, key=scores.get) in above
    # A word in fewer pieces than min_df has no list.
    assert not listed("marsh") and not all_impacts("marsh")


def test_writes_keep_the_lists_true():
    heronry()
    impacts.rebuild(min_df=5, depth=6)

    strong = piece("Heron, heron", "heron heron heron heron. A short one.")
    weak = piece("Notes", "heron " + FILLER * 12)
    assert strong.pk in listed("heron") and weak.pk not in listed("heron")

    strong.status = Article.Status.DRAFT
    strong.save()
    assert strong.pk not in listed("heron")
    strong.status = Article.Status.PUBLISHED
    strong.save()
    assert strong.pk in listed("heron")

    weak.title, weak.body = "Herons", "heron heron heron. Short."
    weak.save()
    assert weak.pk in listed("heron")
    weak.delete()
    assert weak.pk not in listed("heron")
    assert listed("heron") == {pk for pk, v in all_impacts("heron").items() if v > floor("heron")}


def test_the_bulk_writer_lists_its_pieces():
    heronry()
    impacts.rebuild(min_df=5, depth=6)
    with transaction.atomic():
        index.defer_triggers()
        imported = piece("Heron heron", "heron heron heron heron. Brief.")
        assert imported.pk not in listed("heron")  # the triggers stood aside
        index.refresh_documents([imported.pk])
    assert imported.pk in listed("heron")


@pytest.mark.parametrize(
    "query", ["heron", "heron marsh", "heron -marsh", "marsh heron quiet", "heron or marsh"]
)
def test_large_sets_ranked_from_the_lists_show_the_exact_ranking(monkeypatch, query):
    heronry(40)
    impacts.rebuild(min_df=5, depth=25)
    monkeypatch.setattr(ranking, "SMALL_SAMPLE", -1)  # every set counts as large
    read = []
    for name in ("candidates", "ranked"):  # several words; one word
        original = getattr(impacts, name)
        spy = lambda *a, original=original, **k: read.append(a) or original(*a, **k)  # noqa: E731
        monkeypatch.setattr(impacts, name, spy)
    monkeypatch.setattr(ranking, "candidates", None)  # the bucket reads are not needed

    fast = [a.pk for a in pipeline.search(query, per_page=5).articles]
    exact = [a.pk for a in pipeline.search(query, per_page=5, exhaustive=True).articles]

    assert read, "the candidates came from the impact lists"
    assert fast == exact


def test_a_filter_the_lists_barely_meet_still_fills_the_page(monkeypatch):
    """A publication with few of a word's best pieces: the page is not cut short."""
    heronry(40)
    rare = PublicationFactory()
    for i in range(7):
        piece(f"Weekly {i}", "heron " + FILLER * 10, days=50 + i, publication=rare)
    impacts.rebuild(min_df=5, depth=6)
    monkeypatch.setattr(ranking, "SMALL_SAMPLE", -1)

    filters = Filters(publication=rare.slug)
    fast = [a.pk for a in pipeline.search("heron", filters=filters, per_page=5).articles]
    exact = pipeline.search("heron", filters=filters, per_page=5, exhaustive=True).articles
    assert len(fast) == 5
    assert fast == [a.pk for a in exact]


@pytest.mark.parametrize("query", ['"heron notes"', "notes heron", "hero"])
def test_phrases_and_prefixes_over_listed_words_keep_the_exact_ranking(monkeypatch, query):
    """A phrase is read from the buckets (its pieces are a sliver of its words' lists);
    a last word read as a prefix takes its completions' lists too."""
    heronry(40)
    impacts.rebuild(min_df=5, depth=25)
    monkeypatch.setattr(ranking, "SMALL_SAMPLE", -1)

    fast = [a.pk for a in pipeline.search(query, per_page=5).articles]
    exact = [a.pk for a in pipeline.search(query, per_page=5, exhaustive=True).articles]
    assert fast and fast == exact


def test_a_set_the_sample_calls_large_is_read_whole_when_the_lexicon_says_it_is_small(
    monkeypatch,
):
    """No list for a word in few pieces: all of them are scored, not the newest few."""
    for i in range(12):
        piece(f"Essay {i}", "bittern " * (1 + i % 4) + FILLER * (1 + i % 5), days=i + 1)
    impacts.rebuild(min_df=50, depth=10)  # no word is common enough for a list
    monkeypatch.setattr(ranking, "SMALL_SAMPLE", -1)
    monkeypatch.setattr(ranking, "candidates", None)  # the bucket reads are not needed

    fast = [a.pk for a in pipeline.search("bittern", per_page=5).articles]
    exact = [a.pk for a in pipeline.search("bittern", per_page=5, exhaustive=True).articles]
    assert fast == exact


def test_a_rare_completion_of_the_last_word_in_a_title_is_found(monkeypatch):
    """`hero` reads heron's list, and a title with its rarer completion "heroism" too."""
    heronry(40)
    impacts.rebuild(min_df=5, depth=25)
    hero = piece("Heroism", "Heroism, heroism and heroism.", days=90)
    monkeypatch.setattr(ranking, "SMALL_SAMPLE", -1)
    monkeypatch.setattr(ranking, "candidates", None)

    fast = [a.pk for a in pipeline.search("hero", per_page=5).articles]
    exact = [a.pk for a in pipeline.search("hero", per_page=5, exhaustive=True).articles]
    assert hero.pk in exact and fast == exact


def test_every_page_of_one_word_follows_its_list_and_past_it_the_buckets(monkeypatch):
    """A one-word query's pages come from its list in score order; a page past the
    end of the list is still the exact ranking's (the bucket reads serve it)."""
    heronry(40)
    impacts.rebuild(min_df=5, depth=10)  # about ten of the 40 pieces are listed
    monkeypatch.setattr(ranking, "SMALL_SAMPLE", -1)
    exact = [a.pk for a in pipeline.search("heron", per_page=40, exhaustive=True).articles]

    for page in (1, 2, 4):
        shown = [a.pk for a in pipeline.search("heron", page=page, per_page=3).articles]
        assert shown == exact[(page - 1) * 3 : page * 3], page


def test_a_prefix_kept_as_a_prefix_is_not_read_from_one_list(monkeypatch):
    """Past tsquery.PREFIX_WORDS completions the last word stays `heron:*`; beside a
    typed word without a list, its titles are read: the page is the exact ranking's.
    (Beside a listed word they are not: that word's pieces outscore them.)"""
    heronry(40)
    for i in range(3):
        piece(f"Heronry {i}", "heronry " * 4, days=60 + i)
        piece(f"Heronsbill {i}", "heronsbill " * 4, days=70 + i)
    impacts.rebuild(min_df=5, depth=25)
    with connection.cursor() as cursor:  # heron without a list, its completions with one
        cursor.execute("DELETE FROM articles_impactlist WHERE term = 'heron'")
    monkeypatch.setattr(tsquery, "PREFIX_WORDS", 1)
    monkeypatch.setattr(ranking, "SMALL_SAMPLE", -1)

    fast = [a.title for a in pipeline.search("heron", per_page=20).articles]
    exact = [a.title for a in pipeline.search("heron", per_page=20, exhaustive=True).articles]
    assert any(title.startswith("Heronry") for title in exact)
    assert fast == exact


@pytest.fixture
def rebuild_running():
    """Another session holding the lock a rebuild holds for its whole run."""
    other = connection.get_new_connection(connection.get_connection_params())
    other.autocommit = True
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [impacts.BUILD_LOCK])
        yield
    finally:
        other.close()


def test_while_the_lists_are_rebuilt_searches_and_writes_go_on(rebuild_running, monkeypatch):
    """Neither waits for the rebuild: a search uses the buckets, a written piece is
    queued and listed when the rebuild ends."""
    heronry(40)
    with connection.cursor() as cursor:  # lists as an earlier build left them
        cursor.execute("INSERT INTO articles_impactlist VALUES ('heron', 0.5, 50, 4)")
    monkeypatch.setattr(ranking, "SMALL_SAMPLE", -1)
    read = []
    monkeypatch.setattr(impacts, "ranked", lambda *a, **k: read.append(a))

    found = pipeline.search("heron", per_page=5).articles
    written = piece("Heron, heron", "heron heron heron. Short.")

    assert len(found) == 5 and not read  # the buckets answered, not the list
    assert written.pk not in listed("heron")
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id FROM articles_impactbacklog")
        assert (written.pk,) in cursor.fetchall()


def test_the_backlog_is_listed_by_the_rebuild():
    heronry(40)
    queued = piece("Heron, heron", "heron heron heron. Short.")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO articles_impactbacklog VALUES (%s)", [queued.pk])
    impacts.rebuild(min_df=5, depth=6)
    assert queued.pk in listed("heron")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_impactbacklog")
        assert cursor.fetchone()[0] == 0


def test_a_write_replaces_entries_left_by_a_bulk_rebuild():
    """search_rebuild empties the documents; a piece written before its document is
    rebuilt must not trip over its old entries."""
    heronry(12)
    impacts.rebuild(min_df=5, depth=6)
    top = max(all_impacts("heron"), key=all_impacts("heron").get)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_searchdocument WHERE article_id = %s", [top])
        cursor.execute(
            "INSERT INTO articles_searchimpact VALUES (%s, 'heron', 99)", [top]
        )  # a stale entry, as a bulk rebuild in progress leaves them
    article = Article.objects.get(pk=top)
    article.title += ", again"
    article.save()
    assert top in listed("heron") and all_impacts("heron")[top] < 99


def test_a_piece_with_every_word_in_its_head_is_a_candidate(monkeypatch):
    """Neither word's list ranks it high (a long title, a long body), but its field
    bonuses add up: the pieces with every word in the head are read too."""
    for i in range(30):
        piece(f"Heron {i}", "heron heron heron. Short.", days=i + 1)
        piece(f"Marsh {i}", "marsh marsh marsh. Short.", days=i + 1)
    both = [
        piece(
            f"A long day {i} on the heron marsh, with many other words in its title",
            FILLER * 12 + " heron and marsh.",
            days=90 + i,
        )
        for i in range(2)
    ]
    for i in range(4):  # more pieces with both words, in their bodies only
        piece(f"Notes {i}", "heron marsh. " + FILLER * 40, days=100 + i)
    impacts.rebuild(min_df=5, depth=3)
    monkeypatch.setattr(ranking, "SMALL_SAMPLE", -1)
    # Too many pieces with both words to list them (the tier's shortcut).
    monkeypatch.setattr(ranking.capped_ids, "__defaults__", (2,))
    monkeypatch.setattr(ranking, "candidates", None)  # the lists must do

    fast = [a.pk for a in pipeline.search("heron marsh", per_page=1).articles]
    exact = [a.pk for a in pipeline.search("heron marsh", per_page=1, exhaustive=True).articles]
    assert exact[0] in {b.pk for b in both} and fast == exact


def test_the_system_check_says_when_the_lists_use_other_constants(monkeypatch):
    from django.core import checks

    assert not [w for w in checks.run_checks(databases=["default"]) if w.id == "articles.W001"]
    monkeypatch.setattr(scoring, "K1", scoring.K1 + 0.3)  # changed in code, not rebuilt
    warned = [w for w in checks.run_checks(databases=["default"]) if w.id == "articles.W001"]
    assert warned and "search_impacts" in warned[0].hint

    impacts.rebuild()  # re-creates the function from the code's constants
    assert not [w for w in checks.run_checks(databases=["default"]) if w.id == "articles.W001"]
