"""The comment form of a page every reader shares, in real headless Chromium.

The page holds no per-visitor token: with JavaScript the form's script fetches
them as the reader starts writing and one press posts; without JavaScript the
first press asks for one more, and the second posts. Either way the poster then
sees their comment awaiting moderation on a page of their own.
"""

import time

import pytest
from playwright.sync_api import expect

from articles.models import Comment
from tests.browser.conftest import wait_for_min_fill
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def fill_and_send(page, body: str) -> None:
    page.fill("#id_body", body)
    page.fill("#id_name", "Signe Aas")
    page.fill("#id_email", "signe@example.org")
    wait_for_min_fill(time.monotonic())
    page.click("#respond button[type=submit]")


def test_with_javascript_one_press_posts_from_the_shared_page(live_server, new_context):
    article = ArticleFactory(title="Tolls on the old bridge")
    url = live_server.url + article.get_absolute_url()
    page = new_context().new_page()
    shared = page.goto(url)
    assert shared.headers["cache-control"].startswith("public")
    assert "set-cookie" not in shared.headers
    expect(page.locator('#respond input[name="token"]')).to_have_value("")

    fill_and_send(page, "The bridge toll was dropped in spring, not autumn.")

    expect(page.locator(".messages")).to_contain_text("awaiting moderation")
    expect(page.locator("#comments")).to_contain_text("The bridge toll was dropped in spring")
    assert Comment.objects.get().status == Comment.Status.PENDING
    # Others still get the shared page, without the held comment.
    other = new_context().new_page()
    other.goto(url)
    expect(other.locator("#comments")).not_to_contain_text("The bridge toll was dropped")


def test_without_javascript_a_second_press_posts(live_server, new_context):
    article = ArticleFactory(title="Tolls on the new bridge")
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + article.get_absolute_url())

    fill_and_send(page, "Cyclists paid nothing until the second year.")

    expect(page.locator(".form-errors")).to_contain_text("one more step")
    expect(page.locator("#id_body")).to_have_value("Cyclists paid nothing until the second year.")
    assert not Comment.objects.exists()
    wait_for_min_fill(time.monotonic())
    page.click("#respond button[type=submit]")

    expect(page.locator(".messages")).to_contain_text("awaiting moderation")
    assert Comment.objects.get().body == "Cyclists paid nothing until the second year."
