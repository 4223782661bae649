"""Relevance as a reader notices it: the piece that is most about the words comes first."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import search as pipeline
from articles.search import scoring
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("articles:search")
FILLER = "Plain words about nothing in particular fill this line. "


@pytest.fixture(autouse=True)
def fresh_average():
    scoring.forget_averages()  # each test's archive has its own average lengths
    yield
    scoring.forget_averages()


def piece(title, body="Quiet text.", standfirst="A note.", days=1):
    return ArticleFactory(
        title=title,
        standfirst=standfirst,
        body=body,
        published_at=timezone.now() - dt.timedelta(days=days),
    )


def titles(client, q, **params) -> list[str]:
    response = client.get(SEARCH, {"q": q, **params})
    assert response.status_code == 200
    found = re.findall(
        r'<h3 class="card__title"><a href="[^"]*">(.*?)</a></h3>', response.content.decode(), re.S
    )
    return [re.sub(r"</?mark>", "", title) for title in found]


def test_more_occurrences_rank_higher_but_saturate(client):
    """Term frequency counts, with saturation: three mentions beat one, and a piece
    stuffed with the word does not beat one that also has the other word."""
    piece("Once", body="The quillwort grows here. " + FILLER * 3, days=1)
    piece("Thrice", body="Quillwort, quillwort and more quillwort. " + FILLER * 3, days=2)
    assert titles(client, "quillwort") == ["Thrice", "Once"]

    piece("Stuffed", body="quillwort " * 60 + FILLER, days=3)
    piece("Both words", body="Quillwort by the fenland ditch. " + FILLER * 3, days=4)
    assert titles(client, "quillwort fenland")[0] == "Both words"


def test_shorter_pieces_rank_higher_for_the_same_mentions(client):
    """Length normalisation: one mention in a short piece says more than one in a long one."""
    piece("Long", body="A marram dune. " + " ".join(f"word{i} filler{i}" for i in range(300)))
    piece("Short", body="A marram dune. Nothing else.", days=30)
    assert titles(client, "marram") == ["Short", "Long"]


def test_rarer_words_weigh_more(client):
    """IDF from the archive's own statistics: the rare word decides the order."""
    for i in range(6):
        piece(f"Common {i}", body="The harbour again. " + FILLER, days=10 + i)
    piece("Harbour twice", body="Harbour and harbour. " + FILLER, days=1)
    piece("Rare word", body="A sandpiper by the harbour. " + FILLER, days=2)
    assert titles(client, "harbour sandpiper")[0] == "Rare word"


def test_title_outranks_standfirst_outranks_body(client):
    """Field weights: the same word counts most in the title, then the standfirst."""
    piece("Notes from the coast", body="A piece on the saltmarsh. " + FILLER, days=1)
    piece("Notes", standfirst="On the saltmarsh.", body=FILLER, days=2)
    piece("Saltmarsh", body=FILLER, days=3)
    assert titles(client, "saltmarsh") == ["Saltmarsh", "Notes", "Notes from the coast"]


def test_pieces_with_all_words_first_then_some(client):
    """A natural query ranks every piece with some of the words, all words first."""
    piece("All three", body="Heron, egret and bittern. " + FILLER, days=30)
    piece("Two of them", body="Heron and egret only. Heron. Egret. " + FILLER, days=1)
    piece("One of them", body="Bittern bittern bittern. " + FILLER, days=2)
    piece("None", body=FILLER, days=3)
    shown = titles(client, "heron egret bittern")
    assert shown[0] == "All three"
    assert set(shown) == {"All three", "Two of them", "One of them"}


def test_words_that_occur_somewhere_never_give_zero_results(client):
    piece("First", body="The curlew calls. " + FILLER)
    piece("Second", body="The lapwing nests. " + FILLER)
    shown = titles(client, "curlew lapwing dotterel")
    assert set(shown) == {"First", "Second"}


def test_words_near_each_other_rank_higher(client):
    """The proximity bonus: the words side by side beat the same words far apart."""
    piece("Apart", body="Tidal notes. " + FILLER * 2 + " Pools remain. " + FILLER, days=1)
    piece("Together", body="Tidal pools. " + FILLER * 2 + " Notes remain. " + FILLER, days=2)
    assert titles(client, "tidal pools") == ["Together", "Apart"]


def test_phrase_exclusion_and_or_keep_their_meaning(client):
    piece("Phrase", body="The shingle beach at dawn. " + FILLER, days=1)
    piece("Words apart", body="The beach had no shingle. " + FILLER, days=2)
    piece("Dunes", body="Dunes and a beach. " + FILLER, days=3)
    assert titles(client, '"shingle beach"') == ["Phrase"]
    assert set(titles(client, "beach -shingle")) == {"Dunes"}
    assert set(titles(client, "shingle or dunes")) == {"Phrase", "Words apart", "Dunes"}
    # Quoted words are one clause: a piece without the phrase does not join in.
    assert "Dunes" not in titles(client, '"shingle beach" dawn')


