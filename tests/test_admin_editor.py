"""Writing in the admin: honest status, the Markdown editor's preview, and a preview
of unsaved edits that changes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from tests.factories import ArticleFactory
from tests.test_history import article_form

pytestmark = pytest.mark.django_db


def test_a_scheduled_piece_says_scheduled_for_its_date_not_published(staff_client):
    when = timezone.now() + dt.timedelta(days=3)
    scheduled = ArticleFactory(title="Next week's piece", published_at=when)
    ArticleFactory(title="Already out", published_at=timezone.now() - dt.timedelta(days=1))

    listing = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
    form = staff_client.get(
        reverse("admin:articles_article_change", args=[scheduled.pk])
    ).content.decode()

    assert '<span class="piece-status--scheduled">Scheduled for ' in listing
    assert listing.count("Scheduled for") == 1 and ">Published<br>" in listing
    assert "Scheduled for " in form and "not shown to readers until then" in form


def test_the_status_filter_tells_scheduled_from_live(staff_client):
    ArticleFactory(published_at=timezone.now() + dt.timedelta(days=1))
    ArticleFactory(published_at=timezone.now() - dt.timedelta(days=1))
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    url = reverse("admin:articles_article_changelist")

    counts = {
        value: staff_client.get(url, {"status": value}).context["cl"].result_count
        for value in ("scheduled", "live", "draft")
    }
    # Counts per status on request (_facets): always on they would scan a million rows.
    html = staff_client.get(url, {"_facets": "True"}).content.decode()

    assert counts == {"scheduled": 1, "live": 1, "draft": 1}
    assert "Scheduled (1)" in html and "Published (1)" in html  # facets


def test_long_titles_are_cut_in_the_list_with_the_whole_title_on_hover(staff_client):
    title = "A headline " + "that keeps going " * 12 + "to the end"
    ArticleFactory(title=title)

    html = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()

    assert f'title="{title}"' in html and "…</span>" in html


def test_the_body_is_a_markdown_editor_with_a_rendered_preview(staff_client):
    article = ArticleFactory(body="Some *emphasis* here.")

    html = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    html = html.decode()

    assert 'class="markdown-editor"' in html
    assert f'data-markdown-preview="{reverse("admin:articles_article_markdown_preview")}"' in html
    assert "<p>Some <em>emphasis</em> here.</p>" in html  # the preview as loaded


def test_the_live_preview_renders_like_the_site_and_is_sanitized(staff_client, client):
    url = reverse("admin:articles_article_markdown_preview")

    rendered = staff_client.post(url, {"body": "## Heading\n\n<script>alert(1)</script>[x](/y)"})

    assert rendered.json()["html"].startswith("<h2>Heading</h2>")
    assert "<script" not in rendered.json()["html"]
    assert client.post(url, {"body": "x"}).status_code == 302  # to the login page


def test_previewing_an_edit_of_a_published_piece_changes_nothing(staff_client, client):
    article = ArticleFactory(title="The tide mill", body="The saved text.")
    versions = Version.objects.get_for_object(article).count()

    response = staff_client.post(
        reverse("admin:articles_article_preview", args=[article.pk]),
        article_form(article, title="The tide mill, restored", body="The **new** text."),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "The tide mill, restored" in html and "The <strong>new</strong> text." in html
    assert "Readers still see the saved version" in html
    article.refresh_from_db()
    assert article.title == "The tide mill" and article.body == "The saved text."
    assert Version.objects.get_for_object(article).count() == versions
    assert "The saved text." in client.get(article.get_absolute_url()).content.decode()


def test_the_comment_list_counts_its_statuses_only_on_request(staff_client):
    """At millions of comments, counting every filter's values on each view takes
    minutes: the counts come with "Show counts" (?_facets), as on the article list."""
    from articles.models import Comment
    from tests.factories import CommentFactory

    CommentFactory(status=Comment.Status.PENDING)
    url = "/admin/articles/comment/"
    plain = staff_client.get(url).content.decode()
    counted = staff_client.get(url, {"_facets": "True"}).content.decode()
    assert "Pending (1)" not in plain and "Pending (1)" in counted
