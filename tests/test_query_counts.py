"""Pinned query counts for the reader pages.

Each page must cost the same number of queries however many rows it shows: a
template that touches a relation per row (an author, a publication, a comment's
parent) would add one query per row, an N+1 that these tests catch by comparing
a small page with a full one against the same pinned number.
"""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, Comment
from articles.pagination import cursor_of
from tests.comment_helpers import comment_form_data, give_pin_cookie
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    PublicationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

# Paginator COUNT (capped at the numbered pages), the page of articles (publication
# joined; the comment count is a column), bylines with their authors, topics.
LIST_QUERIES = 4
# A deep page read by seek (?older= / ?newer=): the same, without any count.
SEEK_QUERIES = LIST_QUERIES - 1
# The author itself, then the list queries.
GROUP_QUERIES = 1 + LIST_QUERIES
# The article (publication joined), bylines with authors, topics, the comment thread
# (read whole: up to threads.KEPT_THREAD_MAX approved comments), and the related
# pieces (one query with their bylines as an array, articles/related.py).
ARTICLE_QUERIES = 5
# A longer thread is paged in the database: its outline of ids and parents, then
# the full rows of the comments on the page, two queries instead of one.
LONG_THREAD_EXTRA_QUERIES = 1
# Once those parts are shared fragments (archive/templatetags/shared_fragments.py)
# and the process keeps the piece's row and thread for the generation
# (page_cache.kept), a visitor the page cache steps aside for pays no query at all...
ARTICLE_WARM_QUERIES = 0
# ...nor does a poster with pending comments of their own once they have seen the
# page in this generation (their first view reads those comments: one query).
POSTER_WARM_QUERIES = 0
# A logged-in editor adds the session and the user.
STAFF_EXTRA_QUERIES = 2


def make_listed_articles(count: int, **kwargs) -> None:
    """Pieces with everything a card shows: two authors, a publication, a topic, comments."""
    for _ in range(count):
        article = ArticleFactory(
            authors=[AuthorFactory(), AuthorFactory()],
            publication=PublicationFactory(),
            topics=[TopicFactory()],
            **kwargs.get("extra", {}),
        )
        if "author" in kwargs:
            article.bylines.create(author=kwargs["author"], position=2)
        CommentFactory.create_batch(2, article=article)
        CommentFactory(article=article, status=Comment.Status.PENDING)


@pytest.mark.parametrize("count", [5, 20])
def test_home_page_query_count_does_not_grow_with_articles(
    client, django_assert_num_queries, count
):
    """5 pieces and a full page of 20 cost the same: no per-card query (N+1)."""
    make_listed_articles(count)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("articles:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert all(article.title in html for article in Article.objects.all())


def test_home_page_two_costs_the_same(client, django_assert_num_queries):
    """The second page is built the same way as the first."""
    make_listed_articles(25)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("articles:home"), {"page": 2})

    assert response.content.decode().count('<article class="card">') == 5


@pytest.mark.parametrize("count", [1, 20])
def test_author_page_query_count_does_not_grow_with_articles(
    client, django_assert_num_queries, count
):
    """An author page: the author, then the same list queries as the home page."""
    author = AuthorFactory()
    make_listed_articles(count, author=author)
    make_listed_articles(2)  # other authors' pieces

    with django_assert_num_queries(GROUP_QUERIES):
        response = client.get(author.get_absolute_url())

    assert response.status_code == 200
    assert response.content.decode().count('<article class="card">') == count


@pytest.mark.parametrize("count", [3, 20])
def test_a_deep_page_read_by_seek_costs_no_more_than_the_first(
    client, django_assert_num_queries, count
):
    """Past the numbered pages, any depth costs the same: no count, no offset."""
    make_listed_articles(count + 1)
    newest = Article.objects.published().newest_first().first()

    with django_assert_num_queries(SEEK_QUERIES):
        response = client.get(reverse("articles:home"), {"older": cursor_of(newest)})

    assert response.content.decode().count('<article class="card">') == count


@pytest.mark.parametrize("count", [2, 12])
def test_feeds_and_sitemaps_cost_the_same_at_any_size(client, django_assert_num_queries, count):
    make_listed_articles(count)

    # The newest pieces, their bylines, their topics.
    with django_assert_num_queries(3):
        assert client.get(reverse("articles:feed")).status_code == 200
    # The index reads each paged table's id bounds; a page is one range read.
    with django_assert_num_queries(1):
        assert client.get(reverse("sitemap")).status_code == 200
    page = (Article.objects.order_by("pk").first().pk - 1) // 10_000
    with django_assert_num_queries(1):
        assert client.get(f"/sitemap-articles-{page}.xml").status_code == 200
    with django_assert_num_queries(1):
        assert client.get(reverse("sitemap_pages")).status_code == 200


