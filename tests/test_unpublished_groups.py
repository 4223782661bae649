"""People and groups are public only once one of their pieces is (issue 19 point 3).

An author, publication or topic page, and its feeds, whose pieces are all drafts or
scheduled must not show their name and bio early: it is a 404 like a draft's page.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, PublicationFactory, TopicFactory

pytestmark = pytest.mark.django_db

SECRET_BIO = "The author is the new minister's speechwriter."


def group_urls(kind: str, slug: str) -> list[str]:
    return [
        reverse(f"articles:{kind}", kwargs={"slug": slug}),
        reverse(f"articles:{kind}_feed", kwargs={"slug": slug}),
        reverse(f"articles:{kind}_feed_atom", kwargs={"slug": slug}),
    ]


@pytest.fixture
def unannounced():
    """A draft and a scheduled piece by one author, in one publication, under one topic."""
    author = AuthorFactory(name="Mira Solberg", slug="mira-solberg", bio=SECRET_BIO)
    publication = PublicationFactory(name="The Embargo Review", slug="embargo-review")
    topic = TopicFactory(name="Cabinet reshuffle", slug="cabinet-reshuffle")
    common = {"authors": [author], "publication": publication, "topics": [topic]}
    ArticleFactory(status=Article.Status.DRAFT, published_at=None, **common)
    ArticleFactory(published_at=timezone.now() + dt.timedelta(days=7), **common)
    return {"author": author, "publication": publication, "topic": topic}


@pytest.mark.parametrize("kind", ["author", "publication", "topic"])
def test_a_group_with_no_live_piece_is_not_found(client, unannounced, kind):
    for url in group_urls(kind, unannounced[kind].slug):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Mira Solberg" not in response.text
        assert SECRET_BIO not in response.text


@pytest.mark.parametrize("kind", ["author", "publication", "topic"])
def test_the_first_live_piece_makes_the_group_public(client, unannounced, kind):
    ArticleFactory(
        title="Now on the record",
        authors=[unannounced["author"]],
        publication=unannounced["publication"],
        topics=[unannounced["topic"]],
    )

    for url in group_urls(kind, unannounced[kind].slug):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Now on the record" in response.text
