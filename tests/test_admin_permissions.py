"""Admin bulk actions: offered and run only with change permission, and versioned.

A staff user who may only look at a list must not be able to publish, unpublish
or moderate from it (security review, issue 19 point 1), and every bulk change
leaves a version saying who made it, like an edit in the change form does.
"""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def staff_with(django_user_model, *codenames: str) -> Client:
    user = django_user_model.objects.create_user(
        "narrow", "narrow@example.org", "pw", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def run_action(client, model: str, action: str, pks):
    return client.post(
        reverse(f"admin:articles_{model}_changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in pks]},
    )


def offered_actions(client, model: str) -> set[str]:
    response = client.get(reverse(f"admin:articles_{model}_changelist"))
    assert response.status_code == 200
    form = response.context["action_form"]
    if form is None:  # no action at all is offered
        return set()
    return {name for name, _label in form.fields["action"].choices if name}


def test_view_only_staff_cannot_publish_a_draft(django_user_model, client):
    draft = ArticleFactory(title="Not yet", status=Article.Status.DRAFT, published_at=None)
    viewer = staff_with(django_user_model, "view_article")

    assert not offered_actions(viewer, "article") & {"publish", "unpublish"}
    run_action(viewer, "article", "publish", [draft.pk])

    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_view_only_staff_cannot_unpublish(django_user_model, client):
    live = ArticleFactory(title="Already out")
    viewer = staff_with(django_user_model, "view_article")

    run_action(viewer, "article", "unpublish", [live.pk])

    live.refresh_from_db()
    assert live.status == Article.Status.PUBLISHED
    assert client.get(live.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("action", ["approve", "mark_spam", "remove"])
def test_view_only_staff_cannot_moderate(django_user_model, action):
    comment = CommentFactory(status=Comment.Status.PENDING)
    viewer = staff_with(django_user_model, "view_comment")

    assert action not in offered_actions(viewer, "comment")
    run_action(viewer, "comment", action, [comment.pk])

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_an_editor_who_may_change_pieces_publishes_and_a_version_says_who(
    django_user_model, client
):
    draft = ArticleFactory(title="Ready now", status=Article.Status.DRAFT, published_at=None)
    editor = staff_with(django_user_model, "view_article", "change_article")

    assert {"publish", "unpublish"} <= offered_actions(editor, "article")
    run_action(editor, "article", "publish", [draft.pk])

    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert client.get(draft.get_absolute_url()).status_code == 200
    version = Version.objects.get_for_object(draft).first()
    assert version is not None
    assert version.field_dict["status"] == Article.Status.PUBLISHED
    assert version.revision.user == editor.user
    # (The piece's stored text may be recorded as its first version before that.)
    after_publish = Version.objects.get_for_object(draft).count()

    run_action(editor, "article", "unpublish", [draft.pk])
    assert client.get(draft.get_absolute_url()).status_code == 404
    versions = Version.objects.get_for_object(draft)
    assert versions.count() == after_publish + 1
    assert versions.first().field_dict["status"] == Article.Status.DRAFT


def test_a_moderator_approves_and_a_version_says_who(django_user_model, client):
    comment = CommentFactory(status=Comment.Status.PENDING, body="A fair point, well made.")
    moderator = staff_with(django_user_model, "view_comment", "change_comment")

    run_action(moderator, "comment", "approve", [comment.pk])

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert "A fair point, well made." in client.get(comment.article.get_absolute_url()).text
    version = Version.objects.get_for_object(comment).first()
    assert version is not None
    assert version.field_dict["status"] == Comment.Status.APPROVED
    assert version.revision.user == moderator.user
