"""Paging newest-first lists of pieces at any archive size, at a fixed cost.

The first NUMBERED_PAGES pages (200 pieces) are numbered (``?page=N``); their count stops at
what those pages can show, so no page counts a million rows. Past them, pages
are read by seek: ``?older=<cursor>`` lists the pieces just older than the
cursor (the last piece shown), ``?newer=<cursor>`` those just newer, each from
the list's index wherever it lands, so the oldest piece of a million costs what
the newest does. A cursor is ``<published_at in microseconds since 1970>.<id>``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Q
from django.http import Http404

NUMBERED_PAGES = 10
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
CURSOR = re.compile(r"(-?\d{1,18})\.(\d{1,18})")


def cursor_of(article) -> str:
    delta = article.published_at - EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros}.{article.pk}"


def parse_cursor(text: str) -> tuple[dt.datetime, int]:
    match = CURSOR.fullmatch(text)
    if not match:
        raise Http404("No such page.")
    try:
        when = EPOCH + dt.timedelta(microseconds=int(match[1]))
    except OverflowError:
        raise Http404("No such page.") from None
    return when, int(match[2])


def query(request, **params) -> str:
    """This page's query string with ``params`` in place of any paging parameter."""
    kept = {
        key: value
        for key, value in request.GET.items()
        if key not in ("page", "older", "newer") and value
    }
    kept.update({key: value for key, value in params.items() if value is not None})
    return "?" + urlencode(kept) if kept else "?"


class CappedPaginator(Paginator):
    """A Paginator whose count stops at NUMBERED_PAGES pages (plus one row, to know
    that more follow); ``known_count`` skips the count where the caller has it."""

    def __init__(self, object_list, per_page, *, known_count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = known_count

    @cached_property
    def cap(self) -> int:
        return NUMBERED_PAGES * self.per_page

    @cached_property
    def seen(self) -> int:
        if self.known_count is not None:
            return self.known_count
        # Any cap + 1 rows tell whether more follow: no order, so no sort to count.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.seen, self.cap)

    @property
    def more(self) -> bool:
        """Whether pieces follow the last numbered page."""
        return self.seen > self.cap


class NumberedPage(Page):
    def links(self, request) -> dict:
        paginator = self.paginator
        older = None
        if self.has_next():
            older = query(request, page=self.number + 1)
        elif paginator.more and self.object_list:
            older = query(request, older=cursor_of(self.object_list[-1]))
        if self.number > 1:
            newer = query(request, page=self.number - 1)
        else:
            newer = None
        label = f"Page {self.number}"
        if not paginator.more:
            label += f" of {paginator.num_pages}"
        return {"newer": newer, "older": older, "label": label}


class SeekPage:
    """A page read by seek: no number, links to the pieces either side."""

    number = None
    paginator = None

    def __init__(self, object_list: list, *, older_exists: bool):
        self.object_list = object_list
        self.older_exists = older_exists

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_other_pages(self) -> bool:
        return True

    def links(self, request) -> dict:
        first, last = self.object_list[0], self.object_list[-1]
        return {
            "newer": query(request, newer=cursor_of(first)),
            "older": query(request, older=cursor_of(last)) if self.older_exists else None,
            "label": f"From {first.published_at:%-d %B %Y}",
        }


def _before(when: dt.datetime, pk: int) -> Q:
    return Q(published_at__lte=when) & (Q(published_at__lt=when) | Q(pk__lt=pk))


def _after(when: dt.datetime, pk: int) -> Q:
    return Q(published_at__gte=when) & (Q(published_at__gt=when) | Q(pk__gt=pk))


def seek_page(queryset, request, per_page: int) -> SeekPage | None:
    """The page ``?older=`` or ``?newer=`` asks for; None when a newer page would
    reach the first page (the caller shows page 1). ``queryset`` is newest first."""
    if "older" in request.GET:
        when, pk = parse_cursor(request.GET["older"])
        rows = list(queryset.filter(_before(when, pk))[: per_page + 1])
        if not rows:
            raise Http404("No older pieces.")
        return SeekPage(rows[:per_page], older_exists=len(rows) > per_page)
    when, pk = parse_cursor(request.GET["newer"])
    ascending = queryset.filter(_after(when, pk)).reverse()
    rows = list(ascending[: per_page + 1])
    if len(rows) <= per_page:
        return None
    rows = rows[:per_page][::-1]
    return SeekPage(rows, older_exists=True)


def paginate(queryset, request, per_page: int, *, known_count: int | None = None):
    """(paginator or None, page) for a newest-first list; Http404 for a bad page."""
    if "older" in request.GET or "newer" in request.GET:
        page = seek_page(queryset, request, per_page)
        if page is not None:
            return None, page
        number = 1
    else:
        number = request.GET.get("page") or 1
    paginator = CappedPaginator(queryset, per_page, known_count=known_count)
    paginator._get_page = lambda *args, **kwargs: NumberedPage(*args, **kwargs)
    if number == "last":
        number = paginator.num_pages
    try:
        page = paginator.page(number)
    except InvalidPage:
        raise Http404("No such page.") from None
    page.object_list = list(page.object_list)  # read once; the links need the last row
    return paginator, page
