"""Search as a reader uses it: /search/?q=... on crafted articles."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import search as pipeline
from articles.models import Article, SearchWord
from articles.search import ranking
from articles.sql import Sql
from tests.factories import ArticleFactory, AuthorFactory, PublicationFactory, TopicFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("articles:search")


def days_ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def piece(title="A quiet essay", standfirst="On nothing much.", body="Plain words only.", **kw):
    return ArticleFactory(title=title, standfirst=standfirst, body=body, **kw)


def search(client, q="", **params):
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def titles(html: str) -> list[str]:
    found = re.findall(r'<h3 class="card__title"><a href="[^"]*">(.*?)</a></h3>', html, re.S)
    return [re.sub(r"</?mark>", "", title) for title in found]


def summary(html: str) -> str:
    match = re.search(r'<h2 id="results-heading"[^>]*>(.*?)<span', html, re.S)
    return " ".join(match.group(1).split()) if match else ""


def sampled(**fields) -> ranking.Stats:
    """Sampled statistics of a query at a million pieces, for the plan choices."""
    defaults = {
        "nodes": 1,
        "sample_all": 3000,
        "sample_loose": None,
        "sample_title": 0,
        "sample_title_words": 0,
        "sample_head": 200,
        "sample_anyhead": 200,
        "all_ids": None,
        "sample_any": None,
        "any_ids": None,
        "idf": [1.0],
        "total_docs": 1_000_000,
    }
    return ranking.Stats(**{**defaults, **fields})


# --- Ranking ----------------------------------------------------------------


def test_title_beats_standfirst_beats_body(client):
    same_day = days_ago(3)
    piece(title="Notes from the coast", body="The lighthouse keeper left.", published_at=same_day)
    piece(title="Harbour lights", standfirst="A lighthouse story.", published_at=same_day)
    piece(title="The lighthouse at the end of the pier", published_at=same_day)

    assert titles(search(client, "lighthouse")) == [
        "The lighthouse at the end of the pier",
        "Harbour lights",
        "Notes from the coast",
    ]


def test_ties_go_to_the_newer_piece(client):
    piece(title="Older tide tables", body="The estuary floods twice.", published_at=days_ago(30))
    piece(title="Newer tide tables", body="The estuary floods twice.", published_at=days_ago(2))

    assert titles(search(client, "estuary")) == ["Newer tide tables", "Older tide tables"]


def test_a_phrase_beats_the_same_words_scattered(client):
    piece(
        title="Scattered",
        body="The archive was tidal in mood; its grain stores were full.",
        published_at=days_ago(1),
    )
    piece(
        title="Together",
        body="Nobody had mapped the tidal archive until last year.",
        published_at=days_ago(20),
    )

    assert titles(search(client, "tidal archive")) == ["Together", "Scattered"]


def test_rarer_words_count_more(client):
    for i in range(6):
        piece(title=f"Harbour report {i}", body="The harbour was busy.", published_at=days_ago(50))
    piece(title="Quayside diary", body="A harbour note about the zephyrine cargo.")
    # The rare word in the title outranks the common word in the title.
    piece(title="Zephyrine at dawn", body="Seen from the harbour.", published_at=days_ago(40))
    piece(title="Harbour at dawn", body="The zephyrine was seen.", published_at=days_ago(1))

    assert titles(search(client, "harbour zephyrine"))[:3] == [
        "Zephyrine at dawn",
        "Harbour at dawn",
        "Quayside diary",
    ]


def test_words_never_together_still_find_the_best_partial_matches(client):
    piece(title="Trust between rival powers", body="Leaders learn slowly.")
    piece(title="Rival bakeries", body="Bread and nothing else.")
    piece(title="Unrelated gardening", body="Roses need pruning.")

    html = search(client, "how do leaders build trust between rival powers in gardens")

    assert titles(html)[0] == "Trust between rival powers"  # five of the words
    assert set(titles(html)[1:]) == {"Rival bakeries", "Unrelated gardening"}  # one each
    assert "these match most of them" in html


def test_sort_by_newest(client):
    piece(title="Old canal essay", body="canal", published_at=days_ago(100))
    piece(title="The canal in the title", body="canal", published_at=days_ago(50))
    piece(title="Fresh canal essay", body="canal", published_at=days_ago(1))

    html = search(client, "canal", sort="newest")

    assert titles(html) == ["Fresh canal essay", "The canal in the title", "Old canal essay"]
    assert "newest first</strong>" in html


# --- Query language ------------------------------------------------------------


def test_exact_phrase_and_exclusion(client):
    piece(title="Grain", body="The cold war ended in a ledger.")
    piece(title="Weather", body="A cold winter and a war of nerves.")
    piece(title="Ledgerless", body="The cold war ended with a speech.")

    assert sorted(titles(search(client, '"cold war"'))) == ["Grain", "Ledgerless"]
    assert titles(search(client, '"cold war" -ledger')) == ["Ledgerless"]
    assert titles(search(client, 'cold -"cold war"')) == ["Weather"]


def test_or_between_words(client):
    piece(title="Ferries", body="Boats and timetables.")
    piece(title="Trams", body="Rails and timetables.")
    piece(title="Bicycles", body="Pedals only.")

    assert sorted(titles(search(client, "ferries or trams"))) == ["Ferries", "Trams"]
    assert titles(search(client, "or ferries")) == ["Ferries"]  # nothing before: a stop word
    # `or` joins the two words either side of it, no more.
    for query, clauses in [
        ("ferries or trams", ["ferries or trams"]),
        ("ferries or trams boats", ["ferries or trams", "boats"]),
        ("ferries -trams boats", ["ferries", "boats"]),
    ]:
        assert [str(c) for c in pipeline.parse(query).clauses] == clauses
    # The last word of an `or` is a prefix too.
    piece(title="Diplomacy", body="Envoys.")
    assert sorted(titles(search(client, "pedals or dipl"))) == ["Bicycles", "Diplomacy"]


def test_the_last_word_matches_as_a_prefix(client):
    piece(title="The slow art of diplomacy", body="Patience.")
    piece(title="Diplomats on bicycles", body="Pedals.")

    assert sorted(titles(search(client, "diplom"))) == [
        "Diplomats on bicycles",
        "The slow art of diplomacy",
    ]
    assert [
        term.prefix for clause in pipeline.parse("slow diplom").clauses for term in clause.terms
    ] == [False, True]


def test_punctuation_and_emoji_between_words_are_skipped(client):
    piece(title="Harbour dues", body="Quays.")

    assert titles(search(client, "& \U0001f642 -- harbour")) == ["Harbour dues"]


def test_a_dotted_name_among_punctuated_words_stays_one_phrase():
    clauses = pipeline.parse("os.path(name) x").clauses

    assert [str(clause) for clause in clauses] == ['"os.path"', "name", "x"]


def test_a_prefix_needs_three_letters(client):
    piece(title="Harbour dues", body="Quays.")
    piece(title="Ha", body="A word of two letters.")

    assert titles(search(client, "har")) == ["Harbour dues"]
    # A space typed after it: a whole word (the search page strips the box; the
    # admin's search and other callers pass what was typed).
    assert not pipeline.parse("har ").clauses[0].terms[0].prefix
    assert pipeline.parse("har").clauses[0].terms[0].prefix
    assert titles(search(client, "ha")) == ["Ha"]  # two letters: the word itself only


def test_a_query_keeps_its_first_twelve_words(client):
    words = "amber basalt cobalt dolomite emerald feldspar garnet hematite iolite jasper"
    query = words + " kyanite lapis marble"
    piece(title="Marble", body="marble")

    parsed = pipeline.parse(query)

    assert parsed.truncated
    assert [str(clause) for clause in parsed.clauses] == query.split()[:12]
    html = search(client, query)
    assert "Marble" not in titles(html)  # the 13th word is not looked for
    # Excluded words count too: the 13th term, -marble, is dropped.
    excluding = pipeline.parse(" ".join(query.split()[:10]) + " -kyanite -lapis -marble")
    assert excluding.truncated
    assert [str(term) for term in excluding.excluded] == ["kyanite", "lapis"]


def test_a_query_of_exactly_twelve_words_is_not_called_long(client):
    eleven = "amber basalt cobalt dolomite emerald feldspar garnet hematite iolite jasper kyanite"
    piece(title="All twelve", body=eleven + " marble", published_at=days_ago(2))
    piece(title="Eleven", body=eleven, published_at=days_ago(1))
    twelve = eleven + " marble"

    assert not pipeline.parse(twelve).truncated
    html = search(client, twelve)
    assert "only its beginning was used" not in html
    assert titles(html)[0] == "All twelve"  # the twelfth word is looked for
    # A thirteenth is not, and the page says so.
    assert "only its beginning was used" in search(client, twelve + " lapis")


@pytest.mark.parametrize("completions_sent", [64, 1])
def test_a_prefix_is_sent_as_the_lexicon_words_it_starts(client, monkeypatch, completions_sent):
    """A prefix with few completions becomes those words (GIN then skips through
    common words instead of gathering all their pieces); with more, the prefix
    itself is sent. The same pieces are found either way."""
    from articles.search import tsquery

    monkeypatch.setattr(tsquery, "PREFIX_WORDS", completions_sent)
    piece(title="The slow art of diplomacy", body="Patience.")
    piece(title="Diplomats on bicycles", body="Pedals.")
    piece(title="A diploma framed", body="Walls.")
    piece(title="Unrelated", body="Nothing.")

    html = search(client, "diplom")

    assert sorted(titles(html)) == [
        "A diploma framed",
        "Diplomats on bicycles",
        "The slow art of diplomacy",
    ]


def test_a_prefix_becomes_its_completions():
    from django.db import connection

    from articles.search import parsing, tsquery

    piece(title="Diplomats", body="diplomacy")
    (term,) = tsquery.terms(parsing.parse("diplom"))
    resolve = tsquery.resolve_sql(term)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + resolve.sql, resolve.params)
        sent = cursor.fetchone()[0]

    assert ":*" not in sent
    assert "'diplomat'" in sent and "'diplomaci'" in sent


def test_a_prefix_is_sent_as_its_words_up_to_the_cap_and_as_itself_past_it():
    """Exactly PREFIX_WORDS completions are still sent as words; one more and the
    prefix itself is sent (a plan choice: the same pieces match either way)."""
    from django.db import connection

    from articles.search import parsing, tsquery
    from articles.search.models import SearchTerm

    consonants = "bcdfghjklmnpqrtvwxz"
    words = [f"zyq{a}{b}" for a in consonants for b in consonants][: tsquery.PREFIX_WORDS + 1]
    piece(title="Many made-up words", body=" ".join(words[:-1]))
    (term,) = tsquery.terms(parsing.parse("zyq"))

    def sent() -> str:
        resolve = tsquery.resolve_sql(term)
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + resolve.sql, resolve.params)
            return cursor.fetchone()[0]

    assert SearchTerm.objects.filter(term__startswith="zyq").count() == tsquery.PREFIX_WORDS
    at_the_cap = sent()
    assert ":*" not in at_the_cap
    assert all(f"'{word}'" in at_the_cap for word in words[:-1])

    piece(title="One made-up word more", body=words[-1])
    assert ":*" in sent()


def test_author_names_find_their_pieces_and_follow_renames(client):
    author = AuthorFactory(name="Ingrid Vasquez")
    piece(title="On ports", authors=[author])
    piece(title="On roads")

    assert titles(search(client, "Vasquez")) == ["On ports"]

    author.name = "Ingrid Okonkwo"
    author.save()
    assert titles(search(client, "Okonkwo")) == ["On ports"]
    assert titles(search(client, "Vasquez")) == []


def test_stop_word_only_queries_look_for_the_phrase_in_titles(client):
    piece(title="The Who and the crowd at the harbour")
    piece(title="Who pays for the harbour", body="The who of it.")

    html = search(client, "the who")

    assert titles(html) == ["The Who and the crowd at the harbour"]
    assert "only very common words" in html


def test_a_script_tag_is_told_what_happened_not_common_words(client):
    piece(title="Alerts at the harbour", body="alert")

    html = search(client, "<script>alert(1)</script>")

    assert "only very common words" not in html
    assert "Your search is HTML markup" in html
    assert "(&lt;script&gt; &lt;/script&gt;)" in html  # escaped, never run
    assert "<script>alert" not in html
    assert titles(html) == []


def test_tags_around_words_are_left_out_and_said_so(client):
    piece(title="Harbour dues", body="harbour")

    html = search(client, "<b>harbour</b>")

    assert titles(html) == ["Harbour dues"]
    assert "HTML tags in your search (&lt;b&gt; &lt;/b&gt;) were left out" in html


def test_drafts_and_scheduled_pieces_are_not_found(client):
    piece(title="Published orchard", body="orchard")
    piece(title="Draft orchard", status=Article.Status.DRAFT, published_at=None)
    piece(title="Future orchard", published_at=timezone.now() + dt.timedelta(days=3))

    assert titles(search(client, "orchard")) == ["Published orchard"]


def test_edits_reach_the_index(client):
    article = piece(title="Before", body="A note about marmalade.")
    article.body = "A note about chutney."
    article.save()

    assert titles(search(client, "marmalade")) == []
    assert titles(search(client, "chutney")) == ["Before"]
    article.delete()
    assert titles(search(client, "chutney")) == []


# --- Results: highlights, counts, pages -----------------------------------------------


def test_snippet_highlights_stemmed_words(client):
    piece(
        title="Talks",
        body="Long before the summit, the negotiations had stalled on one clause.",
    )

    html = search(client, "negotiating")

    assert "<mark>negotiations</mark>" in html
    assert re.search(r"search-hit__snippet\">[^<]*.*<mark>negotiations</mark>", html)


def snippet(html: str) -> str:
    return re.search(r'<p class="search-hit__snippet">(.*?)</p>', html, re.S).group(1)


def test_snippets_are_plain_text_not_markdown(client):
    piece(
        title="Harbours",
        body=(
            "## The harbour question\n\n"
            "Pilots **argued** over the [harbour dues](https://example.com/dues) "
            "and `tolls` for years; 5 < 6 & ships > boats.\n\n"
            "> A quoted *harbour* master\n\n- first item\n- second item"
        ),
    )

    shown = snippet(search(client, "harbour"))

    assert "<mark>harbour</mark>" in shown
    for marker in ("##", "**", "](", "https://", "`", "&gt; A", "- first"):
        assert marker not in shown, marker
    assert "Pilots argued over the <mark>harbour</mark> dues and tolls" in shown
    assert "5 &lt; 6 &amp; ships &gt; boats" in shown  # decoded once, escaped once


LONG_SENTENCE = (
    "The pilots who had worked the estuary for three generations argued late into the"
    " evening about the dues, the tolls, the dredging of the channel, the new cranes on the"
    " quay, the old lighthouse on the point and whether the council would ever pay for"
    " the repairs that every winter storm made more urgent and more expensive than before"
)


def test_a_snippet_cut_mid_sentence_shows_an_ellipsis_at_each_cut(client):
    piece(title="Estuary", body=f"A first short sentence. {LONG_SENTENCE}. A last one.")

    shown = snippet(search(client, "lighthouse"))

    assert "<mark>lighthouse</mark>" in shown
    assert shown.startswith("… ") and shown.endswith(" …")


def test_a_snippet_of_whole_sentences_has_no_ellipsis(client):
    piece(title="Estuary", body="The lighthouse stood on the point. Ships passed it at night.")

    shown = snippet(search(client, "lighthouse"))

    assert shown == ("The <mark>lighthouse</mark> stood on the point. Ships passed it at night.")


def test_a_snippet_starting_at_a_sentence_marks_only_its_end(client):
    piece(title="Estuary", body=f"The lighthouse keeper spoke. {LONG_SENTENCE}.")

    shown = snippet(search(client, "keeper"))

    assert shown.startswith("The lighthouse <mark>keeper</mark> spoke.")
    assert shown.endswith(" …")


def test_snippet_entities_cannot_forge_highlights(client):
    piece(title="Lanterns", body="lanterns &#57344;forged&#57345; and &#xe000;more")

    shown = snippet(search(client, "lanterns"))

    assert shown.count("<mark>") == shown.count("</mark>") == 1
    assert "forged" in shown


def test_snippets_and_titles_are_escaped(client):
    piece(
        title="<script>alert('t')</script> lanterns",
        body="<img src=x onerror=alert(1)> The lanterns were lit. \ue000 sentinel",
    )

    html = search(client, "lanterns")

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert" in html  # the title, shown as text
    assert "<mark>lanterns</mark>" in html


def test_result_shows_authors_publication_and_date(client):
    piece(
        title="Ports and tolls",
        body="tolls",
        authors=[AuthorFactory(name="Tomas Reyes")],
        publication=PublicationFactory(name="The Lantern Quarterly"),
        published_at=dt.datetime(2023, 4, 9, 12, tzinfo=dt.UTC),
    )

    html = search(client, "tolls")

    assert "Tomas Reyes" in html
    assert "The Lantern Quarterly" in html
    assert "9 April 2023" in html
    assert summary(html) == "1 result"


def test_pagination(client):
    for i in range(25):
        piece(title=f"Quarry note {i}", body="quarry", published_at=days_ago(i + 1))

    first = search(client, "quarry")
    second = search(client, "quarry", page=2)

    assert summary(first) == "25 results"
    assert len(titles(first)) == 20
    assert titles(second) == [f"Quarry note {i}" for i in range(20, 25)]
    assert "Page 2 of 2" in second
    assert client.get(SEARCH, {"q": "quarry", "page": 3}).status_code == 404
    assert client.get(SEARCH, {"q": "quarry", "page": "abc"}).status_code == 404


def test_huge_result_sets_are_estimated_from_the_sample_and_read_newest_first(client, monkeypatch):
    """Past the small-set threshold the total and facets come from the 1-in-64
    sample (pieces whose id is a multiple of 64), never from counting every match,
    and the page comes from the cheap newest-first bucket reads."""
    monkeypatch.setattr(ranking, "SMALL_SAMPLE", -1)  # every set counts as large
    for i in range(1, 7):
        piece(id=64 * i, title=f"Meadow {i}", body="meadow", published_at=days_ago(i))
    piece(id=64 * 7 + 1, title="An old meadow, outside the sample", published_at=days_ago(30))

    html = search(client, "meadow")

    assert summary(html) == "About 384 results"  # 6 sampled matches x 64
    assert "Counts are estimates" in html
    # Title matches, newest first; the piece outside the sample is found too.
    assert titles(html) == [f"Meadow {i}" for i in range(1, 7)] + [
        "An old meadow, outside the sample"
    ]


@pytest.mark.parametrize("query", ["meadow", "meadow lark"])
def test_deep_pages_of_large_sets_follow_the_full_ranking(client, monkeypatch, settings, query):
    """Large sets are scored from their best buckets, read deeper than the page: every
    page still shows the exact ranking's rows (the score computed for every match)."""
    monkeypatch.setattr(ranking, "SMALL_SAMPLE", -1)  # every set counts as large
    settings.ARTICLES_PER_PAGE = 2
    made_titles = []
    for bucket, fields in [
        ("title", {"title": "Meadow lark {}", "body": "x"}),
        ("standfirst", {"standfirst": "Meadow lark {}", "body": "x"}),
        ("body", {"body": "meadow lark {}"}),
    ]:
        for i in range(3):
            made = {key: value.format(i) for key, value in fields.items()}
            made.setdefault("title", f"Piece {bucket} {i}")
            made.setdefault("standfirst", "Nothing here.")
            piece(**made, published_at=days_ago(10 * len(made_titles) + 1))
            made_titles.append(made["title"])
    piece(title="Meadow only", body="meadow", published_at=days_ago(500))
    exact = pipeline.search(query, per_page=50, exhaustive=True)
    expected = [article.title for article in exact.articles]
    assert expected[:3] == [t for t in expected if t.startswith("Meadow")][:3]  # titles first

    shown = []
    for number in range(1, 6):
        response = client.get(SEARCH, {"q": query, "page": number})
        if response.status_code == 404:
            break
        shown += titles(response.content.decode())

    assert shown == expected


