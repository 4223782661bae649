"""The editors' lists at scale: the date hierarchy's periods come from probes,
and a list longer than the count cap is still paged (with an estimated total)."""

import datetime as dt

import pytest
from django.urls import reverse

from articles import admin_scale
from articles.models import Article, Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def at(year, month, day=1):
    return dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


def test_date_hierarchy_offers_the_years_and_months_that_have_pieces(staff_client):
    ArticleFactory(published_at=at(2019, 4))
    ArticleFactory(published_at=at(2021, 2, 3))
    ArticleFactory(published_at=at(2021, 11, 30))
    ArticleFactory(published_at=at(2023, 1), status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_changelist")

    years = staff_client.get(url).content.decode()
    assert "published_at__year=2019" in years and "published_at__year=2021" in years
    assert "published_at__year=2020" not in years and "published_at__year=2022" not in years
    assert "published_at__year=2023" in years

    drafts = staff_client.get(url, {"status__exact": "draft"}).content.decode()
    assert "published_at__year=2023" in drafts and "published_at__year=2021" not in drafts

    months = staff_client.get(url, {"published_at__year": 2021}).content.decode()
    assert "published_at__month=2" in months and "published_at__month=11" in months
    assert "published_at__month=3" not in months

    days = staff_client.get(
        url, {"published_at__year": 2021, "published_at__month": 11}
    ).content.decode()
    assert "published_at__day=30" in days and "published_at__day=29" not in days


def test_lists_past_the_count_cap_are_paged_with_an_estimate(staff_client, monkeypatch):
    monkeypatch.setattr(admin_scale, "COUNT_CAP", 55)
    article = ArticleFactory()
    CommentFactory.create_batch(60, article=article, status=Comment.Status.PENDING)
    url = reverse("admin:articles_comment_changelist")

    page = staff_client.get(url, {"status__exact": "pending"}).content.decode()

    assert page.count('name="_selected_action"') == 50
    assert "?p=2&amp;status__exact=pending" in page or "?status__exact=pending&amp;p=2" in page
    second = staff_client.get(url, {"status__exact": "pending", "p": 2})
    assert second.content.decode().count('name="_selected_action"') == 10


@pytest.mark.parametrize(
    "queryset",
    [
        # The comments admin for one status, newest first (its full order).
        lambda article: Comment.objects.filter(status="pending").order_by("-created_at", "-id"),
        # The unfiltered comments admin: the pending queue first, then newest.
        lambda article: Comment.objects.order_by(admin_scale_order()[0], "-created_at", "-id"),
        # A thread's outline: every approved comment's id and parent, oldest first.
        lambda article: Comment.objects.for_thread(article).values_list("id", "parent_id"),
    ],
    ids=["status list", "queue", "thread outline"],
)
def test_comment_lists_are_read_in_index_order_never_sorted(queryset):
    """With millions of comments a sort per page (or per thread of thousands) is what
    made these slow: each order must be one of the comment table's indexes."""
    from django.db import connection

    article = ArticleFactory()
    CommentFactory.create_batch(3, article=article)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is tiny
    plan = queryset(article)[:50].explain()

    assert "Sort" not in plan, plan
    assert "Index" in plan, plan


def admin_scale_order():
    from articles.models import pending_first

    return [pending_first().asc()]
