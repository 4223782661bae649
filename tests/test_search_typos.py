"""Typo tolerance as a reader meets it: a misspelt word still finds its pieces,
with a note saying which word was used and a link to the exact spelling."""

import datetime as dt
import re
import time

import pytest
from django.db import connection
from django.utils import timezone

from articles import search as pipeline
from articles.models import Article
from articles.search import typos
from tests.test_search import days_ago, piece, search, titles

pytestmark = pytest.mark.django_db

# Words of the pieces below, each the title word of one piece.
WORDS = [
    "harbour", "tariff", "diplomacy", "lighthouse", "orchard", "granary", "ferryman",
    "parliament", "embassy", "estuary", "customs", "shipyard", "pilgrim", "monsoon",
    "glacier", "vineyard", "quarry", "blacksmith", "tramway", "aqueduct", "cathedral",
    "telegram", "almanac", "caravan", "sawmill", "lantern", "chimney", "boulevard",
    "carnival", "brewery",
]  # fmt: skip


def misspell(word: str, kind: str, at: int) -> str:
    """One edit of `kind` inside the word (never the first letter)."""
    i = 1 + at % (len(word) - 2)
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "replace":
        return word[:i] + ("x" if word[i] != "x" else "z") + word[i + 1 :]
    if kind == "insert":
        return word[:i] + "q" + word[i:]
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # doubled


def typos_of(kind: str) -> list[tuple[str, str]]:
    """The typos of `kind` the index does not already know (`sawmil` stems like
    `sawmill` and finds it without any correction)."""
    made = []
    for n, word in enumerate(WORDS):
        typed = misspell(word, kind, n)
        if typed != word and typed not in WORDS and len(typed) >= typos.MIN_LETTERS:
            made.append((typed, word))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) AS w WHERE EXISTS (SELECT 1 FROM"
            " articles_searchterm t WHERE t.term = ANY(archive_search_lexemes(w)) AND t.ndoc > 0)",
            ([typed for typed, _ in made],),
        )
        known = {row[0] for row in cursor.fetchall()}
    return [(typed, word) for typed, word in made if typed not in known]


@pytest.fixture
def archive():
    for n, word in enumerate(WORDS):
        piece(
            title=f"The {word} question",
            body=f"A {word} and its keepers.",
            published_at=days_ago(n),
        )


@pytest.mark.parametrize("kind", ["swap", "replace", "insert", "delete", "double"])
def test_one_edit_of_each_kind_finds_the_piece(archive, kind):
    cases = typos_of(kind)
    assert len(cases) >= 24
    missed = []
    for typed, word in cases:
        # A space after it: a last word without one may be completed as a prefix.
        results = pipeline.search(typed + " ")
        found = [a.title for a in results.articles]
        if results.corrections != {typed: word} or found[:1] != [f"The {word} question"]:
            missed.append((typed, word, results.corrections, found))
    assert missed == []


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("diplomcay", "diplomacy"),  # swap
        ("harobur", "harbour"),  # swap
        ("tarrif", "tariff"),  # doubling moved: one edit
        ("tarriff", "tariff"),  # doubled
        ("Lighthosue", "Lighthouse"),  # swap, case kept in the note
        ("blaksmithh", "blacksmith"),  # 10 letters: two edits
        ("parlaimentt", "parliament"),  # 11 letters: two edits
        ("catheddrall", "cathedral"),  # two doublings
    ],
)
def test_hand_made_typos(client, archive, typed, word):
    html = search(client, typed)

    assert titles(html)[:1] == [f"The {word.lower()} question"]
    assert note(html) == word


def test_a_corrected_word_with_a_known_one(client, archive):
    piece(title="Customs at the harbour", body="harbour customs", published_at=days_ago(40))

    html = search(client, "harbuor customs")

    # The piece with both words leads; pieces with only one of them follow it.
    assert titles(html)[0] == "Customs at the harbour"
    assert note(html) == "harbour"


def test_the_note_links_to_the_exact_spelling(client, archive):
    html = search(client, "tarrif")

    assert titles(html) == ["The tariff question"]
    exact = client.get(exact_link(html)).content.decode()
    assert 'value="&quot;tarrif&quot;"' in exact  # the box shows what is searched
    assert titles(exact) == []
    assert "Including results for" not in exact
    assert re.search(r"Did you mean <a [^>]*>&quot;tariff&quot;</a>", exact)


