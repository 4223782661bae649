"""Readable admin lists: long text cut to fit its column, the whole of it on hover."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from articles.models import Article


def truncated(text: str, limit: int):
    """``text`` cut at a word to ``limit`` characters; the full text in the title
    attribute (shown on hover) when it was cut."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] or text[: limit - 1]
    return format_html('<span class="truncated" title="{}">{}…</span>', text, cut)


class ArticleStatusFilter(admin.SimpleListFilter):
    """Draft, published (live) or scheduled: what a reader would see now."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("live", "Published"), ("scheduled", "Scheduled")]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = Q(status=Article.Status.PUBLISHED)
        match self.value():
            case "draft":
                return queryset.filter(status=Article.Status.DRAFT)
            case "live":
                return queryset.filter(published, published_at__lte=now)
            case "scheduled":
                return queryset.filter(published, published_at__gt=now)
        return queryset


def piece_status(article: Article):
    """Draft, "Published <date>", or "Scheduled for <date>" when the date has not come."""
    if article.status == Article.Status.DRAFT:
        return format_html('<span class="piece-status--draft">{}</span>', "Draft")
    if article.published_at and article.published_at > timezone.now():
        when = date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
        return format_html('<span class="piece-status--scheduled">Scheduled for {}</span>', when)
    if article.published_at is None:
        return "Published"
    when = date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
    return format_html("Published<br>{}", when)
