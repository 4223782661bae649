"""What the database itself guarantees, the published/visible rules, and safe Markdown."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, connection, transaction
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from articles.models import Article, Comment, slug_url
from articles.rendering import render_markdown
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    PublicationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


# --- Constraints the database enforces --------------------------------------


@pytest.mark.parametrize(
    "factory", [ArticleFactory, AuthorFactory, PublicationFactory, TopicFactory]
)
def test_slugs_are_unique_in_the_database(factory):
    factory(slug="same-slug")

    with pytest.raises(IntegrityError), transaction.atomic():
        factory(slug="same-slug")

    assert factory._meta.model.objects.filter(slug="same-slug").count() == 1


def test_an_unknown_article_status_is_rejected_by_the_check_constraint(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status="archived")

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_an_unknown_status_is_rejected_even_through_save(article):
    # save() does not run choices validation; the database is the last line.
    article.status = "bogus"
    with pytest.raises(IntegrityError), transaction.atomic():
        article.save()


def test_an_unknown_comment_status_is_rejected_by_the_check_constraint():
    comment = CommentFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(status="deleted")


def test_a_published_article_needs_a_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)

    assert not Article.objects.exists()


def test_clearing_the_date_of_a_published_article_is_rejected(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_an_undated_draft_is_allowed():
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    assert Article.objects.filter(pk=draft.pk, published_at__isnull=True).exists()


def _check_deferred_constraints_now():
    """comment_reply_same_article is DEFERRABLE INITIALLY DEFERRED: it would only be
    checked at COMMIT, which a django_db test never reaches. Check it at each statement."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_a_reply_must_belong_to_its_parents_article():
    parent = CommentFactory()
    other_article = ArticleFactory()
    _check_deferred_constraints_now()

    with pytest.raises(IntegrityError, match="comment_reply_same_article"), transaction.atomic():
        CommentFactory(article=other_article, parent=parent)

    assert not Comment.objects.filter(article=other_article).exists()


def test_moving_a_reply_to_another_article_is_rejected():
    parent = CommentFactory()
    reply = CommentFactory(article=parent.article, parent=parent)
    other_article = ArticleFactory()
    _check_deferred_constraints_now()

    with pytest.raises(IntegrityError, match="comment_reply_same_article"), transaction.atomic():
        Comment.objects.filter(pk=reply.pk).update(article=other_article)


def test_a_reply_on_the_same_article_passes_the_composite_key():
    parent = CommentFactory()
    _check_deferred_constraints_now()

    reply = CommentFactory(article=parent.article, parent=parent)

    assert list(parent.replies.all()) == [reply]


def test_a_comment_cannot_be_its_own_parent():
    comment = CommentFactory()

    with pytest.raises(IntegrityError, match="comment_not_own_parent"), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(parent_id=comment.pk)

    comment.refresh_from_db()
    assert comment.parent_id is None


# --- published() and visible_to() -------------------------------------------


@pytest.fixture
def pieces(db):
    now = timezone.now()
    return {
        "live": ArticleFactory(published_at=now - dt.timedelta(hours=1)),
        "draft": ArticleFactory(status=Article.Status.DRAFT, published_at=None),
        "dated_draft": ArticleFactory(
            status=Article.Status.DRAFT, published_at=now - dt.timedelta(days=2)
        ),
        "scheduled": ArticleFactory(published_at=now + dt.timedelta(days=1)),
    }


def test_published_is_only_what_has_gone_live(pieces):
    assert list(Article.objects.published()) == [pieces["live"]]
    assert pieces["live"].is_live
    assert not pieces["draft"].is_live
    assert not pieces["dated_draft"].is_live
    assert not pieces["scheduled"].is_live


def test_anonymous_readers_see_only_live_pieces(pieces):
    assert list(Article.objects.visible_to(AnonymousUser())) == [pieces["live"]]


def test_a_logged_in_non_staff_user_sees_only_live_pieces(pieces, django_user_model):
    reader = django_user_model.objects.create_user("reader", "reader@example.org", "pw-123456")

    assert list(Article.objects.visible_to(reader)) == [pieces["live"]]


def test_staff_see_drafts_and_scheduled_pieces(pieces, staff_client):
    visible = set(Article.objects.visible_to(staff_client.user))

    assert visible == set(pieces.values())


# --- Markdown rendering and XSS ---------------------------------------------


def test_plain_paragraphs_become_p_elements():
    html = render_markdown("The first paragraph.\n\nThe second paragraph.")

    assert html == "<p>The first paragraph.</p>\n<p>The second paragraph.</p>"


