"""Pages that guide a reader: indexes, the front page, dates, titles, the 404 search."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, PublicationFactory, TopicFactory
from tests.test_history import article_form

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def days_ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


# --- Topics, authors and publications indexes --------------------------------------


def test_indexes_list_who_has_live_pieces_and_link_to_their_pages(client):
    author = AuthorFactory(name="Ines Varga", bio="The author writes on harbours.")
    waiting = AuthorFactory(name="Olev Kask", bio="Not yet published here.")
    publication = PublicationFactory(name="The Tideline", about="A weekly of the coast.")
    topic = TopicFactory(name="Shipping")
    ArticleFactory(authors=[author], publication=publication, topics=[topic])
    ArticleFactory(
        authors=[waiting], status=Article.Status.DRAFT, published_at=None, topics=[TopicFactory()]
    )
    ArticleFactory(authors=[waiting], published_at=timezone.now() + dt.timedelta(days=3))

    authors = html_of(client.get(reverse("articles:authors")))
    assert f'href="{author.get_absolute_url()}"' in authors
    assert "The author writes on harbours." in authors
    assert "Olev Kask" not in authors  # a draft and a scheduled piece reveal nobody

    publications = html_of(client.get(reverse("articles:publications")))
    assert f'href="{publication.get_absolute_url()}"' in publications
    assert "A weekly of the coast." in publications

    topics = html_of(client.get(reverse("articles:topics")))
    assert f'href="{topic.get_absolute_url()}"' in topics
    assert topics.count('class="group-list__name"') == 1


def test_an_index_is_alphabetical_and_paged_with_a_404_past_the_end(client):
    for name in ["Zora Lind", "Anu Pärn", "Mart Ilves"]:
        ArticleFactory(authors=[AuthorFactory(name=name)])

    html = html_of(client.get(reverse("articles:authors")))

    assert html.index("Anu Pärn") < html.index("Mart Ilves") < html.index("Zora Lind")
    assert client.get(reverse("articles:authors"), {"page": 2}).status_code == 404


def test_every_page_header_links_the_indexes_and_the_months(client):
    ArticleFactory()

    html = html_of(client.get(reverse("articles:home")))
    nav = html[html.index('<nav aria-label="Site">') : html.index("</nav>")]

    for name in ["topics", "authors", "publications", "archive"]:
        assert f'href="{reverse(f"articles:{name}")}"' in nav
    assert ">By date</a>" in nav
    # The brand is the site's name and goes home; no nav item reuses it for another page.
    assert ">Archive</a>" not in nav


# --- The front page ------------------------------------------------------------------


def test_front_page_leads_with_the_newest_piece_then_files_the_rest_by_topic(client):
    ports, courts = TopicFactory(name="Ports"), TopicFactory(name="Courts")
    lead = ArticleFactory(title="The newest of all", published_at=days_ago(0.5), topics=[ports])
    latest = [
        ArticleFactory(title=f"Recent piece {i}", published_at=days_ago(1 + i)) for i in range(5)
    ]
    filed = [
        ArticleFactory(
            title=f"Filed piece {i}",
            published_at=days_ago(10 + i),
            topics=[ports if i % 2 else courts],
        )
        for i in range(6)
    ]
    loose = ArticleFactory(title="A piece with no topic", published_at=days_ago(30))

    html = html_of(client.get(reverse("articles:home")))

    lead_section = html[html.index('aria-label="Lead piece"') : html.index('id="latest-heading"')]
    assert lead.title in lead_section
    assert html.index(latest[0].title) < html.index(latest[4].title)
    courts_at = html.index(f'id="topic-{courts.slug}"')
    ports_at = html.index(f'id="topic-{ports.slug}"')
    # Sections come in the order of their newest piece (Filed piece 0 is a Courts piece).
    assert courts_at < ports_at
    assert courts_at < html.index(filed[0].title) < ports_at < html.index(filed[1].title)
    assert html.index('id="more-heading"') < html.index(loose.title)


def test_front_page_with_nothing_published_says_so(client):
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    html = html_of(client.get(reverse("articles:home")))

    assert "No pieces have been published yet." in html


def test_later_home_pages_are_plain_lists(client):
    ArticleFactory.create_batch(21)

    html = html_of(client.get(reverse("articles:home"), {"page": 2}))

    assert 'aria-label="Lead piece"' not in html
    assert html.count('<article class="card">') == 1


# --- Reading aids --------------------------------------------------------------------


def test_reading_time_reads_as_an_adjective(client):
    piece = ArticleFactory(body=" ".join(["word"] * 450))

    assert "2-minute read" in html_of(client.get(piece.get_absolute_url()))


def test_an_editors_change_to_a_live_pieces_words_shows_updated(staff_client):
    piece = ArticleFactory(published_at=days_ago(40))
    url = reverse("admin:articles_article_change", args=[piece.pk])

    staff_client.post(url, article_form(piece, comments_open=""))
    assert "Updated" not in html_of(Client().get(piece.get_absolute_url()))

    staff_client.post(url, article_form(piece, body=piece.body + "\n\nA correction."))
    html = html_of(Client().get(piece.get_absolute_url()))

    today = timezone.localdate().strftime("%-d %B %Y")
    assert re.search(rf'<p class="updated">Updated <time datetime="[^"]+">{today}</time>', html)


def test_finishing_a_draft_is_not_an_update(staff_client):
    piece = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    url = reverse("admin:articles_article_change", args=[piece.pk])

    staff_client.post(
        url,
        article_form(piece, body="Rewritten before anyone read it.")
        | {"status": "published", "published_at_0": "2024-05-01", "published_at_1": "09:00:00"},
    )

    piece.refresh_from_db()
    assert piece.is_live
    assert "Updated" not in html_of(Client().get(piece.get_absolute_url()))


# --- Titles and the 404 page ------------------------------------------------------------


def test_no_page_title_repeats_the_site_name(client, settings):
    settings.SITE_NAME = "Archive"
    piece = ArticleFactory(published_at=dt.datetime(2024, 3, 5, 12, tzinfo=dt.UTC))
    urls = [
        reverse("articles:home"),
        reverse("articles:archive"),
        reverse("articles:archive_year", kwargs={"year": 2024}),
        reverse("articles:archive_month", kwargs={"year": 2024, "month": 3}),
        reverse("articles:topics"),
        piece.get_absolute_url(),
    ]
    for url in urls:
        title = re.search(r"<title>(.*?)</title>", html_of(client.get(url)), re.S).group(1)
        assert title.count("Archive") == 1, (url, title)


def test_the_production_404_page_offers_a_search(client, settings):
    settings.DEBUG = False

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    form = html[html.index('<form class="error-search"') :]
    assert f'action="{reverse("articles:search")}"' in form
    assert 'name="q"' in form
