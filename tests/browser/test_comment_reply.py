"""The Reply link in a real headless Chromium: with JavaScript it moves the form
under the comment and sets its parent; without, it reloads with ?replytocom=.

Chromium comes from the browser conftest, which fails (never skips) without it."""

import pytest
from django.db import connections
from playwright.sync_api import expect

from articles.models import Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def thread(settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0  # the browser fills the form at machine speed
    article = ArticleFactory(title="On harbour tolls")
    first = CommentFactory(article=article, name="Alma Ruud", body="The first remark.")
    second = CommentFactory(article=article, name="Bo Strand", body="The second remark.")
    return article, first, second


@pytest.fixture(autouse=True)
def _close_connections_opened_under_playwright():
    """Connections the test opened while Playwright's loop ran belong to that
    context; close them here or they outlive the test database."""
    yield
    connections.close_all()


def test_reply_moves_the_form_under_the_comment_and_posts_a_nested_reply(
    live_server, new_context, thread
):
    article, first, second = thread
    page = new_context().new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server.url + article.get_absolute_url())

    page.click(f'a[data-reply-to="{second.pk}"]')

    assert page.url.endswith(article.get_absolute_url())  # no reload
    expect(page.locator(f"#{second.anchor} > #respond")).to_be_visible()
    expect(page.locator('#respond input[name="parent"]')).to_have_value(str(second.pk))
    expect(page.locator(".comment-form__replying")).to_contain_text("Replying to Bo Strand.")
    expect(page.locator("#id_body")).to_be_focused()

    page.fill("#id_body", "A reply typed in the browser.")
    page.fill("#id_name", "Cleo Vik")
    page.fill("#id_email", "cleo@example.org")
    page.click("#respond button[type=submit]")

    reply = Comment.objects.get(body="A reply typed in the browser.")
    assert reply.parent == second
    assert page.url.endswith(f"#{reply.anchor}")
    nested = page.locator(f"#{second.anchor} .comment-list--replies #{reply.anchor}")
    expect(nested).to_contain_text("awaiting moderation")
    assert errors == []


def test_cancel_reply_puts_the_form_back(live_server, new_context, thread):
    article, first, _ = thread
    page = new_context().new_page()
    page.goto(live_server.url + article.get_absolute_url())

    page.click(f'a[data-reply-to="{first.pk}"]')
    page.click("[data-cancel-reply]")

    expect(page.locator("#comments > #respond")).to_be_visible()
    expect(page.locator('#respond input[name="parent"]')).to_have_value("")
    expect(page.locator(".comment-form__replying")).to_have_count(0)


def test_without_javascript_reply_reloads_with_the_parent_set(live_server, new_context, thread):
    article, first, _ = thread
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())

    page.click(f'a[data-reply-to="{first.pk}"]')

    assert f"replytocom={first.pk}" in page.url
    expect(page.locator('#respond input[name="parent"]')).to_have_value(str(first.pk))
    expect(page.locator(".comment-form__replying")).to_contain_text("Replying to a comment.")
    context.close()


def test_a_page_opened_with_replytocom_shows_the_form_under_that_comment(
    live_server, new_context, thread
):
    article, first, _ = thread
    page = new_context().new_page()

    page.goto(f"{live_server.url}{article.get_absolute_url()}?replytocom={first.pk}#respond")

    expect(page.locator(f"#{first.anchor} > #respond")).to_be_visible()
    expect(page.locator(".comment-form__replying")).to_contain_text("Replying to Alma Ruud.")
    expect(page.locator('#respond input[name="parent"]')).to_have_value(str(first.pk))
