"""Rows to records: the same ArticleRecord the importers produce, read back from the database."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.db.models import Prefetch
from django.utils.text import slugify

from articles.importers.records import (
    ArticleRecord,
    AuthorRecord,
    CommentRecord,
    PublicationRecord,
)
from articles.models import Article, Comment, detail_prefetches

CHUNK_SIZE = 500


def article_key(article: Article) -> str:
    """The source key an export gives a piece: its own import key, or one made from its id."""
    return (
        article.import_key or f"urn:{slugify(settings.SITE_NAME) or 'archive'}:article:{article.pk}"
    )


def export_queryset():
    return (
        Article.objects.order_by("id")
        .select_related("publication")
        .prefetch_related(
            *detail_prefetches(),
            Prefetch("comments", queryset=Comment.objects.order_by("created_at", "id")),
        )
    )


def article_records(
    *, include_spam: bool = True, ids: list[int] | None = None
) -> Iterator[tuple[Article, ArticleRecord]]:
    """Every piece, or those with the given ids (an editor's selection)."""
    queryset = export_queryset() if ids is None else export_queryset().filter(pk__in=ids)
    for article in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield article, to_record(article, include_spam=include_spam)


def to_record(article: Article, *, include_spam: bool = True) -> ArticleRecord:
    key = article_key(article)
    comments = [c for c in article.comments.all() if include_spam or c.status != "spam"]
    keys = {c.pk: c.import_key or f"{key}#comment-{c.pk}" for c in article.comments.all()}
    pub = article.publication
    return ArticleRecord(
        key=key,
        title=article.title,
        body=article.body,
        slug=article.slug,
        standfirst=article.standfirst,
        status=article.status,
        published_at=article.published_at,
        authors=[
            AuthorRecord(name=b.author.name, bio=b.author.bio, slug=b.author.slug)
            for b in article.bylines.all()
        ],
        publication=PublicationRecord(
            name=pub.name, about=pub.about, website=pub.website, slug=pub.slug
        )
        if pub
        else None,
        topics=[t.name for t in article.topics.all()],
        topic_slugs={t.name: t.slug for t in article.topics.all()},
        source_url=article.source_url,
        comments_open=article.comments_open,
        comments=[
            CommentRecord(
                key=keys[c.pk],
                parent_key=keys.get(c.parent_id) if c.parent_id else None,
                name=c.name,
                email=c.email,
                url=c.url,
                body=c.body,
                created_at=c.created_at,
                status=c.status,
            )
            for c in comments
        ],
    )
