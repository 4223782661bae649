"""Finding one's way, as a reader sees it in Chromium at phone and desktop widths."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_front_page_and_the_indexes(live_server, page, content):
    page.goto(live_server.url)
    expect(page.get_by_role("region", name="Lead piece")).to_contain_text(
        content["articles"][0].title
    )
    expect(page.get_by_role("heading", name="Latest", exact=True)).to_be_visible()
    screenshot(page, "front-page")

    for name in ("Topics", "Authors", "Publications"):
        page.get_by_role("navigation", name="Site").get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        expect(page.locator(".group-list__name").first).to_be_visible()
        screenshot(page, f"index-{name.lower()}")


def test_the_search_page_has_one_search_box_on_a_phone_and_lines_up_on_a_desktop(
    live_server, new_context, content
):
    phone = new_context(viewport=PHONE).new_page()
    phone.goto(live_server.url + reverse("articles:search") + "?q=harbour")
    expect(phone.locator("input[type=search]:visible")).to_have_count(1)

    desk = new_context(viewport=DESKTOP).new_page()
    desk.goto(live_server.url + reverse("articles:search") + "?q=harbour")
    header = desk.locator(".site-header__inner").bounding_box()
    results = desk.locator("main").bounding_box()
    assert abs(header["x"] - results["x"]) < 1
    assert abs(header["width"] - results["width"]) < 1
    screenshot(desk, "search-aligned")


def test_dates_stay_on_one_line_on_a_phone(live_server, new_context, content):
    page = new_context(viewport=PHONE).new_page()
    page.goto(live_server.url + content["articles"][0].get_absolute_url())

    date = page.locator(".piece__header .meta time").first
    line_height = page.evaluate(
        "el => parseFloat(getComputedStyle(el).lineHeight)", date.element_handle()
    )
    assert date.bounding_box()["height"] < 1.5 * line_height