def test_a_phrase_of_common_words_is_read_among_the_pieces_with_its_words(client, monkeypatch):
    """The phrase's matches come newest first from the pieces holding its words,
    each checked for the phrase; scattered words do not count."""
    monkeypatch.setattr(ranking, "SMALL_SAMPLE", -1)  # every set counts as large
    monkeypatch.setattr(ranking, "phrase_first_by_words", lambda *args: True)
    for i in range(1, 5):
        piece(id=64 * i, title=f"Scattered {i}", body="political leaders and workers")
    for i in range(5, 8):
        piece(
            id=64 * i,
            title=f"Together {i}",
            body="the workers political demands",
            published_at=days_ago(i),
        )

    html = search(client, '"workers political"')

    assert titles(html) == ["Together 5", "Together 6", "Together 7"]


def test_phrase_reads_among_its_words_only_when_the_words_are_far_commoner():
    def stats(sample_all, sample_loose):
        return sampled(
            nodes=3,
            sample_all=sample_all,
            sample_loose=sample_loose,
            sample_head=1,
            sample_anyhead=None,
            idf=[5.0],
        )

    # "workers political" at a million pieces: ~700 matches among ~70,000 with both.
    assert ranking.phrase_first_by_words(stats(11, 1100), 21, False)
    # A common phrase: walking newest-first meets one every few dozen pieces.
    assert not ranking.phrase_first_by_words(stats(800, 2400), 21, False)
    # No phrase (the words are the query), or a filter (the planner decides).
    assert not ranking.phrase_first_by_words(stats(11, 11), 21, False)
    assert not ranking.phrase_first_by_words(stats(11, 1100), 21, None)


