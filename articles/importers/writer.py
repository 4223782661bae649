"""Records to rows: idempotent upserts, in batches.

Each batch (500 records by default) is one transaction and a fixed number of
queries whatever its size: look up the existing pieces by source key, compare
content hashes, bulk-create the new, bulk-update the changed, and leave the
unchanged alone. People, publications and topics are matched by name (topics
by slug) and created when missing. Comments are upserted by their own source
key and linked to their parents after the whole piece is in, so a reply that
comes before its parent in the file is threaded all the same.

If a batch fails in the database, its records are retried one by one so a
single bad record is reported and the others still land.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

import reversion
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.text import slugify

from archive.changes import rows_written
from articles.first_versions import record_first_versions
from articles.importers.bulk import allocate_ids, copy_insert, copy_rows
from articles.importers.records import ArticleRecord, Failed
from articles.models import (
    Article,
    ArticleSlugHistory,
    Author,
    Byline,
    Comment,
    Publication,
    Topic,
)
from articles.rendering import render_comment_text, render_markdown
from articles.search import index as search_index

BATCH_SIZE = 500
ARTICLE_FIELDS = [
    "title",
    "standfirst",
    "body",
    "body_html",
    "status",
    "published_at",
    "publication",
    "source_url",
    "comments_open",
    "import_hash",
    "updated_at",
]
COMMENT_FIELDS = ["name", "email", "url", "body", "body_html", "created_at", "status"]


class _DryRunRollback(Exception):
    pass


class ImportWriter:
    """Collects records and writes them in batches; counts what happened."""

    def __init__(
        self,
        *,
        dry_run: bool = False,
        batch_size: int = BATCH_SIZE,
        index: Callable[[list[int]], None] | None = None,
    ):
        """``index`` gets the ids of each batch's new and changed pieces inside its
        transaction; by default they are indexed for search right there."""
        self.dry_run = dry_run
        self.batch_size = batch_size
        self.index = index or search_index.refresh_documents
        self.counts: Counter[str] = Counter()
        self.failures: list[Failed] = []
        self._pending: dict[str, ArticleRecord] = {}

    def add(self, record: ArticleRecord) -> None:
        if record.key in self._pending:  # the same item twice: write the first one first
            self.flush()
        self._pending[record.key] = record
        if len(self._pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        records = list(self._pending.values())
        self._pending.clear()
        if not records:
            return
        try:
            self.counts.update(self._write_in_transaction(records))
        except Exception:  # noqa: BLE001  (whatever it was, isolate it to its record)
            for record in records:  # find the bad one(s); the rest still land
                try:
                    self.counts.update(self._write_in_transaction([record]))
                except Exception as exc:  # noqa: BLE001  (counted from failures)
                    self.failures.append(Failed(db_reason(exc), record.origin or record.key))

    def _write_in_transaction(self, records: list[ArticleRecord]) -> Counter[str]:
        counts: Counter[str] = Counter()
        try:
            with transaction.atomic():
                counts = write_batch(records, index=self.index)
                if self.dry_run:
                    raise _DryRunRollback
        except _DryRunRollback:
            pass
        return counts


def write_batch(
    records: list[ArticleRecord],
    *,
    index: Callable[[list[int]], None] = search_index.refresh_documents,
) -> Counter[str]:
    """Upsert one batch of records (distinct keys) in the current transaction;
    ``index`` then gets the ids of the pieces written (see ImportWriter)."""
    counts: Counter[str] = Counter()
    hashes = {r.key: r.content_hash() for r in records}
    existing = {
        a.import_key: a
        for a in Article.objects.filter(import_key__in=list(hashes)).only(
            "id", "import_key", "import_hash", "slug", "created_at"
        )
    }
    existing.update(_take_over_previous_keys(records, existing))
    to_create: list[ArticleRecord] = []
    to_update: list[ArticleRecord] = []
    for record in records:
        article = existing.get(record.key)
        if article is None:
            to_create.append(record)
        elif article.import_hash == hashes[record.key]:
            counts["unchanged"] += 1
        else:
            to_update.append(record)
    changed = to_create + to_update
    if not changed:
        return counts

    # The search triggers would index each row as it is written (~4 ms a piece);
    # the batch is indexed at once at the end instead (or queued for the
    # background indexer, articles/importers/indexer.py).
    search_index.defer_triggers()
    authors = _authors(changed)
    publications = _publications(changed)
    topics = _topics(changed)
    now = timezone.now()

    def fill(article: Article, record: ArticleRecord) -> Article:
        article.title = record.title[:300]
        article.standfirst = record.standfirst
        article.body = record.body
        article.body_html = (
            record.body_html if record.body_html is not None else render_markdown(record.body)
        )
        article.status = record.status
        article.published_at = record.published_at
        pub = record.publication
        article.publication = publications[pub.name[:200]] if pub else None
        article.source_url = record.source_url[:1000]
        article.comments_open = record.comments_open
        article.import_key = record.key
        article.import_hash = hashes[record.key]
        article.updated_at = now
        return article

    slugs = _unique_slugs(to_create)
    created = [
        fill(Article(id=pk, slug=slugs[r.key]), r)
        for pk, r in zip(allocate_ids(Article, len(to_create)), to_create, strict=True)
    ]
    copy_insert(created, with_pk=True)
    # A piece made before first versions existed keeps its text as it was before
    # this import changed it (those with history already are left alone).
    record_first_versions(
        [existing[r.key].id for r in to_update],
        comment="As it was before an import updated it",
    )
    updated = [fill(existing[r.key], r) for r in to_update]
    Article.objects.bulk_update(updated, ARTICLE_FIELDS)
    by_key = {a.import_key: a for a in [*created, *updated]}

    # Bylines and topics: replaced wholesale on the pieces that changed.
    updated_ids = [a.id for a in updated]
    if updated_ids:
        Byline.objects.filter(article_id__in=updated_ids).delete()
        Article.topics.through.objects.filter(article_id__in=updated_ids).delete()
    bylines, topic_links = [], []
    for record in changed:
        article_id = by_key[record.key].id
        names = list(dict.fromkeys(a.name[:200] for a in record.authors if a.name))
        bylines += [[article_id, authors[name].id, position] for position, name in enumerate(names)]
        topic_ids = dict.fromkeys(topics[_topic_slug(t, record)].id for t in record.topics)
        topic_links += [[article_id, topic_id] for topic_id in topic_ids]
    copy_rows(Byline._meta.db_table, ["article_id", "author_id", "position"], bylines)
    through = Article.topics.through._meta
    copy_rows(
        through.db_table,
        [through.get_field("article").column, through.get_field("topic").column],
        topic_links,
    )

    counts.update(_comments(changed, by_key))
    index([a.id for a in by_key.values()])
    # COPY sends no signal: the page cache moves on once this batch commits.
    rows_written.send(sender=Article)
    record_first_versions(
        [a.id for a in created],
        comment={
            a.id: f"Imported from {r.origin or r.key}"
            for a, r in zip(created, to_create, strict=True)
        },
    )
    _record_versions(updated, {r.key: r for r in to_update})
    counts["created"] += len(created)
    counts["updated"] += len(updated)
    return counts


def _take_over_previous_keys(
    records: list[ArticleRecord], existing: dict[str, Article]
) -> dict[str, Article]:
    """Pieces an earlier import stored under a record's previous key (its GUID),
    re-keyed to the record's key with their comments, so they are updated, not
    duplicated. Each such piece goes to the first record that names it."""
    keys = {r.key for r in records}
    wanted = {
        r.previous_key: r.key
        for r in reversed(records)  # the first record naming a key is written last: it wins
        if r.previous_key and r.key not in existing and r.previous_key not in keys
    }
    if not wanted:
        return {}
    taken: dict[str, Article] = {}
    for article in Article.objects.filter(import_key__in=list(wanted)).only(
        "id", "import_key", "import_hash", "slug", "created_at"
    ):
        old, new = article.import_key, wanted[article.import_key]
        Comment.objects.filter(article_id=article.id, import_key__startswith=f"{old}#").update(
            import_key=Concat(Value(f"{new}#"), Substr("import_key", len(old) + 2))
        )
        Article.objects.filter(pk=article.id).update(import_key=new)
        article.import_key = new
        taken[new] = article
    return taken


def _authors(records: list[ArticleRecord]) -> dict[str, Author]:
    wanted: dict[str, str] = {}
    wanted_slugs: dict[str, str] = {}
    for record in records:
        for author in record.authors:
            name = author.name[:200]
            if name and (name not in wanted or (author.bio and not wanted[name])):
                wanted[name] = author.bio[:500]
            if name and author.slug:
                wanted_slugs.setdefault(name, author.slug)
    found: dict[str, Author] = {}
    for author in Author.objects.filter(name__in=list(wanted)).order_by("-id"):
        found[author.name] = author  # the oldest of same-named authors wins
    missing = [name for name in wanted if name not in found]
    slugs = _free_slugs(
        Author,
        {name: slugify(wanted_slugs.get(name, name))[:190] or "author" for name in missing},
    )
    for author in Author.objects.bulk_create(
        [Author(name=name, slug=slugs[name], bio=wanted[name]) for name in missing]
    ):
        found[author.name] = author
    needs_bio = [a for name, a in found.items() if not a.bio and wanted.get(name)]
    for author in needs_bio:
        author.bio = wanted[author.name]
    Author.objects.bulk_update(needs_bio, ["bio"])
    return found


def _publications(records: list[ArticleRecord]) -> dict[str, Publication]:
    wanted: dict[str, ArticleRecord] = {}
    for record in records:
        if record.publication and record.publication.name:
            wanted.setdefault(record.publication.name[:200], record)
    found: dict[str, Publication] = {}
    for pub in Publication.objects.filter(name__in=list(wanted)).order_by("-id"):
        found[pub.name] = pub
    missing = [name for name in wanted if name not in found]
    slugs = _free_slugs(
        Publication,
        {
            name: slugify(wanted[name].publication.slug or name)[:190] or "publication"
            for name in missing
        },
    )
    new = []
    for name in missing:
        source = wanted[name].publication
        new.append(
            Publication(
                name=name, slug=slugs[name], about=source.about, website=source.website[:200]
            )
        )
    for pub in Publication.objects.bulk_create(new):
        found[pub.name] = pub
    # Fill in what an existing publication lacks; never overwrite an editor's text.
    fill = []
    for name, pub in found.items():
        source = wanted[name].publication
        if (not pub.about and source.about) or (not pub.website and source.website):
            pub.about = pub.about or source.about
            pub.website = pub.website or source.website[:200]
            fill.append(pub)
    Publication.objects.bulk_update(fill, ["about", "website"])
    return found


def _topic_slug(name: str, record: ArticleRecord) -> str:
    return _slug(record.topic_slugs.get(name) or name)[:100] or "topic"


@lru_cache(maxsize=4096)
def _slug(text: str) -> str:
    return slugify(text)  # topic names repeat across thousands of posts


def _topics(records: list[ArticleRecord]) -> dict[str, Topic]:
    wanted: dict[str, str] = {}
    for record in records:
        for name in record.topics:
            wanted.setdefault(_topic_slug(name, record), name[:100])
    found = {t.slug: t for t in Topic.objects.filter(slug__in=list(wanted))}
    new = [Topic(name=name, slug=slug) for slug, name in wanted.items() if slug not in found]
    for topic in Topic.objects.bulk_create(new):
        found[topic.slug] = topic
    return found


def _unique_slugs(records: list[ArticleRecord]) -> dict[str, str]:
    """A free slug for each new piece: the source's, or "-2", "-3"... when taken."""
    bases = {r.key: (r.slug or slugify(r.title))[:280].strip("-") or "piece" for r in records}
    taken = set(
        Article.objects.filter(slug__in=set(bases.values())).values_list("slug", flat=True)
    ) | set(
        ArticleSlugHistory.objects.filter(slug__in=set(bases.values())).values_list(
            "slug", flat=True
        )
    )
    result: dict[str, str] = {}
    used: set[str] = set()
    for key, base in bases.items():
        slug = base
        if slug in taken or slug in used:
            slug = _next_free(base, used)
        used.add(slug)
        result[key] = slug
    return result


