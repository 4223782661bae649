"""The comment count a card shows is kept on the piece, by the database.

Every way a comment's status changes (a reader's post, an editor's action in the
admin list or change form, a delete, an import) must move the count readers
see on the home page, without anyone counting comments at read time.
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.comments.service import comment_create
from articles.models import Article, Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def shown_count(client, article) -> str:
    """The comment line of the piece's card on the home page, as a reader reads it."""
    html = client.get(reverse("articles:home")).content.decode()
    card = html[html.index(f'href="{article.get_absolute_url()}"') :]
    start = card.index('class="card__comments"')
    return card[start : card.index("</p>", start)].rsplit(">", 2)[-2].split("<")[0]


def stored_count(article) -> int:
    return Article.objects.values_list("comment_count", flat=True).get(pk=article.pk)


def admin_action(staff_client, action: str, comments) -> None:
    # From the list of every status (the list opens on Pending).
    response = staff_client.post(
        reverse("admin:articles_comment_changelist") + "?status=all",
        {"action": action, "_selected_action": [c.pk for c in comments]},
    )
    assert response.status_code == 302


def test_card_shows_approved_comments_only(client, article):
    CommentFactory.create_batch(3, article=article)
    CommentFactory(article=article, status=Comment.Status.PENDING)
    CommentFactory(article=article, status=Comment.Status.SPAM)

    assert stored_count(article) == 3
    assert shown_count(client, article) == "3 comments"


def test_approve_and_unapprove_from_the_admin_list_move_the_count(client, staff_client, article):
    pending = CommentFactory.create_batch(2, article=article, status=Comment.Status.PENDING)
    assert shown_count(client, article) == "No comments yet"

    admin_action(staff_client, "approve", pending)
    assert stored_count(article) == 2
    assert shown_count(client, article) == "2 comments"

    admin_action(staff_client, "mark_spam", pending[:1])
    assert shown_count(client, article) == "1 comment"

    admin_action(staff_client, "remove", pending[1:])
    assert stored_count(article) == 0
    assert shown_count(client, article) == "No comments yet"


def test_unapprove_in_the_change_form_lowers_the_count(client, staff_client, article):
    comment = CommentFactory(article=article)
    assert stored_count(article) == 1
    comment.status = Comment.Status.PENDING
    comment.save()
    assert stored_count(article) == 0
    comment.status = Comment.Status.APPROVED
    comment.save(update_fields=["status"])
    assert shown_count(client, article) == "1 comment"


def test_deleting_comments_and_their_replies_lowers_the_count(client, staff_client, article):
    parent = CommentFactory(article=article)
    CommentFactory.create_batch(2, article=article, parent=parent)
    CommentFactory(article=article)
    assert stored_count(article) == 4

    response = staff_client.post(
        reverse("admin:articles_comment_delete", args=[parent.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    # The two replies went with their parent (a cascade).
    assert stored_count(article) == 1
    assert shown_count(client, article) == "1 comment"


def test_spam_never_counts_and_a_reader_post_counts_once_approved(client, article):
    spam = CommentFactory(article=article, status=Comment.Status.SPAM)
    assert stored_count(article) == 0
    posted = comment_create(
        article=article, name="Ines", email="ines@example.org", body="A first thought."
    )
    assert posted.status == Comment.Status.PENDING
    assert stored_count(article) == 0
    Comment.objects.filter(pk__in=[posted.pk, spam.pk]).update(status=Comment.Status.APPROVED)
    assert stored_count(article) == 2
    Comment.objects.filter(pk=spam.pk).update(status=Comment.Status.SPAM)
    assert shown_count(client, article) == "1 comment"


def test_comment_moved_to_another_piece_moves_its_count():
    first, second = ArticleFactory(), ArticleFactory()
    comment = CommentFactory(article=first)
    Comment.objects.filter(pk=comment.pk).update(article=second)
    assert (stored_count(first), stored_count(second)) == (0, 1)


def test_import_counts_approved_comments_and_a_reimport_keeps_them():
    call_command("import_articles", str(FIXTURES / "wxr-1.2.xml"), "--no-progress")
    expected = {
        article.pk: article.comments.filter(status=Comment.Status.APPROVED).count()
        for article in Article.objects.all()
    }
    assert sum(expected.values()) > 0
    assert dict(Article.objects.values_list("pk", "comment_count")) == expected

    call_command("import_articles", str(FIXTURES / "wxr-1.2.xml"), "--no-progress")
    assert dict(Article.objects.values_list("pk", "comment_count")) == expected
