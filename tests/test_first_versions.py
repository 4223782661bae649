"""Every piece has a first version, however it was made: seed, import, bulk action."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from tests.factories import ArticleFactory
from tests.test_history import save_in_admin

pytestmark = pytest.mark.django_db


def test_every_seeded_piece_has_a_first_version():
    call_command("seed_demo")

    for article in Article.objects.all():
        versions = Version.objects.get_for_object(article)
        assert versions.count() == 1
        assert versions[0].revision.get_comment() == "Created by seed_demo"
        assert versions[0].field_dict["body"] == article.body


def test_an_imported_piece_can_be_restored_after_the_editors_first_save(staff_client, tmp_path):
    from articles.importers.service import import_paths

    source = tmp_path / "levees.txt"
    source.write_text("Who pays for the levees\n\nThe text as the author sent it.")
    import_paths([source])
    article = Article.objects.get()
    imported = Version.objects.get_for_object(article).get()
    assert imported.revision.get_comment() == f"Imported from {source}"

    save_in_admin(staff_client, article, body="An editor's heavy rewrite.")

    newest, first = Version.objects.get_for_object(article)
    changes = staff_client.get(
        reverse("admin:articles_article_version_changes", args=[article.pk, newest.pk])
    ).content.decode()
    assert "The first version" not in changes  # compared with the import, not "all new"
    assert re.search(r"<del>[^<]*the author sent it\.</del>", changes)
    staff_client.post(
        reverse("admin:articles_article_revision", args=[article.pk, first.pk]),
        {**_form(article), "body": "The text as the author sent it."},
    )
    article.refresh_from_db()
    assert article.body == "The text as the author sent it."


def test_a_bulk_action_leaves_the_piece_as_it_was_in_its_history(staff_client):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert not Version.objects.get_for_object(article).exists()

    staff_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    first = Version.objects.get_for_object(article).last()
    assert first.field_dict["status"] == "draft"
    assert first.revision.get_comment() == "As it was before a bulk action in the admin"


def test_a_reimport_does_not_add_first_versions_twice(tmp_path):
    from articles.importers.service import import_paths

    source = tmp_path / "sluices.txt"
    source.write_text("Sluices\n\nFirst text.")
    import_paths([source])
    source.write_text("Sluices\n\nSecond text.")
    import_paths([source])

    comments = [
        v.revision.get_comment()
        for v in Version.objects.get_for_object(Article.objects.get()).order_by("pk")
    ]
    assert comments == [f"Imported from {source}", f"Updated by import from {source}"]


def _form(article):
    from tests.test_history import article_form

    return article_form(article)


def test_first_versions_cost_the_same_queries_for_any_number_of_pieces(
    django_assert_max_num_queries,
):
    """Bulk paths call this for every batch: a query per piece would multiply an
    import's cost (bylines once read their author and piece one by one)."""
    from articles.first_versions import record_first_versions
    from tests.factories import AuthorFactory, TopicFactory

    authors, topics = AuthorFactory.create_batch(2), TopicFactory.create_batch(2)
    few = [ArticleFactory(authors=authors, topics=topics).pk for _ in range(2)]
    many = [ArticleFactory(authors=authors, topics=topics).pk for _ in range(25)]

    with django_assert_max_num_queries(10) as few_queries:
        assert record_first_versions(few, comment="few") == 2
    with django_assert_max_num_queries(10) as many_queries:
        assert record_first_versions(many, comment="many") == 25
    assert len(many_queries.captured_queries) == len(few_queries.captured_queries)
    assert record_first_versions(many, comment="again") == 0  # only pieces with none
