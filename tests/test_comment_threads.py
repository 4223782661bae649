"""Long threads: pages of top-level comments (replies travel with them), the
newest page reachable, permalinks that land on the right page, and replies
without JavaScript on any page."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Comment
from tests.comment_helpers import comment_form_data, post_url
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_thread(article, settings):
    """7 top-level comments at 3 a page (pages: 3, 3, 1), each with one reply,
    created oldest first a minute apart, the replies after all the roots."""
    settings.COMMENTS_PER_PAGE = 3
    start = timezone.now() - dt.timedelta(hours=2)
    roots = [
        CommentFactory(
            article=article, body=f"Root {i}.", created_at=start + dt.timedelta(minutes=i)
        )
        for i in range(7)
    ]
    replies = [
        CommentFactory(
            article=article,
            parent=root,
            body=f"Reply to root {i}.",
            created_at=start + dt.timedelta(minutes=30 + i),
        )
        for i, root in enumerate(roots)
    ]
    return roots, replies


def page(client, article, **params) -> str:
    response = client.get(article.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def shown_bodies(html: str) -> list[str]:
    return re.findall(r"<p>((?:Root|Reply to root) \d)\.</p>", html)


def test_the_first_page_shows_the_oldest_top_level_comments_with_their_replies(
    client, article, long_thread
):
    html = page(client, article)

    assert shown_bodies(html) == [
        "Root 0",
        "Reply to root 0",
        "Root 1",
        "Reply to root 1",
        "Root 2",
        "Reply to root 2",
    ]
    assert "Comments page 1 of 3" in html
    assert 'Comments <span class="comments__count">(14)</span>' in html


def test_later_pages_and_the_newest_page_are_linked(client, article, long_thread):
    first = page(client, article)

    assert 'href="?cpage=2#comments" rel="next"' not in first  # rel comes first
    assert re.search(r'rel="next" href="\?cpage=2#comments"', first)
    assert 'href="?cpage=3#comments">Newest' in first
    second = page(client, article, cpage=2)
    assert shown_bodies(second)[::2] == ["Root 3", "Root 4", "Root 5"]
    assert re.search(r'rel="prev" href="\?#comments"', second)
    newest = page(client, article, cpage=3)
    assert shown_bodies(newest) == ["Root 6", "Reply to root 6"]
    assert 'rel="next"' not in newest


@pytest.mark.parametrize("cpage", ["0", "4", "-1", "two", "1.5", ""])
def test_a_bad_comment_page_is_a_404_page(client, article, long_thread, cpage):
    response = client.get(article.get_absolute_url(), {"cpage": cpage})

    assert response.status_code == 404
    assert "<html" in response.content.decode()


def test_a_short_thread_has_no_page_links(client, article):
    CommentFactory(article=article)

    html = page(client, article)

    assert "Comments page" not in html
    assert client.get(article.get_absolute_url(), {"cpage": 1}).status_code == 200


@pytest.mark.parametrize("kept", [True, False])
def test_every_page_costs_the_same_queries(
    client, article, long_thread, django_assert_num_queries, monkeypatch, kept
):
    """Later pages share the rest of the page with the first. A thread the process
    keeps whole costs them nothing more; a longer one, its two queries a page."""
    from articles.comments import threads
    from tests.test_query_counts import ARTICLE_QUERIES, LONG_THREAD_EXTRA_QUERIES

    if not kept:
        monkeypatch.setattr(threads, "KEPT_THREAD_MAX", 5)
    extra = 0 if kept else LONG_THREAD_EXTRA_QUERIES

    with django_assert_num_queries(ARTICLE_QUERIES + extra):
        client.get(article.get_absolute_url(), {"cpage": 1})
    for number in (2, 3):
        with django_assert_num_queries(0 if kept else 2):
            html = client.get(article.get_absolute_url(), {"cpage": number}).content.decode()
        assert f"Root {3 * (number - 1)}." in html
        assert "Root 0." not in html


# --- Permalinks -------------------------------------------------------------------------


def test_each_comment_has_an_anchor_and_a_permalink(client, article, long_thread):
    roots, _ = long_thread
    html = page(client, article)

    assert f'id="{roots[0].anchor}"' in html
    assert f'href="{reverse("articles:comment", kwargs={"pk": roots[0].pk})}"' in html
    assert roots[0].get_absolute_url() == f"/comments/{roots[0].pk}/"


@pytest.mark.parametrize(("index", "expected_page"), [(0, None), (4, 2), (6, 3)])
def test_a_permalink_lands_on_the_page_of_its_comment(
    client, article, long_thread, index, expected_page
):
    roots, replies = long_thread

    for comment in (roots[index], replies[index]):
        response = client.get(comment.get_absolute_url())
        assert response.status_code == 302
        query = f"?cpage={expected_page}" if expected_page else ""
        assert response["Location"] == f"{article.get_absolute_url()}{query}#{comment.anchor}"
        landed = client.get(response["Location"]).content.decode()
        assert f'id="{comment.anchor}"' in landed


def test_a_deeply_nested_reply_lands_on_its_top_level_comments_page(client, article, settings):
    settings.COMMENTS_PER_PAGE = 1
    CommentFactory(article=article)
    parent = CommentFactory(article=article)
    for _ in range(7):
        parent = CommentFactory(article=article, parent=parent)

    response = client.get(parent.get_absolute_url())

    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2#{parent.anchor}"


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM, "removed"])
def test_the_permalink_of_a_comment_not_shown_is_a_404(client, article, status):
    hidden = CommentFactory(article=article, status=status)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(reverse("articles:comment", kwargs={"pk": 999999})).status_code == 404


def test_a_poster_follows_the_permalink_of_their_own_pending_comment(client, article, settings):
    settings.COMMENTS_PER_PAGE = 1
    CommentFactory(article=article)
    posted = client.post(
        post_url(article),
        comment_form_data(article, name="New", email="new@example.org", body="Mine, held."),
    )
    mine = Comment.objects.get(body="Mine, held.")

    assert posted["Location"] == f"{article.get_absolute_url()}?cpage=2#{mine.anchor}"
    assert client.get(mine.get_absolute_url())["Location"] == posted["Location"]
    assert Client().get(mine.get_absolute_url()).status_code == 404


def test_a_comment_on_a_draft_has_no_public_permalink(client):
    comment = CommentFactory(article__status="draft", article__published_at=None)

    assert client.get(comment.get_absolute_url()).status_code == 404


# --- Replies without JavaScript on a later page -------------------------------------------


def test_reply_links_on_a_later_page_keep_the_page(client, article, long_thread):
    roots, _ = long_thread
    html = page(client, article, cpage=2)

    link = f'href="?cpage=2&amp;replytocom={roots[3].pk}#respond"'
    assert link in html
    reply_page = page(client, article, cpage=2, replytocom=roots[3].pk)
    assert f'name="parent" value="{roots[3].pk}"' in reply_page
    assert "Root 3." in reply_page


def test_a_reply_to_the_deepest_level_attaches_at_that_level(client, article, settings):
    chain, parent = [], None
    for level in range(5):
        parent = CommentFactory(article=article, parent=parent, body=f"Level {level + 1}.")
        chain.append(parent)
    CommentFactory(email="regular@example.org")

    response = client.post(
        post_url(article),
        comment_form_data(
            article,
            name="Deep",
            email="regular@example.org",
            body="Sixth level reply.",
            parent=chain[-1].pk,
        ),
    )

    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    from tests.test_comments import CommentTree

    tree = CommentTree(html)
    reply = Comment.objects.get(body="Sixth level reply.")
    assert reply.parent == chain[-1]
    assert tree.parent_of(reply) == chain[3].anchor  # beside level 5, in its list
    assert tree.max_ol_depth == 5


def test_an_editor_following_a_held_comments_permalink_reaches_its_admin_page(
    staff_client, article
):
    held = CommentFactory(article=article, status=Comment.Status.PENDING)

    response = staff_client.get(held.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_comment_change", args=[held.pk])