def _next_free(base: str, used: set[str]) -> str:
    prefix = f"{base}-"
    taken = set(
        Article.objects.filter(slug__startswith=prefix).values_list("slug", flat=True)
    ) | set(
        ArticleSlugHistory.objects.filter(slug__startswith=prefix).values_list("slug", flat=True)
    )
    number = 2
    while f"{prefix}{number}" in taken or f"{prefix}{number}" in used:
        number += 1
    return f"{prefix}{number}"


def _free_slugs(model, bases: dict[str, str]) -> dict[str, str]:
    """Unique slugs for new authors or publications: "name", "name-2", ..."""
    taken = set(model.objects.filter(slug__in=set(bases.values())).values_list("slug", flat=True))
    result: dict[str, str] = {}
    for name, base in bases.items():
        slug = base
        if slug in taken:
            taken |= set(
                model.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True)
            )
            number = 2
            while f"{base}-{number}" in taken:
                number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        result[name] = slug
    return result


def _comments(records: Iterable[ArticleRecord], by_key: dict[str, Article]) -> Counter[str]:
    counts: Counter[str] = Counter()
    wanted = {c.key: (record, c) for record in records for c in record.comments}
    if not wanted:
        return counts
    existing = {c.import_key: c for c in Comment.objects.filter(import_key__in=list(wanted))}
    new_ids = iter(allocate_ids(Comment, len(wanted) - len(existing)))
    new, changed = [], []
    for key, (record, source) in wanted.items():
        comment = existing.get(key) or Comment(id=next(new_ids), import_key=key)
        comment.article_id = by_key[record.key].id
        comment.name = source.name[:100]
        comment.email = source.email[:254]
        comment.url = source.url[:500]
        comment.body = source.body
        # COPY and bulk_update skip save(): derive the shown text here, as save() does.
        comment.body_html = render_comment_text(source.body)
        comment.created_at = source.created_at or timezone.now()
        comment.status = source.status
        (changed if key in existing else new).append(comment)
    # Every comment has its id now, so a reply listed before its parent is linked
    # all the same (the same-article foreign key is checked at commit). A reply
    # whose parent was not imported (spam, or missing) becomes a top-level comment.
    ids = {c.import_key: c for c in [*new, *changed]}
    for key, (_record, source) in wanted.items():
        comment = ids[key]
        parent = ids.get(source.parent_key) if source.parent_key else None
        comment.parent_id = (
            parent.id if parent and parent.article_id == comment.article_id else None
        )
    copy_insert(new, with_pk=True)
    Comment.objects.bulk_update(changed, [*COMMENT_FIELDS, "article", "parent"])
    counts["comments created"] += len(new)
    counts["comments updated"] += len(changed)
    return counts


def _record_versions(updated: list[Article], records: dict[str, ArticleRecord]) -> None:
    """An import that overwrites a piece leaves a version in its history.

    The editors' own versions were kept when they saved; this one shows what the
    import changed and lets them restore their text. New pieces get none: their
    history starts with the first edit (keeping the bulk path fast).
    """
    if not updated or not reversion.is_registered(Article):
        return
    for article in updated:
        with reversion.create_revision(atomic=False):
            reversion.set_comment(f"Updated by import from {records[article.import_key].origin}")
            reversion.add_to_revision(article)


def db_reason(exc: Exception) -> str:
    first_line = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, IntegrityError):
        return f"rejected by the database: {first_line}"
    return f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__
