"""Links from the mails. The token in the address is the only key, so these forms
need no CSRF token: a mail client's one-click POST (RFC 8058) carries none."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from articles.notifications import service
from articles.notifications.models import ReplySubscription


def _subscription(token: str) -> ReplySubscription:
    subscription = (
        ReplySubscription.objects.select_related("comment__article").filter(token=token).first()
    )
    if subscription is None:
        raise Http404("This link is not valid (it may be incomplete).")
    return subscription


# GET only shows a button: link scanners in mail systems open links, and must not
# confirm or unsubscribe anyone by doing so.
@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    subscription = _subscription(token)
    if request.method == "POST":
        subscription = service.confirm(token)
    return render(request, "notifications/confirm.html", {"subscription": subscription})


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    subscription = _subscription(token)
    if request.method == "POST":
        subscription = service.unsubscribe(token)
    return render(request, "notifications/unsubscribe.html", {"subscription": subscription})
