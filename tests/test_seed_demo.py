"""``manage.py seed_demo`` fills an empty archive with invented demo content."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from articles.models import Article, Author, Byline, Comment, Publication, Topic

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seeds_minimum_counts():
    output = seed()

    assert Article.objects.count() >= 36
    assert Author.objects.count() >= 6
    assert Publication.objects.count() >= 3
    assert Topic.objects.count() >= 8
    assert Comment.objects.count() > 0
    assert output.startswith(f"seeded {Article.objects.count()} articles, ")
    assert f"{Comment.objects.count()} comments" in output


def test_every_author_bio_starts_with_the_author_is():
    seed()

    bios = list(Author.objects.values_list("bio", flat=True))
    assert bios
    assert all(bio.startswith("The author is") for bio in bios)


def test_every_publication_has_an_about_blurb():
    seed()

    assert all(len(about) > 80 for about in Publication.objects.values_list("about", flat=True))


def test_comments_are_threaded_and_nested():
    seed()

    assert Comment.objects.filter(parent__parent__isnull=False).exists()
    replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
    assert all(r.article_id == r.parent.article_id for r in replies)
    assert all(r.created_at > r.parent.created_at for r in replies)
    assert Comment.objects.filter(status=Comment.Status.PENDING).exists()
    assert Comment.objects.approved().count() > Comment.objects.count() * 0.8
    emails = Comment.objects.values_list("email", flat=True)
    assert all(e.endswith(("@example.org", "@example.com")) for e in emails)


def test_rerunning_skips():
    seed()
    counts = (Article.objects.count(), Comment.objects.count(), Author.objects.count())

    output = seed()

    assert "database already has articles; seed_demo skipped" in output
    assert (Article.objects.count(), Comment.objects.count(), Author.objects.count()) == counts


def test_seeded_pieces_have_distinct_titles_and_slugs():
    seed()

    titles = list(Article.objects.values_list("title", flat=True))
    slugs = list(Article.objects.values_list("slug", flat=True))
    assert len(set(titles)) == len(titles)
    assert len(set(slugs)) == len(slugs)


def test_article_states_bylines_and_rendered_bodies():
    seed()
    now = timezone.now()

    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    assert Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now).exists()
    assert Article.objects.filter(comments_open=False).exists()
    assert Byline.objects.filter(position=1).exists()
    assert not Article.objects.annotate(n=Count("bylines")).filter(n=0).exists()
    assert not Article.objects.annotate(n=Count("topics")).filter(n=0).exists()
    assert all(a.body_html.startswith("<p>") for a in Article.objects.all())
    assert Article.objects.filter(body__contains="diplomacy").exists()
    assert Article.objects.filter(body__regex=r"[\u3040-\u30ff]").exists()  # Japanese kana
    assert Article.objects.filter(body__contains="灯").exists()  # Chinese
