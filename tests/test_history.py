"""Edit history: every admin save is a version; diff, restore, recover; old slugs 301."""

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, ArticleSlugHistory, Author, Publication
from tests.factories import ArticleFactory, AuthorFactory, PublicationFactory, TopicFactory

pytestmark = pytest.mark.django_db


def article_form(article: Article, **changes) -> dict:
    """The admin change form for an article, as the browser would post it."""
    bylines = list(article.bylines.all())
    data = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "status": article.status,
        "published_at_0": article.published_at.date().isoformat() if article.published_at else "",
        "published_at_1": article.published_at.strftime("%H:%M:%S") if article.published_at else "",
        "publication": article.publication_id or "",
        "topics": [t.pk for t in article.topics.all()],
        "comments_open": "on" if article.comments_open else "",
        "source_url": article.source_url,
        "import_key": article.import_key or "",
        "bylines-TOTAL_FORMS": str(len(bylines)),
        "bylines-INITIAL_FORMS": str(len(bylines)),
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for i, byline in enumerate(bylines):
        data |= {
            f"bylines-{i}-id": byline.pk,
            f"bylines-{i}-article": article.pk,
            f"bylines-{i}-author": byline.author_id,
            f"bylines-{i}-position": byline.position,
        }
    if not data["comments_open"]:
        del data["comments_open"]
    data.update(changes)
    return data


def change_url(obj) -> str:
    return reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])


