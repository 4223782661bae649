"""What a reader and an editor do, in a real Chromium against the live server."""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Comment
from tests.browser.conftest import (
    admin_login,
    needs_search,
    screenshot,
    wait_for_min_fill,
)
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_comments_editor_approves_reader_sees_it_and_a_reply_nests(
    live_server, new_context, content, editor
):
    """Works without JavaScript: the reader's browser has it turned off."""
    reader = new_context(java_script_enabled=False).new_page()
    newest = content["articles"][0]

    reader.goto(live_server.url)
    expect(reader.get_by_role("heading", level=1)).to_have_text("Latest commentary")
    reader.get_by_role("link", name=newest.title).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(newest.title)
    loaded_at = time.monotonic()

    reader.get_by_role("textbox", name="Comment", exact=True).fill(
        "Our harbour board reads only the first ledger."
    )
    reader.get_by_role("textbox", name="Name", exact=True).fill("Jonas Weir")
    reader.get_by_role("textbox", name="Email", exact=True).fill("jonas@example.org")
    wait_for_min_fill(loaded_at)
    reader.get_by_role("button", name="Post Comment").click()
    # The page every reader shares holds no per-visitor token; without JavaScript
    # the first press gets the text back with one, and a second press sends it.
    expect(reader.locator(".form-errors")).to_contain_text("one more step")
    wait_for_min_fill(time.monotonic())
    reader.get_by_role("button", name="Post Comment").click()

    expect(reader.get_by_role("status").first).to_contain_text("awaiting moderation")
    mine = reader.locator(".comment", has_text="Our harbour board reads only the first ledger.")
    expect(mine).to_contain_text("Your comment is awaiting moderation")
    screenshot(reader, "comment-pending")
    comment = Comment.objects.get(name="Jonas Weir")
    assert comment.status == Comment.Status.PENDING

    # Nobody else sees it yet.
    stranger = new_context().new_page()
    stranger.goto(live_server.url + newest.get_absolute_url())
    expect(stranger.get_by_text("Our harbour board reads only")).to_have_count(0)

    # The editor approves it from the moderation queue.
    desk = new_context().new_page()
    admin_login(desk, live_server.url)
    desk.get_by_role("link", name="Comments", exact=True).first.click()
    desk.get_by_role("link", name=re.compile("awaiting moderation")).first.click()
    row = desk.locator("#result_list tbody tr", has_text="Jonas Weir")
    row.locator("input[name=_selected_action]").check()
    desk.locator("select[name=action]").select_option("approve")
    desk.get_by_role("button", name="Go").first.click()
    expect(desk.locator(".messagelist")).to_be_visible()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED

    # The reader reloads: published, no longer marked as waiting.
    reader.reload()
    mine = reader.locator(f"#comment-{comment.pk}")
    expect(mine).to_contain_text("Our harbour board reads only the first ledger.")
    expect(mine).not_to_contain_text("awaiting moderation")

    # A reply (from the same, now trusted, reader) nests under it.
    mine.get_by_role("link", name="Reply to Jonas Weir").click()
    expect(reader.get_by_text("Replying to a comment.")).to_be_visible()
    loaded_at = time.monotonic()
    reader.get_by_role("textbox", name="Comment", exact=True).fill(
        "Replying to myself: the second ledger is trust."
    )
    reader.get_by_role("textbox", name="Name", exact=True).fill("Jonas Weir")
    reader.get_by_role("textbox", name="Email", exact=True).fill("jonas@example.org")
    wait_for_min_fill(loaded_at)
    reader.get_by_role("button", name="Post Comment").click()

    nested = reader.locator(f"#comment-{comment.pk} .comment-list--replies .comment")
    expect(nested).to_have_count(1)
    expect(nested).to_contain_text("the second ledger is trust")
    screenshot(reader, "comment-thread")


