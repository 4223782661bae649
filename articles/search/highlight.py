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
from articles.sql import Sql, compose, value

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
_NO_SENTINELS = {ord(START): None, ord(STOP): None}


def headline_sql(column: str, query: Sql, options: str) -> Sql:
    return compose(
        "ts_headline('english', translate({column}, {sentinels}, ''), {query}, {options})",
        column=Sql(column),
        sentinels=value(SENTINELS),
        query=query,
        options=value(options),
    )


def to_html(marked: str) -> SafeString:
    html = escape(marked).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own tags added


def snippet_html(marked: str, source: str | None = None) -> SafeString:
    """A snippet ts_headline cut from HTML: entities decoded (any that spell a
    sentinel dropped, so only ts_headline's marks become <mark>), spaces
    collapsed, an ellipsis where it cuts a sentence (`source`: the text it was
    cut from, as plain_text gives it), then escaped."""
    text = "".join(
        part if part in SENTINELS else html.unescape(part).translate(_NO_SENTINELS)
        for part in _MARKS.split(marked)
    )
    text = " ".join(text.split())
    if source is not None:
        text = with_ellipses(text, source)
    return to_html(text)


FRAGMENT_DELIMITER = " … "
# A fragment ending (or following text ending) with one of these ends a sentence.
SENTENCE_ENDS = tuple(".!?…:;\"'”’»)]。！？」』")


# ts_headline trims the stop words at a fragment's edges ("The", "it."): up to
# this many words to a sentence's edge are put back instead of an ellipsis.
EDGE_WORDS = 3


def with_ellipses(snippet: str, source: str) -> str:
    """The snippet completed to its sentences' edges when they are a few words
    away, else with an ellipsis at the cut (ts_headline marks only the cuts
    between its fragments)."""
    if not snippet:
        return snippet
    fragments = snippet.split(FRAGMENT_DELIMITER)
    first = fragments[0].translate(_NO_SENTINELS)
    last = fragments[-1].translate(_NO_SENTINELS)
    at = source.find(first[:80])
    if at > 0:
        gap: list[str] = []
        for word in reversed(source[:at].split()):
            if word.endswith(SENTENCE_ENDS) or len(gap) > EDGE_WORDS:
                break
            gap.insert(0, word)
        snippet = ("… " if len(gap) > EDGE_WORDS else " ".join([*gap, ""])) + snippet
    elif at < 0 and first[:1].islower():
        snippet = "… " + snippet
    if last.endswith(SENTENCE_ENDS):
        return snippet
    end = source.rfind(last[-80:])
    rest = source[end + len(last[-80:]) :] if end >= 0 else "?"
    if not rest.strip():
        return snippet
    glued, _, after = rest.partition(" ") if not rest.startswith(" ") else ("", "", rest)
    words = [glued] if glued else []
    for word in after.split():
        if (words and words[-1].endswith(SENTENCE_ENDS)) or len(words) > EDGE_WORDS:
            break
        words.append(word)
    if words and words[-1].endswith(SENTENCE_ENDS) and len(words) <= EDGE_WORDS + 1:
        return snippet + glued + "".join(f" {word}" for word in words[1 if glued else 0 :])
    return snippet + " …"


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
