"""Quality gates on the pages readers see most: axe-core finds no accessibility
violation (light and dark colour schemes, phone and desktop widths) and the Nu
HTML checker finds no error in the HTML the server sends (the 500 and 503 pages
included)."""

from __future__ import annotations

import json
import subprocess

import pytest
from django.test import RequestFactory

from archive import errors
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    VNU_JAR,
    describe_violations,
    java,
    needs_search,
    require,
    run_axe,
    screenshot,
)

pytestmark = pytest.mark.django_db(transaction=True)


def page_paths(content) -> dict[str, str]:
    article = content["articles"][0]
    return {
        "home": "/",
        "home-page-2": "/?page=2",
        "article": article.get_absolute_url(),
        "author": content["authors"][0].get_absolute_url(),
        "publication": content["publications"][0].get_absolute_url(),
        "topic": content["topics"][0].get_absolute_url(),
        "archive": "/archive/",
        "archive-year": "/archive/2024/",
        "archive-month": "/archive/2024/6/",
        "topics": "/topics/",
        "authors": "/authors/",
        "publications": "/publications/",
        "not-found": "/no/such/page/",
    }


SEARCH_PATH = "/search/?q=trust"


def check_axe(new_context, url: str, name: str) -> None:
    """Light scheme at desktop width, then dark scheme at phone width (both colour
    palettes and both layouts, without reloading the page)."""
    # axe is injected as an inline script, which the site's CSP rightly blocks; the
    # CSP itself is tested in tests/test_security_headers.py.
    page = new_context(viewport=DESKTOP, color_scheme="light", bypass_csp=True).new_page()
    page.goto(url)
    for scheme, size in (("light", DESKTOP), ("dark", PHONE)):
        page.emulate_media(color_scheme=scheme)
        page.set_viewport_size(size)
        violations = run_axe(page)
        assert not violations, f"{name} ({scheme}, {size['width']}px):\n" + (
            describe_violations(violations)
        )
    page.emulate_media(color_scheme="light")
    screenshot(page, name)


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "article",
        "author",
        "publication",
        "topic",
        "archive",
        "archive-year",
        "archive-month",
        "topics",
        "authors",
        "publications",
        "not-found",
    ],
)
def test_axe_finds_no_violations(live_server, new_context, content, name):
    check_axe(new_context, live_server.url + page_paths(content)[name], name)


@needs_search
def test_axe_finds_no_violations_on_search(live_server, new_context, content):
    check_axe(new_context, live_server.url + SEARCH_PATH, "search")


def test_axe_catches_a_broken_page(page):
    """The gate itself works: an unlabelled field and faint text are reported."""
    page.set_content(
        '<!doctype html><html lang="en"><head><title>x</title></head><body><main>'
        '<input type="text"><p class="faint">faint</p></main></body></html>'
    )
    page.add_style_tag(content=".faint { color: #ddd; background: #fff; }")

    found = {violation["id"] for violation in run_axe(page)}

    assert {"label", "color-contrast"} <= found


def nu_errors(html_by_name: dict[str, str], tmp_path) -> dict[str, list[str]]:
    require(VNU_JAR.exists(), f"{VNU_JAR} missing: run `npm ci` at the repository root")
    files = []
    for name, html in html_by_name.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    result = subprocess.run(
        [java(), "-jar", str(VNU_JAR), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(result.stdout)
    found: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message["type"] == "error" or message.get("subType") == "fatal":
            name = message.get("url", "").rsplit("/", 1)[-1].removesuffix(".html")
            found.setdefault(name, []).append(
                f"line {message.get('lastLine')}: {message['message']}"
            )
    return found


def fetch_all(page, base: str, paths: dict[str, str]) -> dict[str, str]:
    html = {}
    for name, path in paths.items():
        response = page.request.get(base + path)
        assert response.status in (200, 404), (name, response.status)
        html[name] = response.text()
    return html


def test_nu_html_checker_finds_no_errors(live_server, page, content, tmp_path):
    html = fetch_all(page, live_server.url, page_paths(content))
    request = RequestFactory().get("/anything/")
    html["server-error"] = errors.server_error(request).content.decode()
    html["unavailable"] = errors.service_unavailable(request).content.decode()
    # The gate itself works: a stray end tag and a missing <title> are reported
    # (checked in the same run: the JVM takes seconds to start).
    html["known-broken"] = "<!doctype html><html lang=en><head></head><body></div></body></html>"

    found = nu_errors(html, tmp_path)

    assert found.pop("known-broken", None), "the checker missed a broken page"
    assert not found, json.dumps(found, indent=1)


@needs_search
def test_nu_html_checker_finds_no_errors_on_search(live_server, page, content, tmp_path):
    html = fetch_all(page, live_server.url, {"search": SEARCH_PATH})

    found = nu_errors(html, tmp_path)

    assert not found, json.dumps(found, indent=1)
