"""The editors' admin: pieces, people, publications, topics and comment moderation."""

from __future__ import annotations

import reversion
from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from articles.admin_editor import ArticleEditorMixin
from articles.admin_history import ArticleHistoryAdmin, HistoryAdmin
from articles.admin_lists import ArticleStatusFilter, piece_status, truncated
from articles.admin_moderation import (
    CommentModerationMixin,
    CommentStatusFilter,
    pending_count,
)
from articles.admin_scale import (
    EstimatedPaginator,
    LeanChangeList,
    with_probed_dates,
    without_probed_dates,
)
from articles.admin_transfers import export_jsonl, export_wxr
from articles.models import Article, Author, Byline, Comment, Publication, Topic, pending_first
from articles.search.admin import search_articles


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]


@admin.register(Article)
class ArticleAdmin(ArticleEditorMixin, ArticleHistoryAdmin):
    # Four columns fit beside the menu and the filters at 1280 px; whether comments
    # are open is a filter, the publication date is part of the status.
    list_display = ["title_column", "status_column", "publication", "updated_at"]
    list_display_links = ["title_column"]
    list_filter = [ArticleStatusFilter, "publication", "topics", "published_at", "comments_open"]
    # Counts on request ("Show counts"): at a million pieces each filter's counts cost a scan.
    show_facets = admin.ShowFacets.ALLOW
    list_select_related = ["publication"]
    search_fields = ["title", "standfirst", "slug", "authors__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["publication", "topics"]
    inlines = [BylineInline]
    actions = ["publish", "unpublish", export_wxr, export_jsonl]
    readonly_fields = ["reader_status", "created_at", "updated_at"]
    # Scale (articles/admin_scale.py): no exact count of a million rows, no second
    # count of the whole table, a date hierarchy that probes periods.
    paginator = EstimatedPaginator
    show_full_result_count = False
    list_deferred = ("body", "body_html")
    # Rendering a row (checkbox, links, dates) costs about as much as reading a
    # hundred: half the default page halves the list's time.
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "slug", "standfirst", "body"]}),
        (
            "Publishing",
            {
                "fields": [
                    "reader_status",
                    "status",
                    "published_at",
                    "publication",
                    "topics",
                    "comments_open",
                ]
            },
        ),
        (
            "Source",
            {
                "classes": ["collapse"],
                "fields": ["source_url", "import_key", "created_at", "updated_at"],
            },
        ),
    ]

    # Readers see "Updated <date>" when the words of a live piece change.
    REVISION_FIELDS = frozenset({"title", "standfirst", "body"})

    def save_model(self, request, obj, form, change):
        initial = form.initial
        was_live = (
            change
            and initial.get("status") == Article.Status.PUBLISHED
            and initial.get("published_at") is not None
            and initial["published_at"] <= timezone.now()
        )
        if was_live and self.REVISION_FIELDS.intersection(form.changed_data):
            obj.revised_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.display(description="Title", ordering="title")
    def title_column(self, obj):
        return truncated(obj.title, 110)

    @admin.display(description="Status", ordering="published_at")
    def status_column(self, obj):
        return piece_status(obj)

    def get_queryset(self, request):
        return with_probed_dates(super().get_queryset(request))

    def get_changelist(self, request, **kwargs):
        return LeanChangeList

    def get_search_results(self, request, queryset, search_term):
        """The search box uses the site's search index (drafts included): stemmed
        words, "phrases", -exclusions, author names, CJK text."""
        if not search_term.strip():
            return queryset, False
        return without_probed_dates(search_articles(queryset, search_term)), False

    # Bulk actions save each row rather than QuerySet.update(): the save is what
    # records a version (reversion, inside VersionAdmin's changelist revision) and
    # tells the page cache. Each needs change permission: Django offers an action
    # without ``permissions`` to anyone who can see the list.
    @admin.action(
        description="Publish selected pieces (now, unless already dated)", permissions=["change"]
    )
    def publish(self, request, queryset):
        now = timezone.now()
        count = 0
        for article in queryset.exclude(
            status=Article.Status.PUBLISHED, published_at__isnull=False
        ):
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or now
            article.save(update_fields=["status", "published_at", "updated_at"])
            count += 1
        reversion.set_comment("Published with the list's bulk action.")
        self.message_user(request, f"Published {count} piece(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected pieces (back to draft)", permissions=["change"])
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Article.Status.PUBLISHED):
            article.status = Article.Status.DRAFT
            article.save(update_fields=["status", "updated_at"])
            count += 1
        reversion.set_comment("Unpublished with the list's bulk action.")
        self.message_user(request, f"Unpublished {count} piece(s).", messages.SUCCESS)


