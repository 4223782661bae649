"""A misspelt search in a real Chromium: the near word's pieces, the note, and
the link back to the exact spelling."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import needs_search, screenshot
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


@needs_search
def test_a_typo_shows_the_near_word_and_the_exact_spelling_is_one_click(live_server, page):
    ArticleFactory(title="Tariff walls at the estuary", body="The tariff rose at the port.")
    ArticleFactory(title="Harbour dues", body="Pilots argued over the dues.")

    page.goto(live_server.url + reverse("articles:search"))
    box = page.get_by_role("searchbox").first
    box.fill("tarrif ")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?.*q=tarrif"))

    expect(page.locator("main .search-hit h3")).to_have_text(["Tariff walls at the estuary"])
    note = page.get_by_role("note").filter(has_text="Including results for")
    expect(note).to_have_text(re.compile(r"Including results for tariff\. Search only for tarrif"))
    screenshot(page, "search-typo-included")

    note.get_by_role("link", name="Search only for tarrif").click()
    page.wait_for_url(re.compile(r"q=%22tarrif%22"))
    expect(page.locator("main .search-hit")).to_have_count(0)
    expect(page.get_by_text("Did you mean")).to_contain_text('"tariff"')
