"""A refused comment, as a reader meets it in Chromium: back at the form, the cursor
where the fix is, and nothing typed is lost."""

import time

import pytest
from playwright.sync_api import expect

from articles.models import Comment
from tests.browser.conftest import DESKTOP, screenshot, wait_for_min_fill
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

LONG_BODY = "\n\n".join(
    f"Paragraph {n}: the harbour board met again and put the question of tolls aside."
    for n in range(60)
)


def test_an_empty_comment_lands_at_the_form_with_the_cursor_in_the_comment_box(
    live_server, new_context
):
    article = ArticleFactory(title="On quay tolls", body=LONG_BODY)
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(live_server.url + article.get_absolute_url())

    page.fill("#id_name", "Signe Aas")  # started, then sent without a comment
    page.click("#respond button[type=submit]")

    expect(page.locator("#id_body")).to_be_focused()
    assert page.evaluate("window.scrollY") > 1000  # not the top of a long piece
    box = page.locator("#respond").bounding_box()
    assert box["y"] < DESKTOP["height"]  # the form is on screen
    expect(page.locator("#respond")).to_contain_text("Please write your comment.")
    expect(page.locator("#respond")).not_to_contain_text("automated")
    expect(page.locator("#respond")).not_to_contain_text("{#")  # no template text leaks
    expect(page.locator("#id_name")).to_have_value("Signe Aas")
    screenshot(page, "comment-refused-empty")


def test_a_pasted_over_long_comment_is_counted_refused_and_kept(live_server, new_context):
    article = ArticleFactory(title="On quay tolls")
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(live_server.url + article.get_absolute_url())
    loaded_at = time.monotonic()
    pasted = ("A long remark about tolls. " * 223)[:6000]

    page.fill("#id_body", pasted)  # as a paste: one input event with all of it
    expect(page.locator("[data-counter]")).to_have_text("6,000 of 5,000 characters: 1,000 too many")
    assert len(page.input_value("#id_body")) == 6000  # the box cut nothing
    page.fill("#id_name", "Signe Aas")
    page.fill("#id_email", "signe@example.org")
    wait_for_min_fill(loaded_at)
    page.click("#respond button[type=submit]")

    expect(page.locator("#respond")).to_contain_text(
        "Your comment has 6000 characters; the limit is 5000."
    )
    expect(page.locator("#id_body")).to_be_focused()
    assert page.input_value("#id_body") == pasted
    assert not Comment.objects.exists()
    screenshot(page, "comment-refused-long")
