"""Real-browser tests: Python Playwright driving Debian's Chromium against live_server.

One Chromium per module; a fresh context (cookies, viewport) per test. Screenshots
go to test-artifacts/screenshots/ (gitignored). Chromium, Java and the npm tools
(`npm ci`) are what these tests need: on a laptop without them the tests skip and
say how to install them; where ARCHIVE_REQUIRE_BROWSER=1 (CI sets it) a missing
tool fails the test instead, so CI can never pass by skipping.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import NoReverseMatch, reverse

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to
# run in a thread with a running loop unless told it is fine (it is: the tests
# themselves are synchronous).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
EDITOR = ("editor", "a-long-editor-passphrase")


def require(present: bool, missing: str) -> None:
    """Skip (laptop) or fail (CI) when a tool the browser tests need is missing."""
    if present:
        return
    if os.environ.get("ARCHIVE_REQUIRE_BROWSER") == "1":
        pytest.fail(missing)
    pytest.skip(missing)


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


def search_exists() -> bool:
    try:
        reverse("articles:search")
    except NoReverseMatch:
        return False
    return True


# Search is built on another branch; these points run as soon as its route exists.
needs_search = pytest.mark.skipif(
    not search_exists(), reason="the /search/ route (articles:search) does not exist yet"
)


@pytest.fixture(scope="module")
def browser():
    require(Path(CHROMIUM).exists(), f"{CHROMIUM} missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser):
    """Open browser contexts (separate people: cookies are not shared); all closed after."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture(autouse=True)
def _short_comment_fill_time(settings):
    """Comment anti-spam may require a minimum time between showing and sending the
    form. Tests keep the rule but lower any such setting (named *MIN_FILL*) to a
    second; `wait_for_min_fill` then waits that second like a person would."""
    for name in dir(django_settings):
        if "MIN_FILL" in name:
            value = getattr(django_settings, name)
            short = dt.timedelta(seconds=1) if isinstance(value, dt.timedelta) else 1
            setattr(settings, name, short)


def min_fill_seconds() -> float:
    seconds = 0.0
    for name in dir(django_settings):
        if "MIN_FILL" in name:
            value = getattr(django_settings, name)
            if isinstance(value, dt.timedelta):
                value = value.total_seconds()
            if isinstance(value, int | float):
                seconds = max(seconds, float(value))
    return seconds


def wait_for_min_fill(loaded_at: float) -> None:
    """Do not send a form faster than the anti-spam rule allows (plus a margin)."""
    remaining = (
        min_fill_seconds() + 0.3 - (time.monotonic() - loaded_at) if min_fill_seconds() else 0
    )
    if remaining > 0:
        time.sleep(remaining)


def screenshot(page, name: str) -> list[Path]:
    """Full-page screenshots of the current page at phone and desktop widths."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    paths = []
    for label, size in (("375", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        path = SCREENSHOTS / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    page.set_viewport_size(original)
    return paths


def run_axe(page, **options) -> list[dict]:
    """axe-core's violations for the current page (WCAG 2.x A/AA and best practices)."""
    require(AXE_JS.exists(), f"{AXE_JS} missing: run `npm ci` at the repository root")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate("async () => (await axe.run(document)).violations")


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)


def java() -> str:
    found = shutil.which("java")
    require(bool(found), "java missing: apt-get install -y default-jre-headless")
    return found


@pytest.fixture
def editor(django_user_model):
    username, password = EDITOR
    return django_user_model.objects.create_user(
        username, "editor@example.org", password, is_staff=True, is_superuser=True
    )


def admin_login(page, base_url: str) -> None:
    username, password = EDITOR
    page.goto(f"{base_url}/{django_settings.ADMIN_URL}login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/{django_settings.ADMIN_URL}")


BODY = """Every port town keeps two ledgers. One records what crossed the quay: sacks,
barrels, crates and the fees paid on them. The other is never written down, and it
records who trusted whom.

## What the ledgers miss

When a harbour authority plans a new terminal, it reads the first ledger closely and
ignores the second. That is why so many expansions arrive on time and on budget and
still leave the town poorer than before.

> A crane can lift a container. It cannot lift a habit of cooperation.

The better plans start with the people who already make the quay work, and ask what
they would need to keep doing it for another thirty years."""


@pytest.fixture
def content(db):
    """A small archive: two publications, three authors, three topics and 24 live
    pieces over four months (more than one home page), the newest with an approved
    comment."""
    from articles.models import Comment
    from tests.factories import (
        ArticleFactory,
        AuthorFactory,
        CommentFactory,
        PublicationFactory,
        TopicFactory,
    )

    quarterly = PublicationFactory(
        name="The Estuary Quarterly",
        slug="estuary-quarterly",
        about="Essays on rivers, ports and the towns that grow around them.",
    )
    ledger = PublicationFactory(name="Civic Ledger", slug="civic-ledger")
    authors = [
        AuthorFactory(
            name="Maren Holt",
            slug="maren-holt",
            bio="The author is a port historian who writes about small harbours.",
        ),
        AuthorFactory(
            name="Idris Calloway", slug="idris-calloway", bio="The author covers city budgets."
        ),
        AuthorFactory(name="Yun Sabater", slug="yun-sabater", bio=""),
    ]
    topics = [
        TopicFactory(name="Trade", slug="trade"),
        TopicFactory(name="Cities", slug="cities"),
        TopicFactory(name="History", slug="history"),
    ]
    subjects = [
        "harbour ledgers",
        "ferry timetables",
        "grain cooperatives",
        "quay cranes",
        "bridge tolls",
        "market halls",
        "river dredging",
        "customs forms",
    ]
    now = dt.datetime(2024, 6, 20, 10, 0, tzinfo=dt.UTC)
    articles = []
    for i in range(24):
        articles.append(
            ArticleFactory(
                title=f"What {subjects[i % 8]} tell us about trust, part {i // 8 + 1}",
                slug=f"piece-{i:02d}",
                standfirst="Small institutions carry more of the economy than the big ones admit.",
                body=BODY,
                published_at=now - dt.timedelta(days=5 * i),
                publication=quarterly if i % 3 else ledger,
                authors=[authors[i % 3]] + ([authors[(i + 1) % 3]] if i % 4 == 0 else []),
                topics=[topics[i % 3], topics[(i + 1) % 3]],
            )
        )
    CommentFactory(
        article=articles[0],
        name="Petra Lind",
        email="petra@example.org",
        body="The point about the unwritten ledger rings true in my town.",
        status=Comment.Status.APPROVED,
    )
    return {
        "articles": articles,
        "authors": authors,
        "topics": topics,
        "publications": [quarterly, ledger],
    }
