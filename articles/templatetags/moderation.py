"""The pending-comments count beside "Comments" in the admin menu and dashboard."""

from __future__ import annotations

from django import template

from articles.models import Comment

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_comment_count(context) -> int:
    """Counted once per request however many menus show it (dashboard + sidebar)."""
    request = context.get("request")
    if request is None:
        return Comment.objects.pending().count()
    if not hasattr(request, "_pending_comment_count"):
        request._pending_comment_count = Comment.objects.pending().count()
    return request._pending_comment_count
