"""RSS 2.0 and Atom feeds for the archive and for each author, publication and topic."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, PublicationFactory, TopicFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def days_ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def rss_titles(response) -> list[str]:
    root = ET.fromstring(response.content)
    return [item.findtext("title") for item in root.iter("item")]


def atom_titles(response) -> list[str]:
    root = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_site_rss_lists_live_pieces_newest_first_with_dates_authors_and_topics(client):
    author = AuthorFactory(name="Oona Bramwell")
    topic = TopicFactory(name="Harbours")
    ArticleFactory(title="Older piece", published_at=days_ago(5))
    ArticleFactory(
        title="Newer piece <with> & marks",
        published_at=days_ago(1),
        authors=[author],
        topics=[topic],
        body="A paragraph with *emphasis*.",
    )
    ArticleFactory(title="A draft", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(title="Scheduled", published_at=timezone.now() + dt.timedelta(days=2))

    response = client.get(reverse("articles:feed"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert rss_titles(response) == ["Newer piece <with> & marks", "Older piece"]
    item = ET.fromstring(response.content).find("channel/item")
    assert item.findtext("link").startswith("http://testserver/articles/")
    assert item.findtext("pubDate")
    assert item.findtext("category") == "Harbours"
    assert "Oona Bramwell" in ET.tostring(item, encoding="unicode")
    assert "<em>emphasis</em>" in item.findtext("description")


def test_site_atom_feed_has_updated_dates_and_subtitle(client):
    ArticleFactory(title="Only piece")

    response = client.get(reverse("articles:feed_atom"))

    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert atom_titles(response) == ["Only piece"]
    assert root.findtext(f"{ATOM}subtitle")
    assert root.find(f"{ATOM}entry/{ATOM}updated") is not None
    assert root.find(f"{ATOM}entry/{ATOM}published") is not None


@pytest.mark.parametrize("kind", ["author", "publication", "topic"])
def test_each_author_publication_and_topic_has_its_own_rss_and_atom(client, kind):
    author, publication, topic = AuthorFactory(), PublicationFactory(), TopicFactory()
    ArticleFactory(title="Theirs", authors=[author], publication=publication, topics=[topic])
    ArticleFactory(title="Someone else's")
    obj = {"author": author, "publication": publication, "topic": topic}[kind]

    rss = client.get(reverse(f"articles:{kind}_feed", kwargs={"slug": obj.slug}))
    atom = client.get(reverse(f"articles:{kind}_feed_atom", kwargs={"slug": obj.slug}))

    assert rss_titles(rss) == ["Theirs"]
    assert atom_titles(atom) == ["Theirs"]
    assert obj.name in ET.fromstring(rss.content).findtext("channel/title")


def test_feed_of_unknown_author_is_the_styled_404(client):
    response = client.get(reverse("articles:author_feed", kwargs={"slug": "nobody"}))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_feeds_are_advertised_in_the_head(client):
    author = AuthorFactory()
    ArticleFactory(authors=[author])

    home = client.get(reverse("articles:home")).content.decode()
    author_page = client.get(author.get_absolute_url()).content.decode()

    assert '<link rel="alternate" type="application/rss+xml"' in home
    assert 'href="/feed/atom/"' in home
    assert f'href="/authors/{author.slug}/feed/"' in author_page
    assert f'href="/authors/{author.slug}/feed/atom/"' in author_page


@pytest.mark.parametrize("count", [2, 30])
def test_feed_query_count_does_not_grow_with_items(client, django_assert_num_queries, count):
    """The pieces, their bylines, their topics: three queries for 2 or 30 items."""
    for _ in range(count):
        ArticleFactory(authors=[AuthorFactory(), AuthorFactory()], topics=[TopicFactory()])

    with django_assert_num_queries(3):
        response = client.get(reverse("articles:feed"))

    assert len(rss_titles(response)) == count


def test_object_feed_query_count_is_fixed(client, django_assert_num_queries):
    topic = TopicFactory()
    for _ in range(10):
        ArticleFactory(topics=[topic, TopicFactory()])

    with django_assert_num_queries(4):  # the topic, then the three feed queries
        client.get(reverse("articles:topic_feed_atom", kwargs={"slug": topic.slug}))
