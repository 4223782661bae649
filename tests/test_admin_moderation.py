"""Comment moderation in the admin, WordPress-style: the pending queue, row buttons,
reply from the list, the pending count in the menu, and the editable word lists."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from articles.models import Comment, ModerationSettings
from tests.comment_helpers import comment_form_data, post_url, vouch_for
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/articles/comment/"


def moderate_url(comment, action):
    return reverse("admin:articles_comment_moderate", args=[comment.pk, action])


def test_the_list_opens_on_pending_with_buttons_on_each_row(staff_client):
    waiting = CommentFactory(status=Comment.Status.PENDING, name="Wren Hale")
    CommentFactory(status=Comment.Status.APPROVED, name="Already Shown")

    html = staff_client.get(LIST).content.decode()

    assert "Wren Hale" in html and "Already Shown" not in html
    for label, action in [("Approve", "approve"), ("Spam", "mark_spam"), ("Trash", "remove")]:
        assert f'formaction="{moderate_url(waiting, action)}"' in html
        assert f'aria-label="{label} comment by Wren Hale"' in html
    assert reverse("admin:articles_comment_reply", args=[waiting.pk]) in html


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("approve", Comment.Status.APPROVED),
        ("mark_spam", Comment.Status.SPAM),
        ("remove", Comment.Status.REMOVED),
    ],
)
def test_a_row_button_moderates_that_comment_and_returns_to_the_list(staff_client, action, status):
    comment = CommentFactory(status=Comment.Status.PENDING)
    other = CommentFactory(status=Comment.Status.PENDING)

    response = staff_client.post(
        moderate_url(comment, action), HTTP_REFERER=f"http://testserver{LIST}?status=pending"
    )

    assert response.status_code == 302 and response["Location"].endswith("?status=pending")
    comment.refresh_from_db()
    other.refresh_from_db()
    assert comment.status == status and other.status == Comment.Status.PENDING


def test_a_row_button_needs_a_post_and_the_permission(client, django_user_model):
    comment = CommentFactory(status=Comment.Status.PENDING)
    viewer = django_user_model.objects.create_user("viewer", "v@example.org", "pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)

    assert client.post(moderate_url(comment, "approve")).status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_get_changes_nothing(staff_client):
    comment = CommentFactory(status=Comment.Status.PENDING)

    staff_client.get(moderate_url(comment, "approve"))

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_reply_from_the_list_approves_the_comment_and_publishes_the_reply(staff_client):
    staff_client.user.first_name, staff_client.user.last_name = "Ines", "Desk"
    staff_client.user.save()
    comment = CommentFactory(status=Comment.Status.PENDING, name="Wren Hale")

    page = staff_client.get(reverse("admin:articles_comment_reply", args=[comment.pk]))
    assert "Replying approves this comment too" in page.content.decode()
    response = staff_client.post(
        reverse("admin:articles_comment_reply", args=[comment.pk]),
        {"body": "Thank you: the figures are corrected now.", "next": LIST},
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    reply = comment.replies.get()
    assert comment.status == reply.status == Comment.Status.APPROVED
    assert reply.name == "Ines Desk" and reply.user == staff_client.user
    reader_page = Client().get(comment.article.get_absolute_url()).content.decode()
    assert "Thank you: the figures are corrected now." in reader_page


def test_an_empty_reply_is_refused_and_nothing_changes(staff_client):
    comment = CommentFactory(status=Comment.Status.PENDING)

    response = staff_client.post(
        reverse("admin:articles_comment_reply", args=[comment.pk]), {"body": "  "}
    )

    assert response.status_code == 200 and "This field is required" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING and not comment.replies.exists()


def test_reply_on_a_closed_piece_says_why(staff_client):
    comment = CommentFactory(
        status=Comment.Status.APPROVED, article=ArticleFactory(comments_open=False)
    )

    response = staff_client.post(
        reverse("admin:articles_comment_reply", args=[comment.pk]), {"body": "A late answer."}
    )

    assert "no longer takes comments" in response.content.decode()
    assert not comment.replies.exists()


def test_the_pending_count_is_on_the_dashboard_and_in_the_menu(staff_client):
    CommentFactory.create_batch(3, status=Comment.Status.PENDING)
    CommentFactory(status=Comment.Status.APPROVED)

    dashboard = staff_client.get("/admin/").content.decode()
    any_list = staff_client.get("/admin/articles/topic/").content.decode()  # sidebar menu

    for html in (dashboard, any_list):
        assert 'class="pending-count"' in html and 'title="3 awaiting moderation">3<' in html


def test_the_pending_count_stops_at_the_cap_and_is_counted_once_a_page(staff_client, monkeypatch):
    """Past COUNT_CAP waiting comments the menu and the list's banner say "N+": a spam
    run of hundreds of thousands is never counted whole on every admin page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from articles import admin_moderation

    monkeypatch.setattr(admin_moderation, "COUNT_CAP", 2)
    CommentFactory.create_batch(3, status=Comment.Status.PENDING)

    with CaptureQueriesContext(connection) as queries:
        html = staff_client.get(reverse("admin:articles_comment_changelist")).content.decode()

    assert 'title="2+ awaiting moderation">2+<' in html  # the menu
    assert "<strong>2+</strong> comments awaiting moderation" in html  # the banner
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if "'pending'" in q["sql"] and "COUNT" in q["sql"]
    ]
    assert len(counts) == 2, counts  # the badge's, and the list's own paginator
    assert all("LIMIT" in sql for sql in counts)  # neither counts every waiting comment
    assert sum("LIMIT 3" in sql for sql in counts) == 1


