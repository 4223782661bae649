"""WordPress eXtended RSS (WXR 1.0, 1.1, 1.2) to article records, streaming.

``defusedxml``'s iterparse reads one ``<item>`` at a time and each is cleared
once turned into a record, so memory stays flat however large the export.
Namespaces are matched by kind, not by exact URI: WordPress has written
``http://wordpress.org/export/1.0/`` through ``1.2/`` and https variants.

Elements in the ``archive`` namespace are this project's own additions to its
exports (Markdown source, ordered bylines with bios, the publication): WordPress
ignores them, and they make our own export round-trip without loss.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html import unescape
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.text import slugify

from articles.importers.html_to_markdown import html_to_markdown
from articles.importers.records import (
    ArticleRecord,
    AuthorRecord,
    CommentRecord,
    Failed,
    Note,
    PublicationRecord,
    Skipped,
)

ARCHIVE_NS = "https://archive.example/export/1.0/"
WP_NS = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
EXCERPT_NS = re.compile(r"^https?://wordpress\.org/export/1\.\d+/excerpt/$")
KNOWN_NS = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    ARCHIVE_NS: "archive",
}
POST_STATUS = {
    "publish": "published",
    "future": "published",  # a future date: scheduled
    "draft": "draft",
    "pending": "draft",
}
SKIPPED_POST_STATUS = {
    "private": "private post",
    "trash": "trashed post",
    "auto-draft": "auto-draft",
}
COMMENT_STATUS = {"1": "approved", "0": "pending", "trash": "removed", "approved": "approved"}
NO_DATE = "0000-00-00 00:00:00"
TAG_PATTERN = re.compile(r"<[^>]+>")


class _Names:
    """``{uri}local`` to ``kind:local`` ("wp:post_type"), cached: called per element."""

    def __init__(self):
        self.cache: dict[str, str] = {}

    def __call__(self, tag: str) -> str:
        name = self.cache.get(tag)
        if name is None:
            name = self.cache[tag] = self._resolve(tag)
        return name

    @staticmethod
    def _resolve(tag: str) -> str:
        if not tag.startswith("{"):
            return tag
        uri, _, local = tag[1:].partition("}")
        if WP_NS.match(uri):
            return f"wp:{local}"
        if EXCERPT_NS.match(uri):
            return f"excerpt:{local}"
        kind = KNOWN_NS.get(uri)
        return f"{kind}:{local}" if kind else f"?:{local}"


def parse_wxr(
    source, *, file: str, publication: str = ""
) -> Iterator[ArticleRecord | Skipped | Failed | Note]:
    """Records for the posts of one WXR file (a path or a binary file object).

    A parse error ends the file (XML cannot be resumed past it) as one Failed
    with its line; everything before it has already been yielded. Posts that
    share a GUID are each imported and reported (a Note); a post id seen twice
    in one file is the same post exported twice: the second is skipped.
    """
    names = _Names()
    seen = _Seen()
    site = {"base": "", "link": "", "title": "", "description": ""}
    authors: dict[str, str] = {}
    channel: Element | None = None
    in_item = False
    seen_channel = False
    try:
        for event, element in iterparse(source, events=("start", "end")):
            name = names(element.tag)
            if event == "start":
                if name == "channel":
                    channel, seen_channel = element, True
                elif name == "item":
                    in_item = True
                continue
            if name == "item":
                in_item = False
                try:
                    yield from _item(element, names, site, authors, file, publication, seen)
                except Exception as exc:  # noqa: BLE001  (one bad item must not stop the file)
                    title = _text(_child(element, names, "title")) or "untitled"
                    yield Failed(f"item {title!r}: {exc}", file)
                if channel is not None:
                    channel.clear()  # drop finished items: memory stays flat
            elif in_item:
                continue
            elif name == "wp:author":
                login = _text(_child(element, names, "wp:author_login"))
                display = _text(_child(element, names, "wp:author_display_name"))
                if login:
                    authors[login] = display or login
            elif name == "wp:base_site_url":
                site["base"] = _text(element)
            elif name == "link" and not site["link"]:
                site["link"] = _text(element)
            elif name == "title" and not site["title"]:
                site["title"] = _text(element)
            elif name == "description" and not site["description"]:
                site["description"] = _text(element)
    except ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        yield Failed(
            f"malformed XML ({_parse_message(exc)}, column {column}); "
            "items before this point were imported, the rest of the file cannot be read",
            file,
            line,
        )
        return
    except DefusedXmlException as exc:
        yield Failed(f"refused unsafe XML: {exc}", file)
        return
    if not seen_channel:
        yield Failed("not a WordPress export: no <channel> element", file)


class _Seen:
    """The GUIDs and keys met so far in one file, to report duplicates."""

    def __init__(self):
        self.guids: dict[str, str] = {}  # guid -> the first post id that had it
        self.keys: set[str] = set()


def item_key(fields: dict[str, str], site_url: str) -> tuple[str, str]:
    """(key, previous key) for a post: what identifies it across imports.

    A WordPress post is the site plus its ``wp:post_id``; the GUID is only a hint,
    because a copied post keeps its source's GUID. The key is spelled as
    WordPress spells a default GUID, so an unedited GUID is the key, and a piece
    imported before keys changed (keyed by its GUID) is found by the previous key.
    Our own exports (``archive:`` elements) carry the piece's key as the GUID.
    """
    post_id = fields.get("wp:post_id", "").strip()
    guid = fields.get("guid", "").strip()
    ours = "archive:body_markdown" in fields
    if guid and (ours or not post_id or not site_url):
        return guid, ""
    if post_id:
        key = f"{site_url.rstrip('/')}/?p={post_id}"
        return key, guid if guid and guid != key else ""
    raise ValueError("no guid and no post id: cannot tell this post from others")


def _item(item, names, site, authors, file, publication, seen: _Seen):
    fields: dict[str, str] = {}
    categories: list[tuple[str, str, str]] = []
    comments: list[Element] = []
    bylines: list[Element] = []
    pub_element = None
    for child in item:
        name = names(child.tag)
        if name == "category":
            categories.append(
                (child.get("domain", "category"), _text(child), child.get("nicename", ""))
            )
        elif name == "wp:comment":
            comments.append(child)
        elif name == "archive:byline":
            bylines.append(child)
        elif name == "archive:publication":
            pub_element = child
        else:
            fields[name] = child.text or ""

    post_type = fields.get("wp:post_type", "post").strip()
    title = fields.get("title", "").strip()
    origin = f"{file} ({title or 'untitled'})"
    if post_type != "post":
        yield Skipped(post_type.replace("_", " ") or "unknown item type", origin)
        return
    wp_status = fields.get("wp:status", "publish").strip()
    if wp_status in SKIPPED_POST_STATUS:
        yield Skipped(SKIPPED_POST_STATUS[wp_status], origin)
        return
    status = POST_STATUS.get(wp_status)
    if status is None:
        raise ValueError(f"unknown post status {wp_status!r}")

    post_id = fields.get("wp:post_id", "").strip()
    guid = fields.get("guid", "").strip()
    key, previous_key = item_key(fields, site["base"] or site["link"])
    if key in seen.keys:
        yield Skipped("the same post twice in one file (same site and post id)", origin)
        return
    seen.keys.add(key)
    if guid and guid in seen.guids and seen.guids[guid] != post_id:
        yield Note(
            f"duplicate GUID {guid}: post {post_id} ({title or 'untitled'}) shares it with "
            f"post {seen.guids[guid]}; both are kept, each keyed by site and post id",
            file,
            kind="duplicate guid",
        )
    elif guid:
        seen.guids[guid] = post_id

    if "archive:body_markdown" in fields:
        body, body_html = fields["archive:body_markdown"], None
    else:
        converted = html_to_markdown(fields.get("content:encoded", ""))
        body, body_html = converted.markdown, converted.html
    published_at = _wp_date(fields.get("wp:post_date_gmt"), fields.get("pubDate"))
    if published_at is None and "wp:post_date" in fields and fields["wp:post_date"] != NO_DATE:
        published_at = _gmt(fields["wp:post_date"])  # no GMT date: the site's clock, as UTC
    if status == "published" and published_at is None:
        raise ValueError("published post without a date")
    if status == "draft" and wp_status == "draft" and "archive:body_markdown" not in fields:
        published_at = None  # WordPress dates drafts with their last save

    if bylines:
        author_records = [
            AuthorRecord(name=_text(b), bio=b.get("bio", ""), slug=b.get("slug", ""))
            for b in bylines
        ]
    else:
        login = fields.get("dc:creator", "").strip()
        author_records = [AuthorRecord(name=authors.get(login, login))] if login else []

    if pub_element is not None:
        pub_name = _text(pub_element)
        pub = (
            PublicationRecord(
                name=pub_name,
                about=pub_element.get("about", ""),
                website=pub_element.get("website", ""),
                slug=pub_element.get("slug", ""),
            )
            if pub_name
            else None
        )
    elif publication:
        pub = PublicationRecord(name=publication)
    elif site["title"]:
        pub = PublicationRecord(name=site["title"], about=site["description"], website=site["link"])
    else:
        pub = None

    topics: list[str] = []
    topic_slugs: dict[str, str] = {}
    for domain, topic, nicename in categories:
        if domain in ("category", "post_tag") and topic and topic not in topics:
            if domain == "category" and topic == "Uncategorized":
                continue
            topics.append(topic)
            if nicename:
                topic_slugs[topic] = unquote(nicename)

    comment_fields = [{names(c.tag): c.text or "" for c in element} for element in comments]
    # Our own exports carry each comment's key; WordPress's are made from the ids.
    comment_keys = {
        f.get("wp:comment_id", "").strip(): (
            f.get("archive:comment_key", "").strip()
            or f"{key}#comment-{f.get('wp:comment_id', '').strip()}"
        )[:500]
        for f in comment_fields
    }
    comment_records: list[CommentRecord] = []
    for fields_of_comment in comment_fields:
        result = _comment(fields_of_comment, comment_keys)
        if isinstance(result, Skipped):
            result.origin = origin
            yield result
        else:
            comment_records.append(result)

    slug = slugify(unquote(fields.get("wp:post_name", "")))
    yield ArticleRecord(
        key=key[:500],
        previous_key=previous_key[:500],
        title=title[:300] or "Untitled",
        body=body,
        body_html=body_html,
        origin=origin,
        slug=slug,
        standfirst=_plain(fields.get("excerpt:encoded", "")),
        status=status,
        published_at=published_at,
        authors=author_records,
        publication=pub,
        topics=topics,
        topic_slugs=topic_slugs,
        source_url=fields.get("archive:source_url", fields.get("link", "")).strip()[:1000],
        comments_open=fields.get("wp:comment_status", "open").strip() != "closed",
        comments=comment_records,
    )


def _comment(fields: dict[str, str], keys: dict[str, str]) -> CommentRecord | Skipped:
    kind = fields.get("wp:comment_type", "").strip()
    if kind in ("pingback", "trackback"):
        return Skipped(kind)
    approved = fields.get("wp:comment_approved", "1").strip()
    if approved == "spam":
        return Skipped("spam comment")
    comment_id = fields.get("wp:comment_id", "").strip()
    if not comment_id:
        raise ValueError("a comment without wp:comment_id")
    parent = fields.get("wp:comment_parent", "0").strip()
    return CommentRecord(
        key=keys[comment_id],
        # A parent missing from the file gets a key no comment has: the writer then
        # makes the reply a top-level comment.
        parent_key=keys.get(parent, f"{keys[comment_id]}/missing-parent-{parent}")
        if parent not in ("", "0")
        else None,
        name=fields.get("wp:comment_author", "").strip()[:100] or "Anonymous",
        email=fields.get("wp:comment_author_email", "").strip()[:254],
        url=fields.get("wp:comment_author_url", "").strip()[:500],
        body=_comment_text(fields.get("wp:comment_content", "")),
        created_at=_wp_date(fields.get("wp:comment_date_gmt"), None)
        or _gmt(fields.get("wp:comment_date", "")),
        status=COMMENT_STATUS.get(approved, "pending"),
    )


def _child(element, names, wanted):
    for child in element:
        if names(child.tag) == wanted:
            return child
    return None


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _wp_date(gmt: str | None, pub_date: str | None) -> datetime | None:
    if gmt and gmt.strip() and gmt.strip() != NO_DATE:
        return _gmt(gmt)
    if pub_date and pub_date.strip():
        try:
            parsed = parsedate_to_datetime(pub_date.strip())
        except (TypeError, ValueError):
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _gmt(value: str) -> datetime | None:
    value = (value or "").strip()
    if not value or value == NO_DATE:
        return None
    return datetime.fromisoformat(value.replace(" ", "T")).replace(tzinfo=UTC)


def _plain(html: str) -> str:
    """An excerpt as one line of text (the standfirst is plain)."""
    html = re.sub(r"<br\s*/?>|</(?:p|div|li|h[1-6])>", " ", html)
    return " ".join(unescape(TAG_PATTERN.sub("", html)).split())


def _comment_text(html: str) -> str:
    """WordPress keeps comments as HTML; ours are text (escaped when shown)."""
    text = re.sub(r"<br\s*/?>", "\n", html)
    text = re.sub(r"</p>\s*<p[^>]*>", "\n\n", text)
    return unescape(TAG_PATTERN.sub("", text)).strip()


def _parse_message(exc: ParseError) -> str:
    return re.sub(r": line \d+, column \d+$", "", str(exc))
