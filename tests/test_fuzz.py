"""Hypothesis throws junk at every public URL and at the comment form.

Random unicode (control characters and NUL included), huge values, numbers
far out of range, missing and repeated fields: the answer may be a 4xx page,
never a 5xx and never a traceback. A rejected comment keeps what was typed.
Fuzzed comments carry the valid anti-spam token a page gives, so they reach the
service, moderation and the database: an accepted one is stored as typed.
Example counts are kept moderate so this file runs in well under a minute.
"""

from __future__ import annotations

import urllib.parse

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from articles.models import Comment
from tests.comment_helpers import comment_form_data, post_url
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, TopicFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Parameters the pages read today or may read (search, filters, paging, replies).
KNOWN_PARAMS = [
    "page",
    "q",
    "replytocom",
    "sort",
    "order",
    "year",
    "author",
    "topic",
    "publication",
    "format",
]

text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
values = st.one_of(
    text,
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.sampled_from(["", "0", "-1", "1e9", "NaN", "%00", "\x00", "../../etc/passwd", "' OR 1=1--"]),
    st.sampled_from(["x" * 5000, "ü" * 3000, "1" * 400, "<script>alert(1)</script>" * 50]),
)
keys = st.one_of(st.sampled_from(KNOWN_PARAMS), text)
# A list of pairs: keys may repeat, as in ?page=1&page=2.
queries = st.lists(st.tuples(keys, values), max_size=6)


@pytest.fixture
def public_urls(db):
    author, topic = AuthorFactory(), TopicFactory()
    article = ArticleFactory(authors=[author], topics=[topic])
    CommentFactory(article=article)
    urls = [
        reverse("articles:home"),
        article.get_absolute_url(),
        author.get_absolute_url(),
        article.publication.get_absolute_url(),
        topic.get_absolute_url(),
    ]
    # Pages other branches add (search, archive, feeds) join the list when present.
    for name in ("articles:search", "articles:archive", "articles:feed"):
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            pass
    return urls


def assert_handled(response, what):
    assert response.status_code < 500, (what, response.status_code)
    body = response.content.decode("utf-8", "replace")
    assert "Traceback" not in body, what
    return body


@FUZZ
@given(data=st.data())
def test_query_parameters_never_break_a_page(public_urls, data):
    client = Client()
    url = data.draw(st.sampled_from(public_urls), label="url")
    query = data.draw(queries, label="query")
    full = f"{url}?{urllib.parse.urlencode(query)}" if query else url
    assert_handled(client.get(full), full)


@settings(FUZZ, max_examples=20)
@given(segment=st.one_of(text, st.sampled_from(["x" * 3000, "%00", "..", "ü" * 200])))
def test_junk_in_the_path_is_a_404_page(public_urls, segment):
    for prefix in ("/articles/", "/authors/", "/topics/", "/publications/"):
        path = prefix + urllib.parse.quote(segment, safe="") + "/"
        response = Client().get(path)
        assert_handled(response, path)


# --- The comment form, with the token a real page gives ------------------------------
#
# Every post carries a valid anti-spam token (issued WRITING_SECONDS ago, as for a
# person who took that long to write) and an empty honeypot, so the fuzzed fields
# get past the form's checks to the service, moderation and the database.

printable = st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60)
names = st.one_of(printable, st.sampled_from(["Åsa Ström", " padded ", "\u202egnp.exe", "x" * 101]))
emails = st.one_of(
    st.emails(), st.sampled_from(["", "no-at-sign", "a@b", "ÿ@example.org", "x@" + "a" * 300])
)
urls = st.one_of(
    st.just(""),
    st.sampled_from(
        [
            "https://example.org/a?b=c",
            "example.org",
            "javascript:alert(1)",
            "ftp://example.org",
            "https://" + "a" * 600 + ".org",
        ]
    ),
    printable,
)
bodies = st.one_of(
    printable,
    st.builds(
        lambda before, word, after: f"{before} {word} {after}",
        printable,
        st.sampled_from(["BLOCKED-WORD", "held-word", "https://a.example https://b.example"]),
        printable,
    ),
    st.sampled_from(["y" * 5000, "y" * 5001, "line one\r\n\r\nline two", "<b>bold</b> & co"]),
)
parents = st.sampled_from(["", "approved", "pending", "0", "-5", "99999999999", "x"])


