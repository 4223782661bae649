"""The import service around the parsers: isolation of bad records, odd paths, jsonl lines."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.importers.service import import_paths
from articles.models import Article

pytestmark = pytest.mark.django_db


def jsonl_line(key: str, **fields) -> str:
    record = {"key": key, "title": f"Piece {key}", "body": "A paragraph.", **fields}
    return json.dumps(record)


def test_a_record_the_database_rejects_fails_alone(tmp_path):
    lines = [
        jsonl_line("a", status="published", published_at="2024-01-02T03:04:05+00:00"),
        jsonl_line("b", status="published"),  # published without a date: a database rule
        jsonl_line("c"),
    ]
    (tmp_path / "pieces.jsonl").write_text("\n".join(lines))

    report = import_paths([tmp_path])

    assert sorted(Article.objects.values_list("import_key", flat=True)) == ["a", "c"]
    assert report.counts["created"] == 2 and report.counts["failed"] == 1
    [failure] = report.failures
    assert "pieces.jsonl:2" in failure.where
    assert "rejected by the database" in failure.reason


def test_bad_jsonl_lines_are_reported_with_their_line(tmp_path):
    (tmp_path / "x.jsonl").write_text(
        jsonl_line("ok") + "\n{not json\n" + json.dumps({"title": "no key"}) + "\n"
    )

    report = import_paths([tmp_path / "x.jsonl"])

    assert report.counts["created"] == 1
    assert [(f.line, "bad record" in f.reason) for f in report.failures] == [(2, True), (3, True)]


def test_missing_path_and_unknown_files(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a piece")
    (tmp_path / ".hidden.txt").write_text("Hidden\n\nNever read.")
    (tmp_path / "piece.txt").write_text("A piece\n\nIts only paragraph.")

    report = import_paths([tmp_path, tmp_path / "nowhere.txt"])

    assert report.counts["created"] == 1
    assert report.skipped == {"not an importable file (.jpg)": 1}
    assert [f.reason for f in report.failures] == ["no such file or folder"]


def test_dry_run_of_a_folder_counts_what_would_change(tmp_path):
    (tmp_path / "one.txt").write_text("First\n\nBody one.")
    (tmp_path / "two.txt").write_text("Second\n\nBody two.")
    import_paths([tmp_path / "one.txt"])
    (tmp_path / "one.txt").write_text("First\n\nBody one, revised.")

    report = import_paths([tmp_path], dry_run=True)

    assert (report.counts["updated"], report.counts["created"]) == (1, 1)
    assert Article.objects.get().body == "Body one."


def test_command_rejects_an_unknown_format(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path), "--format", "docx")


def test_parsing_in_a_separate_process_gives_the_same_import():
    """Big imports parse in a forked process; the result must not depend on it."""
    fixtures = Path(__file__).parent / "fixtures" / "import"

    report = import_paths([fixtures], parallel=True)

    assert report.counts["created"] == 13
    assert report.files == 12
    assert len(report.notes) == 2  # the encodings detected in the child come back
    assert sorted(Path(f.file).name for f in report.failures) == ["binary.txt", "malformed.xml"]
    ferry = Article.objects.get(slug="last-ferry-brannock")
    replies = {c.name: c.parent.name if c.parent else None for c in ferry.comments.all()}
    assert replies == {
        "Ines Maribor": None,
        "Hallam Pryce": "Ines Maribor",
        "Tobiah Lund": "Hallam Pryce",
    }
    again = import_paths([fixtures], parallel=True)
    assert again.counts["unchanged"] == 13 and again.counts["created"] == 0


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": ""}, "'title' is missing or empty"),
        ({"title": 42}, "'title' is missing or empty"),
        ({"body": None}, "'body' is missing or empty"),
        ({"published_at": "2024-01-02T03:04:05"}, "has no time zone"),
        ({"authors": [{"name": "A", "shoe_size": 9}]}, "shoe_size"),
    ],
)
def test_a_jsonl_line_missing_what_a_piece_needs_is_reported_and_skipped(tmp_path, fields, reason):
    (tmp_path / "x.jsonl").write_text(jsonl_line("fine") + "\n" + jsonl_line("bad", **fields))

    report = import_paths([tmp_path / "x.jsonl"])

    assert list(Article.objects.values_list("import_key", flat=True)) == ["fine"]
    [failure] = report.failures
    assert failure.line == 2
    assert reason in failure.reason


def test_a_jsonl_line_with_only_key_title_and_body_is_a_draft_open_to_comments(tmp_path):
    (tmp_path / "x.jsonl").write_text(jsonl_line("bare"))

    import_paths([tmp_path / "x.jsonl"])

    piece = Article.objects.get(import_key="bare")
    assert (piece.title, piece.status, piece.comments_open) == ("Piece bare", "draft", True)
    assert piece.published_at is None


def test_overlong_fields_are_cut_to_what_each_column_holds(tmp_path):
    """An export from elsewhere may hold longer texts than our columns: the piece
    still lands, each text cut to its column's length (slugs leave room for "-2")."""
    record = {
        "key": "long",
        "title": "T" * 400,
        "body": "A paragraph.",
        "slug": "s" * 400,
        "source_url": "https://example.org/" + "u" * 1100,
        "authors": [{"name": "A" * 250, "bio": "b" * 600, "slug": "x" * 250}],
        "publication": {
            "name": "P" * 250,
            "about": "About it.",
            "website": "https://" + "w" * 300,
            "slug": "p" * 250,
        },
        "topics": ["n" * 150],
        "comments": [
            {
                "key": "long#1",
                "name": "C" * 150,
                "body": "A comment.",
                "email": "e" * 300,
                "url": "https://" + "c" * 600,
            }
        ],
    }
    (tmp_path / "x.jsonl").write_text(json.dumps(record))

    report = import_paths([tmp_path / "x.jsonl"])

    assert report.ok, report.failures
    piece = Article.objects.get(import_key="long")
    assert piece.title == "T" * 300
    assert piece.slug == "s" * 280
    assert piece.source_url == record["source_url"][:1000]
    [author] = piece.byline_authors
    assert (author.name, author.bio, author.slug) == ("A" * 200, "b" * 500, "x" * 190)
    publication = piece.publication
    assert (publication.name, publication.slug) == ("P" * 200, "p" * 190)
    assert publication.website == record["publication"]["website"][:200]
    [topic] = piece.topics.all()
    assert (topic.name, topic.slug) == ("n" * 100, "n" * 100)
    comment = piece.comments.get()
    assert (comment.name, comment.email) == ("C" * 100, "e" * 254)
    assert comment.url == record["comments"][0]["url"][:500]


