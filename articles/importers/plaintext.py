"""Plain-text pieces: what a commentary looks like when a web page is saved as text.

The format (README, "Importing"): optional front matter between ``---`` lines;
the first non-empty line is the title; an optional "By NAME" line; paragraphs
separated by blank lines; a closing "The author is ..." line is the author's
bio. The page's trailing boilerplate ("About this publication" with nothing
after it, "Be the first to comment", "Leave a Reply", share and subscribe
lines) is recognised and dropped.
"""

from __future__ import annotations

import re
from datetime import datetime, time

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from articles.importers.records import ArticleRecord, AuthorRecord, PublicationRecord

FRONT_MATTER_KEYS = {
    "title",
    "slug",
    "author",
    "authors",
    "author_bio",
    "date",
    "publication",
    "topics",
    "source_url",
    "standfirst",
    "status",
}
BYLINE = re.compile(r"^by\s+(?P<names>\S.{0,150})$", re.IGNORECASE)
NAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b)\s*", re.IGNORECASE)
BIO = re.compile(
    r"^[*_]*(?P<bio>(?:the\s+)?(?:author|authors|writer|writers)\s+(?:is|are|was|were)\s+.+?)[*_]*$",
    re.IGNORECASE,
)
ABOUT_HEADING = re.compile(r"^#*\s*about\s+(?:this|the)\s+publication\s*:?$", re.IGNORECASE)
# Whole lines a web page puts around a piece. Matched case-insensitively against
# the line without surrounding punctuation, so "Leave a Reply." and "— Share —" count.
BOILERPLATE = re.compile(
    r"^(?:"
    r"be the first to comment(?: on this (?:article|piece|post))?"
    r"|leave a (?:reply|comment|response)(?: cancel reply)?"
    r"|cancel reply"
    r"|\d+ (?:comments?|responses?|replies)"
    r"|no comments(?: yet)?"
    r"|comments(?: \(\d+\))?"
    r"|you must be logged in to post a comment"
    r"|your email address will not be published.*"
    r"|required fields are marked.*"
    r"|share(?: this(?: (?:article|piece|post|story))?)?(?: (?:on|to|via) {networks})?"
    r"|(?:post|tweet) (?:on|to) {networks}"
    r"|facebook|twitter|x|linkedin|whatsapp|reddit|email|print|tweet|pin it|copy link"
    r"|subscribe(?: (?:now|today|to (?:our|the) newsletter|for updates))?"
    r"|sign up (?:for|to) (?:our|the) newsletter"
    r"|follow us(?: on .*)?"
    r"|related (?:articles|posts|pieces|stories)"
    r"|read more|continue reading|advertisement"
    r")$".format(networks=r"(?:facebook|twitter|x|linkedin|whatsapp|email|reddit|bluesky)"),
    re.IGNORECASE,
)
EDGE_PUNCTUATION = " \t*_#>-–—|:.!•·"


class PlainTextError(ValueError):
    """The file does not have the shape of a piece (no title, bad front matter)."""


def parse_plaintext(
    text: str,
    *,
    key: str,
    origin: str,
    author: str = "",
    publication: str = "",
) -> ArticleRecord:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    meta, lines = _front_matter(text)
    lines = [line.rstrip() for line in lines]

    title_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if meta.get("title"):  # then every line is body
        title, body_lines = meta["title"], lines
    elif title_index is None:
        raise PlainTextError("no title: the file has no text")
    else:
        title = lines[title_index].strip().lstrip("#").strip()
        body_lines = lines[title_index + 1 :]

    body_lines, byline_names = _take_byline(body_lines)
    body_lines, about = _take_about_section(body_lines)
    body_lines, bio = _take_closing_lines(body_lines)

    if meta.get("authors") or meta.get("author"):
        names = [n for n in NAME_SPLIT.split(meta.get("authors") or meta["author"]) if n]
    elif byline_names:
        names = byline_names
    elif author:
        names = [author]
    else:
        names = []
    bio = meta.get("author_bio", bio)
    authors = [AuthorRecord(name=name, bio=bio if i == 0 else "") for i, name in enumerate(names)]

    pub_name = meta.get("publication") or publication
    pub = PublicationRecord(name=pub_name, about=about) if pub_name else None

    body = "\n\n".join(_paragraphs(body_lines))
    if not body:
        raise PlainTextError("the piece has a title but no body text")

    published_at = _parse_date(meta["date"]) if meta.get("date") else None
    status = meta.get("status") or ("published" if published_at else "draft")
    if status not in {"published", "draft"}:
        raise PlainTextError(f"status must be published or draft, not {status!r}")
    if status == "published" and published_at is None:
        raise PlainTextError("status: published needs a date")
    topics = [t.strip() for t in meta.get("topics", "").split(",") if t.strip()]
    return ArticleRecord(
        key=key,
        title=title[:300],
        body=body,
        origin=origin,
        slug=meta.get("slug", ""),
        standfirst=meta.get("standfirst", ""),
        status=status,
        published_at=published_at,
        authors=authors,
        publication=pub,
        topics=topics,
        source_url=meta.get("source_url", ""),
    )


def _front_matter(text: str) -> tuple[dict[str, str], list[str]]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, lines
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise PlainTextError("front matter opened with --- on line 1 is never closed") from None
    meta: dict[str, str] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if not sep or key not in FRONT_MATTER_KEYS:
            raise PlainTextError(
                f"line {number}: front matter lines are 'key: value' with a key among "
                + ", ".join(sorted(FRONT_MATTER_KEYS))
            )
        meta[key] = value.strip().strip("\"'")
    return meta, lines[end + 1 :]


def _take_byline(lines: list[str]) -> tuple[list[str], list[str]]:
    """A "By NAME" line right under the title (before the first paragraph ends)."""
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        match = BYLINE.match(line.strip())
        if match:
            names = [n.strip() for n in NAME_SPLIT.split(match["names"].strip(" .")) if n.strip()]
            return lines[:i] + lines[i + 1 :], names
        return lines, []
    return lines, []


def _take_about_section(lines: list[str]) -> tuple[list[str], str]:
    """Cut an "About this publication" heading and what follows it (it is the page's)."""
    for i in range(len(lines) - 1, -1, -1):
        if ABOUT_HEADING.match(lines[i].strip()):
            after = lines[i + 1 :]
            about = [p for p in _paragraphs(after) if not _is_boilerplate(p) and not BIO.match(p)]
            # A bio line can sit after the heading too; give it back for the closing scan.
            kept = [p for p in _paragraphs(after) if BIO.match(p)]
            return lines[:i] + [""] + [line for p in kept for line in (p, "")], "\n\n".join(about)
    return lines, ""


def _take_closing_lines(lines: list[str]) -> tuple[list[str], str]:
    """Drop trailing boilerplate; take the closing bio line if there is one."""
    end = len(lines)
    bio = ""
    while end:
        line = lines[end - 1].strip()
        if not line or _is_boilerplate(line):
            end -= 1
            continue
        match = BIO.match(line)
        if match and not bio:
            bio = match["bio"].strip()
            end -= 1
            continue
        break
    return lines[:end], bio


def _is_boilerplate(line: str) -> bool:
    return bool(BOILERPLATE.match(line.strip(EDGE_PUNCTUATION)))


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    return paragraphs


def _parse_date(value: str) -> datetime:
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise PlainTextError(f"date {value!r} is not YYYY-MM-DD or an ISO date-time")
        parsed = datetime.combine(day, time(12, 0))
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed
