"""Snippets and highlighted titles, escaped before anything is marked.

PostgreSQL's ts_headline marks matches in the stored text but does not escape
it, so it is asked to mark with two private-use characters (stripped from the
text first); Python escapes the result and only then turns those characters
into <mark> tags. Nothing from an article or a query reaches the page unescaped.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.search import cjk
from articles.search.tsquery import Sql

START, STOP = "\ue000", "\ue001"
SENTINELS = START + STOP
OPTIONS = f"StartSel={START}, StopSel={STOP}"
SNIPPET_OPTIONS = OPTIONS + ", MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=' … '"
TITLE_OPTIONS = OPTIONS + ", HighlightAll=true"


def headline_sql(column: str, query: Sql, options: str) -> Sql:
    return Sql(
        f"ts_headline('english', translate({column}, %s, ''), {query.sql}, %s)",
        (SENTINELS, *query.params, options),
    )


def to_html(marked: str) -> SafeString:
    html = escape(marked).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own tags added


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
