"""The editors' admin: lists, filters, search, bulk actions and autocomplete."""

import datetime as dt

import pytest
from django.test import Client
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

MODELS = ["article", "author", "publication", "topic", "comment"]


def html_of(response) -> str:
    return response.content.decode()


def changelist(model: str) -> str:
    return reverse(f"admin:articles_{model}_changelist")


@pytest.fixture
def archive(db):
    """A little of everything, so every list, filter and search has rows to show."""
    topic = TopicFactory(name="Shipping")
    publication = PublicationFactory(name="The Lantern Quarterly")
    author = AuthorFactory(name="Anna Lindqvist")
    live = ArticleFactory(
        title="Container economics", publication=publication, authors=[author], topics=[topic]
    )
    draft = ArticleFactory(
        title="An unfinished draft",
        status=Article.Status.DRAFT,
        published_at=None,
        comments_open=False,
    )
    CommentFactory(article=live, status=Comment.Status.APPROVED, ip="198.51.100.4")
    CommentFactory(article=live, status=Comment.Status.PENDING, ip="2001:db8::1")
    CommentFactory(article=draft, status=Comment.Status.SPAM)
    return {"live": live, "draft": draft, "author": author}


# --- Every page loads -------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(changelist("article"))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_admin_index_lists_the_models(staff_client):
    response = staff_client.get(reverse("admin:index"))

    assert response.status_code == 200
    html = html_of(response)
    for model in MODELS:
        assert changelist(model) in html


@pytest.mark.parametrize("model", MODELS)
def test_changelist_loads(staff_client, archive, model):
    response = staff_client.get(changelist(model))

    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


@pytest.mark.parametrize("model", MODELS)
def test_add_page_loads(staff_client, model):
    response = staff_client.get(reverse(f"admin:articles_{model}_add"))

    assert response.status_code == 200
    assert "<form" in html_of(response)


@pytest.mark.parametrize(
    ("model", "term", "expected"),
    [
        ("article", "Container", 1),
        ("article", "Lindqvist", 1),  # by author name, across the byline join
        ("article", "no such words", 0),
        ("author", "Anna", 1),
        ("publication", "Lantern", 1),
        ("topic", "Shipping", 1),
        ("comment", "thoughtful", 3),
        ("comment", "Container economics", 2),  # by article title
    ],
)
def test_changelist_search(staff_client, archive, model, term, expected):
    response = staff_client.get(changelist(model), {"q": term})

    assert response.status_code == 200
    assert response.context["cl"].result_count == expected


@pytest.mark.parametrize("model", MODELS)
def test_every_list_filter_choice_loads(staff_client, archive, model):
    """Follow each link in the filter sidebar, as an editor clicking through would."""
    response = staff_client.get(changelist(model))
    links = [
        choice["query_string"]
        for spec in response.context["cl"].filter_specs
        for choice in spec.choices(response.context["cl"])
    ]

    assert links or model in {"author", "publication", "topic"}
    for query_string in links:
        filtered = staff_client.get(changelist(model) + query_string)
        assert filtered.status_code == 200, query_string
        assert "?e=1" not in filtered.get("Location", ""), query_string


@pytest.mark.parametrize(
    ("model", "params", "expected"),
    [
        ("article", {"status": "draft"}, 1),
        ("article", {"status": "live"}, 1),
        ("article", {"status": "scheduled"}, 0),
        ("article", {"comments_open__exact": "0"}, 1),
        ("comment", {"status": "pending"}, 1),
        ("comment", {}, 1),  # the list opens on Pending
        ("comment", {"status": "spam"}, 1),
        ("comment", {"status": "all"}, 3),
    ],
)
def test_list_filters_narrow_the_list(staff_client, archive, model, params, expected):
    response = staff_client.get(changelist(model), params)

    assert response.status_code == 200
    assert response.context["cl"].result_count == expected


@pytest.mark.parametrize("model", MODELS)
def test_changelist_sorts_by_each_column(staff_client, archive, model):
    """Every column header an editor can click sorts the list and says so."""
    cl = staff_client.get(changelist(model)).context["cl"]
    rows = cl.result_count

    for index, name in enumerate(cl.list_display):
        if cl.get_ordering_field(name) is None:
            continue  # the checkbox, or a computed column with no ordering
        for order, direction in ((str(index), "asc"), (f"-{index}", "desc")):
            response = staff_client.get(changelist(model), {"o": order})
            assert response.status_code == 200, order
            shown = response.context["cl"]
            assert shown.result_count == rows, order
            assert shown.get_ordering_field_columns()[index] == direction, (name, order)
            label = "ascending" if direction == "asc" else "descending"
            assert f"sorted {label}" in html_of(response), (name, order)