def test_saving_an_article_renders_its_body(article):
    article.body = "A new *opening*.\n\nAnd a close."
    article.save(update_fields=["body"])

    article.refresh_from_db()
    assert article.body_html == "<p>A new <em>opening</em>.</p>\n<p>And a close.</p>"


HARMLESS = "Some *emphasis*, a [source](https://example.org/report).\n\n> A quoted line."

# (Markdown source, text that must not survive anywhere in body_html or the page)
XSS_PAYLOADS = {
    "script": ("<script>alert('xss-script')</script>", ["<script", "xss-script"]),
    "onerror": ('<img src="x.png" onerror="alert(\'xss-onerror\')">', ["onerror", "xss-onerror"]),
    "onclick": ("<p onclick=\"alert('xss-onclick')\">Click</p>", ["onclick", "xss-onclick"]),
    "javascript-markdown-link": (
        "[click me](javascript:alert(1))",
        ["javascript:", "alert("],
    ),
    "javascript-html-link": (
        "<a href=\"javascript:alert('xss-htmllink')\">click</a>",
        ["javascript:", "xss-htmllink"],
    ),
    "mixed-case-javascript": (
        "<a href=\"JaVaScRiPt:alert('xss-mixedcase')\">click</a>",
        ["javascript:", "xss-mixedcase"],
    ),
    "iframe": (
        '<iframe src="https://evil.example/xss-iframe"></iframe>',
        ["<iframe", "xss-iframe"],
    ),
    "svg-onload": ("<svg onload=\"alert('xss-svg')\"></svg>", ["<svg", "onload", "xss-svg"]),
    "data-url-markdown-image": (
        "![pixel](data:image/svg+xml;base64,eHNzLWRhdGFtZA==)",
        ["data:", "eHNzLWRhdGFtZA"],
    ),
    "data-url-html-image": (
        '<img src="data:text/html;base64,eHNzLWRhdGFodG1s">',
        ["data:", "eHNzLWRhdGFodG1s"],
    ),
}


@pytest.mark.parametrize("payload", XSS_PAYLOADS.values(), ids=XSS_PAYLOADS.keys())
def test_dangerous_html_is_stripped_from_the_body_and_the_page(client, payload):
    source, forbidden = payload
    article = ArticleFactory(body=f"{HARMLESS}\n\n{source}\n\nThe closing paragraph.")

    page = client.get(reverse("articles:detail", kwargs={"slug": article.slug}))

    assert page.status_code == 200
    html = page.content.decode()
    for text in forbidden:
        assert text not in article.body_html.lower()
        if text.startswith("xss-") or text.startswith("eHNz"):
            assert text not in html
    # Page-wide checks that cannot be confused with the page's own markup.
    assert "alert(" not in html
    assert "javascript:" not in html.lower()
    # The harmless Markdown around the payload survives.
    for fragment in [
        "<em>emphasis</em>",
        '<a href="https://example.org/report" rel="noopener noreferrer">source</a>',
        "<blockquote>\n<p>A quoted line.</p>\n</blockquote>",
        "<p>The closing paragraph.</p>",
    ]:
        assert fragment in article.body_html
        assert fragment in html


def test_harmless_markdown_survives_sanitising():
    html = render_markdown(
        "**Bold** and *italic*.\n\n"
        "[A link](https://example.org/a?b=1) and [mail](mailto:editor@example.org).\n\n"
        "> A quotation.\n\n"
        "- one\n- two\n\n"
        "## A heading"
    )

    assert "<strong>Bold</strong>" in html
    assert "<em>italic</em>" in html
    assert '<a href="https://example.org/a?b=1" rel="noopener noreferrer">A link</a>' in html
    assert '<a href="mailto:editor@example.org" rel="noopener noreferrer">mail</a>' in html
    assert "<blockquote>" in html
    assert "<li>one</li>" in html
    assert "<h2>A heading</h2>" in html


def test_links_to_slug_pages_follow_the_script_prefix_and_the_slug():
    """The remembered URLs (articles.models.slug_url) are reverse()'s, per prefix."""
    try:
        assert slug_url("articles:author", "ada-lee") == reverse(
            "articles:author", kwargs={"slug": "ada-lee"}
        )
        set_script_prefix("/archive/")
        assert slug_url("articles:author", "ada-lee").startswith("/archive/")
        assert slug_url("articles:detail", "x") == reverse("articles:detail", kwargs={"slug": "x"})
    finally:
        set_script_prefix("/")
    assert not slug_url("articles:author", "ada-lee").startswith("/archive/")