def make_thread(article, count: int) -> None:
    """`count` approved comments, each after the first replying to an earlier one,
    so the thread is nested up to (and past) the depth cap."""
    comments = []
    for i in range(count):
        parent = comments[(i - 1) // 2] if i else None
        comments.append(CommentFactory(article=article, parent=parent, url="https://a.example"))


@pytest.mark.parametrize("count", [3, 200])
def test_article_page_query_count_does_not_grow_with_comments(
    client, django_assert_num_queries, count
):
    """A piece with 3 comments and one with 200 nested comments cost the same:
    the thread is one query, nested in Python, never a query per reply."""
    article = ArticleFactory(
        authors=[AuthorFactory(), AuthorFactory()], topics=[TopicFactory(), TopicFactory()]
    )
    make_thread(article, count)

    with django_assert_num_queries(ARTICLE_QUERIES):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert response.content.decode().count('<li class="comment"') == count


def test_article_page_for_a_poster_with_pending_comments_reads_only_their_thread(
    article, django_assert_num_queries
):
    """The poster's page of the thread is kept with the piece and its approved thread
    once they have seen it (each of their held comments changes the key); the rest
    (shared fragments) was rendered for everyone."""
    make_thread(article, 10)
    poster = Client()
    for i in range(3):
        poster.post(
            reverse("articles:post_comment", kwargs={"slug": article.slug}),
            comment_form_data(
                article, name="New Reader", email="new@example.org", body=f"Pending remark {i}."
            ),
        )
    poster.get(article.get_absolute_url())  # consume the "awaiting moderation" message

    with django_assert_num_queries(POSTER_WARM_QUERIES):
        response = poster.get(article.get_absolute_url())

    page = response.content.decode()
    assert page.count("awaiting moderation. Only you can see it.") == 3
    assert page.count('<li class="comment"') == 13
    # Someone else sees the shared thread: the approved comments, not those three.
    other = Client().get(article.get_absolute_url()).content.decode()
    assert "awaiting moderation" not in other
    assert other.count('<li class="comment"') == 10


@pytest.mark.parametrize("count", [12, 200])
def test_a_thread_longer_than_the_kept_limit_is_paged_in_two_queries(
    client, django_assert_num_queries, monkeypatch, count
):
    """Past threads.KEPT_THREAD_MAX approved comments the thread is not held whole:
    an outline and the page's rows, the same two queries for 12 comments or 200."""
    from articles.comments import threads

    monkeypatch.setattr(threads, "KEPT_THREAD_MAX", 10)
    article = ArticleFactory(authors=[AuthorFactory()], topics=[TopicFactory()])
    make_thread(article, count)
    article.refresh_from_db()
    assert article.comment_count == count  # kept by the comments' trigger

    with django_assert_num_queries(ARTICLE_QUERIES + LONG_THREAD_EXTRA_QUERIES):
        response = client.get(article.get_absolute_url())

    assert response.content.decode().count('<li class="comment"') == count


@pytest.mark.parametrize("count", [3, 200])
def test_article_page_outside_the_page_cache_reuses_shared_fragments(
    article, django_assert_num_queries, count
):
    """A reader the page cache steps aside for (here: a replica pin after a write) gets the
    thread, related pieces, bylines and topics from shared fragments: one query."""
    make_thread(article, count)
    client = Client()
    client.get(article.get_absolute_url())  # the first render fills the fragments
    give_pin_cookie(client)  # a replica pin after a write: the page cache steps aside

    with django_assert_num_queries(ARTICLE_WARM_QUERIES):
        response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert response["X-Page-Cache"] == "bypass"
    assert response.content.decode().count('<li class="comment"') == count


def test_staff_preview_adds_only_the_session_and_user(staff_client, django_assert_num_queries):
    draft = ArticleFactory(status="draft", published_at=None)
    make_thread(draft, 20)

    with django_assert_num_queries(ARTICLE_QUERIES + STAFF_EXTRA_QUERIES):
        response = staff_client.get(draft.get_absolute_url())

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("name", ["authors", "publications", "topics"])
def test_index_pages_cost_the_same_for_one_entry_or_many(
    client, django_assert_num_queries, name, count
):
    """Paginator COUNT and the page of names: the live-piece check is a semi-join."""
    make_listed_articles(count)

    with django_assert_num_queries(2):
        response = client.get(reverse(f"articles:{name}"))

    assert response.status_code == 200


# --- Search with typos ----------------------------------------------------------------

# The results page (tests/test_search.py pins it: plan settings and terms, stats,
# facets, ids, articles with headlines, bylines).
SEARCH_QUERIES = 6


@pytest.mark.parametrize("count", [2, 20])
def test_a_typo_adds_one_query_and_no_suggestion_query(client, django_assert_num_queries, count):
    """An unknown word costs one lookup (articles/search/typos.py), whatever the
    number of pieces its correction finds; that lookup stands in for "Did you
    mean", so few results cost no more."""
    for i in range(count):
        ArticleFactory(title=f"Granary {i}", body="granary", authors=[AuthorFactory()])

    with django_assert_num_queries(SEARCH_QUERIES + 1):
        response = client.get(reverse("articles:search"), {"q": "granery "})

    html = response.content.decode()
    assert "Including results for <strong>granary</strong>" in html
    assert html.count('class="search-hit"') == min(count, 20)


def test_known_words_pay_no_typo_query(client, django_assert_num_queries):
    for i in range(5):
        ArticleFactory(title=f"Granary {i}", body="granary", authors=[AuthorFactory()])

    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(reverse("articles:search"), {"q": "granary"})

    assert response.content.decode().count('class="search-hit"') == 5
