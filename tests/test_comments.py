"""Posting, moderating and threading reader comments through the real views."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from articles.comments import MAX_DEPTH, build_thread
from articles.models import Comment
from tests.comment_helpers import comment_form_data, vouch_for
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def post_url(article) -> str:
    return reverse("articles:post_comment", kwargs={"slug": article.slug})


def detail_url(article) -> str:
    return reverse("articles:detail", kwargs={"slug": article.slug})


def html_of(response) -> str:
    return response.content.decode()


def valid_data(article, **overrides) -> dict:
    return comment_form_data(
        article,
        **{
            "name": "Ingrid Holm",
            "email": "ingrid.holm@example.org",
            "url": "https://ingrid.example",
            "body": "The argument about the river ports holds up well.",
            **overrides,
        },
    )


class CommentTree(HTMLParser):
    """The comment <li>s of a page, each with the comment <li>s it sits inside,
    and the deepest nesting of comment <ol>s."""

    def __init__(self, html: str):
        super().__init__()
        self.li_stack: list[str | None] = []
        self.ol_depth = 0
        self.max_ol_depth = 0
        self.ancestors: dict[str, list[str]] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li":
            li_id = attrs.get("id") or ""
            if li_id.startswith("comment-"):
                self.ancestors[li_id] = [i for i in self.li_stack if i]
                self.li_stack.append(li_id)
            else:
                self.li_stack.append(None)
        elif tag == "ol" and "comment-list" in (attrs.get("class") or ""):
            self.ol_depth += 1
            self.max_ol_depth = max(self.max_ol_depth, self.ol_depth)

    def handle_endtag(self, tag):
        if tag == "li":
            self.li_stack.pop()
        elif tag == "ol" and self.ol_depth:
            self.ol_depth -= 1

    def parent_of(self, comment: Comment) -> str | None:
        chain = self.ancestors[comment.anchor]
        return chain[-1] if chain else None


# --- A first-time comment -------------------------------------------------------


def test_a_first_comment_is_held_and_only_its_poster_sees_it(client, article):
    response = client.post(post_url(article), valid_data(article))

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(article)}#comment-{comment.pk}"
    assert comment.status == Comment.Status.PENDING
    assert comment.article == article
    assert comment.name == "Ingrid Holm"
    assert comment.email == "ingrid.holm@example.org"
    assert comment.url == "https://ingrid.example"
    assert comment.ip == "127.0.0.1"

    own_view = html_of(client.get(detail_url(article)))
    assert f'id="comment-{comment.pk}"' in own_view
    assert "The argument about the river ports holds up well." in own_view
    assert "Your comment is awaiting moderation. Only you can see it." in own_view
    assert "Thank you. Your comment is awaiting moderation." in own_view

    stranger_view = html_of(Client().get(detail_url(article)))
    assert f'id="comment-{comment.pk}"' not in stranger_view
    assert "The argument about the river ports holds up well." not in stranger_view
    assert "awaiting moderation" not in stranger_view
    assert "Be the first to comment" in stranger_view


def test_the_pending_cookie_is_signed(client, article):
    client.post(post_url(article), valid_data(article))
    comment = Comment.objects.get()
    someone_else = CommentFactory(
        article=article, body="Someone else's pending note.", status=Comment.Status.PENDING
    )

    forger = Client()
    forger.cookies["archive_pending"] = f"{comment.pk},{someone_else.pk}"
    html = html_of(forger.get(detail_url(article)))

    assert "Someone else&#x27;s pending note." not in html
    assert "The argument about the river ports holds up well." not in html


def test_once_approved_everyone_sees_the_comment(client, article):
    client.post(post_url(article), valid_data(article))
    Comment.objects.update(status=Comment.Status.APPROVED)

    html = html_of(Client().get(detail_url(article)))

    assert "The argument about the river ports holds up well." in html
    assert "awaiting moderation" not in html


def test_a_returning_commenter_is_approved_at_once(client, article):
    earlier = CommentFactory(
        name="Ingrid Holm", email="ingrid.holm@example.org", status=Comment.Status.APPROVED
    )
    vouch_for(client, earlier)  # this browser posted it

    response = client.post(post_url(article), valid_data(article, email="Ingrid.Holm@Example.org"))

    comment = Comment.objects.get(article=article)
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(article)}#comment-{comment.pk}"
    assert comment.status == Comment.Status.APPROVED
    assert "Thank you. Your comment is published." in html_of(client.get(detail_url(article)))
    stranger_view = html_of(Client().get(detail_url(article)))
    assert f'id="comment-{comment.pk}"' in stranger_view
    assert "The argument about the river ports holds up well." in stranger_view


def test_an_earlier_pending_or_spam_comment_does_not_make_a_returning_commenter(client, article):
    CommentFactory(email="ingrid.holm@example.org", status=Comment.Status.PENDING)
    CommentFactory(email="ingrid.holm@example.org", status=Comment.Status.SPAM)

    client.post(post_url(article), valid_data(article))

    assert Comment.objects.get(article=article).status == Comment.Status.PENDING


# --- Invalid input ------------------------------------------------------------------


def field_error(html: str, field: str) -> str | None:
    match = re.search(
        rf'<span class="field__error" id="id_{field}_error">([^<]*)</span>\s*'
        rf"<(?:input|textarea)[^>]*name=\"{field}\"",
        html,
    )
    return match and match.group(1)


@pytest.mark.parametrize(
    ("field", "bad_value", "message"),
    [
        ("name", "", "Please give your name (it is shown with your comment)."),
        ("email", "not-an-email", "That email address does not look right: please check it."),
        ("email", "", "Please give your email address (it is never published)."),
        ("body", "", "Please write your comment."),
        ("body", "   \n  ", "Please write your comment."),
        ("url", "not a url", "Enter a valid URL."),
    ],
)
def test_an_invalid_comment_is_shown_again_with_errors_and_typed_values(
    client, article, field, bad_value, message
):
    data = valid_data(article, **{field: bad_value})

    response = client.post(post_url(article), data)

    assert response.status_code == 400
    assert not Comment.objects.exists()
    html = html_of(response)
    assert field_error(html, field) == message
    assert html.count('class="field__error"') == 1
    for name, value in data.items():
        if name in {field, "token", "subject"}:
            continue
        if name == "body":
            assert f"{value}</textarea>" in html
        else:
            assert re.search(rf'<input [^>]*name="{name}" value="{re.escape(value)}"', html)
    if field == "email" and bad_value:
        assert 'value="not-an-email"' in html
    assert "Leave a Reply" in html


def test_several_errors_at_once_are_each_shown_beside_their_field(client, article):
    response = client.post(post_url(article), {"name": "", "email": "nope", "body": ""})

    assert response.status_code == 400
    html = html_of(response)
    assert field_error(html, "name") == "Please give your name (it is shown with your comment)."
    assert field_error(html, "email") == "That email address does not look right: please check it."
    assert field_error(html, "body") == "Please write your comment."
    assert 'value="nope"' in html
    assert not Comment.objects.exists()


def test_get_is_not_allowed_on_the_comment_endpoint(client, article):
    assert client.get(post_url(article)).status_code == 405


def test_posting_to_an_unknown_or_draft_piece_is_404(client):
    draft = ArticleFactory(status="draft", published_at=None)

    assert client.post(post_url(draft), valid_data(draft)).status_code == 404
    assert (
        client.post(
            reverse("articles:post_comment", kwargs={"slug": "no-such-piece"}), valid_data(draft)
        ).status_code
        == 404
    )
    assert not Comment.objects.exists()


def assert_form_error(html: str, message: str):
    """A message shown in the form's own error box, above the fields."""
    box = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', html, re.S)
    assert box
    assert message in box.group(1)


