"""What search engines and link previews read: sitemap, robots.txt, canonical URLs,
Open Graph / Twitter meta and the JSON-LD Article of each piece."""

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, Publication, Topic
from tests.factories import ArticleFactory, AuthorFactory, PublicationFactory, TopicFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_entries(client) -> dict[str, str | None]:
    """Every URL of every page the sitemap index lists, with its lastmod."""
    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert index.tag == f"{SITEMAP}sitemapindex"
    entries = {}
    for loc in index.iter(f"{SITEMAP}loc"):
        response = client.get(loc.text)
        assert response.status_code == 200, loc.text
        for url in ET.fromstring(response.content).iter(f"{SITEMAP}url"):
            entries[url.findtext(f"{SITEMAP}loc")] = url.findtext(f"{SITEMAP}lastmod")
    return entries


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD in the page"
    return json.loads(match.group(1))


def test_sitemap_lists_live_pieces_with_lastmod_and_their_people_and_groups(client):
    author, publication, topic = AuthorFactory(), PublicationFactory(), TopicFactory()
    live = ArticleFactory(authors=[author], publication=publication, topics=[topic])
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    lonely = AuthorFactory()  # only a scheduled piece: not listed yet
    ArticleFactory(authors=[lonely], published_at=timezone.now() + dt.timedelta(days=3))

    entries = sitemap_entries(client)

    base = "http://testserver"
    assert entries[base + live.get_absolute_url()] == live.updated_at.date().isoformat()
    assert base + draft.get_absolute_url() not in entries
    for obj in (author, publication, topic):
        assert entries[base + obj.get_absolute_url()] == live.updated_at.date().isoformat()
    assert base + lonely.get_absolute_url() not in entries


@pytest.mark.parametrize("count", [2, 15])
def test_sitemap_query_count_is_fixed(client, django_assert_num_queries, count):
    for _ in range(count):
        ArticleFactory(topics=[TopicFactory()])

    # The index: the highest id of the four paged tables, in one query.
    with django_assert_num_queries(1):
        assert client.get("/sitemap.xml").status_code == 200
    # Each page: one range read (pieces, or groups with their newest live piece).
    for section, model in (
        ("articles", Article),
        ("authors", Author),
        ("publications", Publication),
        ("topics", Topic),
    ):
        page = (model.objects.order_by("pk").first().pk - 1) // 10_000
        with django_assert_num_queries(1):
            assert client.get(f"/sitemap-{section}-{page}.xml").status_code == 200
    # The home page and the months: the month rollup.
    with django_assert_num_queries(1):
        assert client.get("/sitemap-pages.xml").status_code == 200


def test_sitemap_lists_home_and_months_with_lastmod(client):
    march = ArticleFactory(published_at=dt.datetime(2020, 3, 5, tzinfo=dt.UTC))
    ArticleFactory(published_at=dt.datetime(2020, 3, 9, tzinfo=dt.UTC))
    june = ArticleFactory(published_at=dt.datetime(2021, 6, 1, tzinfo=dt.UTC))
    ArticleFactory(status=Article.Status.DRAFT, published_at=dt.datetime(2019, 1, 1, tzinfo=dt.UTC))

    entries = sitemap_entries(client)

    base = "http://testserver"
    assert entries[base + "/archive/2020/3/"] == march.updated_at.date().isoformat()
    assert entries[base + "/archive/2021/6/"] == june.updated_at.date().isoformat()
    assert base + "/archive/2019/1/" not in entries
    assert entries[base + "/"] == june.updated_at.date().isoformat()


