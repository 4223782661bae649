"""The reader pages: the home list, an article, and author/publication/topic pages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Comment
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    PublicationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

CARD = '<article class="card">'


def html_of(response) -> str:
    return response.content.decode()


def days_ago(days: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def detail_url(article) -> str:
    return reverse("articles:detail", kwargs={"slug": article.slug})


def assert_styled_404(response):
    assert response.status_code == 404
    html = html_of(response)
    assert "Page not found" in html
    assert "Traceback" not in html
    assert "Go to the latest commentary" in html


# --- Home -------------------------------------------------------------------


def test_home_lists_newest_published_first(client):
    oldest = ArticleFactory(title="The oldest piece", published_at=days_ago(30))
    newest = ArticleFactory(title="The newest piece", published_at=days_ago(1))
    middle = ArticleFactory(title="The middle piece", published_at=days_ago(10))

    html = html_of(client.get(reverse("articles:home")))

    positions = [html.index(a.title) for a in (newest, middle, oldest)]
    assert positions == sorted(positions)


def test_home_leaves_out_drafts_and_scheduled_pieces(client):
    ArticleFactory(title="Live and well")
    ArticleFactory(title="Still a draft", status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(title="Coming next week", published_at=timezone.now() + dt.timedelta(days=7))

    html = html_of(client.get(reverse("articles:home")))

    assert "Live and well" in html
    assert "Still a draft" not in html
    assert "Coming next week" not in html


def test_home_card_shows_title_authors_publication_date_standfirst_and_comment_count(client):
    publication = PublicationFactory(name="The Lantern Quarterly")
    first = AuthorFactory(name="Anna Lindqvist")
    second = AuthorFactory(name="Tomas Reyes")
    article = ArticleFactory(
        title="Ports and their hinterlands",
        standfirst="Trade routes explain more than borders do.",
        publication=publication,
        authors=[first, second],
        published_at=dt.datetime(2024, 3, 5, 12, 0, tzinfo=dt.UTC),
    )
    CommentFactory.create_batch(2, article=article, status=Comment.Status.APPROVED)
    CommentFactory(article=article, status=Comment.Status.PENDING)
    CommentFactory(article=article, status=Comment.Status.SPAM)
    CommentFactory(article=article, status=Comment.Status.REMOVED)

    response = client.get(reverse("articles:home"))

    assert response.status_code == 200
    html = html_of(response)
    assert f'<a href="{detail_url(article)}">Ports and their hinterlands</a>' in html
    assert f'<a href="{first.get_absolute_url()}">Anna Lindqvist</a> and ' in html
    assert f'<a href="{second.get_absolute_url()}">Tomas Reyes</a>' in html
    assert f'<a href="{publication.get_absolute_url()}">The Lantern Quarterly</a>' in html
    assert '<time datetime="2024-03-05T12:00:00+00:00">5 March 2024</time>' in html
    assert "Trade routes explain more than borders do." in html
    assert "2 comments" in html
    assert "3 comments" not in html


def test_home_card_without_approved_comments_says_so(client):
    article = ArticleFactory()
    CommentFactory(article=article, status=Comment.Status.PENDING)

    html = html_of(client.get(reverse("articles:home")))

    assert "No comments yet" in html


def test_home_shows_twenty_pieces_a_page_and_page_two_has_the_rest(client):
    articles = [
        ArticleFactory(title=f"Numbered piece {i:02d}", published_at=days_ago(i + 1))
        for i in range(25)
    ]

    first = client.get(reverse("articles:home"))
    second = client.get(reverse("articles:home"), {"page": 2})

    assert first.status_code == 200
    assert second.status_code == 200
    first_html, second_html = html_of(first), html_of(second)
    assert all(article.title in first_html for article in articles[:20])
    assert second_html.count(CARD) == 5
    assert articles[20].title not in first_html
    assert articles[20].title in second_html
    assert articles[24].title in second_html
    assert "Page 1 of 2" in first_html
    assert 'href="?page=2"' in first_html
    assert "Page 2 of 2" in second_html
    assert 'href="?page=1"' in second_html


@pytest.mark.parametrize("page", ["9999", "abc", "0", "-1", "2.5"])
def test_home_bad_page_numbers_give_the_styled_404(client, page):
    ArticleFactory.create_batch(3)

    assert_styled_404(client.get(reverse("articles:home"), {"page": page}))


def test_home_page_last_is_accepted(client):
    ArticleFactory.create_batch(21)

    response = client.get(reverse("articles:home"), {"page": "last"})

    assert response.status_code == 200
    assert html_of(response).count(CARD) == 1


def test_home_with_nothing_published(client):
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    response = client.get(reverse("articles:home"))

    assert response.status_code == 200
    assert "No pieces have been published yet." in html_of(response)


# --- Article page -------------------------------------------------------------


def test_article_page_shows_body_bios_publication_blurb_and_comment_form(client):
    publication = PublicationFactory(
        name="The Lantern Quarterly", about="Essays from the north coast since 1990."
    )
    authors = [
        AuthorFactory(name="Anna Lindqvist", bio="The author is a historian of the Baltic."),
        AuthorFactory(name="Tomas Reyes", bio="The author is a former harbour master."),
    ]
    article = ArticleFactory(
        publication=publication,
        authors=authors,
        body="The first paragraph sets the scene.\n\nThe second makes the argument.",
    )

    response = client.get(detail_url(article))

    assert response.status_code == 200
    html = html_of(response)
    assert f'<h1 class="piece__title">{article.title}</h1>' in html
    assert "<p>The first paragraph sets the scene.</p>" in html
    assert "<p>The second makes the argument.</p>" in html
    for author in authors:
        assert f'<a href="{author.get_absolute_url()}">{author.name}</a>: {author.bio}' in html
    assert "The author is a historian of the Baltic." in html
    assert "About this publication" in html
    assert "Essays from the north coast since 1990." in html
    assert "Be the first to comment" in html
    assert "Leave a Reply" in html
    assert f'action="{reverse("articles:post_comment", kwargs={"slug": article.slug})}"' in html
    assert "Preview:" not in html


def test_article_page_shows_approved_comments_only(client):
    article = ArticleFactory()
    CommentFactory(article=article, body="An approved remark.", status=Comment.Status.APPROVED)
    CommentFactory(article=article, body="A pending remark.", status=Comment.Status.PENDING)
    CommentFactory(article=article, body="Buy cheap watches.", status=Comment.Status.SPAM)
    CommentFactory(article=article, body="A removed remark.", status=Comment.Status.REMOVED)

    html = html_of(client.get(detail_url(article)))

    assert "An approved remark." in html
    assert "A pending remark." not in html
    assert "Buy cheap watches." not in html
    assert "A removed remark." not in html
    assert "Be the first to comment" not in html


def test_article_without_publication_has_no_about_section(client):
    article = ArticleFactory(publication=None)

    response = client.get(detail_url(article))

    assert response.status_code == 200
    assert "About this publication" not in html_of(response)


def test_the_commenters_email_is_never_in_the_page(client, staff_client):
    article = ArticleFactory()
    CommentFactory(article=article, name="Quiet Reader", email="quiet.reader@example.org", url="")
    CommentFactory(
        article=article,
        name="Returning Reader",
        email="returning@example.net",
        url="https://returning.example",
    )

    for viewer in (client, staff_client):
        html = html_of(viewer.get(detail_url(article)))
        assert "Quiet Reader" in html
        assert "Returning Reader" in html
        assert "quiet.reader@example.org" not in html
        assert "returning@example.net" not in html


# --- Unknown slugs ------------------------------------------------------------


@pytest.mark.parametrize("name", ["detail", "author", "publication", "topic"])
def test_unknown_slugs_give_the_styled_404(client, name):
    ArticleFactory()

    assert_styled_404(client.get(reverse(f"articles:{name}", kwargs={"slug": "no-such-thing"})))


# --- Drafts and scheduled pieces ------------------------------------------------


@pytest.fixture
def draft(db):
    return ArticleFactory(
        title="An unfinished draft", status=Article.Status.DRAFT, published_at=None
    )


@pytest.fixture
def scheduled(db):
    return ArticleFactory(
        title="A scheduled piece",
        published_at=dt.datetime(2099, 1, 2, 9, 30, tzinfo=dt.UTC),
    )


def test_a_draft_is_not_found_for_anonymous_readers(client, draft):
    assert_styled_404(client.get(detail_url(draft)))


def test_a_scheduled_piece_is_not_found_for_anonymous_readers(client, scheduled):
    assert_styled_404(client.get(detail_url(scheduled)))


def test_a_draft_is_not_found_for_logged_in_non_staff(client, draft, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", password="pw-123456"))

    assert client.get(detail_url(draft)).status_code == 404


def test_staff_preview_a_draft_with_a_banner(staff_client, draft):
    response = staff_client.get(detail_url(draft))

    assert response.status_code == 200
    html = html_of(response)
    assert "An unfinished draft" in html
    assert "Preview: this piece is a draft and not visible to readers." in html


def test_staff_preview_a_scheduled_piece_with_a_banner(staff_client, scheduled):
    response = staff_client.get(detail_url(scheduled))

    assert response.status_code == 200
    html = html_of(response)
    assert "A scheduled piece" in html
    assert "Preview: this piece is scheduled for 2 January 2099, 09:30" in html


def test_staff_see_no_banner_on_a_live_piece(staff_client, article):
    response = staff_client.get(detail_url(article))

    assert response.status_code == 200
    assert "Preview:" not in html_of(response)


# --- Author, publication and topic pages ----------------------------------------


def test_author_page_lists_only_their_published_pieces(client):
    author = AuthorFactory(name="Anna Lindqvist", bio="The author is a historian of the Baltic.")
    mine = ArticleFactory(title="Anna's live piece", authors=[author])
    ArticleFactory(title="Anna's draft", authors=[author], status=Article.Status.DRAFT)
    ArticleFactory(
        title="Anna's next piece",
        authors=[author],
        published_at=timezone.now() + dt.timedelta(days=3),
    )
    ArticleFactory(title="Someone else's piece")

    response = client.get(author.get_absolute_url())

    assert response.status_code == 200
    html = html_of(response)
    assert '<h1 class="page-title">Anna Lindqvist</h1>' in html
    assert "The author is a historian of the Baltic." in html
    assert mine.title.replace("'", "&#x27;") in html
    assert html.count(CARD) == 1
    assert "Anna&#x27;s draft" not in html
    assert "Anna&#x27;s next piece" not in html
    assert "Someone else" not in html
    assert "Pieces (1)" in html


def test_co_authored_piece_is_listed_once_on_each_authors_page(client):
    first, second = AuthorFactory(), AuthorFactory()
    ArticleFactory(title="Written together", authors=[first, second])

    for author in (first, second):
        html = html_of(client.get(author.get_absolute_url()))
        assert html.count(CARD) == 1
        assert "Written together" in html


def test_publication_page_lists_only_its_published_pieces(client):
    publication = PublicationFactory(
        name="The Lantern Quarterly",
        about="Essays from the north coast since 1990.",
        website="https://lantern.example",
    )
    ArticleFactory(title="In the Lantern", publication=publication)
    ArticleFactory(title="Lantern draft", publication=publication, status=Article.Status.DRAFT)
    ArticleFactory(title="Elsewhere entirely")

    response = client.get(publication.get_absolute_url())

    assert response.status_code == 200
    html = html_of(response)
    assert "The Lantern Quarterly" in html
    assert "Essays from the north coast since 1990." in html
    assert 'href="https://lantern.example"' in html
    assert "In the Lantern" in html
    assert "Lantern draft" not in html
    assert "Elsewhere entirely" not in html
    assert html.count(CARD) == 1


def test_topic_page_lists_only_its_published_pieces(client):
    topic = TopicFactory(name="Shipping")
    ArticleFactory(title="Container economics", topics=[topic])
    ArticleFactory(
        title="Future shipping piece",
        topics=[topic],
        published_at=timezone.now() + dt.timedelta(days=1),
    )
    ArticleFactory(title="Unrelated piece", topics=[TopicFactory()])

    response = client.get(topic.get_absolute_url())

    assert response.status_code == 200
    html = html_of(response)
    assert '<h1 class="page-title">Shipping</h1>' in html
    assert "Container economics" in html
    assert "Future shipping piece" not in html
    assert "Unrelated piece" not in html


def test_group_page_with_nothing_published_is_not_found(client):
    # Not an empty page: it would show the group's name before its first piece (issue 19).
    topic = TopicFactory()
    ArticleFactory(topics=[topic], status=Article.Status.DRAFT)

    response = client.get(topic.get_absolute_url())

    assert response.status_code == 404


@pytest.mark.parametrize("kind", ["author", "publication", "topic"])
def test_group_pages_are_paginated(client, kind):
    author, publication, topic = AuthorFactory(), PublicationFactory(), TopicFactory()
    for i in range(22):
        ArticleFactory(
            title=f"Group piece {i:02d}",
            published_at=days_ago(i + 1),
            authors=[author],
            publication=publication,
            topics=[topic],
        )
    ArticleFactory.create_batch(3)  # other people's pieces
    url = {"author": author, "publication": publication, "topic": topic}[kind].get_absolute_url()

    first = html_of(client.get(url))
    second = html_of(client.get(url, {"page": 2}))

    assert first.count(CARD) == 20
    assert "Group piece 00" in first
    assert "Page 1 of 2" in first
    assert second.count(CARD) == 2
    assert "Group piece 21" in second
    assert "Pieces (22)" in first
    assert_styled_404(client.get(url, {"page": 3}))