# --- Replies ------------------------------------------------------------------------------


def test_a_reply_is_nested_under_its_parent(client, article):
    parent = CommentFactory(article=article, body="The original remark.")
    sibling = CommentFactory(article=article, body="An unrelated remark.")
    regular = CommentFactory(
        name="Ingrid Holm", email="regular@example.org", status=Comment.Status.APPROVED
    )
    vouch_for(client, regular)

    response = client.post(
        post_url(article),
        valid_data(
            article, email="regular@example.org", body="A reply to the original.", parent=parent.pk
        ),
    )

    reply = Comment.objects.get(body="A reply to the original.")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{reply.pk}")
    assert reply.parent == parent
    assert reply.status == Comment.Status.APPROVED
    tree = CommentTree(html_of(Client().get(detail_url(article))))
    assert tree.parent_of(reply) == parent.anchor
    assert tree.parent_of(parent) is None
    assert tree.parent_of(sibling) is None


def test_a_pending_reply_is_nested_for_its_poster(client, article):
    parent = CommentFactory(article=article)

    client.post(post_url(article), valid_data(article, parent=parent.pk))

    reply = Comment.objects.get(parent=parent)
    assert reply.status == Comment.Status.PENDING
    tree = CommentTree(html_of(client.get(detail_url(article))))
    assert tree.parent_of(reply) == parent.anchor


