"""WordPress exports: versions, namespaces, statuses, threads, malformed files, idempotence."""

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.importers.html_to_markdown import html_to_markdown
from articles.importers.service import import_paths
from articles.importers.wxr import parse_wxr
from articles.models import Article, Comment, Topic
from articles.rendering import render_markdown

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def summary_count(out: str, label: str) -> int:
    """A number from the import summary table ("  created    3")."""
    return int(re.search(rf"^\s+{label}\s+(\d+)$", out, re.MULTILINE).group(1))


@pytest.mark.parametrize(
    ("name", "site"),
    [
        ("wxr-1.0.xml", "saltmarsh"),
        ("wxr-1.1.xml", "weir"),
        ("wxr-1.1-https.xml", "quayside"),
        ("wxr-1.2-https.xml", "estuary"),
    ],
)
def test_each_wxr_version_and_namespace_variant_imports_the_post(name, site):
    report = import_paths([FIXTURES / name])

    assert report.ok and report.counts["created"] == 1
    article = Article.objects.get()
    assert article.title == f"Why the {site} tide tables were wrong"
    assert article.slug == "tide-tables"
    assert article.status == "published"
    assert article.published_at == datetime(2022, 3, 4, 5, 6, 7, tzinfo=UTC)
    assert article.standfirst == "A breakwater changed the tides; the tables stayed the same."
    assert article.body.split("\n\n") == [
        "The tables were printed from a survey made before the new breakwater.",
        "Nobody reprinted them, because nobody owned them.",
    ]
    assert article.byline_authors[0].name == "Rosalind Ebbe"  # display name, not the login
    assert [t.name for t in article.topics.all()] == ["Tides"]
    assert article.import_key == f"https://{site}.example.org/?p=7"
    assert article.comments.get().body == "The harbour office has a corrected copy, if you ask."


def test_wxr_12_posts_statuses_and_skips():
    report = import_paths([FIXTURES / "wxr-1.2.xml"])

    assert report.ok
    assert report.counts["created"] == 3  # published, scheduled, draft
    assert report.skipped == {
        "page": 1,
        "attachment": 1,
        "nav menu item": 1,
        "private post": 1,
        "trashed post": 1,
        "pingback": 1,
        "spam comment": 1,
    }
    ferry = Article.objects.get(slug="last-ferry-brannock")
    assert ferry.status == "published" and ferry.is_live
    assert ferry.published_at == datetime(2023, 5, 9, 8, 30, tzinfo=UTC)  # the GMT date
    assert ferry.standfirst == "An island timetable was also a calendar."
    assert ferry.publication.name == "The Tidewater Quarterly"
    assert ferry.publication.about == "Essays on estuaries, ferries and the towns between them"
    assert ferry.publication.website == "https://tidewater.example.org"
    assert [t.name for t in ferry.topics.order_by("name")] == ["Ferries", "Islands", "Subsidies"]
    assert ferry.source_url == "https://tidewater.example.org/2023/05/last-ferry-brannock/"

    scheduled = Article.objects.get(slug="dredging-promise")
    assert scheduled.status == "published" and not scheduled.is_live  # future = scheduled
    assert scheduled.comments_open is False
    assert scheduled.byline_authors[0].name == "Bastien Desmet"

    draft = Article.objects.get(title="Notes towards a piece on lighthouse keepers")
    assert draft.status == "draft" and draft.published_at is None
    assert draft.slug == "notes-towards-a-piece-on-lighthouse-keepers"


def test_wxr_content_is_converted_and_sanitized():
    import_paths([FIXTURES / "wxr-1.2.xml"])
    ferry = Article.objects.get(slug="last-ferry-brannock")

    assert "script" not in ferry.body and "alert" not in ferry.body_html
    paragraphs = ferry.body.split("\n\n")
    assert paragraphs[0].startswith("For forty years the <em>Marigold</em> crossed")
    assert paragraphs[1].startswith("When the county withdrew the subsidy")
    assert "## What the subsidy bought" in paragraphs
    assert '<a href="https://tidewater.example.org/timetables/" rel="noopener noreferrer">' in (
        ferry.body_html
    )
    assert "<li>a doctor's visit every Thursday</li>" in ferry.body_html
    # The stored HTML is what the Markdown renders to: the next editor save changes nothing.
    assert render_markdown(ferry.body) == ferry.body_html


