"""What keeps the editors' lists fast at a million pieces and millions of comments.

- ``EstimatedPaginator``: counts up to COUNT_CAP rows exactly; past that, the
  planner's estimate (EXPLAIN) stands in, so a list of a million rows or a
  search for a common word never counts every match. With
  ``show_full_result_count = False`` the admin runs no second, unfiltered count.
- ``LeanChangeList``: the list's rows without the bodies no column shows.
- ``with_probed_dates``: the date hierarchy asks for the distinct years (months,
  days) of every row in the list; these answer with one probe per period
  between the first and last date (the first date at or after the period's
  start, read along the date's index), in one query, instead of grouping every
  row.
"""

from __future__ import annotations

import datetime as dt
import functools
import json

from django.contrib.admin.views.main import ChangeList
from django.core.paginator import Paginator
from django.db.models import Max, Min, Subquery
from django.utils import timezone
from django.utils.functional import cached_property

COUNT_CAP = 10_000
DEEP_OFFSET = 1_000
MAX_PROBES = 400


class EstimatedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        seen = queryset[: COUNT_CAP + 1].count()
        if seen <= COUNT_CAP:
            return seen
        plan = json.loads(queryset.order_by().explain(format="json"))
        self.estimated = True
        return max(seen, int(plan[0]["Plan"]["Plan Rows"]))

    estimated = False

    def page(self, number):
        """An estimated count may fall short: a page is always read in full. A deep
        page skips its offset on ids alone (an index-only read), then reads its
        own rows: skipping full rows cost seconds at page 500 of a million."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.estimated:
            top = min(top, self.count) if top + self.orphans >= self.count else top
        if bottom < DEEP_OFFSET:
            return self._get_page(self.object_list[bottom:top], number, self)
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(list(self.object_list.filter(pk__in=ids)), number, self)


def _period_starts(first: dt.datetime, last: dt.datetime, kind: str, tz) -> list[dt.datetime]:
    first, last = timezone.localtime(first, tz), timezone.localtime(last, tz)
    if kind == "year":
        return [dt.datetime(y, 1, 1, tzinfo=tz) for y in range(first.year, last.year + 2)]
    if kind == "month":
        starts, year, month = [], first.year, first.month
        while (year, month) <= (last.year, last.month + 1) or len(starts) < 2:
            starts.append(dt.datetime(year, month, 1, tzinfo=tz))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return starts
    day = first.date()
    days = (last.date() - day).days + 2
    return [dt.datetime.combine(day + dt.timedelta(days=n), dt.time(), tz) for n in range(days)]


def _probed_datetimes(queryset, field_name: str, kind: str, order: str, tzinfo):
    tz = tzinfo or timezone.get_current_timezone()
    bounds = queryset.order_by().aggregate(first=Min(field_name), last=Max(field_name))
    if bounds["first"] is None:
        return []
    starts = _period_starts(bounds["first"], bounds["last"], kind, tz)
    if len(starts) > MAX_PROBES:
        return None
    # Per period start, the first date at or after it (ORDER BY the date LIMIT 1: a
    # step along the date's index); the period has rows if that date is inside it.
    # An EXISTS per period let the planner scan the whole table for an empty one.
    firsts = {
        f"p{n}": Subquery(
            queryset.order_by(field_name)
            .filter(**{f"{field_name}__gte": start})
            .values(field_name)[:1]
        )
        for n, start in enumerate(starts[:-1])
    }
    row = queryset.model._base_manager.order_by().annotate(**firsts).values(*firsts)[:1]
    found = next(iter(row), {})
    periods = [
        start
        for n, (start, end) in enumerate(zip(starts, starts[1:], strict=False))
        if found.get(f"p{n}") is not None and found[f"p{n}"] < end
    ]
    return periods if order == "ASC" else periods[::-1]


@functools.cache
def _probing_class(base: type) -> type:
    class ProbedDates(base):
        def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
            if kind in ("year", "month", "day"):
                periods = _probed_datetimes(self, field_name, kind, order, tzinfo)
                if periods is not None:
                    return periods
            return super().datetimes(field_name, kind, order, tzinfo)

    ProbedDates.__name__ = ProbedDates.__qualname__ = f"ProbedDates{base.__name__}"
    return ProbedDates


def with_probed_dates(queryset):
    """``queryset`` whose ``datetimes()`` (the admin's date hierarchy) probes periods."""
    clone = queryset.all()
    clone.__class__ = _probing_class(type(queryset))
    return clone


class LeanChangeList(ChangeList):
    """Leaves out the model admin's ``list_deferred`` fields (no column may use them)."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        deferred = getattr(self.model_admin, "list_deferred", ())
        return queryset.defer(*deferred) if deferred else queryset


def without_probed_dates(queryset):
    """``queryset`` back to its own ``datetimes()``: for a list known to be small (a
    search's capped matches), grouping its rows beats a probe per period."""
    base = type(queryset)
    if base.__name__.startswith("ProbedDates"):
        queryset = queryset.all()
        queryset.__class__ = base.__bases__[0]
    return queryset