@FUZZ
@given(
    name=names,
    email=emails,
    url=urls,
    body=bodies,
    parent=parents,
    extra=st.lists(st.tuples(text, text), max_size=2),
)
def test_fuzzed_comments_reach_the_database_intact_or_are_refused_keeping_the_text(
    commented_article, name, email, url, body, parent, extra
):
    article, parents_by_kind = commented_article
    fields = {"name": name, "email": email, "url": url, "body": body}
    if parent:
        fields["parent"] = str(parents_by_kind.get(parent, parent))
    before = set(Comment.objects.values_list("pk", flat=True))
    # (A text with a NUL character cannot be stored, nor asked for: no copy of it.)
    already_there = (
        "\x00" not in body
        and Comment.objects.filter(
            article=article,
            body=body.strip(),
            status__in=[Comment.Status.APPROVED, Comment.Status.PENDING],
        ).exists()
    )

    pairs = list(comment_form_data(article, **fields).items()) + extra
    response = Client().post(
        post_url(article),
        urllib.parse.urlencode(pairs),
        content_type="application/x-www-form-urlencoded",
    )

    html = assert_handled(response, fields)
    event(f"answered {response.status_code}")  # shown by --hypothesis-show-statistics
    new = Comment.objects.exclude(pk__in=before)
    if response.status_code == 302:
        if already_there:
            assert not new.exists()  # a duplicate points at the copy already stored
            return
        comment = new.get()
        assert comment.body == body.strip()
        assert comment.email == email.strip()
        assert comment.name and comment.name in name
        assert comment.status in {Comment.Status.APPROVED, Comment.Status.PENDING}
        assert "BLOCKED-WORD".casefold() not in comment.body.casefold()
        if "held-word" in comment.body or "https://b.example" in comment.body:
            assert comment.status == Comment.Status.PENDING
        return
    if response.status_code == 403:
        # Block-listed: kept as spam for editors to rescue, text shown back.
        assert new.get().status == Comment.Status.SPAM
        assert "BLOCKED-WORD" in body
    else:
        assert response.status_code == 400, response.status_code
        assert not new.exists()
    typed = body.strip()
    if typed and "\r" not in typed and "\x00" not in typed:
        assert escape(typed) in html


@pytest.fixture
def commented_article(db, settings):
    settings.COMMENTS_FLOOD_WINDOW_SECONDS = 0  # hundreds of posts from one address
    settings.COMMENTS_BLOCK_WORDS = ["blocked-word"]
    settings.COMMENTS_HOLD_WORDS = ["held-word"]
    article = ArticleFactory()
    approved = CommentFactory(article=article, status=Comment.Status.APPROVED)
    pending = CommentFactory(article=article, status=Comment.Status.PENDING)
    return article, {"approved": approved.pk, "pending": pending.pk}


FIELDS = ["name", "email", "url", "body", "parent"]
field_values = st.one_of(
    text,
    st.sampled_from(["", " ", "a@b.c", "https://example.org", "javascript:alert(1)", "0", "-5"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["y" * 6000, "ж" * 5001, "x@" + "a" * 300 + ".org"]),
)
form_fields = st.lists(
    st.tuples(st.one_of(st.sampled_from(FIELDS), text), field_values), max_size=8
)


@FUZZ
@given(fields=form_fields)
def test_the_comment_form_survives_any_input(article, fields):
    client = Client()
    url = reverse("articles:post_comment", kwargs={"slug": article.slug})
    body = urllib.parse.urlencode(fields)
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    html = assert_handled(response, fields)
    if response.status_code == 400:
        # Rejected: what was typed in the comment box is still there to fix.
        typed = [value for key, value in fields if key == "body"]
        if typed and typed[-1].strip() and "\r" not in typed[-1] and "\x00" not in typed[-1]:
            assert escape(typed[-1]) in html


def test_a_comment_with_a_nul_character_is_refused_with_its_text_kept(commented_article):
    """PostgreSQL text cannot hold NUL: the form refuses it (400, never a 500)."""
    article, _ = commented_article
    fields = {"name": "Nul", "email": "nul@example.org", "url": "", "body": "before\x00after"}
    response = Client().post(
        post_url(article),
        urllib.parse.urlencode(list(comment_form_data(article, **fields).items())),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert_handled(response, fields)