def test_comment_threads_with_children_before_parents():
    import_paths([FIXTURES / "wxr-1.2.xml"])
    ferry = Article.objects.get(slug="last-ferry-brannock")
    comments = {c.name: c for c in ferry.comments.all()}

    assert set(comments) == {"Ines Maribor", "Hallam Pryce", "Tobiah Lund"}
    assert comments["Ines Maribor"].parent is None
    assert comments["Hallam Pryce"].parent == comments["Ines Maribor"]  # listed first in the file
    assert comments["Tobiah Lund"].parent == comments["Hallam Pryce"]
    assert comments["Tobiah Lund"].status == Comment.Status.PENDING
    assert comments["Ines Maribor"].status == Comment.Status.APPROVED
    assert comments["Ines Maribor"].body == (
        "My grandmother kept the timetable pinned above the stove.\n\n"
        "Does anyone know who takes the post now?"
    )
    assert "launch & lands" in comments["Hallam Pryce"].body
    assert comments["Hallam Pryce"].url == "https://pryce.example.net"
    assert comments["Hallam Pryce"].created_at == datetime(2023, 5, 10, 10, 0, tzinfo=UTC)


def test_imported_comments_show_their_text_on_the_page(client):
    """The bulk path writes with COPY, bypassing save(): the shown text must still be there."""
    import_paths([FIXTURES / "wxr-1.2.xml"])
    ferry = Article.objects.get(slug="last-ferry-brannock")

    page = client.get(ferry.get_absolute_url()).content.decode()

    assert "My grandmother kept the timetable pinned above the stove." in page
    assert "launch &amp; lands" in page


def test_reimport_changes_nothing_and_says_so(capsys):
    call_command("import_articles", str(FIXTURES / "wxr-1.2.xml"), "--no-progress")
    first = {a.pk: (a.updated_at, a.body) for a in Article.objects.all()}
    comment_ids = set(Comment.objects.values_list("pk", flat=True))
    capsys.readouterr()

    call_command("import_articles", str(FIXTURES / "wxr-1.2.xml"), "--no-progress")

    out = capsys.readouterr().out
    assert summary_count(out, "unchanged") == 3
    assert summary_count(out, "created") == 0
    assert "Nothing changed" in out
    assert {a.pk: (a.updated_at, a.body) for a in Article.objects.all()} == first
    assert set(Comment.objects.values_list("pk", flat=True)) == comment_ids


def test_changed_source_updates_the_piece_in_place(tmp_path):
    source = tmp_path / "site.xml"
    shutil.copy(FIXTURES / "wxr-1.2.xml", source)
    import_paths([source])
    ferry = Article.objects.get(slug="last-ferry-brannock")

    text = source.read_text()
    text = text.replace(
        "The last ferry to Brannock Sound", "The last ferry to Brannock Sound, revised"
    )
    text = text.replace("Waiting for a moderator:", "Approved later:")
    text = text.replace(
        "<wp:comment_approved><![CDATA[0]]></wp:comment_approved>",
        "<wp:comment_approved><![CDATA[1]]></wp:comment_approved>",
    )
    text = text.replace(
        '<category domain="post_tag" nicename="subsidies"><![CDATA[Subsidies]]></category>', ""
    )
    source.write_text(text)

    report = import_paths([source])

    assert report.counts["updated"] == 1 and report.counts["unchanged"] == 2
    assert Article.objects.count() == 3
    ferry.refresh_from_db()
    assert ferry.title == "The last ferry to Brannock Sound, revised"
    assert ferry.slug == "last-ferry-brannock"  # the permalink stays
    assert [t.name for t in ferry.topics.order_by("name")] == ["Ferries", "Islands"]
    tobiah = ferry.comments.get(name="Tobiah Lund")
    assert tobiah.status == Comment.Status.APPROVED and tobiah.body.startswith("Approved later:")
    assert ferry.comments.count() == 3


def test_reimport_after_only_a_comment_was_approved_updates_it(tmp_path, client):
    """The approval is the only difference: the import must not call it unchanged."""
    source = tmp_path / "site.xml"
    shutil.copy(FIXTURES / "wxr-1.2.xml", source)
    import_paths([source])
    ferry = Article.objects.get(slug="last-ferry-brannock")
    held = ferry.comments.get(name="Tobiah Lund")
    assert held.status == Comment.Status.PENDING
    assert held.body.startswith("Waiting for a moderator:")
    assert "Waiting for a moderator:" not in client.get(ferry.get_absolute_url()).content.decode()

    text = source.read_text()
    assert text.count("<wp:comment_approved><![CDATA[0]]></wp:comment_approved>") == 1
    source.write_text(
        text.replace(
            "<wp:comment_approved><![CDATA[0]]></wp:comment_approved>",
            "<wp:comment_approved><![CDATA[1]]></wp:comment_approved>",
        )
    )
    report = import_paths([source])

    assert report.counts["updated"] == 1 and report.counts["unchanged"] == 2
    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED
    assert "Waiting for a moderator:" in client.get(ferry.get_absolute_url()).content.decode()