# --- Filters and facets -----------------------------------------------------


def test_facets_count_the_current_query_and_filters_combine(client):
    quarterly = PublicationFactory(name="Lantern Quarterly", slug="lantern")
    weekly = PublicationFactory(name="Harbour Weekly", slug="harbour")
    ana = AuthorFactory(name="Ana Lind", slug="ana-lind")
    climate = TopicFactory(name="Climate", slug="climate")
    when_2023 = dt.datetime(2023, 5, 1, tzinfo=dt.UTC)
    piece(title="Rain 1", body="monsoon", publication=quarterly, authors=[ana], topics=[climate])
    piece(title="Rain 2", body="monsoon", publication=quarterly, published_at=when_2023)
    piece(title="Rain 3", body="monsoon", publication=weekly, authors=[ana], published_at=when_2023)
    piece(title="Dry", body="desert", publication=weekly, authors=[ana])

    html = search(client, "monsoon")
    assert re.search(r"Lantern Quarterly</a> <span class=\"facet__count\">2<", html)
    assert re.search(r"Harbour Weekly</a> <span class=\"facet__count\">1<", html)
    assert re.search(r"Ana Lind</a> <span class=\"facet__count\">2<", html)
    assert re.search(r"Climate</a> <span class=\"facet__count\">1<", html)
    assert re.search(r">2023</a> <span class=\"facet__count\">2<", html)

    assert sorted(titles(search(client, "monsoon", publication="lantern"))) == ["Rain 1", "Rain 2"]
    assert titles(search(client, "monsoon", publication="lantern", author="ana-lind")) == ["Rain 1"]
    assert titles(search(client, "monsoon", topic="climate")) == ["Rain 1"]
    assert sorted(titles(search(client, "monsoon", year=2023))) == ["Rain 2", "Rain 3"]

    filtered = search(client, "monsoon", author="ana-lind", year=2023)
    assert titles(filtered) == ["Rain 3"]
    # Each active filter is removable in one click, keeping the others.
    remove_author = re.search(r'<a href="([^"]+)" aria-label="Remove filter Author', filtered)
    url = remove_author.group(1).replace("&amp;", "&")
    assert "author=" not in url and "year=2023" in url and "q=monsoon" in url
    assert sorted(titles(client.get(url).content.decode())) == ["Rain 2", "Rain 3"]


