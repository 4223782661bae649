"""Import and export from the admin: upload a file or pick pieces, watch the job.

The work runs in the background worker (articles/transfers/); these pages start
it and show its progress and, at the end, the same summary the command prints.
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from articles.models import TransferJob
from articles.transfers.service import UploadRefused, start_export, start_import


class ImportForm(forms.Form):
    file = forms.FileField(
        label="File to import",
        help_text=(
            "A WordPress export (.xml, from Tools → Export), a zip of text files, "
            "a JSON lines export of this archive, or one text file."
        ),
    )
    publication = forms.CharField(
        label="Publication",
        required=False,
        max_length=200,
        help_text="Optional: file every piece under this publication (created if new).",
    )


def _may_import(request) -> bool:
    return request.user.has_perms(["articles.add_article", "articles.change_article"])


@admin.register(TransferJob)
class TransferJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "progress", "created_by", "created_at"]
    list_display_links = ["__str__"]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]
    change_list_template = "admin/articles/transferjob/change_list.html"

    def has_add_permission(self, request):
        return False  # jobs are started from the import form or the pieces' actions

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_article")

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="articles_import"),
            path(
                "<int:pk>/status/",
                self.admin_site.admin_view(self.status_view),
                name="articles_transferjob_status",
            ),
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="articles_transferjob_download",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "may_import": _may_import(request)}
        return super().changelist_view(request, extra_context=extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            raise Http404("No such job.")
        job = get_object_or_404(TransferJob.objects.select_related("created_by"), pk=object_id)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(job),
            "job": job,
            "status_url": reverse("admin:articles_transferjob_status", args=[job.pk]),
        }
        return TemplateResponse(request, "admin/articles/transferjob/detail.html", context)

    def import_view(self, request):
        if not _may_import(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = start_import(
                    upload=form.cleaned_data["file"],
                    user=request.user,
                    publication=form.cleaned_data["publication"],
                )
            except UploadRefused as exc:
                form.add_error("file", str(exc))
            else:
                self.message_user(
                    request, f"{job.file_name} is queued for import.", messages.SUCCESS
                )
                return HttpResponseRedirect(job.get_absolute_url())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import pieces",
            "form": form,
            "max_mb": settings.TRANSFERS_MAX_UPLOAD_MB,
        }
        return TemplateResponse(request, "admin/articles/transferjob/import.html", context)

    def status_view(self, request, pk: int):
        job = get_object_or_404(TransferJob, pk=pk)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        return JsonResponse(
            {
                "status": job.status,
                "status_display": job.get_status_display(),
                "progress": job.progress,
                "total": job.total,
                "current": job.current,
                "finished": job.finished,
            }
        )

    def download_view(self, request, pk: int):
        job = get_object_or_404(TransferJob, pk=pk, kind=TransferJob.Kind.EXPORT)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        stored = Path(job.stored_path) if job.stored_path else None
        root = Path(settings.TRANSFERS_DIR).resolve()
        if (
            not job.finished
            or stored is None
            or not stored.resolve().is_relative_to(root)
            or not stored.is_file()
        ):
            raise Http404("This export has no file (yet).")
        return FileResponse(stored.open("rb"), as_attachment=True, filename=job.file_name)


def _export(request, queryset, format: str):
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    job = start_export(article_ids=ids, format=format, user=request.user)
    return HttpResponseRedirect(job.get_absolute_url())


@admin.action(description="Export selected pieces as a WordPress file (WXR)", permissions=["view"])
def export_wxr(modeladmin, request, queryset):
    return _export(request, queryset, "wxr")


@admin.action(description="Export selected pieces as JSON lines", permissions=["view"])
def export_jsonl(modeladmin, request, queryset):
    return _export(request, queryset, "jsonl")
