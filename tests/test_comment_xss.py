"""A corpus of hostile input, posted through the real form as a comment's text,
name and website, must be inert in the page its poster then sees.

"Inert" is checked on the parsed HTML (html.parser, as a browser tokenizes it),
not by looking for substrings: no element the page does not have anyway, no
script but the site's own, no on* event-handler attribute, and no URL attribute
whose scheme (after the entity decoding and whitespace stripping a browser does)
is javascript:, data: or vbscript:. Links made from comment text are marked
rel="nofollow ugc noopener".
"""

import re
from html.parser import HTMLParser

import pytest

from tests.comment_helpers import comment_form_data, post_url
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x='20' y='20'>x</text></a></svg>",
    '<a href="javascript:alert(1)">click me</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    "javascript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<body onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<style>@import 'https://evil.example/x.css';</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1);//<</script>",
    '<img src="x\nonerror=alert(1)">',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">ent</a>',
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "Invoice \u202egpj.exe from the harbour office",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/<script>alert(1)</script>",
    "www.example.org/?q=<img src=x onerror=alert(1)>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<![CDATA[<script>alert(1)</script>]]>",
    "{{ 7|add:42 }} {% debug %}",
    '<a href="https://example.org" onclick="alert(1)">ok?</a>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "\x00<script>alert(1)</script>",
    "java\nscript:alert(1)",
    "<a href='vbscript:msgbox(1)'>vb</a>",
]
assert len(PAYLOADS) >= 30

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


class PageTags(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.scripts: list[dict] = []
        self.event_handlers: list[tuple[str, str]] = []
        self.bad_urls: list[tuple[str, str]] = []
        self.text_links: list[dict] = []
        self.in_comment_text = 0
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if tag == "script":
            self.scripts.append(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.event_handlers.append((tag, name))
            if name in URL_ATTRIBUTES and value:
                # What a browser does before reading a scheme: drop ASCII whitespace
                # and control characters anywhere, compare case-insensitively.
                squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
                if squeezed.startswith(BAD_SCHEMES):
                    self.bad_urls.append((tag, value))
        if tag == "div" and "comment__text" in (attrs.get("class") or ""):
            self.in_comment_text = 1
        elif self.in_comment_text and tag == "a":
            self.text_links.append(attrs)

    def handle_endtag(self, tag):
        if tag == "div":
            self.in_comment_text = 0


@pytest.fixture
def baseline_page(client, article):
    """The elements the page has anyway, with a plain comment and the form on it."""
    CommentFactory(article=article, body="A plain remark.\n\nhttps://example.org")
    return PageTags(client.get(article.get_absolute_url()).content.decode())


def seen_by_poster(client, article, **fields):
    values = {"name": "Reader", "email": "reader@example.org", "body": "Plain text.", **fields}
    response = client.post(post_url(article), comment_form_data(article, **values))
    assert response.status_code in {302, 400}, response.status_code
    if response.status_code == 302:
        return client.get(response["Location"]).content.decode()
    return response.content.decode()  # refused (e.g. a website that is no URL): the form


def assert_inert(html: str, baseline: PageTags):
    page = PageTags(html)
    assert page.tags <= baseline.tags | {"a", "p", "br"}, page.tags - baseline.tags
    # Exactly the page's own scripts (static files, JSON-LD data), none from input.
    assert page.scripts == baseline.scripts
    assert page.event_handlers == []
    assert page.bad_urls == []
    for link in page.text_links:
        assert link["rel"] == "nofollow ugc noopener"
        assert link["href"].startswith(("http://", "https://", "mailto:"))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_comment_text_is_inert(client, article, baseline_page, payload):
    html = seen_by_poster(client, article, body=f"Before. {payload} After.")

    assert_inert(html, baseline_page)
    if "\x00" not in payload:  # the form refuses a NUL; otherwise the comment is shown
        assert "Before." in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_name_is_inert(client, article, baseline_page, payload):
    assert_inert(seen_by_poster(client, article, name=payload[:100]), baseline_page)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_website_is_inert(client, article, baseline_page, payload):
    assert_inert(seen_by_poster(client, article, url=payload[:500]), baseline_page)


def test_script_text_is_shown_as_text(client, article):
    html = seen_by_poster(client, article, body="Try <script>alert(1)</script> here.")

    assert "Try &lt;script&gt;alert(1)&lt;/script&gt; here." in html


def test_urls_in_text_become_marked_links_and_paragraphs_are_kept(client, article):
    html = seen_by_poster(
        client, article, body="First paragraph, see https://example.org/a?b=1&c=2.\n\nSecond."
    )

    assert (
        '<p>First paragraph, see <a href="https://example.org/a?b=1&amp;c=2" '
        'rel="nofollow ugc noopener">https://example.org/a?b=1&amp;c=2</a>.</p>\n\n<p>Second.</p>'
    ) in html


def test_a_website_that_is_not_http_is_refused(client, article):
    for address in ("javascript:alert(1)", "ftp://files.example/x", "data:text/html,hi"):
        html = seen_by_poster(client, article, url=address)
        assert "Enter a valid URL." in html


def test_bidi_overrides_are_removed_from_names(client, article):
    html = seen_by_poster(client, article, name="Evil\u202egpj.exe")

    assert "Evilgpj.exe" in html
    assert "\u202e" not in html


def test_bulk_created_comments_are_rendered_too(client, article):
    from articles.models import Comment

    Comment.objects.bulk_create(
        [
            Comment(
                article=article,
                name="Imported",
                email="imported@example.org",
                body="Imported <b>text</b>, see https://example.org.",
                status=Comment.Status.APPROVED,
            )
        ]
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Imported &lt;b&gt;text&lt;/b&gt;, see <a href=" in html


LINK_TEXTS = [
    "see https://example.org/a?b=1&c=<2> now.",
    "mail me: a.b@example.com, or www.example.org.",
    "(http://example.com/foo), [www.example.net/x]; done:",
    "https://example.org/" + "long-path/" * 12,
    "a.b@c, x:y, é.ü@ü.com and mailto:x@example.com",
    'He said "go to example.com" and left.\n\nNew paragraph.\nNew line.',
    "&amp; &lt;b&gt; http://example.org/?q=&quot;x&quot;",
    "a" * 3000 + ".",
    "",
]


@pytest.mark.parametrize("text", PAYLOADS + LINK_TEXTS)
def test_the_fast_comment_renderer_gives_exactly_djangos_output(text):
    """render_comment_text escapes plain words itself instead of through urlize
    (a third of the cost of importing a comment); the HTML must not change."""
    from django.utils.html import linebreaks, urlize

    from articles.rendering import (
        COMMENT_LINK_REL,
        COMMENT_URL_DISPLAY_LIMIT,
        render_comment_text,
    )

    linked = urlize(text, trim_url_limit=COMMENT_URL_DISPLAY_LIMIT, nofollow=True, autoescape=True)
    expected = linebreaks(linked.replace(' rel="nofollow"', f' rel="{COMMENT_LINK_REL}"'))
    assert render_comment_text(text) == expected
