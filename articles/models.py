"""The archive's data: publications, authors, topics, articles and reader comments."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from archive.changes import rows_written
from articles.rendering import render_comment_text, render_markdown


def slug_url(name: str, slug: str) -> str:
    """reverse() for a page named by its slug, remembered per script prefix: a
    results or listing page links some sixty pieces, authors and publications, and
    each reverse() costs about 47 microseconds (3 ms of a results page)."""
    return _slug_url(get_script_prefix(), name, slug)


@functools.lru_cache(maxsize=16384)
def _slug_url(prefix: str, name: str, slug: str) -> str:
    return reverse(name, kwargs={"slug": slug})


def _forget_urls(*, setting, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _slug_url.cache_clear()


setting_changed.connect(_forget_urls)


class ReportingQuerySet(models.QuerySet):
    """Bulk writes send no post_save: these say so (``rows_written``), so that the
    page cache hears of a status changed from a command, the shell or an importer."""

    def update(self, **kwargs):
        rows = super().update(**kwargs)
        if rows:
            rows_written.send(sender=self.model)
        return rows

    def bulk_update(self, objs, fields, batch_size=None):
        rows = super().bulk_update(objs, fields, batch_size=batch_size)
        if rows:
            rows_written.send(sender=self.model)
        return rows

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            rows_written.send(sender=self.model)
        return created


class GroupQuerySet(ReportingQuerySet):
    """Publications, authors and topics; ``model.ARTICLE_FIELD`` names the Article field."""

    def public(self):
        """Those with a live piece. One whose pieces are all drafts or scheduled is not
        public yet: its page would announce a name and bio before the piece."""
        live = Article.objects.published().filter(**{self.model.ARTICLE_FIELD: OuterRef("pk")})
        return self.filter(Exists(live))


class Publication(models.Model):
    ARTICLE_FIELD = "publication"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    about = models.TextField("About this publication", blank=True)
    website = models.URLField(blank=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("articles:publication", self.slug)


class Author(models.Model):
    ARTICLE_FIELD = "authors"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    bio = models.CharField(
        max_length=500, blank=True, help_text='One line, e.g. "The author is a historian of ..."'
    )

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="author_name_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("articles:author", self.slug)


class Topic(models.Model):
    ARTICLE_FIELD = "topics"

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("articles:topic", self.slug)


class ArticleQuerySet(ReportingQuerySet):
    def published(self):
        """Live for the public: published status and a date that has come."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def visible_to(self, user):
        """Staff preview drafts and scheduled pieces; everyone else sees what is live."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()

    def linked_to(self, obj):
        """Pieces of an author, topic or publication. Authors and topics by EXISTS,
        not a join: a newest-first page then walks the date index and checks each
        piece's link, instead of sorting all of a large topic's pieces."""
        if isinstance(obj, Publication):
            return self.filter(publication=obj)
        if isinstance(obj, Author):
            return self.filter(Exists(Byline.objects.filter(article=OuterRef("pk"), author=obj)))
        links = Article.topics.through.objects.filter(article_id=OuterRef("pk"), topic_id=obj.pk)
        return self.filter(Exists(links))

    def newest_first(self):
        """Newest first, for live pieces (which all have a date). Plain DESC, the
        order of the date indexes: NULLS LAST made PostgreSQL sort every live piece
        for each page."""
        return self.order_by("-published_at", "-id")

    def for_detail(self):
        """Everything a piece's page shows about it, in a fixed number of queries."""
        return self.select_related("publication").prefetch_related(*detail_prefetches())

    def for_listing(self):
        """Everything a list of pieces shows, in a fixed number of queries.

        The comment count is the article's own column (kept by a trigger, migration
        0014), and the bodies stay in the database: a card shows neither."""
        return self.for_detail().defer("body", "body_html")


def byline_prefetch() -> Prefetch:
    """A piece's bylines with their authors, in one query for any number of pieces."""
    return Prefetch("bylines", queryset=Byline.objects.select_related("author"))


