"""Browsing by date: /archive/, /archive/<yyyy>/ and /archive/<yyyy>/<mm>/.

Own views rather than Django's YearArchiveView/MonthArchiveView: those add a
date-list query of their own and cannot show counts per month, while here one
aggregate query gives the counts and the list is the same fixed-cost list as
the home page's.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import connection
from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView

from articles.models import Article
from articles.views import ArticleListView

_MONTHS_SQL = """
SELECT m.month, m.pieces - COALESCE(s.n, 0) AS count, m.last_change
  FROM articles_archivemonth m
  LEFT JOIN (
    SELECT date_trunc('month', published_at AT TIME ZONE archive_month_zone())::date AS month,
           count(*) AS n
      FROM articles_article
     WHERE status = %(published)s AND published_at > %(now)s
     GROUP BY 1) s ON s.month = m.month
 WHERE m.pieces - COALESCE(s.n, 0) > 0 AND m.month >= %(start)s AND m.month < %(end)s
 ORDER BY m.month DESC
"""


def month_counts(start: dt.datetime | None = None, end: dt.datetime | None = None) -> list[dict]:
    """Months with live pieces (in [start, end) if given), newest first:
    [{"month": date, "count": n, "last_change": datetime}, ...].

    One query on the month rollup (ArchiveMonth, kept by triggers), less the
    scheduled pieces that have not gone live yet (few, read through their index).
    """
    params = {
        "published": Article.Status.PUBLISHED,
        "now": timezone.now(),
        "start": start.date() if start is not None else dt.date.min,
        "end": end.date() if end is not None else dt.date.max,
    }
    with connection.cursor() as cursor:
        cursor.execute(_MONTHS_SQL, params)
        return [
            {"month": month, "count": count, "last_change": last_change}
            for month, count, last_change in cursor.fetchall()
        ]


def years_from(months: list[dict]) -> list[dict]:
    """Group month counts into years: [{"year": 2024, "count": n, "months": [...]}, ...]."""
    years: list[dict] = []
    for entry in months:
        if not years or years[-1]["year"] != entry["month"].year:
            years.append({"year": entry["month"].year, "count": 0, "months": []})
        years[-1]["count"] += entry["count"]
        years[-1]["months"].append(entry)
    return years


class ArchiveIndexView(TemplateView):
    """All years and months with their counts (one query); no list of pieces."""

    template_name = "articles/archive_index.html"

    def get_context_data(self, **kwargs):
        years = years_from(month_counts())
        return super().get_context_data(years=years, total=sum(y["count"] for y in years), **kwargs)


class ArchivePeriodView(ArticleListView):
    """The pieces of one year or one month, newest first, with the year's month counts."""

    template_name = "articles/archive_period.html"

    def period(self) -> tuple[dt.datetime, dt.datetime]:
        year, month = self.kwargs["year"], self.kwargs.get("month")
        if not 1 <= year <= 9998 or (month is not None and not 1 <= month <= 12):
            raise Http404("No such date")
        tz = timezone.get_current_timezone()
        if month is None:
            return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)
        start = dt.datetime(year, month, 1, tzinfo=tz)
        days = calendar.monthrange(year, month)[1]
        return start, start + dt.timedelta(days=days)

    def get_queryset(self):
        self.start, self.end = self.period()
        # A range on the indexed column, not __year/__month (which wrap it in a function).
        return (
            super().get_queryset().filter(published_at__gte=self.start, published_at__lt=self.end)
        )

    def get(self, request, *args, **kwargs):
        year = self.kwargs["year"]
        self.period()  # 404 for impossible dates before any query
        tz = timezone.get_current_timezone()
        self.months = month_counts(
            dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)
        )
        month = self.kwargs.get("month")
        self.shown = [e for e in self.months if month is None or e["month"].month == month]
        if not self.shown:
            raise Http404("Nothing was published then")
        return super().get(request, *args, **kwargs)

    def known_count(self) -> int:
        return sum(entry["count"] for entry in self.shown)

    def get_context_data(self, **kwargs):
        month = self.kwargs.get("month")
        return super().get_context_data(
            period_count=self.known_count(),
            year=self.kwargs["year"],
            month=self.start.date() if month else None,
            months=self.months,
            year_count=sum(entry["count"] for entry in self.months),
            **kwargs,
        )
