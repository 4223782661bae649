"""The pending-comments count beside "Comments" in the admin menu and dashboard."""

from __future__ import annotations

from django import template

from articles.admin_moderation import pending_count

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_comment_count(context) -> int | str:
    return pending_count(context.get("request"))