def test_replying_to_another_articles_comment_is_refused(client, article):
    elsewhere = CommentFactory(article=ArticleFactory(), body="A remark on another piece.")

    response = client.post(post_url(article), valid_data(article, parent=elsewhere.pk))

    assert response.status_code == 400
    assert_form_error(html_of(response), "The comment you replied to is not available.")
    assert Comment.objects.count() == 1
    assert not article.comments.exists()


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM])
def test_replying_to_a_comment_that_is_not_shown_is_refused(client, article, status):
    hidden = CommentFactory(article=article, status=status)

    response = client.post(post_url(article), valid_data(article, parent=hidden.pk))

    assert response.status_code == 400
    assert_form_error(html_of(response), "The comment you replied to is not available.")
    assert Comment.objects.count() == 1


def test_replytocom_prefills_the_hidden_parent_field(client, article):
    parent = CommentFactory(article=article, name="Aino Kask", body="Tolls paid for the quays.")

    html = html_of(client.get(detail_url(article), {"replytocom": parent.pk}))

    assert re.search(rf'<input type="hidden" name="parent" value="{parent.pk}"', html)
    # Without JavaScript too, the form names the comment being answered.
    assert "Replying to Aino Kask: “Tolls paid for the quays.”" in html


def test_replytocom_that_is_not_a_number_is_ignored(client, article):
    response = client.get(detail_url(article), {"replytocom": "<script>"})

    assert response.status_code == 200
    html = html_of(response)
    assert '<input type="hidden" name="parent" id="id_parent">' in html
    assert "Replying to" not in html


def test_each_approved_comment_has_a_reply_link(client, article):
    comment = CommentFactory(article=article)

    html = html_of(client.get(detail_url(article)))

    assert f'href="?replytocom={comment.pk}#respond"' in html


# --- Thread depth ----------------------------------------------------------------------------


@pytest.fixture
def seven_deep(article):
    chain, parent = [], None
    for level in range(1, 8):
        parent = CommentFactory(article=article, parent=parent, body=f"Level {level} remark.")
        chain.append(parent)
    return chain


def test_build_thread_caps_depth(seven_deep):
    roots = build_thread(list(Comment.objects.order_by("created_at", "id")))

    depths = {}

    def walk(nodes):
        for node in nodes:
            depths[node.comment.pk] = node.depth
            walk(node.children)

    walk(roots)
    assert [depths[c.pk] for c in seven_deep] == [1, 2, 3, 4, 5, 5, 5]
    assert MAX_DEPTH == 5