def test_bad_filter_values_are_ignored_with_a_note(client):
    piece(title="Salt", body="salt")

    html = search(client, "salt", year="twenty", author="<b>x</b>")

    assert titles(html) == ["Salt"]
    assert "Ignored a filter that was not valid" in html


def test_unknown_filter_slug_finds_nothing(client):
    piece(title="Salt", body="salt")

    assert titles(search(client, "salt", publication="no-such-publication")) == []


# --- Typos ----------------------------------------------------------------------


def test_a_typo_includes_the_near_word_and_quotes_ask_did_you_mean(client):
    for i in range(3):
        piece(title=f"Kissinger and the long telegram {i}", body="Henry Kissinger wrote.")

    html = search(client, "Kisinger")

    assert len(titles(html)) == 3
    assert "Including results for <strong>Kissinger</strong>" in html
    quoted = search(client, '"Kisinger"')
    assert titles(quoted) == []
    match = re.search(r'Did you mean <a href="([^"]+)">&quot;Kissinger&quot;</a>', quoted)
    assert match
    assert len(titles(client.get(match.group(1).replace("&amp;", "&")).content.decode())) == 3


def test_no_suggestion_for_words_the_archive_uses(client):
    piece(title="Sardines", body="sardines")

    assert "Did you mean" not in search(client, "sardines")