def test_an_import_fills_in_a_publications_missing_web_address_cut_to_its_column(tmp_path):
    from articles.models import Publication

    Publication.objects.create(name="The Weir", slug="the-weir", about="Ours.")
    website = "https://" + "w" * 300
    publication = {"name": "The Weir", "about": "Theirs.", "website": website}
    (tmp_path / "x.jsonl").write_text(jsonl_line("weir", publication=publication))

    import_paths([tmp_path / "x.jsonl"])

    found = Publication.objects.get()
    assert (found.about, found.website) == ("Ours.", website[:200])
    assert Article.objects.get().publication == found


def test_new_authors_whose_names_make_a_taken_slug_get_the_next_free_one(client, tmp_path):
    from articles.models import Author

    Author.objects.create(name="Ann Lee", slug="ann-lee")
    authors = [{"name": "Ann  Lee"}, {"name": "Ann-Lee"}]  # both slugify to "ann-lee"
    published = {"status": "published", "published_at": "2024-01-02T03:04:05+00:00"}
    (tmp_path / "x.jsonl").write_text(jsonl_line("two", authors=authors, **published))

    import_paths([tmp_path / "x.jsonl"])

    assert dict(Author.objects.values_list("name", "slug")) == {
        "Ann Lee": "ann-lee",
        "Ann  Lee": "ann-lee-2",
        "Ann-Lee": "ann-lee-3",
    }
    assert "Piece two" in client.get("/authors/ann-lee-3/").content.decode()


def test_an_import_fills_in_missing_bios_and_abouts_but_never_overwrites_them(tmp_path):
    from articles.models import Author, Publication

    Author.objects.create(name="Kept", slug="kept", bio="The editors' bio.")
    Author.objects.create(name="Bare", slug="bare", bio="")
    Publication.objects.create(name="Bare weekly", slug="bare-weekly", about="")
    lines = [
        # The same new author twice: the first bio given is kept.
        jsonl_line("a", authors=[{"name": "Kept", "bio": "Theirs."}, {"name": "New"}]),
        jsonl_line(
            "b",
            authors=[{"name": "Bare", "bio": "Filled in."}, {"name": "New", "bio": "Found."}],
            publication={"name": "Bare weekly", "about": "A weekly."},
        ),
        jsonl_line("c", authors=[{"name": "New", "bio": "Later."}]),
    ]
    (tmp_path / "x.jsonl").write_text("\n".join(lines))

    import_paths([tmp_path / "x.jsonl"])

    assert dict(Author.objects.values_list("name", "bio")) == {
        "Kept": "The editors' bio.",
        "Bare": "Filled in.",
        "New": "Found.",
    }
    assert Publication.objects.get().about == "A weekly."


def test_a_new_piece_or_publication_skips_every_taken_numbered_slug(tmp_path):
    from articles.models import Publication
    from tests.factories import ArticleFactory

    ArticleFactory(slug="tide")
    ArticleFactory(slug="tide-2")
    Publication.objects.create(name="Weekly", slug="weekly")
    Publication.objects.create(name="Weekly two", slug="weekly-2")
    publication = {"name": "The Weekly", "slug": "weekly"}
    (tmp_path / "x.jsonl").write_text(jsonl_line("t", slug="tide", publication=publication))

    report = import_paths([tmp_path / "x.jsonl"])

    assert report.ok, report.failures
    piece = Article.objects.get(import_key="t")
    assert (piece.slug, piece.publication.slug) == ("tide-3", "weekly-3")


def test_a_record_too_long_for_a_column_fails_alone_and_says_why(tmp_path):
    (tmp_path / "x.jsonl").write_text(jsonl_line("k" * 600) + "\n" + jsonl_line("fine"))

    report = import_paths([tmp_path / "x.jsonl"])

    assert list(Article.objects.values_list("import_key", flat=True)) == ["fine"]
    [failure] = report.failures
    assert failure.reason == "DataError: value too long for type character varying(500)"


def test_a_new_piece_never_takes_a_slug_a_renamed_piece_still_answers_to(client, tmp_path):
    from articles.models import ArticleSlugHistory
    from tests.factories import ArticleFactory

    renamed = ArticleFactory(slug="weirs-today")
    for old in ("weirs", "weirs-2"):
        ArticleSlugHistory.objects.create(article=renamed, slug=old)
    (tmp_path / "x.jsonl").write_text(jsonl_line("w", slug="weirs"))

    import_paths([tmp_path / "x.jsonl"])

    assert Article.objects.get(import_key="w").slug == "weirs-3"
    old_link = client.get("/articles/weirs/")
    assert (old_link.status_code, old_link["Location"]) == (301, renamed.get_absolute_url())
