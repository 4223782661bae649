"""HTML from other systems (WordPress) to our body format: Markdown source.

Converted minimally, and fast enough for a million-post archive:
paragraphs and headings become Markdown blocks, their inline HTML (links,
emphasis) stays as inline HTML, which Markdown allows; lists, quotes, tables
and code stay as sanitized HTML blocks. Everything goes through the same nh3
allow-list as rendered bodies first, so no script survives the import.

The converter also returns the HTML that ``render_markdown`` gives for the
Markdown it wrote (a test holds the two equal), so a bulk import need not run
the Markdown renderer on every post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from articles.rendering import sanitize_html

BLOCK_TAGS = frozenset(
    "p h1 h2 h3 h4 h5 h6 blockquote ul ol dl pre table figure hr div section article".split()
)
VOID_TAGS = frozenset({"br", "hr", "img", "wbr"})
HEADINGS = {"h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
SHORTCODE = re.compile(r"\[/?(?:caption|gallery|embed|audio|video)\b[^\]]*\]")
BLANK_LINES = re.compile(r"\n\s*\n")
REL_ATTR = ' rel="noopener noreferrer"'  # nh3 adds it; render_markdown will again
# Characters Markdown would read as syntax inside a paragraph.
INLINE_SPECIALS = re.compile(r"([\\`*_\[\]{}])")
# A paragraph that starts like a heading, quote, list item, rule or table row.
BLOCK_START = re.compile(r"^([#>+:|-]|\d+(?=[.)]))")


@dataclass(frozen=True)
class ConvertedBody:
    markdown: str
    html: str


def html_to_markdown(source: str) -> ConvertedBody:
    source = source or ""
    if "[" in source:
        source = SHORTCODE.sub("", source)
    clean = sanitize_html(source)
    md_blocks: list[str] = []
    html: list[str] = []  # blocks and the separators Markdown puts between them
    for kind, tag, inner, raw in _top_level_blocks(clean):
        if kind == "inline" or tag == "p":
            # Loose text keeps WordPress's rule: a blank line starts a paragraph.
            for part in BLANK_LINES.split(inner) if kind == "inline" else [inner]:
                text = _collapse(part)
                if text:
                    md_blocks.append(_escape_paragraph(text))
                    html += ["\n", f"<p>{text}</p>"]
        elif tag in HEADINGS:
            text = _collapse(inner)
            if text:
                md_blocks.append("#" * HEADINGS[tag] + " " + _escape_inline(text))
                html += ["\n", f"<{tag}>{text}</{tag}>"]
        elif tag == "hr":
            md_blocks.append("---")
            html += ["\n", "<hr>"]
        else:
            md_blocks.append(raw.replace(REL_ATTR, ""))
            # Markdown sets a raw HTML block off with a blank line after it.
            html += ["\n", raw, "\n"]
    if html and html[-1] == "\n":
        html.pop()
    return ConvertedBody("\n\n".join(md_blocks), "".join(html[1:]))


def _top_level_blocks(html: str):
    """Yield (kind, tag, inner, raw) for each top-level block of sanitized HTML.

    Loose inline content between blocks comes out as kind "inline". nh3's output is
    well formed (every element closed, names lower-case), so paragraphs and
    headings (which cannot nest) end at their first closing tag, and other
    blocks at the closing tag that balances their own name.
    """
    pos = loose_start = 0
    end_of_html = len(html)
    while (match := TAG.search(html, pos)) is not None:
        name = match.group(2).lower()
        if match.group(1) or name not in BLOCK_TAGS:
            pos = match.end()
            continue
        if match.start() > loose_start:
            yield "inline", "", html[loose_start : match.start()], ""
        if name in VOID_TAGS:
            yield "block", name, "", match.group(0)
            loose_start = pos = match.end()
            continue
        if name in FLAT_BLOCKS:
            inner_end = html.find(f"</{name}>", match.end())
            if inner_end == -1:
                inner_end = block_end = end_of_html
            else:
                block_end = inner_end + len(name) + 3
        else:
            inner_end = block_end = end_of_html
            depth, scan, same = 1, match.end(), _same_tag(name)
            while (inner := same.search(html, scan)) is not None:
                depth += -1 if inner.group(1) else 1
                scan = inner.end()
                if depth == 0:
                    inner_end, block_end = inner.start(), inner.end()
                    break
        yield "block", name, html[match.end() : inner_end], html[match.start() : block_end]
        loose_start = pos = block_end
    if loose_start < end_of_html:
        yield "inline", "", html[loose_start:], ""


FLAT_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})


@lru_cache(maxsize=32)
def _same_tag(name: str) -> re.Pattern:
    return re.compile(rf"<(/?){name}\b[^>]*>")


def _collapse(inner: str) -> str:
    return " ".join(inner.split())


def _escape_inline(text: str) -> str:
    """Backslash-escape Markdown syntax in text, never inside tags."""
    if not INLINE_SPECIALS.search(text):
        return text
    parts = re.split(r"(<[^>]*>)", text)
    return "".join(
        part if part.startswith("<") else INLINE_SPECIALS.sub(r"\\\1", part) for part in parts
    )


def _escape_paragraph(text: str) -> str:
    escaped = _escape_inline(text).replace(REL_ATTR, "")
    if escaped.startswith("<"):
        return escaped
    match = BLOCK_START.match(escaped)
    if match:
        # Escape the marker itself ("\#", "\-") or the dot after a number ("1\.").
        end = match.end()
        if match.group(1)[0].isdigit():
            return escaped[:end] + "\\" + escaped[end:]
        if match.group(1) == ":":  # a definition-list marker; Markdown has no escape for it
            return "&#58;" + escaped[1:]
        return "\\" + escaped
    return escaped
