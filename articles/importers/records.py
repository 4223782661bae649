"""What every importer produces: plain records, independent of the source format.

Parsers turn files into a stream of events (an article record, a skipped item,
a failure); the writer turns records into rows. A record's ``content_hash``
is what makes a second import of the same file a no-op.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime


@dataclass
class AuthorRecord:
    name: str
    bio: str = ""
    slug: str = ""  # wished for when the author is new (our own exports carry it)


@dataclass
class PublicationRecord:
    name: str
    about: str = ""
    website: str = ""
    slug: str = ""

    def __post_init__(self) -> None:
        # Only a web address: an export may hold any text here (javascript:, data:),
        # and the publication's page makes it a link.
        website = self.website.strip()
        self.website = website if website.lower().startswith(("http://", "https://")) else ""


@dataclass
class CommentRecord:
    key: str
    name: str
    body: str
    created_at: datetime | None = None
    status: str = "approved"  # a Comment.Status value
    email: str = ""
    url: str = ""
    parent_key: str | None = None


@dataclass
class ArticleRecord:
    """One piece as the source tells it. ``key`` identifies it across imports."""

    key: str
    title: str
    body: str  # Markdown source
    origin: str = ""  # "file" or "file:line", for messages
    body_html: str | None = None  # when the converter already knows the rendered HTML
    slug: str = ""
    standfirst: str = ""
    status: str = "draft"  # an Article.Status value
    published_at: datetime | None = None
    authors: list[AuthorRecord] = field(default_factory=list)
    publication: PublicationRecord | None = None
    topics: list[str] = field(default_factory=list)
    topic_slugs: dict[str, str] = field(default_factory=dict)  # name -> slug, when known
    source_url: str = ""
    comments_open: bool = True
    comments: list[CommentRecord] = field(default_factory=list)
    # The key an earlier import may have stored it under (a WordPress GUID): such a
    # piece is taken over, not duplicated. Not part of the content.
    previous_key: str = ""

    def content_hash(self) -> str:
        """A fingerprint of everything the import would write (not where it came from).

        Built by hand rather than with ``asdict``: it runs once per imported post.
        """
        pub = self.publication
        data = [
            self.key,
            self.title,
            self.body,
            self.slug,
            self.standfirst,
            self.status,
            self.published_at,
            [(a.name, a.bio, a.slug) for a in self.authors],
            (pub.name, pub.about, pub.website, pub.slug) if pub else None,
            self.topics,
            sorted(self.topic_slugs.items()),
            self.source_url,
            self.comments_open,
            [
                (c.key, c.name, c.body, c.created_at, c.status, c.email, c.url, c.parent_key)
                for c in self.comments
            ],
        ]
        blob = json.dumps(data, default=_json_default, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()


@dataclass
class Skipped:
    """An item deliberately not imported (a page, a pingback, a private post...)."""

    reason: str
    origin: str = ""
    count: int = 1


@dataclass
class Failed:
    """Something that could not be imported, and why; the import goes on."""

    reason: str
    file: str
    line: int | None = None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class Note:
    """Something the editor should know that is not a failure (e.g. a detected encoding)."""

    message: str
    file: str
    kind: str = ""  # "duplicate guid" is counted in the summary too


def _json_default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value)!r}")


# --- As JSON (the jsonl format) ------------------------------------------


def record_to_dict(record: ArticleRecord) -> dict:
    data = asdict(record)
    for transient in ("origin", "body_html", "previous_key"):
        data.pop(transient)
    return json.loads(json.dumps(data, default=_json_default))


def record_from_dict(data: dict, *, origin: str = "") -> ArticleRecord:
    """The inverse of record_to_dict; raises ValueError with what is wrong."""
    if not isinstance(data, dict):
        raise ValueError("each line must be a JSON object")
    try:
        publication = data.get("publication")
        return ArticleRecord(
            key=_required(data, "key"),
            title=_required(data, "title"),
            body=_required(data, "body"),
            origin=origin,
            slug=data.get("slug", ""),
            standfirst=data.get("standfirst", ""),
            status=data.get("status", "draft"),
            published_at=_date(data.get("published_at")),
            authors=[AuthorRecord(**a) for a in data.get("authors", [])],
            publication=PublicationRecord(**publication) if publication else None,
            topics=list(data.get("topics", [])),
            topic_slugs=dict(data.get("topic_slugs", {})),
            source_url=data.get("source_url", ""),
            comments_open=bool(data.get("comments_open", True)),
            comments=[
                CommentRecord(**{**c, "created_at": _date(c.get("created_at"))})
                for c in data.get("comments", [])
            ],
        )
    except TypeError as exc:  # an unexpected or missing key in a nested object
        raise ValueError(str(exc)) from exc


def _required(data: dict, key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key!r} is missing or empty")
    return value


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"date {value!r} has no time zone")
    return parsed