def test_average_lengths_come_from_the_lexicon_and_the_titles():
    """avgdl (distinct lexemes per piece) equals the archive's true average; avgtl
    is the average title's lexemes (stemmed and as typed)."""
    piece("One", body="alpha beta gamma delta")
    piece("Two words", body="alpha beta")
    with connection.cursor() as cursor:
        item = scoring.averages_sql()
        cursor.execute(f"SELECT {item.sql}", item.params)
        from_lexicon, title = cursor.fetchone()[0]
        cursor.execute("SELECT avg(length(vector)) FROM articles_searchdocument WHERE is_published")
        real = float(cursor.fetchone()[0])
    assert from_lexicon == pytest.approx(real)
    assert title == pytest.approx((1 + 3) / 2)  # "one"; "two", "word", "words"


def test_a_word_counts_for_more_in_a_short_title(client):
    """The title bonus is normalised by the title's length: the word is more of
    what a piece called by it alone is about (even a longer piece)."""
    many_words = " ".join(f"word{i}" for i in range(80))
    piece("Bladderwrack", body=many_words, days=2)
    piece("Bladderwrack, kelp and other weeds along the northern shore", body=FILLER, days=1)
    assert titles(client, "bladderwrack")[0] == "Bladderwrack"


def test_the_fast_plan_matches_the_exact_ranking_on_small_sets():
    for i in range(12):
        piece(f"Tern {i}", body=("tern " * (i % 4 + 1)) + FILLER * (i % 3 + 1), days=i + 1)
    fast = [a.title for a in pipeline.search("tern", per_page=10).articles]
    exact = [a.title for a in pipeline.search("tern", per_page=10, exhaustive=True).articles]
    assert fast == exact


def test_dotted_and_camel_case_names_are_found_by_their_parts(client):
    """`difflib.SequenceMatcher` is one token to PostgreSQL; its parts find it too."""
    piece("The difflib.SequenceMatcher class", body="Compares pairs of sequences. " + FILLER)
    piece("Unrelated", body=FILLER)
    for query in ("SequenceMatcher", "difflib", "sequence matcher", "difflib.SequenceMatcher"):
        assert titles(client, query) == ["The difflib.SequenceMatcher class"], query
    # Numbers keep their dot.
    piece("Pi", body="Roughly 3.14 and no more. " + FILLER)
    assert titles(client, "3.14") == ["Pi"]


def test_short_queries_list_pieces_with_every_word_before_the_rest(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    for i in range(3):
        piece(f"Both {i}", body="Salt and kelp. " + FILLER, days=10 + i)
    piece("Kelp only", body="Kelp kelp kelp kelp. Kelp.", days=1)
    shown = []
    for number in (1, 2):
        shown += titles(client, "salt kelp", page=number)
    assert shown == ["Both 0", "Both 1", "Both 2", "Kelp only"]


def test_words_run_together_by_punctuation_are_separate_words(client):
    """`makedirs(name, mode)` is three words, not the phrase "makedirs name" that no
    piece holds; so are a hyphenated word's parts. Dots hold a name together."""
    piece("Making folders", body="Makedirs makes missing folders, given a name and mode.", days=2)
    piece("Modes", body="The mode of a file.", days=1)
    assert titles(client, "makedirs(name, mode)")[0] == "Making folders"
    piece("The platform module", body="Data on the machine it runs on.", days=3)
    piece("Notes", body="Identifying data.", days=1)
    assert titles(client, "platform-identifying data")[0] == "The platform module"
    clauses = pipeline.parse("spawnlp(mode, key/value state-of-art o'brien os.path").clauses
    assert [str(c) for c in clauses] == [
        "spawnlp",
        "mode",
        "key",
        "value",
        "state",
        "of",
        "art",
        "o",
        "brien",
        '"os.path"',
    ]


def test_stop_words_do_not_use_up_a_long_querys_words(client):
    """A description's stop words are not among the twelve words a query keeps."""
    piece("Fern", body="The quillwort and the fern by the water.", days=2)
    piece("Moss", body="Moss by the water.", days=1)
    query = "it is one of the things that grow by the water, and it is a quillwort"
    assert titles(client, query)[0] == "Fern"
    assert not pipeline.parse(query).truncated


def test_from_three_words_the_score_weighs_them_rather_than_requiring_all(client):
    """Only two-word queries rank the pieces with both words above all others; from
    three words (often a description) a piece about two of them can come first."""
    for i in range(3):
        piece(f"Handbook {i}", body="A handbook.", days=10 + i)
    piece("Tidewater almanac", body="The tidewater almanac lists tidewater times.", days=2)
    spread = FILLER * 4
    piece("Long notes", body=f"Tidewater. {spread} Almanac. {spread} Handbook. {spread}", days=1)
    assert titles(client, "tidewater almanac handbook")[0] == "Tidewater almanac"
    assert titles(client, "tidewater handbook")[0] == "Long notes"
