"""Plain-text pieces: title, byline, bio, boilerplate, front matter and encodings."""

from pathlib import Path

import pytest

from articles.importers.encoding import EncodingProblem, decode_text
from articles.importers.plaintext import PlainTextError, parse_plaintext
from articles.importers.service import import_paths
from articles.models import Article, Author, Publication

FIXTURES = Path(__file__).parent / "fixtures" / "import"
TEXT = FIXTURES / "text"


def parse(text: str, **kwargs):
    return parse_plaintext(text, key="text:test.txt", origin="test.txt", **kwargs)


def test_saved_web_page_gives_title_author_bio_and_only_the_body():
    record = parse((TEXT / "saved-from-web.txt").read_text())

    assert record.title == "How a small library became the town's living room"
    assert [(a.name, a.bio) for a in record.authors] == [
        (
            "Henrike Solvang",
            "The author is a librarian and writes about public buildings and who uses them.",
        )
    ]
    paragraphs = record.body.split("\n\n")
    assert paragraphs[0].startswith("The reading room opens at eight")
    assert paragraphs[-1].startswith("When the council proposes cutting its hours")
    for boilerplate in ("About this publication", "first to comment", "Leave a Reply", "Share"):
        assert boilerplate not in record.body
    assert record.status == "draft" and record.published_at is None


@pytest.mark.parametrize(
    "tail",
    [
        "About this publication\n\nBe the first to comment\n\nLeave a Reply",
        "ABOUT THIS PUBLICATION:\n\nLeave a Reply Cancel reply\n",
        "Share this article\nShare on Facebook\nTweet\nEmail\n\nSubscribe",
        "— Share on LinkedIn —\n\n3 Comments\n\nYou must be logged in to post a comment.",
        "Be the first to comment on this article\n\n\n\nSign up for our newsletter",
        "Follow us on Mastodon\nRelated articles\nRead more",
    ],
)
def test_boilerplate_variants_are_dropped(tail):
    record = parse(
        "A title\n\nThe only paragraph of the argument.\n\n"
        f"The author is a harbour pilot.\n\n{tail}\n"
    )

    assert record.body == "The only paragraph of the argument."
    assert record.authors == []  # no name anywhere: the bio waits for --author
    named = parse(f"A title\n\nBody text.\n\nThe author is a pilot.\n\n{tail}", author="Ana Roe")
    assert [(a.name, a.bio) for a in named.authors] == [("Ana Roe", "The author is a pilot.")]
    assert named.body == "Body text."


def test_bio_and_byline_with_two_authors_and_italic_bio():
    record = parse((TEXT / "boilerplate-variants.txt").read_text())

    assert [a.name for a in record.authors] == ["Osric Vandermeer", "Lotte Brask"]
    assert record.authors[0].bio == (
        "The authors are transport economists at the Kelmouth Institute."
    )
    assert (
        record.body == "Summer prices punish the islanders who travel in August because they must."
    )


def test_about_text_after_the_heading_becomes_the_publication_about_not_body():
    record = parse(
        "Title\n\nBody paragraph.\n\nAbout this publication\n\n"
        "The Gull Review is a weekly of coastal affairs.\n\nLeave a Reply\n",
        publication="The Gull Review",
    )

    assert record.body == "Body paragraph."
    assert record.publication.about == "The Gull Review is a weekly of coastal affairs."


def test_front_matter_sets_author_bio_date_publication_topics_and_source():
    record = parse((TEXT / "front-matter.txt").read_text())

    assert record.title == "Volunteers are the flood defence nobody budgets for"
    assert record.authors[0].name == "Amadou Ferreira-Kist"
    assert record.authors[0].bio == "The author chairs the Lowmoor flood-warden network."
    assert record.published_at.date().isoformat() == "2024-02-11"
    assert record.status == "published"
    assert record.publication.name == "The Lowmoor Courier"
    assert record.topics == ["Flooding", "Local government"]
    assert record.source_url == "https://lowmoor-courier.example.org/wardens"
    assert record.body.startswith("Every winter the same forty people")