@admin.register(Author)
class AuthorAdmin(HistoryAdmin):
    list_display = ["name", "bio", "article_count"]
    search_fields = ["name", "bio"]
    # Explicit: Meta.ordering is dropped from the GROUP BY query article_count makes,
    # which left the paginated author autocomplete unordered.
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        # Counted per listed author (a correlated count on the byline index), not by
        # grouping every byline of the archive for each page of the list.
        pieces = (
            Byline.objects.filter(author=OuterRef("pk"))
            .order_by()
            .values("author")
            .annotate(n=Count("*"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Coalesce(Subquery(pieces), Value(0)))
        )

    @admin.display(ordering="article_count", description="Pieces")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Publication)
class PublicationAdmin(HistoryAdmin):
    list_display = ["name", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Comment)
class CommentAdmin(CommentModerationMixin, HistoryAdmin):
    # Versions record who moderated what; the list keeps its own template (the
    # pending count), not reversion's "recover deleted" one.
    change_list_template = None
    list_display = [
        "short_body",
        "author_column",
        "article_column",
        "status_badge",
        "created_at",
        "row_actions",
    ]
    list_display_links = ["short_body"]
    list_filter = [CommentStatusFilter, "created_at", "article__publication"]
    list_select_related = ["article"]
    search_fields = ["body", "name", "email", "ip", "article__title"]
    autocomplete_fields = ["article"]
    # The raw parent id, the import key and the posting account are internal: the
    # form shows who replied to whom in words instead.
    fields = [
        "article",
        "in_reply_to",
        "name",
        "email",
        "url",
        "body",
        "status",
        "created_at",
        "ip",
        "user_agent",
    ]
    readonly_fields = ["in_reply_to", "created_at", "ip", "user_agent"]
    date_hierarchy = "created_at"
    actions = ["approve", "mark_spam", "remove"]
    list_per_page = 50
    # Counts on request ("Show counts"): with five million comments, counting every
    # filter's values on each view took minutes (the pages benchmark's admin list).
    show_facets = admin.ShowFacets.ALLOW
    paginator = EstimatedPaginator
    show_full_result_count = False

    def get_queryset(self, request):
        return with_probed_dates(super().get_queryset(request))

    def get_ordering(self, request):
        shown = CommentStatusFilter.shown_status(request)
        if shown != CommentStatusFilter.ALL:
            # One status shown: newest first, straight from the (status, created_at) index.
            return ["-created_at"]
        # The pending queue first, then newest. An expression, not an annotation's
        # name: ModelAdmin.get_queryset() orders before any annotation could be added,
        # and the parent raw-id lookup orders Comment's own default manager by it.
        return [pending_first().asc(), "-created_at"]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["pending_count"] = pending_count(request)
        return super().changelist_view(request, extra_context=extra_context)

    @admin.display(description="Comment")
    def short_body(self, obj):
        return truncated(obj.body, 110)

    @admin.display(description="Author", ordering="name")
    def author_column(self, obj):
        return format_html(
            '<span class="comment-author">{}</span><span class="comment-meta">{}</span>'
            '<span class="comment-meta">{}</span>',
            obj.name,
            obj.email,
            obj.ip or "",
        )

    @admin.display(description="In response to", ordering="article__title")
    def article_column(self, obj):
        return truncated(obj.article.title, 70)

    @admin.display(description="In reply to")
    def in_reply_to(self, obj):
        if obj.parent_id is None:
            return "Nobody: a comment on the piece itself"
        parent = obj.parent
        return format_html(
            '<a href="{}">{}</a>: {}',
            reverse("admin:articles_comment_change", args=[parent.pk]),
            parent.name,
            truncated(parent.body, 120),
        )

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span class="comment-status comment-status--{}">{}</span>',
            obj.status,
            obj.get_status_display(),
        )

    def _set_status(self, request, queryset, status, verb):
        # Row by row, for the same reasons as ArticleAdmin's actions: versions and cache.
        count = 0
        for comment in queryset.exclude(status=status):
            comment.status = status
            comment.save(update_fields=["status"])
            count += 1
        reversion.set_comment(f"{verb} with the list's bulk action.")
        self.message_user(request, f"{verb} {count} comment(s).", messages.SUCCESS)

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.APPROVED, "Approved")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.SPAM, "Marked as spam")

    @admin.action(description="Remove selected comments", permissions=["change"])
    def remove(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.REMOVED, "Removed")
