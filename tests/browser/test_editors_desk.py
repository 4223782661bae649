"""The editors' desk in a real Chromium: moderating comments from the list (point 6)
and importing/exporting through background jobs on the real worker (point 8)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article, Comment, TransferJob
from tests.browser.conftest import (
    DESKTOP,
    admin_login,
    describe_violations,
    run_axe,
    screenshot,
)
from tests.factories import ArticleFactory, CommentFactory
from tests.test_import_duplicates import _pairs_export
from tests.transfer_helpers import start_worker

pytestmark = pytest.mark.django_db(transaction=True)


def admin_url(live_server, rest: str) -> str:
    return f"{live_server.url}/{django_settings.ADMIN_URL}{rest}"


def assert_no_axe_violations(page, name: str) -> None:
    for size in (DESKTOP, {"width": 375, "height": 740}):
        page.set_viewport_size(size)
        violations = run_axe(page)
        assert not violations, f"{name} at {size['width']}px:\n" + describe_violations(violations)
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def queue(db):
    article = ArticleFactory(
        title="Why the county should keep paying for the island ferry and its crews " * 2
    )
    CommentFactory(article=article, status=Comment.Status.APPROVED, name="Long Standing")
    waiting = [
        CommentFactory(
            article=article,
            status=Comment.Status.PENDING,
            name=name,
            email=f"{name.split()[0].lower()}@example.org",
            body=body,
        )
        for name, body in [
            ("Tamsin Ferris", "The printed timetable is still wrong about Sundays. " * 3),
            ("Odile Brack", "My grandfather crewed it for thirty years; he would agree."),
        ]
    ]
    return article, waiting


def test_an_editor_moderates_and_replies_from_the_comments_list(
    live_server, new_context, editor, queue
):
    article, (tamsin, odile) = queue
    page = new_context(viewport=DESKTOP, bypass_csp=True).new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    admin_login(page, live_server.url)

    # The dashboard and the menu show how many comments wait.
    expect(page.locator(".model-comment .pending-count").first).to_contain_text("2")
    page.locator(".model-comment th a").first.click()

    # The list opens on Pending: the approved comment is not in it.
    expect(page.locator("#result_list")).to_contain_text("Tamsin Ferris")
    expect(page.locator("#result_list")).not_to_contain_text("Long Standing")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(2)
    # Long text is cut to fit, with all of it on hover.
    cut = page.locator("#result_list .field-short_body .truncated").first
    assert cut.get_attribute("title").startswith("The printed timetable is still wrong")
    # No sideways scroll at 1280 px.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page, "comments list")
    screenshot(page, "admin-comments-pending")

    page.get_by_role("button", name="Approve comment by Tamsin Ferris").click()
    expect(page.locator(".messagelist")).to_contain_text("Approved 1 comment")
    expect(page.locator("#result_list")).not_to_contain_text("Tamsin Ferris")
    tamsin.refresh_from_db()
    assert tamsin.status == Comment.Status.APPROVED

    page.get_by_role("link", name="Reply to Odile Brack").click()
    expect(page.locator(".comment-quoted")).to_contain_text("My grandfather crewed it")
    assert_no_axe_violations(page, "reply page")
    page.get_by_label("Your reply").fill("Thank you, and to him: we have written it down.")
    page.get_by_role("button", name="Publish reply").click()

    expect(page.locator(".messagelist")).to_contain_text("Your reply to Odile Brack is published")
    odile.refresh_from_db()
    reply = odile.replies.get()
    assert odile.status == reply.status == Comment.Status.APPROVED
    reader = new_context().new_page()
    reader.goto(live_server.url + article.get_absolute_url())
    expect(reader.locator(f"#{reply.anchor}")).to_contain_text("we have written it down")
    assert not errors

    # The moderation lists are edited on one settings page.
    page.get_by_role("link", name="Comment moderation settings").first.click()
    page.get_by_label("Hold for moderation when containing").fill("rebate\nlevy")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Moderation settings saved")
    expect(page.get_by_label("Hold for moderation when containing")).to_have_value("rebate\nlevy")
    assert_no_axe_violations(page, "moderation settings")
    screenshot(page, "admin-moderation-settings")


def test_the_editor_writes_with_a_live_preview(live_server, new_context, editor):
    article = ArticleFactory(
        title="A headline long enough to need the whole width of the field, and then some more"
    )
    ArticleFactory(
        title="Next month: " + "the long argument about who pays for the sea wall " * 3,
        published_at=timezone.now() + dt.timedelta(days=30),
    )
    page = new_context(viewport=DESKTOP, bypass_csp=True).new_page()
    admin_login(page, live_server.url)

    # The list at 1280 px: no sideways scroll, titles on a few lines, not a word a line.
    page.goto(admin_url(live_server, "articles/article/"))
    screenshot(page, "admin-articles-list")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    title_cell = page.locator("#result_list .field-title_column").first
    assert title_cell.evaluate("el => el.getBoundingClientRect().width") > 200
    expect(page.locator("#result_list")).to_contain_text("Scheduled for")
    assert_no_axe_violations(page, "articles list")
    screenshot(page, "admin-articles-list")

    page.goto(admin_url(live_server, f"articles/article/{article.pk}/change/"))

    body = page.locator("#id_body")
    font = body.evaluate("el => getComputedStyle(el).fontFamily").lower()
    assert "monospace" in font  # the stack ends in the generic monospace family
    assert body.evaluate("el => el.getBoundingClientRect().height") >= 400  # large
    title = page.locator("#id_title")
    assert title.evaluate("el => el.scrollWidth <= el.clientWidth")  # the headline fits
    body.fill("## A new section\n\nWith **bold** words.")
    expect(page.locator("#id_body-preview h2")).to_have_text("A new section")
    expect(page.locator("#id_body-preview strong")).to_have_text("bold")
    screenshot(page, "admin-article-editor")

    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Preview changes (not saved)").click()
    preview = opened.value
    expect(preview.locator(".piece__body h2")).to_have_text("A new section")
    article.refresh_from_db()
    assert "A new section" not in article.body


def test_an_editor_imports_a_wordpress_export_and_exports_a_selection(
    live_server, new_context, editor, settings, tmp_path
):
    settings.TRANSFERS_DIR = tmp_path / "transfers"
    export = _pairs_export(tmp_path)
    worker = start_worker()
    try:
        page = new_context(viewport=DESKTOP, bypass_csp=True, accept_downloads=True).new_page()
        admin_login(page, live_server.url)
        page.goto(admin_url(live_server, "articles/transferjob/"))
        page.get_by_role("link", name="Import a file").click()
        assert_no_axe_violations(page, "import form")
        page.get_by_label("File to import").set_input_files(str(export))
        page.get_by_role("button", name="Start the import").click()

        # The job page follows the worker and ends on the command's summary.
        summary = page.locator("[data-job-summary]")
        expect(summary).to_contain_text("Import finished", timeout=60_000)
        expect(summary).to_contain_text("duplicate GUIDs: 2 post(s)")
        assert Article.objects.count() == 4
        assert_no_axe_violations(page, "import job")
        screenshot(page, "admin-import-job")

        # Export two pieces found by a filter.
        page.goto(admin_url(live_server, "articles/article/?q=pumping"))
        page.locator("#action-toggle").check()
        page.locator("select[name=action]").select_option("export_jsonl")
        page.get_by_role("button", name="Go").first.click()
        expect(page.locator("[data-job-summary]")).to_contain_text(
            "Export finished. 2 piece(s)", timeout=60_000
        )
        with page.expect_download() as download:
            page.get_by_role("link", name="Download").click()
        text = open(download.value.path(), encoding="utf-8").read()
        assert text.count("\n") == 2 and "Pumping stations revisited" in text
        assert TransferJob.objects.filter(status="done").count() == 2
    finally:
        worker.terminate()
        worker.wait(timeout=30)