def test_the_page_nests_at_most_five_deep_and_shows_every_comment(client, article, seven_deep):
    html = html_of(client.get(detail_url(article)))
    tree = CommentTree(html)

    assert tree.max_ol_depth == 5
    for level, comment in enumerate(seven_deep, start=1):
        assert f"Level {level} remark." in html
        assert f'id="{comment.anchor}"' in html
    # Replies past the cap sit beside the deepest comment, in its list.
    assert tree.parent_of(seven_deep[4]) == seven_deep[3].anchor
    assert tree.parent_of(seven_deep[5]) == seven_deep[3].anchor
    assert tree.parent_of(seven_deep[6]) == seven_deep[3].anchor


def test_a_reply_to_a_hidden_comment_is_not_shown(client, article):
    removed = CommentFactory(article=article, status=Comment.Status.REMOVED)
    CommentFactory(article=article, parent=removed, body="Orphaned reply.")

    html = html_of(client.get(detail_url(article)))

    assert "Orphaned reply." not in html


# --- Closed comments and CSRF --------------------------------------------------------------------


def test_closed_comments_refuse_posts_and_hide_the_form(client):
    article = ArticleFactory(comments_open=False)
    CommentFactory(article=article, body="An old approved remark.")

    response = client.post(post_url(article), valid_data(article))

    assert response.status_code == 403
    assert "Comments on this piece are closed." in html_of(response)
    assert Comment.objects.count() == 1
    page = html_of(client.get(detail_url(article)))
    assert "Comments on this piece are closed." in page
    assert "An old approved remark." in page
    assert "Leave a Reply" not in page
    assert f'action="{post_url(article)}"' not in page
    assert "replytocom" not in page


# CSRF: tests/test_comment_csrf.py


@pytest.mark.parametrize("status", [Comment.Status.SPAM, Comment.Status.REMOVED])
def test_a_posters_own_comment_disappears_once_an_editor_rejects_it(client, article, status):
    client.post(post_url(article), valid_data(article))
    assert "The argument about the river ports holds up well." in html_of(
        client.get(detail_url(article))
    )

    Comment.objects.update(status=status)

    own_view = html_of(client.get(detail_url(article)))
    assert "The argument about the river ports holds up well." not in own_view
    assert "awaiting moderation. Only you can see it" not in own_view


def test_an_overlong_user_agent_is_cut_not_refused(client, article):
    agent = "Mozilla/5.0 " + "x" * 600

    response = client.post(post_url(article), valid_data(article), HTTP_USER_AGENT=agent)

    assert response.status_code == 302
    assert Comment.objects.get().user_agent == agent[:500]


# --- A refused comment: where the reader is, what to fix ------------------------------


def test_a_refused_comment_returns_to_the_forms_anchor_with_the_first_error_focused(
    client, article
):
    response = client.post(post_url(article), valid_data(article, name="", email="nope"))

    assert response.status_code == 400
    html = html_of(response)
    # The first field to fix has the focus, so the answer opens there, not at the top.
    name_input = re.search(r'<input[^>]+name="name"[^>]*>', html).group(0)
    email_input = re.search(r'<input[^>]+name="email"[^>]*>', html).group(0)
    assert "autofocus" in name_input and 'aria-invalid="true"' in name_input
    assert "autofocus" not in email_input and 'aria-invalid="true"' in email_input


def test_an_empty_submission_says_what_is_missing_not_that_it_looked_automated(client, article):
    response = client.post(post_url(article), {"token": "", "subject": ""})

    html = html_of(response)
    assert response.status_code == 400
    assert "Please write your comment." in html
    assert "Please give your name" in html
    assert "Please give your email address" in html
    assert "automated" not in html
    assert "one more step" not in html


def test_the_comment_box_shows_its_limit_and_does_not_cut_a_long_paste(client, article):
    html = html_of(client.get(detail_url(article)))

    textarea = re.search(r"<textarea[^>]+>", html).group(0)
    assert "maxlength" not in textarea
    assert 'data-limit="5000"' in textarea
    assert "Up to 5,000 characters." in html
