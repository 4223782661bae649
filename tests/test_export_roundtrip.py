"""Export, empty the database, import the export: everything comes back, field by field.

WXR keeps times to the second (WordPress's format), so its comparison drops
microseconds; WXR also leaves spam comments out. jsonl is lossless.
"""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.importers.service import import_paths
from articles.models import (
    Article,
    ArticleSlugHistory,
    Author,
    Byline,
    Comment,
    Publication,
    Topic,
)
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    PublicationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def seed_archive() -> None:
    call_command("seed_demo", stdout=StringIO())
    first, second, third = AuthorFactory(name="Zeno Aalto"), AuthorFactory(), AuthorFactory(bio="")
    unusual = ArticleFactory(
        title='Tricky "quotes" & <angle> brackets ]]> and a CDATA end',
        body="A paragraph with *emphasis*, a [link](https://e.example/x) and ]]> inside.\n\n"
        "## A heading\n\n- a list\n- of two",
        standfirst="Ampersands & angle <brackets>, kept as typed.",
        authors=[third, first, second],  # byline order is not alphabetical
        topics=[TopicFactory(name="Ports & Harbours")],
        publication=None,
        source_url="https://old.example.org/pieces/tricky?x=1&y=2",
        comments_open=False,
    )
    ArticleFactory(status="draft", published_at=None, authors=[first])
    ArticleFactory(
        published_at=timezone.now() + dt.timedelta(days=30),  # scheduled
        publication=PublicationFactory(website="https://harbour.example.org/"),
        authors=[second],
    )
    root = CommentFactory(article=unusual, body="Root <b>not bold</b> & plain\nsecond line")
    reply = CommentFactory(article=unusual, parent=root, status=Comment.Status.PENDING)
    CommentFactory(article=unusual, parent=reply, status=Comment.Status.REMOVED, url="")
    CommentFactory(article=unusual, parent=root, body="Another reply at the same level")
    CommentFactory(article=unusual, status=Comment.Status.SPAM, body="Spam stays out of WXR")


def snapshot(*, wxr: bool) -> dict:
    def when(value):
        return value.replace(microsecond=0) if (value and wxr) else value

    articles = {}
    for a in Article.objects.select_related("publication").prefetch_related(
        "bylines__author", "topics", "comments"
    ):
        pub = a.publication
        shown = [c for c in a.comments.all() if not (wxr and c.status == Comment.Status.SPAM)]
        ident = {c.pk: (when(c.created_at), c.name, c.body) for c in shown}
        articles[a.slug] = {
            "title": a.title,
            "standfirst": a.standfirst,
            "body": a.body,
            "body_html": a.body_html,
            "status": a.status,
            "published_at": when(a.published_at),
            "comments_open": a.comments_open,
            "source_url": a.source_url,
            "publication": (pub.name, pub.slug, pub.about, pub.website) if pub else None,
            "authors": [(b.author.name, b.author.bio) for b in a.bylines.all()],
            "topics": sorted((t.name, t.slug) for t in a.topics.all()),
            "comments": sorted(
                (
                    ident[c.pk],
                    c.email,
                    c.url,
                    c.status,
                    ident.get(c.parent_id) if c.parent_id else None,
                )
                for c in shown
            ),
        }
    return {
        "articles": articles,
        "authors": sorted(
            Author.objects.filter(bylines__isnull=False).distinct().values_list("name", "bio")
        ),
        "publications": sorted(Publication.objects.values_list("name", "about", "website")),
        "topics": sorted(Topic.objects.values_list("name", "slug")),
    }


def empty_the_archive() -> None:
    Comment.objects.all().delete()
    Byline.objects.all().delete()
    ArticleSlugHistory.objects.all().delete()
    Article.objects.all().delete()
    Author.objects.all().delete()
    Publication.objects.all().delete()
    Topic.objects.all().delete()


@pytest.mark.parametrize("fmt", ["wxr", "jsonl"])
def test_export_then_import_into_an_empty_archive_reproduces_it(tmp_path, fmt):
    seed_archive()
    before = snapshot(wxr=fmt == "wxr")
    assert len(before["articles"]) >= 39
    assert sum(len(a["comments"]) for a in before["articles"].values()) > 10
    path = tmp_path / f"archive.{fmt}"
    call_command("export_articles", "--format", fmt, str(path), stdout=StringIO())

    empty_the_archive()
    assert not Article.objects.exists()
    report = import_paths([path], format=fmt)

    assert report.ok, report.failures
    assert report.counts["created"] == len(before["articles"])
    after = snapshot(wxr=fmt == "wxr")
    for slug, article in before["articles"].items():
        assert after["articles"].get(slug) == article, slug
    assert after == before


@pytest.mark.parametrize("fmt", ["wxr", "jsonl"])
def test_importing_an_export_twice_changes_nothing(tmp_path, fmt):
    ArticleFactory.create_batch(3)
    path = tmp_path / f"archive.{fmt}"
    call_command("export_articles", "--format", fmt, str(path), stdout=StringIO())
    empty_the_archive()

    import_paths([path], format=fmt)
    again = import_paths([path], format=fmt)

    assert again.counts["unchanged"] == 3 and again.counts["created"] == 0
    assert Article.objects.count() == 3


def test_export_to_a_missing_folder_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no such folder"):
        call_command("export_articles", "--format", "jsonl", str(tmp_path / "nope" / "x.jsonl"))


def test_export_to_stdout(capsys):
    ArticleFactory(title="A piece for the pipe")
    call_command("export_articles", "--format", "jsonl", "-", stderr=StringIO())

    [line] = capsys.readouterr().out.splitlines()
    assert '"title": "A piece for the pipe"' in line


def test_a_jsonl_export_holds_the_source_not_the_rendered_html_or_local_paths(capsys):
    """body_html is rebuilt from the Markdown on import; where a record was read
    from is this machine's business, not the file's."""
    ArticleFactory(title="A lean export", body="Some *emphasis*.")
    call_command("export_articles", "--format", "jsonl", "-", stderr=StringIO())

    [line] = capsys.readouterr().out.splitlines()
    record = json.loads(line)
    assert record["body"] == "Some *emphasis*."
    assert "body_html" not in record and "origin" not in record
