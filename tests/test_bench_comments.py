"""`make bench-comments` keeps working, and leaves nothing behind (small sizes here;
the real run is 2,000 comments)."""

from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, Comment
from tests.test_query_counts import ARTICLE_QUERIES

pytestmark = pytest.mark.django_db


def test_bench_comments_prints_render_times_and_rolls_back():
    out = StringIO()

    call_command("bench_comments", comments=60, threads=4, runs=3, stdout=out)

    report = out.getvalue()
    assert "piece with 60 comments (4 top-level threads" in report
    assert "comments on the page: 60," in report
    assert f"queries: {ARTICLE_QUERIES}" in report
    assert "render time over 3 requests: p50" in report
    assert "baseline (same page, no comments)" in report
    assert "target p95 < 150 ms:" in report
    assert not Article.objects.exists()
    assert not Comment.objects.exists()