def save_in_admin(client, article, **changes):
    response = client.post(change_url(article), article_form(article, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return response


def test_each_admin_save_is_a_version_with_who_and_what_changed(staff_client):
    article = ArticleFactory(title="Tolls on the old bridge", topics=[TopicFactory()])
    save_in_admin(staff_client, article, title="Tolls on the old bridge, reconsidered")
    save_in_admin(staff_client, article, body="A rewritten first paragraph.")

    versions = Version.objects.get_for_object(article)
    # The piece as it was made (first_versions.py), then the editor's two saves.
    assert versions.count() == 3
    assert {v.revision.user.username for v in versions[:2]} == {"editor"}
    assert versions[2].field_dict["title"] == "Tolls on the old bridge"

    history = staff_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    assert history.content.decode().count('class="version-changes"') == 3
    assert "editor" in history.content.decode()

    newest, first = versions[0], versions[2]
    changes = staff_client.get(
        reverse("admin:articles_article_version_changes", args=[article.pk, newest.pk])
    )
    page = changes.content.decode()
    assert changes.status_code == 200
    assert '<th scope="row">Body</th>' in page
    assert "<del>The</del><ins>A rewritten</ins> first <del>paragraph sets" in page
    assert '<th scope="row">Title</th>' not in page  # unchanged in that save

    first_changes = staff_client.get(
        reverse("admin:articles_article_version_changes", args=[article.pk, first.pk])
    ).content.decode()
    assert "The first version" in first_changes


def test_diff_shows_words_removed_and_added_escaped(staff_client):
    article = ArticleFactory(title="Ports <and> harbours")
    save_in_admin(staff_client, article)  # the baseline version
    save_in_admin(staff_client, article, title="Ports <and> rivers")
    newest = Version.objects.get_for_object(article)[0]

    page = staff_client.get(
        reverse("admin:articles_article_version_changes", args=[article.pk, newest.pk])
    ).content.decode()

    assert "Ports &lt;and&gt; <del>harbours</del><ins>rivers</ins>" in page


def test_restore_an_earlier_version(staff_client):
    first_author, second_author = AuthorFactory(), AuthorFactory()
    article = ArticleFactory(title="Original title", authors=[first_author])
    save_in_admin(staff_client, article)
    original = Version.objects.get_for_object(article)[0]
    save_in_admin(
        staff_client,
        article,
        title="A worse title",
        **{"bylines-0-author": second_author.pk},
    )
    assert article.byline_authors == [second_author]

    url = reverse("admin:articles_article_revision", args=[article.pk, original.pk])
    preview = staff_client.get(url)
    assert preview.status_code == 200 and "Original title" in preview.content.decode()
    article.refresh_from_db()
    assert article.title == "A worse title"  # looking is not restoring

    form = article_form(Article.objects.get(pk=article.pk), title="Original title")
    form["bylines-0-author"] = first_author.pk
    response = staff_client.post(url, form)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Original title"
    assert article.byline_authors == [first_author]
    assert "Reverted" in Version.objects.get_for_object(article)[0].revision.get_comment()


def test_recover_a_deleted_article(staff_client):
    author = AuthorFactory(name="Selma Rook")
    article = ArticleFactory(title="A piece deleted by mistake", authors=[author])
    save_in_admin(staff_client, article)
    pk = article.pk
    staff_client.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=pk).exists()

    changelist = staff_client.get(reverse("admin:articles_article_changelist"))
    assert reverse("admin:articles_article_recoverlist") in changelist.content.decode()
    listing = staff_client.get(reverse("admin:articles_article_recoverlist"))
    assert "A piece deleted by mistake" in listing.content.decode()
    version = Version.objects.get_deleted(Article).get(object_id=str(pk))
    recover_url = reverse("admin:articles_article_recover", args=[version.pk])
    form_page = staff_client.get(recover_url)
    assert form_page.status_code == 200

    response = staff_client.post(recover_url, article_form(article))

    assert response.status_code == 302
    restored = Article.objects.get(pk=pk)
    assert restored.title == "A piece deleted by mistake"
    assert restored.byline_authors == [author]


def test_author_and_publication_saves_are_versioned(staff_client):
    author = AuthorFactory()
    publication = PublicationFactory()

    staff_client.post(
        change_url(author), {"name": author.name, "slug": author.slug, "bio": "The author is new."}
    )
    staff_client.post(
        change_url(publication),
        {"name": "Renamed Review", "slug": publication.slug, "about": "", "website": ""},
    )

    assert Author.objects.get().bio == "The author is new."
    assert Publication.objects.get().name == "Renamed Review"
    assert Version.objects.get_for_object(author).count() == 1
    assert Version.objects.get_for_object(publication).get().field_dict["name"] == "Renamed Review"
    page = staff_client.get(reverse("admin:articles_author_history", args=[author.pk]))
    assert "what changed" in page.content.decode()


def test_changing_a_slug_keeps_the_old_permalink(client, staff_client):
    article = ArticleFactory(slug="tolls-on-the-bridge")
    save_in_admin(staff_client, article, slug="bridge-tolls")
    save_in_admin(staff_client, article, slug="the-bridge-tolls")

    for old in ("tolls-on-the-bridge", "bridge-tolls"):
        response = client.get(f"/articles/{old}/?replytocom=3")
        assert response.status_code == 301
        assert response["Location"] == "/articles/the-bridge-tolls/?replytocom=3"
    assert client.get("/articles/the-bridge-tolls/").status_code == 200
    assert client.get("/articles/never-existed/").status_code == 404


def test_going_back_to_an_old_slug_serves_the_piece_there(client, staff_client):
    article = ArticleFactory(slug="first-slug")
    save_in_admin(staff_client, article, slug="second-slug")
    save_in_admin(staff_client, article, slug="first-slug")

    assert client.get("/articles/first-slug/").status_code == 200
    assert client.get("/articles/second-slug/")["Location"] == "/articles/first-slug/"
    assert list(ArticleSlugHistory.objects.values_list("slug", flat=True)) == ["second-slug"]


def test_restoring_a_version_with_another_slug_keeps_the_current_one_working(client, staff_client):
    article = ArticleFactory(slug="before")
    save_in_admin(staff_client, article)
    old = Version.objects.get_for_object(article)[0]
    save_in_admin(staff_client, article, slug="after")

    url = reverse("admin:articles_article_revision", args=[article.pk, old.pk])
    staff_client.post(url, article_form(Article.objects.get(pk=article.pk), slug="before"))

    assert client.get("/articles/before/").status_code == 200
    assert client.get("/articles/after/")["Location"] == "/articles/before/"


def test_old_slug_of_a_draft_is_not_revealed(client, staff_client):
    article = ArticleFactory(slug="draft-one", status="draft", published_at=None)
    save_in_admin(staff_client, article, slug="draft-two")

    assert client.get("/articles/draft-one/").status_code == 404
    assert staff_client.get("/articles/draft-one/").status_code == 301


def test_an_import_that_overwrites_an_edited_piece_leaves_the_edit_restorable(
    staff_client, tmp_path
):
    from articles.importers.service import import_paths

    piece = tmp_path / "piece.txt"
    piece.write_text("The ferry question\n\nThe source's first text.")
    import_paths([piece])
    article = Article.objects.get()
    save_in_admin(staff_client, article, body="The editor's careful rewrite.")
    piece.write_text("The ferry question\n\nThe source, changed upstream.")

    report = import_paths([piece])

    assert report.counts["updated"] == 1
    article.refresh_from_db()
    assert article.body == "The source, changed upstream."
    newest, editors = Version.objects.get_for_object(article)[:2]
    assert newest.revision.get_comment().startswith("Updated by import from")
    assert editors.field_dict["body"] == "The editor's careful rewrite."
    url = reverse("admin:articles_article_revision", args=[article.pk, editors.pk])
    staff_client.post(url, article_form(article, body="The editor's careful rewrite."))
    article.refresh_from_db()
    assert article.body == "The editor's careful rewrite."