def shown_order(response, labels) -> list[str]:
    html = html_of(response)
    return sorted(labels, key=lambda label: html.index(label))


@pytest.mark.parametrize(
    ("model", "column", "labels"),
    [
        (
            "article",
            "title_column",
            ["An unfinished draft", "Container economics", "Zoning at the docks"],
        ),
        ("comment", "status_badge", ["198.51.100.4", "2001:db8::1", "203.0.113.66"]),
        ("author", "article_count", ["Solo Writer", "Anna Lindqvist"]),
    ],
)
def test_sorting_by_a_column_orders_the_rows(staff_client, archive, model, column, labels):
    ArticleFactory(title="Zoning at the docks", authors=[archive["author"]])
    AuthorFactory(name="Solo Writer")  # no pieces: fewer than Anna's two
    spam = Comment.objects.get(status=Comment.Status.SPAM)
    spam.ip = "203.0.113.66"  # approved, pending, spam: alphabetical by status
    spam.save()
    # The comments list opens on Pending; every status is one choice away.
    every = {"status": "all"} if model == "comment" else {}
    index = staff_client.get(changelist(model), every).context["cl"].list_display.index(column)

    ascending = shown_order(staff_client.get(changelist(model), {"o": str(index), **every}), labels)
    descending = shown_order(
        staff_client.get(changelist(model), {"o": f"-{index}", **every}), labels
    )

    assert ascending == labels
    assert descending == labels[::-1]


def test_date_hierarchy_drill_down_loads(staff_client, archive):
    live = archive["live"]
    comment = live.comments.first()
    drill_downs = [
        ("article", "published_at", live.published_at),
        ("comment", "created_at", comment.created_at),
    ]

    for model, field, when in drill_downs:
        response = staff_client.get(
            changelist(model),
            {f"{field}__year": when.year, f"{field}__month": when.month, f"{field}__day": when.day},
        )
        assert response.status_code == 200
        assert response.context["cl"].result_count >= 1


def test_article_change_page_loads_with_its_bylines(staff_client, archive):
    article = archive["live"]

    response = staff_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    html = html_of(response)
    assert "Container economics" in html
    assert "Anna Lindqvist" in html


def test_comment_change_page_loads(staff_client, archive):
    comment = Comment.objects.filter(article=archive["live"]).first()

    response = staff_client.get(reverse("admin:articles_comment_change", args=[comment.pk]))

    assert response.status_code == 200
    assert comment.email in html_of(response)


def test_author_list_counts_pieces(staff_client, archive):
    ArticleFactory(authors=[archive["author"]])

    response = staff_client.get(changelist("author"), {"q": "Anna Lindqvist"})

    assert response.status_code == 200
    assert response.context["cl"].result_list[0].article_count == 2


# --- Bulk actions on articles ---------------------------------------------------------


def run_action(staff_client, model: str, action: str, objects) -> None:
    response = staff_client.post(
        changelist(model),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )
    assert response.status_code == 200
    return html_of(response)


def test_publish_action_publishes_undated_drafts_now(staff_client):
    drafts = ArticleFactory.create_batch(2, status=Article.Status.DRAFT, published_at=None)
    untouched = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    before = timezone.now()

    html = run_action(staff_client, "article", "publish", drafts)

    assert "Published 2 piece(s)." in html
    for draft in drafts:
        draft.refresh_from_db()
        assert draft.status == Article.Status.PUBLISHED
        assert draft.published_at >= before
    untouched.refresh_from_db()
    assert untouched.status == Article.Status.DRAFT
    assert Article.objects.published().count() == 2


def test_publish_action_keeps_a_scheduled_date(staff_client):
    when = timezone.now() + dt.timedelta(days=5)
    scheduled = ArticleFactory(status=Article.Status.DRAFT, published_at=when)
    already = ArticleFactory()

    html = run_action(staff_client, "article", "publish", [scheduled, already])

    assert "Published 1 piece(s)." in html
    scheduled.refresh_from_db()
    assert scheduled.status == Article.Status.PUBLISHED
    assert scheduled.published_at == when
    assert not scheduled.is_live


def test_unpublish_action_returns_pieces_to_draft(staff_client, client):
    live = ArticleFactory.create_batch(2)
    other = ArticleFactory()

    html = run_action(staff_client, "article", "unpublish", live)

    assert "Unpublished 2 piece(s)." in html
    assert set(Article.objects.filter(status=Article.Status.DRAFT)) == set(live)
    assert list(Article.objects.published()) == [other]
    assert client.get(live[0].get_absolute_url()).status_code == 404