def test_lexicon_follows_publishing(client):
    article = piece(title="Quokka", body="quokka", status=Article.Status.DRAFT, published_at=None)
    assert not SearchWord.objects.filter(word="quokka", ndoc__gt=0).exists()

    article.status = Article.Status.PUBLISHED
    article.published_at = days_ago(1)
    article.save()
    assert SearchWord.objects.get(word="quokka").ndoc == 1

    article.delete()
    assert not SearchWord.objects.filter(word="quokka", ndoc__gt=0).exists()


# --- CJK ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "query"),
    [
        ("这篇文章讨论中华人民共和国的外交政策。", "外交"),
        ("这篇文章讨论中华人民共和国的外交政策。", "人民共和"),
        ("東京の外交官は静かに話した。", "外交官"),
        ("한국어 외교정책에 대한 글입니다.", "외교"),
    ],
)
def test_cjk_text_is_found_by_two_or_more_characters(client, body, query):
    piece(title="International letters", body=body)
    piece(title="Other letters", body="没有相关内容。")

    html = search(client, query)

    assert titles(html) == ["International letters"]
    assert f"<mark>{query}</mark>" in html


@pytest.mark.parametrize(
    ("body", "query"),
    [
        ("街上的灯都亮了。", "灯"),  # inside a run
        ("他买了一盏电灯", "灯"),  # the last character of its run
        ("灯火通明的夜晚", "灯"),  # the first
        ("東京の夜は明るい。", "京"),
        ("한국어 외교정책", "교"),
    ],
)
def test_a_single_cjk_character_finds_the_pieces_containing_it(client, body, query):
    piece(title="Night letters", body=body)
    piece(title="Other letters", body="没有相关内容。")

    html = search(client, query)

    assert titles(html) == ["Night letters"]
    assert f"<mark>{query}</mark>" in html


def test_cjk_bigrams_must_be_adjacent(client):
    piece(title="Letters", body="中华人民共和国")

    assert titles(search(client, "华国")) == []


# --- Hostile input ------------------------------------------------------------------------

HOSTILE = [
    "x" * 10_000,
    "word " * 2_000,
    "\x00\x01\x02 nul",
    "tea\x00pot",
    '"unbalanced',
    'a "b',
    '"""',
    "-",
    "- - -",
    "or or or",
    "& | ! <-> :* ( )",
    "'; DROP TABLE articles_article; --",
    "1' OR '1'='1",
    "\\x27 \\",
    "😀🔥 harbour 🚢",
    "‮right-to-left‬",
    "a:* & b:A",
    '-""',
    "__proto__",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_never_fail(client, q):
    piece(title="Harbour", body="harbour")

    response = client.get(SEARCH, {"q": q})

    assert response.status_code == 200


def test_over_long_queries_are_cut_with_a_note(client):
    html = search(client, "harbour " * 500)

    assert "only its beginning was used" in html


def test_a_query_of_200_characters_is_kept_whole_and_a_longer_one_is_cut_at_a_word(client):
    piece(title="Harbour dues", body="harbour")
    whole = "the " * 48 + "harbours"  # stop words: the 12-term cap plays no part
    assert len(whole) == 200

    html = search(client, whole)

    assert titles(html) == ["Harbour dues"]
    assert "only its beginning was used" not in html
    longer = pipeline.parse(whole + "x")  # 201: the half-typed last word is dropped
    assert longer.truncated
    assert longer.text == "the " * 47 + "the"
    assert "only its beginning was used" in search(client, whole + "x")
    # No space in the second half: cut at 200 characters, not at an early space.
    one_long_word = pipeline.parse("harbour " * 10 + "x" * 150)
    assert one_long_word.text == "harbour " * 10 + "x" * 120


@pytest.mark.parametrize("page", ["-1", "0", "99999999999999999999", "abc"])
def test_a_page_number_out_of_range_is_a_404_page(client, page):
    piece(title="Harbour", body="harbour")

    response = client.get(SEARCH, {"q": "harbour", "page": page})

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "note"),
    [({"year": "1e9"}, True), ({"author": "../../etc"}, True), ({"sort": "drop"}, False)],
)
def test_an_invalid_filter_or_sort_is_ignored(client, params, note):
    piece(title="Harbour", body="harbour")

    html = search(client, "harbour", **params)

    assert titles(html) == ["Harbour"]
    assert ("Ignored a filter that was not valid" in html) is note


def test_repeated_parameters_use_the_last_value(client):
    piece(title="Harbour", body="harbour")
    piece(title="Nothing", body="nothing")

    html = search_url(client, SEARCH + "?q=nothing&q=harbour&year=2020&year=x&page=1&page=1")

    assert titles(html) == ["Harbour"]  # q=harbour, and the year "x" is dropped
    assert 'name="q" value="harbour"' in html
    assert "Ignored a filter that was not valid" in html


