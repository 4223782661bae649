"""Edit history in the admin: django-reversion's versions plus a readable diff.

``HistoryAdmin`` is reversion's ``VersionAdmin`` (every admin save is a
version, with who and when; a version can be restored; deleted rows can be
recovered from the list page) with one addition: each version in the history
links to "what changed", a field-by-field, word-by-word diff against the
version before it.

Restores are narrowed (security review, issue 19): reversion finds a version by
id alone and then reverts its whole *revision*, which may hold rows of other
models. Here a version is found only among this admin's model's versions, and
the user must be allowed to change every row the revision would write (and to
add those it would bring back).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles.first_versions import record_first_versions
from articles.history import diff_versions
from articles.models import Author, Byline


class HistoryAdmin(VersionAdmin):
    object_history_template = "admin/articles/object_history.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/<int:version_id>/changes/",
                self.admin_site.admin_view(self.version_changes_view),
                name=f"{opts.app_label}_{opts.model_name}_version_changes",
            ),
            *super().get_urls(),
        ]

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        version = self._own_version(version_id)
        self._check_revision_permissions(request, version)
        context = {"title": _("Recover %(name)s") % {"name": version.object_repr}, "recover": True}
        return self._reversion_revisionform_view(
            request,
            version,
            self.recover_form_template or self._reversion_get_template_list("recover_form.html"),
            {**context, **(extra_context or {})},
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = self._own_version(version_id, object_id=unquote(object_id))
        self._check_revision_permissions(request, version)
        context = {"title": _("Revert %(name)s") % {"name": version.object_repr}, "revert": True}
        return self._reversion_revisionform_view(
            request,
            version,
            self.revision_form_template or self._reversion_get_template_list("revision_form.html"),
            {**context, **(extra_context or {})},
        )

    def _own_version(self, version_id, **lookup) -> Version:
        """A version of this admin's model (404 for any other model's, whatever its id)."""
        return get_object_or_404(
            Version.objects.get_for_model(self.model).select_related("revision"),
            pk=version_id,
            **lookup,
        )

    @staticmethod
    def _check_revision_permissions(request, version: Version) -> None:
        """Reverting writes every row of the revision: the user needs change permission
        on each row's model, and add permission where a row no longer exists."""
        rows: dict[type, set[str]] = defaultdict(set)
        for other in version.revision.version_set.select_related("content_type"):
            model = other.content_type.model_class()
            if model is None:  # a model that no longer exists cannot be checked
                raise PermissionDenied
            rows[model].add(other.object_id)
        for model, ids in rows.items():
            opts = model._meta
            if not request.user.has_perm(
                f"{opts.app_label}.{get_permission_codename('change', opts)}"
            ):
                raise PermissionDenied
            existing = model._default_manager.filter(pk__in=ids).count()
            if existing < len(ids) and not request.user.has_perm(
                f"{opts.app_label}.{get_permission_codename('add', opts)}"
            ):
                raise PermissionDenied

    def version_changes_view(self, request, object_id, version_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        content_type = ContentType.objects.get_for_model(self.model)
        version = get_object_or_404(
            Version.objects.select_related("revision__user"),
            pk=version_id,
            object_id=object_id,
            content_type=content_type,
        )
        previous = (
            Version.objects.get_for_object_reference(self.model, object_id)
            .filter(pk__lt=version.pk)
            .select_related("revision")
            .order_by("-pk")
            .first()
        )
        labels = self._diff_labels()
        changes = diff_versions(
            self._readable(previous) if previous else {}, self._readable(version), labels
        )
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": opts,
            "title": f"What changed in {version.object_repr}",
            "version": version,
            "previous": previous,
            "changes": [(c.label, mark_safe(c.html)) for c in changes],  # escaped in diff_versions
            "object_id": object_id,
            "revert_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_revision",
                args=(object_id, version.pk),
            ),
            "history_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history",
                args=(object_id,),
            ),
        }
        return TemplateResponse(request, "admin/articles/version_changes.html", context)

    def _diff_labels(self) -> dict[str, str]:
        labels = {
            f.name: str(f.verbose_name).capitalize()
            for f in [*self.model._meta.fields, *self.model._meta.many_to_many]
            if f.editable and not f.primary_key
        }
        if self.model._meta.model_name == "article":
            labels["bylines"] = "Authors"
        return labels

    def _readable(self, version: Version) -> dict:
        """A version's fields with related rows named, not numbered."""
        data = dict(version.field_dict)
        for field in self.model._meta.fields:
            if field.is_relation and data.get(field.attname) is not None:
                target = field.related_model._default_manager.filter(pk=data[field.attname]).first()
                data[field.name] = str(target) if target else f"#{data[field.attname]} (deleted)"
        for field in self.model._meta.many_to_many:
            ids = data.get(field.name) or []
            names = dict(
                field.related_model._default_manager.filter(pk__in=ids).values_list("pk", "name")
            )
            data[field.name] = sorted(names.get(pk, f"#{pk}") for pk in ids)
        if self.model._meta.model_name == "article":
            data["bylines"] = self._bylines(version)
        return data

    @staticmethod
    def _bylines(version: Version) -> list[str]:
        byline_type = ContentType.objects.get_for_model(Byline)
        rows = [v.field_dict for v in version.revision.version_set.filter(content_type=byline_type)]
        rows.sort(key=lambda row: (row["position"], row["id"]))
        names = dict(
            Author.objects.filter(pk__in=[r["author_id"] for r in rows]).values_list("pk", "name")
        )
        return [names.get(r["author_id"], f"#{r['author_id']}") for r in rows]


class ArticleHistoryAdmin(HistoryAdmin):
    """Pieces: before an edit or a bulk action touches a piece with no history
    (made before first versions were recorded, or by hand in the database), its
    stored text becomes its first version, so it can always be restored."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id and str(object_id).isdigit():
            record_first_versions(
                [int(object_id)], comment="As it was before its first edit in the admin"
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if request.POST.get("select_across") == "1":
            selected = queryset.values_list("pk", flat=True)
        record_first_versions(
            [int(pk) for pk in selected if str(pk).isdigit()],
            comment="As it was before a bulk action in the admin",
        )
        return super().response_action(request, queryset)
