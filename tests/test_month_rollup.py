"""The archive's month counts come from a rollup the database keeps: publishing,
unpublishing, moving and deleting pieces must show in /archive/ at once, and a
scheduled piece counts only once it is live."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.browse import month_counts
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

MARCH = dt.datetime(2021, 3, 14, 12, tzinfo=dt.UTC)
JUNE = dt.datetime(2021, 6, 2, 12, tzinfo=dt.UTC)


def counts() -> dict[str, int]:
    return {f"{m['month']:%Y-%m}": m["count"] for m in month_counts()}


def test_publish_unpublish_move_and_delete_change_the_month_counts(client):
    pieces = ArticleFactory.create_batch(3, published_at=MARCH)
    ArticleFactory(published_at=MARCH, status=Article.Status.DRAFT)
    assert counts() == {"2021-03": 3}

    Article.objects.filter(pk=pieces[0].pk).update(status=Article.Status.DRAFT)
    pieces[1].published_at = JUNE
    pieces[1].save()
    assert counts() == {"2021-06": 1, "2021-03": 1}

    pieces[2].delete()
    Article.objects.filter(status=Article.Status.DRAFT).update(status=Article.Status.PUBLISHED)
    assert counts() == {"2021-06": 1, "2021-03": 2}
    page = client.get(reverse("articles:archive")).content.decode()
    assert "3 pieces, by year and month" in page


def test_scheduled_piece_counts_only_once_live():
    ArticleFactory(published_at=timezone.now() - dt.timedelta(days=40))
    scheduled = ArticleFactory(published_at=timezone.now() + dt.timedelta(days=3))
    before = counts()
    assert sum(before.values()) == 1
    Article.objects.filter(pk=scheduled.pk).update(
        published_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert sum(counts().values()) == 2