def search_url(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- Entry points -------------------------------------------------------------------


def test_every_page_has_the_search_box(client):
    html = client.get(reverse("articles:home")).content.decode()

    assert '<form class="site-search" role="search" action="/search/"' in html
    assert '<label for="site-search-q"' in html


def test_admin_article_search_uses_the_index(staff_client):
    author = AuthorFactory(name="Petra Lindgren")
    piece(title="Negotiations at dawn", authors=[author])
    piece(title="A draft about negotiating", status=Article.Status.DRAFT, published_at=None)
    piece(title="Gardens")

    url = reverse("admin:articles_article_changelist")
    html = staff_client.get(url, {"q": "negotiate"}).content.decode()
    assert "Negotiations at dawn" in html
    assert "A draft about negotiating" in html
    assert "Gardens" not in html

    html = staff_client.get(url, {"q": "Lindgren"}).content.decode()
    assert "Negotiations at dawn" in html
    assert "A draft about negotiating" not in html


# --- Query counts ---------------------------------------------------------------------

# Plan settings with each term's tsquery and document frequency, stats (sampled
# and capped counts), facets, the page's ids, its articles with headlines
# (publication joined), bylines with authors. (A result shows no topics.)
SEARCH_QUERIES = 6
# "Did you mean" is asked only when fewer than three pieces match.
FEW_RESULTS_QUERIES = SEARCH_QUERIES + 1


@pytest.mark.parametrize("count", [5, 20])
def test_results_page_query_count_does_not_grow_with_rows(client, django_assert_num_queries, count):
    """5 hits and a full page of 20 (each with two authors, a publication and
    topics) cost the same: no per-row query for authors, snippets or facets."""
    for i in range(count + 3):
        piece(
            title=f"Granary {i}",
            body="granary",
            authors=[AuthorFactory(), AuthorFactory()],
            topics=[TopicFactory()],
            published_at=days_ago(i + 1),
        )

    with django_assert_num_queries(SEARCH_QUERIES):
        html = search(client, "granary")

    assert len(titles(html)) == 20 if count == 20 else len(titles(html)) == count + 3


def test_terms_are_resolved_once_per_search(client):
    """archive_search_term() cannot be inlined, so PostgreSQL plans and runs it again
    for every occurrence while planning a statement: only the search's first query
    computes it; the others get the tsquery as a constant."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    piece(title="Granary tolls", body="granary harbour")
    piece(title="Granary", body="granary meadow")
    with CaptureQueriesContext(connection) as captured:
        html = search(client, "granary -meadow toll")

    calling = [q["sql"] for q in captured.captured_queries if "archive_search_term(" in q["sql"]]
    assert len(calling) == 1
    assert "set_config" in calling[0]
    assert titles(html) == ["Granary tolls"]


def test_a_small_set_is_read_through_the_index_once(client):
    """The stats query lists the matches of a small set; facets and ranking start
    from those ids instead of checking every candidate's word positions again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(3):
        piece(title=f"Granary {i}", body="the granary tolls were high", published_at=days_ago(i))
    piece(title="Tolls", body="tolls at the granary")
    with CaptureQueriesContext(connection) as captured:
        html = search(client, '"granary tolls"')

    vector_reads = [q["sql"] for q in captured.captured_queries if "d.vector @@" in q["sql"]]
    assert len(vector_reads) == 1
    assert titles(html) == ["Granary 0", "Granary 1", "Granary 2"]


def test_later_pages_slice_the_ranking_kept_by_the_first_deep_one(
    client, settings, django_assert_num_queries
):
    """Page 2 ranks five pages at once and keeps them; pages 3 to 6 are slices of
    it (no ranking query), and an edit to the archive makes the next page rank
    afresh, so a kept ranking never hides a change."""
    settings.ARTICLES_PER_PAGE = 2
    for i in range(12):
        piece(title=f"Granary {i}", body="granary", published_at=days_ago(i + 1))

    with django_assert_num_queries(SEARCH_QUERIES):
        assert titles(search(client, "granary", page=2)) == ["Granary 2", "Granary 3"]
    with django_assert_num_queries(SEARCH_QUERIES - 1):
        assert titles(search(client, "granary", page=3)) == ["Granary 4", "Granary 5"]

    piece(title="Granary news", body="granary", published_at=days_ago(0.5))

    with django_assert_num_queries(SEARCH_QUERIES):
        assert titles(search(client, "granary", page=3)) == ["Granary 3", "Granary 4"]


@pytest.mark.django_db(transaction=True)
def test_plan_settings_hold_for_the_search_only():
    """Room for GIN's prefix bitmaps (a lossy one rechecks every vector on its
    pages), no parallel workers, no sequential scans: inside the search's
    transaction only."""
    from django.db import connection, transaction

    def setting(name):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting(%s)", (name,))
            return cursor.fetchone()[0]

    before = setting("work_mem")
    with transaction.atomic():
        ranking.plan_settings()
        assert setting("work_mem") == ranking.SEARCH_WORK_MEM
        assert setting("max_parallel_workers_per_gather") == "0"
        assert setting("enable_seqscan") == "off"
    assert setting("work_mem") == before


def test_few_results_add_only_the_suggestion_query(client, django_assert_num_queries):
    piece(title="Granary", body="granary", authors=[AuthorFactory(), AuthorFactory()])

    with django_assert_num_queries(FEW_RESULTS_QUERIES):
        html = search(client, "granary")

    assert titles(html) == ["Granary"]


def test_bulk_rebuild_gives_the_same_results_as_the_triggers(client):
    from django.core.management import call_command

    from articles.models import SearchTerm

    piece(title="Harbour tolls", body="The harbour pilots argued.")
    piece(title="Kissinger at sea", body="Henry Kissinger sailed.")
    before = (titles(search(client, "harbour")), SearchWord.objects.get(word="kissinger").ndoc)

    call_command("search_rebuild", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))

    assert (titles(search(client, "harbour")), SearchWord.objects.get(word="kissinger").ndoc) == (
        before
    )
    assert SearchTerm.objects.get(term="harbour").ndoc == 1