def test_sitemap_pages_hold_at_most_ten_thousand_urls_by_id_range(client, monkeypatch):
    from articles import sitemaps

    monkeypatch.setattr(sitemaps, "PAGE_SIZE", 4)
    pieces = ArticleFactory.create_batch(9)
    first = min(p.pk for p in pieces)

    index = client.get("/sitemap.xml").content.decode()
    entries = sitemap_entries(client)

    last = max(p.pk for p in pieces)
    pages = [f"/sitemap-articles-{n}.xml" for n in range((first - 1) // 4, (last - 1) // 4 + 1)]
    assert all(f"http://testserver{page}" in index for page in pages)
    assert sum(1 for url in entries if "/articles/" in url) == 9
    for page in pages:
        assert 1 <= client.get(page).content.decode().count("<url>") <= 4
    assert client.get("/sitemap-articles-99999.xml").status_code == 404
    assert client.get("/sitemap-nothing-0.xml").status_code == 404


def test_robots_txt_points_at_the_sitemap_keeps_crawlers_out_of_search_and_hides_admin(
    client, settings
):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    # Naming the admin's (configurable) path would tell anyone where it is (issue 19);
    # its pages are behind a login and carry their own noindex.
    assert settings.ADMIN_URL.strip("/") not in response.content.decode()
    assert "Disallow: /search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_canonical_url_drops_stray_parameters_but_keeps_the_page(client):
    ArticleFactory.create_batch(21)

    first = client.get("/", {"utm_source": "mail"}).content.decode()
    second = client.get("/", {"page": "2", "utm_source": "mail"}).content.decode()

    assert '<link rel="canonical" href="http://testserver/">' in first
    assert '<link rel="canonical" href="http://testserver/?page=2">' in second


def test_article_has_open_graph_and_twitter_meta(client):
    author = AuthorFactory()
    article = ArticleFactory(
        title="Ledgers & lighthouses", standfirst="Why records outlast rulers.", authors=[author]
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Ledgers &amp; lighthouses">' in html
    assert '<meta property="og:description" content="Why records outlast rulers.">' in html
    assert f'<meta property="og:url" content="http://testserver{article.get_absolute_url()}">' in (
        html
    )
    assert '<meta name="twitter:card" content="summary">' in html
    assert (
        f'<meta property="article:author" content="http://testserver{author.get_absolute_url()}">'
        in html
    )


def test_article_json_ld_describes_the_piece(client):
    first, second = AuthorFactory(name="Ada Quill"), AuthorFactory(name="Bo Rask")
    publication = PublicationFactory(name="The Tidewater Monthly")
    article = ArticleFactory(
        title="Tariffs and tides",
        authors=[first, second],
        publication=publication,
        topics=[TopicFactory(name="Trade")],
        published_at=dt.datetime(2024, 2, 1, 9, 30, tzinfo=dt.UTC),
    )

    data = json_ld(client.get(article.get_absolute_url()).content.decode())

    assert data["@type"] == "Article"
    assert data["headline"] == "Tariffs and tides"
    assert data["datePublished"] == "2024-02-01T09:30:00Z"
    assert data["dateModified"].startswith(article.updated_at.date().isoformat())
    assert [a["name"] for a in data["author"]] == ["Ada Quill", "Bo Rask"]
    assert data["author"][0]["url"] == f"http://testserver{first.get_absolute_url()}"
    assert data["publisher"]["name"] == "The Tidewater Monthly"
    assert data["keywords"] == ["Trade"]


def test_json_ld_cannot_be_broken_out_of_by_a_title(client):
    article = ArticleFactory(title="</script><script>alert(1)</script> & <!-- more")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    assert "<!-- more" not in html
    assert json_ld(html)["headline"] == "</script><script>alert(1)</script> & <!-- more"


def test_drafts_previewed_by_staff_carry_no_json_ld(staff_client):
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    html = staff_client.get(draft.get_absolute_url()).content.decode()

    assert "application/ld+json" not in html


def test_author_page_is_described_as_a_profile(client):
    author = AuthorFactory(name="Ines Morrow", bio="The author writes about canals.")
    ArticleFactory(authors=[author])

    html = client.get(reverse("articles:author", kwargs={"slug": author.slug})).content.decode()

    assert '<meta property="og:type" content="profile">' in html
    assert '<meta property="og:title" content="Ines Morrow">' in html
    assert "The author writes about canals." in html
