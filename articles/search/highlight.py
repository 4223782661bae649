"""Snippets and highlighted titles, escaped before anything is marked.

PostgreSQL's ts_headline marks matches in the stored text but does not escape
it, so it is asked to mark with two private-use characters (stripped from the
text first); Python escapes the result and only then turns those characters
into <mark> tags. Nothing from an article or a query reaches the page unescaped.

Snippets are cut from the body's rendered HTML, not its Markdown source, so no
`##`, `**` or link syntax shows: PostgreSQL's parser reads each tag as one token
and ts_headline puts a space in its place; the entities left are decoded here
before everything is escaped again.
"""

from __future__ import annotations

import html
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.search import cjk
from articles.search.tsquery import Sql

START, STOP = "\ue000", "\ue001"
SENTINELS = START + STOP
OPTIONS = f"StartSel={START}, StopSel={STOP}"
SNIPPET_OPTIONS = OPTIONS + ", MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=' … '"
TITLE_OPTIONS = OPTIONS + ", HighlightAll=true"
# The rendered body; the source or the standfirst when there is none (a row
# written by raw SQL may lack its HTML).
SNIPPET_SOURCE = (
    "coalesce(nullif(articles_article.body_html, ''), nullif(articles_article.body, ''),"
    " articles_article.standfirst)"
)
_TAG = re.compile(r"<[^>]*>")
_MARKS = re.compile(f"([{SENTINELS}])")


def headline_sql(column: str, query: Sql, options: str) -> Sql:
    return Sql(
        f"ts_headline('english', translate({column}, %s, ''), {query.sql}, %s)",
        (SENTINELS, *query.params, options),
    )


def to_html(marked: str) -> SafeString:
    html = escape(marked).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own tags added


def snippet_html(marked: str) -> SafeString:
    """A snippet ts_headline cut from HTML: entities decoded (any that spell a
    sentinel dropped, so only ts_headline's marks become <mark>), spaces
    collapsed, then escaped."""
    text = "".join(
        part if part in SENTINELS else html.unescape(part).translate(_NO_SENTINELS)
        for part in _MARKS.split(marked)
    )
    return to_html(" ".join(text.split()))


_NO_SENTINELS = {ord(START): None, ord(STOP): None}


def plain_text(body_html: str) -> str:
    """The rendered body as plain text (for snippets cut in Python)."""
    return " ".join(html.unescape(_TAG.sub(" ", body_html)).split())


def cjk_snippet(text: str, query_text: str) -> SafeString | None:
    """ts_headline cannot see CJK words (one token per run): find the passage here."""
    needles = sorted(cjk.runs(query_text), key=len, reverse=True)
    found = cjk.passage(text.replace(START, "").replace(STOP, ""), needles)
    if found is None:
        return None
    window, present = found
    marked = window
    for needle in present:
        marked = marked.replace(needle, f"{START}{needle}{STOP}")
    return to_html(("… " if not text.startswith(window) else "") + marked + " …")