# --- Comment moderation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "message"),
    [
        ("approve", Comment.Status.APPROVED, "Approved 2 comment(s)."),
        ("mark_spam", Comment.Status.SPAM, "Marked as spam 2 comment(s)."),
        ("remove", Comment.Status.REMOVED, "Removed 2 comment(s)."),
    ],
)
def test_comment_bulk_actions_change_status(staff_client, action, status, message):
    selected = CommentFactory.create_batch(2, status=Comment.Status.PENDING)
    left_alone = CommentFactory(status=Comment.Status.PENDING)

    html = run_action(staff_client, "comment", action, selected)

    assert message in html
    for comment in selected:
        comment.refresh_from_db()
        assert comment.status == status
    left_alone.refresh_from_db()
    assert left_alone.status == Comment.Status.PENDING


def test_approving_a_comment_shows_it_to_readers(staff_client):
    comment = CommentFactory(status=Comment.Status.PENDING, body="Held for a day, then shown.")
    reader = Client()
    assert "Held for a day" not in html_of(reader.get(comment.article.get_absolute_url()))

    run_action(staff_client, "comment", "approve", [comment])

    assert "Held for a day, then shown." in html_of(reader.get(comment.article.get_absolute_url()))


def test_comment_changelist_shows_the_pending_count_and_lists_pending_first(staff_client):
    old_pending = CommentFactory(
        status=Comment.Status.PENDING, created_at=timezone.now() - dt.timedelta(days=3)
    )
    CommentFactory(status=Comment.Status.PENDING)
    newest_approved = CommentFactory(status=Comment.Status.APPROVED)
    CommentFactory(status=Comment.Status.SPAM)

    response = staff_client.get(changelist("comment"), {"status": "all"})

    assert response.status_code == 200
    assert "<strong>2</strong> comments awaiting moderation" in html_of(response)
    results = list(response.context["cl"].result_list)
    assert {c.status for c in results[:2]} == {Comment.Status.PENDING}
    assert results.index(old_pending) < results.index(newest_approved)


def test_comment_changelist_with_nothing_pending(staff_client):
    CommentFactory(status=Comment.Status.APPROVED)

    response = staff_client.get(changelist("comment"))

    assert "No comments awaiting moderation." in html_of(response)


def test_comment_search_finds_by_email(staff_client):
    wanted = CommentFactory(email="troll@spam.example", body="Wanted remark.")
    CommentFactory(email="kind@example.org", body="Other remark.")

    response = staff_client.get(changelist("comment"), {"q": "troll@spam.example"})

    assert list(response.context["cl"].result_list) == [wanted]
    html = html_of(response)
    assert "Wanted remark." in html
    assert "Other remark." not in html


@pytest.mark.parametrize("ip", ["203.0.113.7", "2001:db8::42"])
def test_comment_search_finds_by_ip(staff_client, ip):
    wanted = CommentFactory(ip=ip, body="From the address we want.")
    CommentFactory(ip="192.0.2.200", body="From elsewhere.")

    response = staff_client.get(changelist("comment"), {"q": ip})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [wanted]


# --- Autocomplete -------------------------------------------------------------------------


@pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")
def test_author_autocomplete_for_the_byline_inline(staff_client):
    wanted = AuthorFactory(name="Anna Lindqvist")
    AuthorFactory(name="Tomas Reyes")

    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "byline", "field_name": "author", "term": "lindq"},
    )

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(wanted.pk), "text": "Anna Lindqvist"}]


@pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")
def test_author_autocomplete_pages_through_many_matches_in_name_order(staff_client):
    authors = [AuthorFactory(name=f"Anna Number {i:02d}") for i in range(25)]
    params = {"app_label": "articles", "model_name": "byline", "field_name": "author"}

    first = staff_client.get(reverse("admin:autocomplete"), {**params, "term": "Anna"}).json()
    second = staff_client.get(
        reverse("admin:autocomplete"), {**params, "term": "Anna", "page": 2}
    ).json()

    assert first["pagination"]["more"] is True
    assert [r["text"] for r in first["results"] + second["results"]] == [a.name for a in authors]


def test_autocomplete_needs_a_staff_login(client):
    AuthorFactory(name="Anna Lindqvist")

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "byline", "field_name": "author", "term": "Anna"},
    )

    assert response.status_code in {302, 403}
    assert "Lindqvist" not in html_of(response)
