"""History restores: a version is restored only through its own model's admin, and
only by someone allowed to change every row the restore writes (issue 19 point 2).

Reverting a version reverts its whole revision. Before this, a version was found by
id alone, so an author's or a publication's history pages would restore an
*article's* revision for someone with no right to touch articles.
"""

import pytest
import reversion
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, PublicationFactory

pytestmark = pytest.mark.django_db

OLD_TEXT = "The withdrawn claim about the harbour board."


def staff_with(django_user_model, *codenames: str) -> Client:
    user = django_user_model.objects.create_user(
        "narrow", "narrow@example.org", "pw", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    client = Client()
    client.force_login(user)
    return client


def withdrawn_article(pk: int) -> tuple[Article, Version]:
    """A piece that was live with OLD_TEXT and is now a corrected draft; and its old version."""
    article = ArticleFactory(pk=pk, title="Harbour board accounts", body=OLD_TEXT)
    with reversion.create_revision():
        article.save()
    old = Version.objects.get_for_object(article).get()
    article.status = Article.Status.DRAFT
    article.published_at = None
    article.body = "Withdrawn pending a correction."
    with reversion.create_revision():
        article.save()
    return article, old


def assert_still_withdrawn(article: Article, client) -> None:
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert OLD_TEXT not in article.body
    assert client.get(article.get_absolute_url()).status_code == 404


def test_author_history_page_cannot_restore_an_article(django_user_model, client):
    author = AuthorFactory(pk=880001, name="Ines Varga", slug="ines-varga")
    article, old = withdrawn_article(pk=880001)  # same id: the old lookup matched on id alone
    attacker = staff_with(django_user_model, "view_author", "change_author")

    url = reverse("admin:articles_author_revision", args=[author.pk, old.pk])
    response = attacker.post(
        url, {"name": "Ines Varga", "slug": "ines-varga", "bio": "", "_save": "Save"}
    )

    assert_still_withdrawn(article, client)
    assert response.status_code == 404


def test_publication_recover_page_cannot_restore_an_article(django_user_model, client):
    article, old = withdrawn_article(pk=880002)
    attacker = staff_with(django_user_model, "add_publication")

    url = reverse("admin:articles_publication_recover", args=[old.pk])
    response = attacker.post(
        url, {"name": "Anything", "slug": "anything", "about": "", "website": "", "_saveasnew": "1"}
    )

    assert_still_withdrawn(article, client)
    assert response.status_code == 404


def test_a_revision_spanning_models_needs_change_permission_on_each(django_user_model, client):
    """An author's own version, but its revision also holds an article: refused."""
    author = AuthorFactory(name="Ines Varga", slug="ines-varga")
    article = ArticleFactory(title="Harbour board accounts", body=OLD_TEXT, authors=[author])
    with reversion.create_revision():
        author.save()
        article.save()
    author_version = Version.objects.get_for_object(author).get()
    article.status, article.published_at, article.body = Article.Status.DRAFT, None, "Withdrawn."
    article.save()
    attacker = staff_with(django_user_model, "view_author", "change_author")

    url = reverse("admin:articles_author_revision", args=[author.pk, author_version.pk])
    response = attacker.post(
        url, {"name": "Ines Varga", "slug": "ines-varga", "bio": "", "_save": "Save"}
    )

    assert_still_withdrawn(article, client)
    assert response.status_code == 403
    assert attacker.get(url).status_code == 403


def test_an_editor_allowed_to_change_pieces_restores_one(django_user_model, client):
    article, old = withdrawn_article(pk=880003)
    editor = staff_with(
        django_user_model, "view_article", "change_article", "change_byline", "view_byline"
    )
    form = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": OLD_TEXT,
        "status": "published",
        "published_at_0": old.field_dict["published_at"].date().isoformat(),
        "published_at_1": old.field_dict["published_at"].strftime("%H:%M:%S"),
        "publication": article.publication_id,
        "comments_open": "on",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    byline = article.bylines.get()
    form |= {
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "1",
        "bylines-0-id": byline.pk,
        "bylines-0-article": article.pk,
        "bylines-0-author": byline.author_id,
        "bylines-0-position": byline.position,
    }

    url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
    response = editor.post(url, form)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and OLD_TEXT in article.body
    assert OLD_TEXT in client.get(article.get_absolute_url()).text


def test_recovering_a_deleted_publication_still_works_with_add_and_change(django_user_model):
    publication = PublicationFactory(name="The Tideline", slug="the-tideline")
    with reversion.create_revision():
        publication.save()
    pk = publication.pk
    publication.delete()
    version = Version.objects.get_deleted(type(publication)).get(object_id=str(pk))
    editor = staff_with(
        django_user_model, "view_publication", "add_publication", "change_publication"
    )

    response = editor.post(
        reverse("admin:articles_publication_recover", args=[version.pk]),
        {"name": "The Tideline", "slug": "the-tideline", "about": "", "website": "", "_save": "1"},
    )

    assert response.status_code == 302
    assert type(publication).objects.filter(pk=pk, name="The Tideline").exists()