def test_title_bucket_of_a_phrase_is_walked_when_its_words_fill_many_titles():
    """ "government government" at a million pieces, 1,001 deep (page 50): 150
    sampled titles hold the phrase, ~4,000 hold the word. Reading the title index
    would hand over every title with the word (256,579 rows to check); walking
    newest-first meets the phrase every hundred pieces. Without a phrase the
    index hands over the bucket itself, which is then the cheaper read."""
    from articles.search import parsing, tsquery

    def bucket_sql(title_words):
        stats = sampled(
            nodes=2, sample_all=3312, sample_title=150, sample_title_words=title_words, idf=[0.7]
        )
        queries = tsquery.build(parsing.parse('"government government"'))
        filters = Sql("d.is_published")
        return ranking.candidates(queries, stats, filters, 1001, relaxed=False, filtered=False).sql

    title_read = bucket_sql(4000).split("), h AS")[0]
    assert "OFFSET 0) AS d" in title_read  # newest-first walk
    assert "OFFSET 0) AS d" not in bucket_sql(150).split("), h AS")[0]  # no phrase: read whole
    assert "OFFSET 0) AS d" in bucket_sql(None).split("), h AS")[0]  # not counted: many


@pytest.mark.parametrize("recent_years", [1, 2, 4])
def test_title_bucket_read_from_its_recent_years_keeps_the_newest_titles(monkeypatch, recent_years):
    """The titles' index files each title under its year too: a large title bucket is
    read from the recent years that should hold the page, and from the older ones
    only when those fall short. Either way the page is the newest titles, across
    year boundaries, without the excluded."""
    from articles.search import search as run_search

    now = timezone.now()
    monkeypatch.setattr(ranking, "SMALL_SAMPLE", -1)  # every set counts as large
    monkeypatch.setattr(ranking, "title_years", lambda *args: now.year - recent_years + 1)
    for year_back, month, name in [(0, 0, "A"), (1, 3, "B"), (1, 9, "C"), (3, 1, "D"), (3, 6, "E")]:
        when = now.replace(year=now.year - year_back) - dt.timedelta(days=30 * month + 1)
        piece(title=f"Lantern makers {name}", published_at=when)
    piece(title="Lantern makers X", body="A quarrel.", published_at=days_ago(2))
    piece(title="Quiet", body="Lantern makers in the body only.", published_at=days_ago(1))

    first = run_search("lantern -quarrel", per_page=2)
    second = run_search("lantern -quarrel", per_page=2, page=2)
    third = run_search("lantern -quarrel", per_page=2, page=3)

    pages = [[a.title for a in results.articles] for results in (first, second, third)]
    assert pages == [
        ["Lantern makers A", "Lantern makers B"],
        ["Lantern makers C", "Lantern makers D"],
        ["Lantern makers E", "Quiet"],
    ]


def test_title_bucket_is_read_from_recent_years_when_that_visits_fewest_rows():
    def stats(sample_title, title_words=None):
        return sampled(
            sample_title=sample_title,
            sample_title_words=sample_title if title_words is None else title_words,
            first_year=2005,
            last_year=2026,
        )

    # Page 50 of a word in 6,600 titles (300 a year): the last 6 years' 1,800, not 6,600.
    assert ranking.title_years(stats(103), 1001, True) == 2021
    # Page 1 of a word in 6,600 titles: the last year's 300, not 3,200 walked.
    assert ranking.title_years(stats(103), 21, False) == 2026
    # A word in 128,000 titles: walking newest-first meets one in every eight.
    assert ranking.title_years(stats(2000), 21, False) is None
    # A phrase whose words fill ten times more titles than it does: each year's
    # titles with the words are checked, and 22 years hold too few for page 50.
    assert ranking.title_years(stats(20, title_words=200), 21, True) == 2026
    assert ranking.title_years(stats(20, title_words=200), 1001, True) is None
    # Fewer titles than the page needs, or a few dozen in all: read them whole.
    assert ranking.title_years(stats(10), 1001, True) is None
    assert ranking.title_years(stats(1), 21, True) is None
    # With a filter the planner decides.
    assert ranking.title_years(stats(103), 1001, None) is None


def test_bulk_rebuild_recreates_the_indexes_the_migrations_made():
    """The bulk rebuild drops the search indexes and creates them again from its own
    list: the list must say what the migrations say, or a rebuild quietly swaps an
    index (the titles' index by year) for an older one."""
    from django.core.management import call_command
    from django.db import connection

    def index_definitions():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes"
                " WHERE tablename = 'articles_searchdocument' ORDER BY indexname"
            )
            return cursor.fetchall()

    migrated = index_definitions()
    call_command("search_rebuild", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))

    assert index_definitions() == migrated
    assert "search_doc_title_year_idx" in dict(migrated)