def test_the_change_form_hides_internal_fields(staff_client):
    parent = CommentFactory(status=Comment.Status.APPROVED, name="First Voice")
    reply = CommentFactory(
        article=parent.article, parent=parent, import_key="https://example.org/?p=1#comment-9"
    )

    html = staff_client.get(
        reverse("admin:articles_comment_change", args=[reply.pk])
    ).content.decode()

    assert 'name="parent"' not in html and 'name="import_key"' not in html
    assert 'name="user"' not in html
    assert "https://example.org/?p=1#comment-9" not in html
    assert "In reply to" in html and "First Voice" in html


def test_moderation_lists_are_edited_in_the_admin_and_apply_at_once(staff_client, article):
    regular = CommentFactory(
        name="Regular", email="regular@example.org", status=Comment.Status.APPROVED
    )
    # A returning commenter's browser: approved at once unless the lists say otherwise.
    browser = Client()
    vouch_for(browser, regular)
    url = reverse("admin:articles_moderationsettings_changelist")
    form_url = staff_client.get(url)["Location"]
    response = staff_client.post(
        form_url,
        {
            "hold_words": "rebate\n",
            "block_words": "cheap pills",
            "block_emails": "",
            "block_domains": "spam.example",
            "block_ips": "",
            "max_links": "2",
        },
    )
    assert response.status_code == 302
    assert ModerationSettings.objects.get().max_links == 2

    def post(body, email="regular@example.org"):
        browser.post(
            post_url(article),
            # "Remember me" stays ticked, or the browser forgets who it is.
            comment_form_data(article, name="Regular", email=email, body=body, remember="on"),
        )
        return Comment.objects.filter(article=article).latest("id")

    assert post("Ask the council about the rebate.").status == Comment.Status.PENDING
    assert post("Buy cheap pills here").status == Comment.Status.SPAM
    assert post("Hi", email="x@mail.spam.example").status == Comment.Status.SPAM
    two_links = "See https://a.example and https://b.example for both reports."
    assert post(two_links).status == Comment.Status.APPROVED  # the limit is now 2


def test_the_moderation_list_costs_the_same_queries_for_3_or_30_comments(staff_client):
    """Row buttons, author and piece columns read nothing per row."""
    article = ArticleFactory()
    CommentFactory.create_batch(3, article=article, status=Comment.Status.PENDING)
    staff_client.get(LIST)  # warm the session and content types

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        staff_client.get(LIST)
    CommentFactory.create_batch(27, status=Comment.Status.PENDING)
    with CaptureQueriesContext(connection) as many:
        html = staff_client.get(LIST).content.decode()

    assert html.count('class="comment-row-actions"') == 30
    assert len(many.captured_queries) == len(few.captured_queries)
