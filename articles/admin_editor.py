"""Writing a piece in the admin: the Markdown editor, its live preview, and a
preview of unsaved edits (a published piece can be checked before it changes).

Both previews render with the same Markdown and sanitizer as the site
(articles/rendering.py), so what the editor sees is what readers will get.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.rendering import render_markdown


class MarkdownEditorWidget(forms.Textarea):
    """A large monospace textarea beside a preview pane the script keeps current."""

    def __init__(self, preview_url: str = "", attrs=None):
        super().__init__(attrs={"rows": 30, "spellcheck": "true", **(attrs or {})})
        self.preview_url = preview_url

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {}), "data-markdown-preview": self.preview_url}
        textarea = super().render(name, value, attrs, renderer)
        preview_id = f"{(attrs or {}).get('id', name)}-preview"
        return format_html(
            '<div class="markdown-editor">{}<div><p class="markdown-preview__label" id="{}-label">'
            "Preview</p>"
            '<div class="markdown-preview" id="{}" aria-labelledby="{}-label" aria-live="polite">'
            "{}</div></div></div>",
            textarea,
            preview_id,
            preview_id,
            preview_id,
            mark_safe(render_markdown(str(value or ""))),  # sanitized by render_markdown
        )


def reader_status(article: Article) -> str:
    """What a reader sees of this piece now, in words."""
    if article.pk is None:
        return "Not saved yet"
    if article.status == Article.Status.DRAFT:
        return "Draft: not shown to readers"
    if article.published_at and article.published_at > timezone.now():
        when = date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
        return f"Scheduled for {when}: not shown to readers until then"
    when = date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
    return f"Published {when}: live"


class ArticleEditorMixin:
    change_form_template = "admin/articles/article/change_form.html"

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "markdown-preview/",
                self.admin_site.admin_view(require_POST(self.markdown_preview_view)),
                name=f"{name}_markdown_preview",
            ),
            path(
                "preview/",
                self.admin_site.admin_view(require_POST(self.edit_preview_view)),
                name=f"{name}_preview_new",
            ),
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(require_POST(self.edit_preview_view)),
                name=f"{name}_preview",
            ),
            *super().get_urls(),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = MarkdownEditorWidget(
                preview_url=reverse("admin:articles_article_markdown_preview")
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Readers see")
    def reader_status(self, obj):
        return reader_status(obj)

    def markdown_preview_view(self, request):
        if not (self.has_add_permission(request) or self.has_change_permission(request)):
            raise PermissionDenied
        return JsonResponse({"html": render_markdown(request.POST.get("body", "")[:500_000])})

    def edit_preview_view(self, request, pk: int | None = None):
        """The piece as the form would save it, rendered like its page; nothing saved."""
        obj = get_object_or_404(Article, pk=pk) if pk is not None else None
        allowed = (
            self.has_change_permission(request, obj)
            if obj is not None
            else self.has_add_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        form_class = self.get_form(request, obj, change=obj is not None)
        form = form_class(request.POST, request.FILES, instance=obj)
        valid = form.is_valid()
        article = form.instance
        if valid:
            article = form.save(commit=False)
        elif obj is None and not form.cleaned_data.get("body"):
            raise Http404("Nothing to preview yet.")
        context = {
            "article": article,
            "body_html": render_markdown(article.body or ""),
            "errors": form.errors if not valid else None,
            "reader_status": reader_status(obj) if obj is not None else "Not saved yet",
        }
        response = TemplateResponse(request, "articles/article_edit_preview.html", context)
        response["X-Robots-Tag"] = "noindex"
        response["Cache-Control"] = "private, no-store"
        return response
