"""The relevance benchmark scores what a reader would see: the wanted piece's rank."""

import re

import pytest

from articles.models import Article
from devtools.bench import relevance
from devtools.management.commands.bench_relevance import Command

pytestmark = pytest.mark.django_db

PIECES = {
    "lighthouse": (
        "The lighthouse keepers",
        "Keepers trimmed the lamp wicks every night on the rock.",
    ),
    "orchard": ("An orchard in winter", "Pruning apple trees before the frost sets the buds."),
    "ferry": ("The last ferry", "A crossing of the sound in fog, with the foghorn sounding."),
}
QUERIES = [
    ("The lighthouse keepers", "who trimmed the lamp wicks on the rock"),
    ("An orchard in winter", "pruning apple trees before frost"),
    ("The last ferry", "crossing the sound in fog"),
    ("The last ferry", "zeppelin quasar"),  # words no piece holds
]
LINE = re.compile(
    r"^relevance-bench n=\d+ mrr_at_10=\d\.\d{3} success_at_1=\d\.\d{3}"
    r" success_at_10=\d\.\d{3} zero_hits=\d\.\d{3} fts5_mrr_at_10=\d\.\d{3}$"
)


@pytest.fixture
def known_items(tmp_path):
    (tmp_path / "pieces").mkdir()
    for name, (title, body) in PIECES.items():
        (tmp_path / "pieces" / f"{name}.txt").write_text(
            f"---\ndate: 2024-03-0{len(name) % 9 + 1}\n---\n{title}\n\n{body}\n"
        )
    (tmp_path / "queries.tsv").write_text("".join(f"{t}\t{q}\n" for t, q in QUERIES))
    return tmp_path


def test_a_set_is_imported_searched_and_scored_against_fts5(known_items):
    command = Command()
    command.reuse = False
    scores, fts5 = command.score_set(known_items)

    assert Article.objects.count() == 3  # imported through import_articles
    assert scores.ranks == [1, 1, 1, None]  # each description finds its piece first
    assert scores.mrr == pytest.approx(0.75)
    assert scores.success_at_1 == pytest.approx(0.75)
    assert scores.zero_hits == pytest.approx(0.25)  # the query of unknown words
    assert fts5.n == 4 and fts5.ranks[3] is None
    assert LINE.match(relevance.line("relevance-bench", scores, fts5))


def test_ranks_past_ten_count_as_misses():
    scores = relevance.Scores()
    scores.add(2, found_any=True)
    scores.add(11, found_any=True)
    assert scores.mrr == pytest.approx(0.25)
    assert scores.success_at_10 == pytest.approx(0.5)