def test_exact_matches_rank_above_corrected_ones(client, archive):
    piece(title="Tariff walls", body="tariff", published_at=days_ago(0.1))
    piece(title="Lantern fair", body="the lantern", published_at=days_ago(90))

    found = titles(search(client, "tarrif or lantern"))

    # The corrected word's pieces are newer and have it in the title, yet come after.
    assert set(found[:2]) == {"The lantern question", "Lantern fair"}
    assert set(found[2:]) == {"Tariff walls", "The tariff question"}


def test_short_words_and_far_words_are_not_corrected(archive):
    assert pipeline.search("orcha").corrections == {}  # two edits at 5 letters
    assert pipeline.search("tramwya").corrections == {"tramwya": "tramway"}
    assert pipeline.search("tramxyy").corrections == {}  # two edits at 7 letters
    assert typos.corrections(["harb", "quary"]) == {"quary": "quarry"}  # 4 letters: never


def test_known_words_and_excluded_words_are_left_alone(archive):
    assert pipeline.search("orchard").corrections == {}
    results = pipeline.search("orchard -tarrif")
    assert results.corrections == {}
    assert [a.title for a in results.articles] == ["The orchard question"]


def test_the_more_common_word_wins_a_tie():
    piece(title="Marlow", body="marlow")
    for n in range(3):
        piece(title=f"Marrow {n}", body="marrow")

    assert typos.corrections(["marow"]) == {"marow": "marrow"}


def test_a_word_still_being_typed_is_completed_not_corrected(archive):
    results = pipeline.search("lightho")

    assert results.corrections == {}
    assert [a.title for a in results.articles] == ["The lighthouse question"]


def test_distance_counts_swaps_and_doubling_once():
    assert typos.distance("diplomcay", "diplomacy") == 1
    assert typos.distance("tarrif", "tariff") == 1
    assert typos.distance("acomodate", "accommodate") == 1
    assert typos.distance("harbour", "harbor") == 1
    assert typos.distance("harbour", "arbours") == 2


# --- Only live pieces feed corrections and "Did you mean" ----------------------------


def test_a_scheduled_piece_never_feeds_corrections(client, archive):
    piece(
        title="A visit announced",
        body="Ambassador Wielkopolska arrives.",
        published_at=timezone.now() + dt.timedelta(days=7),
    )

    for typed in ["Wielkopolsko", "wielkopolskaa", "Wielkoplska"]:
        html = search(client, typed)
        assert "ielkopolska" not in html.lower().replace(typed.lower(), "")
        assert titles(html) == []


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_piece_going_live_adds_its_words(client):
    """Nothing is run when the date passes: the next search sees the piece live."""
    piece(title="Older news", body="harbour")
    piece(
        title="The Wielkopolska visit",
        body="Ambassador Wielkopolska arrives.",
        published_at=timezone.now() + dt.timedelta(seconds=2),
    )

    before = search(client, "Wielkopolsko")
    assert titles(before) == [] and "Wielkopolska" not in before
    time.sleep(2.5)
    after = search(client, "Wielkopolsko")

    assert titles(after) == ["The Wielkopolska visit"]
    assert note(after) == "Wielkopolska"


def test_a_draft_never_feeds_did_you_mean(client):
    piece(title="Draft", body="Quetzalcoatl", status=Article.Status.DRAFT, published_at=None)
    piece(title="Live", body="harbour")

    assert "uetzalcoatl" not in search(client, '"Quetzalcoatk"').replace("Quetzalcoatk", "")


# --- Helpers ------------------------------------------------------------------------


def note(html: str) -> str:
    match = re.search(r"Including results for (.*?)\. <a", html, re.S)
    return re.sub(r"</?strong>", "", match.group(1)) if match else ""


def exact_link(html: str) -> str:
    match = re.search(r'Including results for .*?<a href="([^"]+)">Search only for', html, re.S)
    return match.group(1).replace("&amp;", "&") if match else ""


# --- The deletion table --------------------------------------------------------------


def test_python_and_sql_file_words_under_the_same_keys():
    words = ["tariff", "harbour", "cathedral", "accommodation", "naïveté", "ferry", "quay"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT w, archive_typo_keys(w) FROM unnest(%s::text[]) AS w", (words,))
        from_sql = {word: set(keys) for word, keys in cursor.fetchall()}

    assert from_sql == {word: typos.keys(word) for word in words}


def test_a_bulk_rebuild_refills_the_typo_table(client, archive):
    from django.core.management import call_command

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE articles_searchtypo")
    assert typos.corrections(["harobur"]) == {}

    call_command("search_rebuild", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))

    assert typos.corrections(["harobur"]) == {"harobur": "harbour"}
    assert titles(search(client, "harobur")) == ["The harbour question"]