def test_comment_form_with_the_keyboard_alone(live_server, page, content):
    """Tab to the form, type, Tab between fields, Enter sends; focus is always visible."""
    article = content["articles"][1]
    page.goto(live_server.url + article.get_absolute_url())
    loaded_at = time.monotonic()

    def focused() -> dict:
        return page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                return {tag: el.tagName, name: el.name || '', text: el.textContent.trim(),
                        outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"""
        )

    # The first Tab reaches the skip link, visibly.
    page.keyboard.press("Tab")
    first = focused()
    assert first["text"] == "Skip to content"
    expect(page.get_by_role("link", name="Skip to content")).to_be_in_viewport()

    def tab_to(field: str, limit: int) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            now = focused()
            assert now["outline"] != "none" and now["width"] > 0, f"invisible focus on {now}"
            if now["name"] == field:
                return
        raise AssertionError(f"{limit} Tabs never reached the {field!r} field")

    tab_to("body", 80)
    page.keyboard.type("Typed without a mouse: the ferry timetable is a civic promise.")
    tab_to("name", 3)
    page.keyboard.type("Ada Keys")
    tab_to("email", 3)
    page.keyboard.type("ada.keys@example.org")
    wait_for_min_fill(loaded_at)
    page.keyboard.press("Enter")

    expect(page.get_by_role("status").first).to_contain_text("awaiting moderation")
    expect(page.locator(".comment", has_text="Typed without a mouse")).to_contain_text(
        "awaiting moderation"
    )
    assert Comment.objects.filter(name="Ada Keys", status=Comment.Status.PENDING).count() == 1


def test_form_errors_keep_what_was_typed(live_server, page, content):
    article = content["articles"][2]
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("textbox", name="Comment", exact=True).fill("A remark worth keeping.")
    page.get_by_role("textbox", name="Email", exact=True).fill("not-an-email")
    page.get_by_role("button", name="Post Comment").click()

    expect(page.get_by_role("textbox", name="Comment", exact=True)).to_have_value(
        "A remark worth keeping."
    )
    expect(page.locator(".field--error")).not_to_have_count(0)


def test_cite_this_copy_button_copies_the_citation(live_server, new_context, content):
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    article = content["articles"][0]
    page.goto(live_server.url + article.get_absolute_url())

    page.get_by_role("button", name="Copy citation").click()

    expect(page.locator(".cite__status")).to_have_text("Citation copied.")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert article.title in copied
    assert copied.endswith(live_server.url + article.get_absolute_url())


def test_no_layout_shift_no_external_requests_and_no_sideways_scroll(
    live_server, new_context, content
):
    context = new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    article = content["articles"][0]

    for path in ["/", article.get_absolute_url(), "/archive/2024/", "/authors/maren-holt/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        shift = page.evaluate(
            """() => new Promise(done => {
                 let total = 0;
                 new PerformanceObserver(list => {
                   for (const entry of list.getEntries()) total += entry.value;
                 }).observe({type: 'layout-shift', buffered: true});
                 setTimeout(() => done(total), 300);
               })"""
        )
        assert shift == 0, f"layout shift {shift} on {path}"
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"

    outside = [url for url in requested if not url.startswith(live_server.url)]
    assert requested and not outside, outside


def test_print_shows_the_piece_and_its_citation_not_the_page_furniture(live_server, page, content):
    article = content["articles"][0]
    page.goto(live_server.url + article.get_absolute_url())
    page.emulate_media(media="print")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".piece__body")).to_be_visible()
    expect(page.locator(".cite__text")).to_be_visible()
    for furniture in ["nav[aria-label=Site]", ".comment-form", ".related", ".site-footer"]:
        expect(page.locator(furniture)).to_be_hidden()


def apply_filter(page, label: str) -> None:
    """Narrow a search by its facet link (not a result's own publication link)."""
    facets = page.get_by_role("complementary", name="Narrow the results")
    facets.get_by_role("link", name=re.compile(re.escape(label))).first.click()
    page.wait_for_url(re.compile(r"/search/\?.*publication="))


@needs_search
def test_search_with_a_filter_and_a_page_change(live_server, page, content):
    """Search "trust" (every piece), narrow to one publication, go to the next page."""
    quarterly, ledger = content["publications"]
    for i in range(25):  # enough of the Quarterly's for a second page of results
        ArticleFactory(title=f"Trust and the tide tables, note {i}", publication=quarterly)
    page.goto(live_server.url + reverse("articles:search"))
    search_box = page.get_by_role("searchbox").first
    search_box.fill("trust")
    search_box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?.*q=trust"))
    expect(page.locator("main")).to_contain_text(ledger.name)  # both before filtering

    apply_filter(page, quarterly.name)
    first_page = page.locator("main .search-hit h3").all_inner_texts()
    assert first_page

    page.locator("main a[rel=next]").first.click()
    page.wait_for_url(re.compile(r"page=2"))
    # Still the same search, still filtered: the page change kept both in the URL.
    assert re.search(r"/search/\?", page.url) and "q=trust" in page.url
    assert f"publication={quarterly.slug}" in page.url
    second_page = page.locator("main .search-hit h3").all_inner_texts()
    assert second_page and not set(first_page) & set(second_page)
    # 41 of the Quarterly's pieces match: page 2 still has only the Quarterly's.
    expect(page.locator("main .search-hit", has_text=ledger.name)).to_have_count(0)
    screenshot(page, "search-filtered-page-2")