def detail_prefetches() -> tuple:
    """What a piece's page shows beside its own row: its bylines and topics."""
    return (byline_prefetch(), "topics")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=300, unique=True)
    standfirst = models.TextField(blank=True, help_text="A sentence or two shown in lists.")
    body = models.TextField(help_text="Markdown; plain paragraphs separated by blank lines work.")
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="A future date schedules the piece."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revised_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When an editor last changed the words of the live piece (shown as Updated).",
    )
    publication = models.ForeignKey(
        Publication, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles")
    topics = models.ManyToManyField(Topic, blank=True, related_name="articles")
    comments_open = models.BooleanField(default=True)
    source_url = models.URLField(max_length=1000, blank=True)
    import_key = models.CharField(max_length=500, null=True, blank=True, unique=True)
    # Importers: a fingerprint of the source record last imported, so a re-import
    # of an unchanged item writes nothing.
    import_hash = models.CharField(max_length=64, blank=True, editable=False, default="")
    # Approved comments, kept by triggers on the comments table in the same
    # transaction as any insert, status change or delete (articles/schema.py): a list
    # of pieces reads it instead of counting comments per card.
    comment_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published_idx"),
            models.Index(fields=["publication", "-published_at"], name="article_pub_published_idx"),
            # The admin's list, drafts included, newest first.
            models.Index(fields=["-published_at", "-id"], name="article_published_id_idx"),
            # Related pieces find similar titles with pg_trgm's % (articles/related.py).
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="article_title_trgm_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # body_html is a cache of body, not business logic: deriving it here keeps it
        # true whoever saves (admin, importers, services, fixtures).
        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("articles:detail", self.slug)

    @property
    def is_live(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def _read_once(self, relation: str) -> None:
        """Read ``relation`` ("bylines" or "topics") once, unless already prefetched.

        A piece's page reads them only when a part that shows them is rendered, so
        a page whose parts come from shared fragments does not read them at all."""
        if relation not in getattr(self, "_prefetched_objects_cache", {}):
            prefetch_related_objects(
                [self],
                *(p for p in detail_prefetches() if getattr(p, "prefetch_to", p) == relation),
            )

    @property
    def byline_authors(self) -> list[Author]:
        self._read_once("bylines")
        return [byline.author for byline in self.bylines.all()]

    @property
    def topic_list(self) -> list[Topic]:
        self._read_once("topics")
        return list(self.topics.all())


class Byline(models.Model):
    """An author of an article, in the order the byline names them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        # An author's newest pieces first, for related pieces (articles/related.py).
        indexes = [models.Index(fields=["author", "-article"], name="byline_author_article_idx")]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_unique_author"),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.article}"


class CommentQuerySet(ReportingQuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """As save() does, derive the shown text (importers and seeds bulk-create)."""
        objs = list(objs)
        for comment in objs:
            comment.body_html = render_comment_text(comment.body)
        return super().bulk_create(objs, *args, **kwargs)

    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def for_thread(self, article, *, also_ids=()):
        """Approved comments of an article, plus the given (the poster's own pending) ones."""
        return self.filter(
            Q(status=Comment.Status.APPROVED)
            | Q(pk__in=list(also_ids), status=Comment.Status.PENDING),
            article=article,
        ).order_by("created_at", "id")


def pending_first():
    """The comments admin's order: the moderation queue first (comment_queue_idx)."""
    return models.Case(
        models.When(status=Comment.Status.PENDING, then=models.Value(0)),
        default=models.Value(1),
    )


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(help_text="Never shown to readers.")
    url = models.URLField("website", max_length=500, blank=True)
    body = models.TextField(max_length=5000)
    # The text as shown (escaped, paragraphs, auto-linked): urlize costs ~0.25 ms a
    # comment, too slow to repeat for every comment of a long thread on every view.
    body_html = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    import_key = models.CharField(max_length=500, null=True, blank=True, unique=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # A thread's outline (id and parent of each approved comment, in order)
            # is read from the index alone: a piece with thousands of comments
            # spread over the table cost a heap page per comment otherwise.
            models.Index(
                fields=["article", "status", "created_at", "id"],
                include=["parent"],
                name="comment_thread_idx",
            ),
            # The comments admin by status, newest first (the list's full order),
            # and its capped counts, index-only.
            models.Index(fields=["status", "-created_at", "-id"], name="comment_status_idx"),
            models.Index(fields=["email", "status"], name="comment_email_status_idx"),
            # The comments admin's unfiltered list (pending first, then newest),
            # read in order instead of sorting millions of comments per page.
            models.Index(
                models.Case(
                    models.When(status="pending", then=models.Value(0)),
                    default=models.Value(1),
                ),
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="comment_queue_idx",
            ),
            # The comments admin's date hierarchy steps along it (articles/admin_scale.py).
            models.Index(fields=["created_at"], name="comment_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "spam", "removed"]),
                name="comment_status_valid",
            ),
            # Target of the composite foreign key that keeps a reply on its parent's
            # article (added in SQL by articles/schema.py; Django has no composite FKs).
            models.UniqueConstraint(fields=["id", "article"], name="comment_id_article_unique"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=models.F("id")),
                name="comment_not_own_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} on {self.article}"

    def save(self, *args, **kwargs):
        # body_html is a cache of body (like Article.body_html), kept true on every save.
        self.body_html = render_comment_text(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The permalink: redirects to the thread page the comment is on."""
        return reverse("articles:comment", kwargs={"pk": self.pk})

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    @property
    def website(self) -> str:
        return self.website_of(self.url)

    @staticmethod
    def website_of(url: str) -> str:
        """A commenter's website, only if it is a web address (imports may hold anything)."""
        return url if url.lower().startswith(("http://", "https://")) else ""


class ArchiveMonth(models.Model):
    """Published pieces per month (scheduled ones included), kept by triggers on
    the articles table (articles/schema.py): the archive's month counts read these few
    rows instead of grouping every piece. Months are those of TIME_ZONE when the
    migration ran; ``SELECT archive_month_rebuild('Zone/Name')`` redoes them."""

    month = models.DateField(primary_key=True)
    pieces = models.IntegerField(default=0)
    # The latest save of a piece in the month, or removal of one: the sitemap's lastmod.
    last_change = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.pieces}"


# --- Importers and history: old permalinks ---------------------------------


class ArticleSlugHistory(models.Model):
    """A slug an article used to have: ``/articles/<old>/`` answers 301 to its new URL."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(max_length=300, unique=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = "old slug"
        verbose_name_plural = "old slugs"

    def __str__(self) -> str:
        return f"{self.slug} -> {self.article.slug}"

    def get_absolute_url(self) -> str:
        return slug_url("articles:detail", self.slug)


# Tables that live with their own features: used comment form tokens
# (articles/comments/), moderation settings, reply notifications' opt-ins and outbox
# (articles/notifications/) and the search index (articles/search/).
# Moderation settings first: importing articles.comments reaches moderation.py,
# which needs them.
from articles.moderation_settings import ModerationSettings  # noqa: E402, F401

# isort: split
from articles.comments.models import UsedFormToken  # noqa: E402, F401
from articles.notifications.models import Notice, ReplySubscription  # noqa: E402, F401
from articles.search.models import (  # noqa: E402, F401
    SearchBacklog,
    SearchDocument,
    SearchTerm,
    SearchWord,
)
from articles.transfers.models import TransferJob  # noqa: E402, F401
