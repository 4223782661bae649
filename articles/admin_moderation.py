"""Comment moderation in the admin, as WordPress editors know it.

- The list opens on Pending (the status filter's default), with an "All" choice.
- Each row has Approve / Spam / Trash buttons and a Reply link. The buttons run
  the same admin actions as the bulk menu, through ``get_actions``, so whatever
  permissions those actions require apply to the row buttons too.
- Reply: the editor answers a comment from the list; a pending comment is
  approved first (WordPress's "Approve and Reply").
- The moderation word lists and link limit are a one-row settings model.
"""

from __future__ import annotations

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme

from articles.admin_scale import COUNT_CAP
from articles.comments import CommentsClosed, DuplicateComment, comment_create
from articles.models import Comment, ModerationSettings

ROW_ACTIONS = {  # button label -> admin action name
    "Approve": "approve",
    "Spam": "mark_spam",
    "Trash": "remove",
}
# Which buttons a row shows, by the comment's status.
ROW_BUTTONS = {
    Comment.Status.PENDING: ["Approve", "Spam", "Trash"],
    Comment.Status.APPROVED: ["Spam", "Trash"],
    Comment.Status.SPAM: ["Approve", "Trash"],
    Comment.Status.REMOVED: ["Approve", "Spam"],
}


class CommentStatusFilter(admin.SimpleListFilter):
    """Status, opening on Pending (a search, on All); "All" is a choice of its own."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, (self.ALL, "All")]

    def value(self):
        return self.shown_status(self.request)

    @classmethod
    def shown_status(cls, request) -> str:
        # A search with no status chosen looks through every comment.
        chosen = request.GET.get(cls.parameter_name)
        if chosen:
            return chosen
        return cls.ALL if request.GET.get("q") else Comment.Status.PENDING

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.ALL:
            return queryset
        if value in Comment.Status.values:
            return queryset.filter(status=value)
        return queryset.none()

    def choices(self, changelist):
        # The parent's first choice ("All" as no parameter) is Pending here; the
        # real "All" is among the lookups.
        return list(super().choices(changelist))[1:]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        max_length=5000,
    )


class CommentModerationMixin:
    """Row buttons, reply-from-the-list and the pending queue for CommentAdmin."""

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<int:pk>/moderate/<str:action>/",
                self.admin_site.admin_view(self.moderate_view),
                name=f"{name}_moderate",
            ),
            path(
                "<int:pk>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name=f"{name}_reply",
            ),
            *super().get_urls(),
        ]

    def get_list_display(self, request):
        """The status column only where the list mixes statuses (All, or a search)."""
        columns = list(super().get_list_display(request))
        chosen = request.GET.get(CommentStatusFilter.parameter_name)
        mixed = chosen == CommentStatusFilter.ALL or (not chosen and request.GET.get("q"))
        if not mixed and "status_badge" in columns:
            columns.remove("status_badge")
        return columns

    @admin.display(description="Moderate")
    def row_actions(self, obj):
        buttons = format_html_join(
            "",
            '<button type="submit" class="button comment-row-action" formmethod="post" '
            'formaction="{}" aria-label="{} comment by {}">{}</button>',
            (
                (
                    reverse("admin:articles_comment_moderate", args=[obj.pk, ROW_ACTIONS[label]]),
                    label,
                    obj.name,
                    label,
                )
                for label in ROW_BUTTONS.get(obj.status, [])
            ),
        )
        reply = format_html(
            '<a class="button comment-row-action" href="{}" aria-label="Reply to {}">Reply</a>',
            reverse("admin:articles_comment_reply", args=[obj.pk]),
            obj.name,
        )
        return format_html('<div class="comment-row-actions">{}{}</div>', buttons, reply)

    def _back(self, request) -> str:
        """Where the editor was: the list they moderated from, filters and all."""
        target = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return reverse("admin:articles_comment_changelist")

    def _run_action(self, request, name: str, comment: Comment) -> None:
        actions = self.get_actions(request)  # filtered by each action's permissions
        if name not in actions:
            raise PermissionDenied
        func = actions[name][0]
        # As the bulk menu's actions run (VersionAdmin's changelist): inside a
        # revision, so the change is a version with who made it.
        with reversion.create_revision():
            func(self, request, Comment.objects.filter(pk=comment.pk))

    def moderate_view(self, request, pk: int, action: str):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:articles_comment_changelist"))
        if action not in ROW_ACTIONS.values():
            raise PermissionDenied
        comment = get_object_or_404(Comment, pk=pk)
        if not self.has_change_permission(request, comment):
            raise PermissionDenied
        self._run_action(request, action, comment)
        return HttpResponseRedirect(self._back(request))

    def reply_view(self, request, pk: int):
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        if not self.has_change_permission(request, comment):
            raise PermissionDenied
        form = ReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if comment.status != Comment.Status.APPROVED:
                self._run_action(request, "approve", comment)  # its messages say so
            user = request.user
            try:
                reply = comment_create(
                    article=comment.article,
                    name=user.get_full_name() or user.get_username(),
                    email=user.email or f"{user.get_username()}@invalid",
                    body=form.cleaned_data["body"],
                    parent_id=comment.pk,
                    user=user,
                )
            except CommentsClosed:
                form.add_error(None, "This piece no longer takes comments: turn them on first.")
            except DuplicateComment:
                form.add_error("body", "The same reply is already on this piece.")
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                self.message_user(
                    request,
                    format_html(
                        'Your reply to {} is published: <a href="{}">see it on the page</a>.',
                        comment.name,
                        reply.get_absolute_url(),
                    ),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    request.POST.get("next")
                    if url_has_allowed_host_and_scheme(
                        request.POST.get("next", ""), allowed_hosts={request.get_host()}
                    )
                    else reverse("admin:articles_comment_changelist")
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Reply to {comment.name}",
            "comment": comment,
            "form": form,
            "next": request.POST.get("next") or self._back(request),
        }
        return TemplateResponse(request, "admin/articles/comment/reply.html", context)


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    """One row, edited in place: the list page goes straight to it."""

    fieldsets = [
        (
            "Hold for an editor",
            {"fields": ["hold_words", "max_links"]},
        ),
        (
            "Block as spam",
            {"fields": ["block_words", "block_emails", "block_domains", "block_ips"]},
        ),
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        row, _created = ModerationSettings.objects.get_or_create(pk=1)
        return HttpResponseRedirect(reverse("admin:articles_moderationsettings_change", args=[1]))

    def response_change(self, request, obj):
        self.message_user(request, "Moderation settings saved: new comments follow them now.")
        return HttpResponseRedirect(reverse("admin:articles_moderationsettings_change", args=[1]))

    def render_change_form(self, request, context, *args, **kwargs):
        from django.conf import settings

        context["from_environment"] = [
            ("Hold words", settings.COMMENTS_HOLD_WORDS),
            ("Block words", settings.COMMENTS_BLOCK_WORDS),
            ("Blocked emails", settings.COMMENTS_BLOCK_EMAILS),
            ("Blocked domains", settings.COMMENTS_BLOCK_DOMAINS),
            ("Blocked IPs", settings.COMMENTS_BLOCK_IPS),
        ]
        context["env_max_links"] = settings.COMMENTS_MAX_LINKS
        return super().render_change_form(request, context, *args, **kwargs)


def pending_count(request=None) -> int | str:
    """Comments awaiting moderation, counted up to COUNT_CAP ("10,000+" past it) and
    once per request however many places show it (menu, dashboard, the comments
    list's banner). A spam run can leave hundreds of thousands waiting; counting
    every one on each admin page cost 60-100 ms at five million comments."""
    if request is not None and hasattr(request, "_pending_comment_count"):
        return request._pending_comment_count
    seen = Comment.objects.pending().order_by()[: COUNT_CAP + 1].count()
    count = f"{COUNT_CAP:,}+" if seen > COUNT_CAP else seen
    if request is not None:
        request._pending_comment_count = count
    return count
