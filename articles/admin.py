"""The editors' admin: pieces, people, publications, topics and comment moderation."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html

from articles.admin_history import HistoryAdmin
from articles.admin_scale import (
    COUNT_CAP,
    EstimatedPaginator,
    LeanChangeList,
    with_probed_dates,
    without_probed_dates,
)
from articles.models import Article, Author, Byline, Comment, Publication, Topic, pending_first
from articles.search.admin import search_articles


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    list_display = ["title", "status", "published_at", "publication", "comments_open", "updated_at"]
    list_filter = ["status", "publication", "topics", "published_at", "comments_open"]
    list_select_related = ["publication"]
    search_fields = ["title", "standfirst", "slug", "authors__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["publication", "topics"]
    inlines = [BylineInline]
    actions = ["publish", "unpublish"]
    readonly_fields = ["created_at", "updated_at"]
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
            {"fields": ["status", "published_at", "publication", "topics", "comments_open"]},
        ),
        (
            "Source",
            {
                "classes": ["collapse"],
                "fields": ["source_url", "import_key", "created_at", "updated_at"],
            },
        ),
    ]

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

    @admin.action(description="Publish selected pieces (now, unless already dated)")
    def publish(self, request, queryset):
        now = timezone.now()
        undated = queryset.filter(published_at__isnull=True).update(
            status=Article.Status.PUBLISHED, published_at=now, updated_at=now
        )
        dated = queryset.exclude(status=Article.Status.PUBLISHED).update(
            status=Article.Status.PUBLISHED, updated_at=now
        )
        self.message_user(request, f"Published {undated + dated} piece(s).", messages.SUCCESS)

    @admin.action(description="Unpublish selected pieces (back to draft)")
    def unpublish(self, request, queryset):
        count = queryset.filter(status=Article.Status.PUBLISHED).update(
            status=Article.Status.DRAFT, updated_at=timezone.now()
        )
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
class CommentAdmin(admin.ModelAdmin):
    list_display = ["short_body", "name", "email", "article", "status_badge", "created_at", "ip"]
    list_filter = ["status", "created_at", "article__publication"]
    list_select_related = ["article"]
    search_fields = ["body", "name", "email", "ip", "article__title"]
    autocomplete_fields = ["article"]
    raw_id_fields = ["parent", "user"]
    readonly_fields = ["created_at", "ip", "user_agent"]
    date_hierarchy = "created_at"
    actions = ["approve", "mark_spam", "remove"]
    list_per_page = 50
    paginator = EstimatedPaginator
    show_full_result_count = False

    def get_queryset(self, request):
        return with_probed_dates(super().get_queryset(request))

    def get_ordering(self, request):
        if request.GET.get("status__exact"):
            # One status shown: newest first, straight from the (status, created_at) index.
            return ["-created_at"]
        # The pending queue first, then newest. An expression, not an annotation's
        # name: ModelAdmin.get_queryset() orders before any annotation could be added,
        # and the parent raw-id lookup orders Comment's own default manager by it.
        return [pending_first().asc(), "-created_at"]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        # Counted up to the cap: a spam run can leave hundreds of thousands waiting.
        pending = Comment.objects.pending()[: COUNT_CAP + 1].count()
        extra_context["pending_count"] = f"{COUNT_CAP:,}+" if pending > COUNT_CAP else pending
        return super().changelist_view(request, extra_context=extra_context)

    @admin.display(description="Comment")
    def short_body(self, obj):
        return obj.body if len(obj.body) <= 80 else obj.body[:79] + "…"

    @admin.display(description="Status", ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span class="comment-status comment-status--{}">{}</span>',
            obj.status,
            obj.get_status_display(),
        )

    def _set_status(self, request, queryset, status, verb):
        count = queryset.exclude(status=status).update(status=status)
        self.message_user(request, f"{verb} {count} comment(s).", messages.SUCCESS)

    @admin.action(description="Approve selected comments")
    def approve(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.APPROVED, "Approved")

    @admin.action(description="Mark selected comments as spam")
    def mark_spam(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.SPAM, "Marked as spam")

    @admin.action(description="Remove selected comments")
    def remove(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.REMOVED, "Removed")