@pytest.mark.parametrize("per_page", [2, 3, 5])
def test_bucket_reads_give_the_full_rankings_first_pages(monkeypatch, per_page):
    """Reading only the best buckets (titles, head, titles-and-body, ...) must give
    the same pages as scoring every match: two words in every combination of
    fields, one of them far commoner (its IDF under a quarter of the other's), so a
    piece with the common word in its title and the rare one in its body ranks
    below one with the rare word in its standfirst. The better buckets hold the
    older pieces, so reading newest-first cannot pass for ranking."""
    from articles.search import search as run_search

    monkeypatch.setattr(ranking, "SMALL_SAMPLE", -1)  # every set counts as large
    measured = ranking.stats

    def skewed(queries, clause_dfs, filters):
        # An archive far larger than this one: "quill" in most pieces.
        stats = measured(queries, clause_dfs, filters)
        rarest = min(sum(dfs) for dfs in clause_dfs)
        stats.idf = [3.0 if sum(dfs) == rarest else 0.7 for dfs in clause_dfs]
        return stats

    monkeypatch.setattr(ranking, "stats", skewed)
    fields = ["title", "standfirst", "body", None]
    made = 0
    for rare_in in fields:
        for common_in in fields:
            if rare_in is None and common_in is None:
                continue
            for copy in range(2):
                text = {"title": "Essay", "standfirst": "Notes.", "body": "Plain words."}
                for word, field in (("amberline", rare_in), ("quill", common_in)):
                    if field:
                        text[field] += f" {word} here"
                made += 1
                piece(**text, published_at=days_ago(100 - made * 3 - copy))
    for i in range(10):
        piece(title=f"Filler {i}", body="A quill and nothing more.", published_at=days_ago(i))
    # The newest pieces have both words in the body only: reading the matches
    # newest-first (the last bucket) finds none of the better ones.
    for i in range(35):
        piece(body="Plain amberline here quill here.", published_at=days_ago(i / 100))

    for query in ["amberline quill", "quill amberline", "amberline", '"amberline here"']:
        for page in range(1, 30 // per_page + 1):
            fast = run_search(query, per_page=per_page, page=page)
            full = run_search(query, per_page=per_page, page=page, exhaustive=True)
            assert [a.pk for a in fast.articles] == [a.pk for a in full.articles], (query, page)


def test_title_bucket_is_sized_in_the_coarse_sample_when_the_fine_one_sees_few_titles():
    """A common word's buckets are sized from the 1-in-1024 sample, which may hold
    none of its titles; the 1-in-64 sample's titles are counted instead (reading a
    title bucket from its recent years needs its size)."""
    from articles.search import parsing, tsquery
    from articles.search.filters import Filters

    for k in range(1, 31):  # in the fine sample: the word in the body only
        piece(id=1024 * k, title=f"Essay {k}", body="The marlin ran.")
    for j in range(1, 6):  # in the coarse sample only: the word in the title
        piece(id=64 * (16 * j + 1), title=f"Marlin {j}", body="The marlin ran.")

    queries = tsquery.build(parsing.parse("marlin"))
    stats = ranking.stats(queries, [[35]], Filters().sql())

    assert stats.sample_all == 30 * (ranking.FINE_SAMPLE_MODULUS // ranking.SAMPLE_MODULUS)
    assert stats.sample_title == 5


def test_a_set_just_over_the_cap_is_counted_exactly_with_sampled_facets(client, monkeypatch):
    """The sample called the set small, but the capped list of its ids found more than
    COUNT_CAP: the total is still exact (one count), while its facets, each a
    lookup per match, come from the 1-in-64 sample and say so."""
    import articles.search as search_package

    monkeypatch.setattr(ranking, "COUNT_CAP", 3)
    monkeypatch.setattr(search_package, "COUNT_CAP", 3)
    monkeypatch.setattr(ranking.capped_ids, "__defaults__", (3,))
    harbour = PublicationFactory(name="Harbour Weekly", slug="harbour")
    lantern = PublicationFactory(name="Lantern Quarterly", slug="lantern")
    piece(id=64 * 5, title="Lichen 1", body="lichen", publication=harbour)
    for i in range(2, 6):
        piece(id=64 * 5 + i, title=f"Lichen {i}", body="lichen", publication=lantern)

    html = search(client, "lichen")

    assert summary(html) == "5 results"
    assert "Counts are estimates" in html
    assert re.search(r"Harbour Weekly</a> <span class=\"facet__count\">~64<", html)
    # None of its pieces is in the sample.
    assert 'Lantern Quarterly</a> <span class="facet__count">' not in html
    assert len(titles(html)) == 5


# --- Exclusions and partial matches (issue 20) -------------------------------------------


def test_every_excluded_word_is_excluded_on_its_own(client):
    piece(title="Both excluded", body="A cold war entered in the ledger.")
    piece(title="War only", body="A cold war without accounts.")
    piece(title="Ledger only", body="A cold ledger of the winter.")
    piece(title="Neither", body="A cold morning at the quay.")

    assert titles(search(client, "cold -war -ledger")) == ["Neither"]


@pytest.mark.parametrize("one_word_pieces", [2, 40], ids=["scored-in-full", "read-by-buckets"])
def test_an_excluded_word_keeps_its_pieces_out_of_partial_matches(client, one_word_pieces):
    """No piece holds every word, so pieces holding most of them are shown; one with
    an excluded word is not, however many of the words it has. With many matches
    (ids in the 1-in-64 sample, so the sampled size is large) the page is read from
    the best buckets instead of scoring every match: the rule holds there too."""
    piece(
        id=64, title="Excluded", body="Quarry, kiln and the slag heaps.", published_at=days_ago(1)
    )
    piece(
        id=128, title="Two words", body="Quarry and kiln, nothing else.", published_at=days_ago(5)
    )
    for i in range(one_word_pieces):
        piece(id=64 * (i + 3), title=f"Note {i}", body="A quarry.", published_at=days_ago(9))

    html = search(client, "quarry kiln mortar -slag")

    assert "these match most of them" in html
    assert titles(html)[0] == "Two words"
    assert "Excluded" not in titles(html)


def test_partial_matches_read_by_buckets_find_an_older_piece_missing_one_word(client):
    """Too many matches to score them all (ids in the 1-in-64 sample) and a phrase,
    so the best buckets are read: the pieces missing one of the words are read
    newest-first per word left out, so an older piece with the phrase and "kiln"
    still leads, though 60 newer pieces hold each of them alone."""
    piece(id=64, title="Two of three", body="The old quarry kiln.", published_at=days_ago(50))
    for i in range(60):
        for n, words in enumerate(("the old quarry", "a kiln")):
            piece(
                id=64 * (2 + 2 * i + n),
                title=f"Note {i}",
                body=f"{words.capitalize()}.",
                published_at=days_ago(9),
            )

    html = search(client, '"old quarry" kiln mortar')

    assert "these match most of them" in html
    assert titles(html)[0] == "Two of three"


def test_pieces_with_the_rarer_missing_words_rank_by_the_words_they_have(client):
    """A word a piece lacks adds nothing to its score: the piece holding the two
    rare words outranks a newer one holding a rare and a common word."""
    for i in range(8):
        piece(title=f"Noon log {i}", body="The harbour at noon.", published_at=days_ago(90 + i))
    piece(title="Two rare words", body="Zephyrine and quillwort.", published_at=days_ago(30))
    piece(title="Rare and common", body="Zephyrine in the harbour.", published_at=days_ago(2))

    found = titles(search(client, "harbour zephyrine quillwort"))

    assert found[:2] == ["Two rare words", "Rare and common"]
