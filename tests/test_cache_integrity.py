"""What readers get from the page cache is what the site means to show (issue 19
points 6, 7 and 8): no planted token placeholders, no URLs of the other scheme,
and no cache flush anyone can trigger with spam."""

import pytest
from django.test import Client
from django.urls import reverse

from archive import page_cache
from articles.models import Comment
from tests.comment_helpers import comment_form_data, post_url
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(title="Tidal power, again")


def get(url: str, **extra):
    return Client().get(url, **extra)


# --- Point 8: spam does not flush the cache ----------------------------------------


def test_a_comment_caught_by_the_block_list_does_not_empty_the_cache(article, settings):
    settings.COMMENTS_BLOCK_WORDS = ["cheap-pills"]
    get("/")
    get(article.get_absolute_url())

    response = Client().post(
        post_url(article),
        comment_form_data(
            article, name="Bot", email="bot@example.net", body="Buy cheap-pills today."
        ),
    )
    assert response.status_code == 403  # refused, and kept as spam for editors
    assert Comment.objects.get(name="Bot").status == Comment.Status.SPAM

    assert get("/")[page_cache.HEADER] == "hit"
    assert get(article.get_absolute_url())[page_cache.HEADER] == "hit"


def test_an_editors_comment_approved_at_once_shows_on_the_next_view(article, staff_client):
    get(article.get_absolute_url())

    staff_client.post(
        post_url(article),
        comment_form_data(
            article, name="Editor", email="editor@example.org", body="A correction is coming."
        ),
    )
    assert Comment.objects.get(name="Editor").status == Comment.Status.APPROVED

    assert "A correction is coming." in get(article.get_absolute_url()).text