def test_slug_clashes_get_a_suffix():
    import_paths(
        [FIXTURES / "wxr-1.0.xml", FIXTURES / "wxr-1.1.xml", FIXTURES / "wxr-1.2-https.xml"]
    )

    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "tide-tables",
        "tide-tables-2",
        "tide-tables-3",
    ]
    assert Topic.objects.filter(name="Tides").count() == 1  # shared, not duplicated


def test_malformed_xml_reports_file_and_line_keeps_earlier_items_and_goes_on():
    malformed = FIXTURES / "bad" / "malformed.xml"

    report = import_paths([malformed, FIXTURES / "wxr-1.0.xml"])

    assert not report.ok
    [failure] = report.failures
    assert failure.file == str(malformed) and failure.line == 20
    assert "malformed XML" in failure.reason and "rest of the file" in failure.reason
    titles = set(Article.objects.values_list("title", flat=True))
    assert titles == {"The first piece arrives intact", "Why the saltmarsh tide tables were wrong"}


def test_command_exits_non_zero_and_lists_failures(capsys):
    with pytest.raises(CommandError, match="1 item"):
        call_command(
            "import_articles",
            str(FIXTURES / "bad" / "malformed.xml"),
            str(FIXTURES / "wxr-1.0.xml"),
        )
    captured = capsys.readouterr()
    assert "malformed.xml:20: malformed XML" in captured.out
    assert summary_count(captured.out, "created") == 2
    assert "[import]" in captured.err and "/s" in captured.err  # the progress line
    assert Article.objects.count() == 2


def test_dry_run_writes_nothing_but_counts(capsys):
    with pytest.raises(CommandError):  # the fixtures folder holds the broken files too
        call_command("import_articles", str(FIXTURES), "--dry-run", "--no-progress")

    out = capsys.readouterr().out
    assert "Dry run: nothing was written." in out
    assert summary_count(out, "created") == 13
    assert (
        Article.objects.count() == 0 and Comment.objects.count() == 0 and not Topic.objects.exists()
    )


def test_unsafe_xml_entities_are_refused(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<rss><channel><title>&b;</title></channel></rss>"
    )

    [failure] = list(parse_wxr(str(bomb), file="bomb.xml"))

    assert "unsafe XML" in failure.reason


def test_huge_post_content_streams_through(tmp_path):
    paragraph = (
        "<p>" + "The estuary keeps its own counsel about where the channel runs. " * 30 + "</p>\n"
    )
    head = (FIXTURES / "wxr-1.0.xml").read_text()
    huge = head.replace(
        "<![CDATA[The tables were printed",
        "<![CDATA[" + paragraph * 2500 + "The tables were printed",
    )
    path = tmp_path / "huge.xml"
    path.write_text(huge)
    assert path.stat().st_size > 4_000_000

    report = import_paths([path])

    assert report.ok
    article = Article.objects.get()
    assert article.body_html.count("<p>") == 2502
    assert render_markdown(article.body) == article.body_html


@pytest.mark.parametrize(
    "html",
    [
        "Loose *stars* and _underscores_ and [brackets](x)\n\nSecond <em>para</em>",
        "<p>1. not a list</p><p># not a heading</p><p>- not an item</p><p>| not | a table</p>",
        "<p>a</p><pre>code\n\nwith a blank line</pre><table><tr><td>x</td></tr></table>",
        "<div><p>in a div</p></div><h1>Top</h1><p>x &amp; y &lt; z `tick` {brace}</p>",
        "<p>Line<br>break</p><p>: colon</p><blockquote>quoted</blockquote>after",
        '[caption id="a"]<img src="https://e.example/a.png" alt="a"> A photo[/caption]',
        "<h3>Heading <em>with</em> emphasis</h3><hr><ol><li>one</li></ol>",
        "<p onclick='x()'>evil <a href='javascript:alert(1)'>link</a></p><iframe src=x></iframe>",
    ],
)
def test_converted_markdown_renders_to_the_html_stored_with_it(html):
    converted = html_to_markdown(html)

    assert render_markdown(converted.markdown) == converted.html
    assert "javascript" not in converted.html and "onclick" not in converted.html