def test_author_option_names_a_piece_without_a_byline():
    record = parse("A title\n\nA paragraph.\n\nThe author is a ferry captain.", author="Ana Roe")

    assert [(a.name, a.bio) for a in record.authors] == [
        ("Ana Roe", "The author is a ferry captain.")
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no title"),
        ("\n\n   \n", "no title"),
        ("Only a title\n", "no body"),
        ("---\nauthor: X\n", "never closed"),
        ("---\ncolour: blue\n---\nTitle\n\nBody", "key among"),
        ("---\ndate: last tuesday\n---\nTitle\n\nBody", "date"),
    ],
)
def test_malformed_pieces_are_refused_with_a_reason(text, message):
    with pytest.raises(PlainTextError, match=message):
        parse(text)


def test_latin1_is_detected_and_decoded_without_mojibake():
    decoded = decode_text((TEXT / "latin-1.txt").read_bytes())

    assert decoded.guessed
    assert "Café culture came late to Pörtsmünde" in decoded.text
    assert "façade" in decoded.text and "naïve" in decoded.text
    assert "Ã" not in decoded.text


def test_utf16_with_and_without_bom():
    text = "Über die Brücke — “patient”"
    assert decode_text(text.encode("utf-16")).text == text
    assert decode_text(text.encode("utf-16-be")).text == text
    assert decode_text((TEXT / "utf-16.txt").read_bytes()).text.startswith("Über die Brücke")


def test_undecodable_bytes_are_refused_not_garbled():
    with pytest.raises(EncodingProblem):
        decode_text((FIXTURES / "bad" / "binary.txt").read_bytes())


@pytest.mark.django_db
def test_importing_text_files_reports_the_detected_encodings_and_stores_the_text():
    report = import_paths([TEXT / "latin-1.txt", TEXT / "utf-16.txt"], publication="Gull Review")

    assert report.counts["created"] == 2 and report.ok
    notes = {Path(n.file).name: n.message for n in report.notes}
    assert "cp1252" in notes["latin-1.txt"]
    assert "utf-16" in notes["utf-16.txt"]
    cafe = Article.objects.get(title="Café culture came late to Pörtsmünde")
    assert "crêperie" in cafe.body
    assert cafe.slug == "cafe-culture-came-late-to-portsmunde"
    assert Author.objects.get(name="Zoé Ångström").bio.startswith("The author is a historian")
    assert Publication.objects.get().name == "Gull Review"
    assert "<p>The first espresso machine" in cafe.body_html


@pytest.mark.django_db
def test_named_encoding_overrides_detection(tmp_path):
    piece = tmp_path / "piece.txt"
    piece.write_bytes("Zażółć: a Polish title\n\nTreść artykułu.".encode("cp1250"))

    report = import_paths([piece], encoding="cp1250")

    assert report.ok
    assert Article.objects.get().title == "Zażółć: a Polish title"
    wrong = import_paths([piece], encoding="utf-8")
    assert not wrong.ok and "not valid utf-8" in wrong.failures[0].reason


@pytest.mark.django_db
def test_huge_text_piece_is_imported_whole(tmp_path):
    paragraph = "The tide came in over the causeway and the bus waited, as it always does. " * 20
    piece = tmp_path / "huge.txt"
    piece.write_text("A very long piece\n\n" + "\n\n".join([paragraph.strip()] * 3000))
    assert piece.stat().st_size > 4_000_000

    report = import_paths([piece])

    assert report.ok and report.counts["created"] == 1
    article = Article.objects.get()
    assert article.body.count("\n\n") == 2999
    assert article.body_html.count("<p>") == 3000


@pytest.mark.django_db
def test_an_imported_text_file_takes_comments(tmp_path):
    (tmp_path / "piece.txt").write_text("Harbour dues\n\nThe only paragraph.")

    import_paths([tmp_path / "piece.txt"])

    assert Article.objects.get(title="Harbour dues").comments_open is True
