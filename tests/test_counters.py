"""Counters that hold: the admin lockout and flood control count where every
worker sees the same number (PostgreSQL here), read the client's address the
same proxy-aware way, survive a crawl that fills the page cache, and editors
can see and clear lockouts in the admin."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from archive.client_address import parse_networks
from archive.models import Counter
from articles.models import Comment
from tests.comment_helpers import comment_form_data, post_url

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
EDITOR_ADDRESS = "198.51.100.20"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@example.org", "correct-horse-battery", is_staff=True, is_superuser=True
    )


def sign_in(password, *, username="editor", address=EDITOR_ADDRESS, via_proxy=False):
    extra = {"REMOTE_ADDR": address}
    if via_proxy:
        extra = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": address}
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        **extra,
    )
    response.client = client
    return response


# --- The admin lockout behind a proxy -----------------------------------------------------


@pytest.mark.parametrize("proxies", ["listed", "counted"])
def test_behind_a_proxy_other_clients_failures_never_lock_out_the_editor(settings, editor, proxies):
    if proxies == "listed":
        settings.TRUSTED_PROXIES = parse_networks(["10.0.0.0/8"])
    else:
        settings.TRUSTED_PROXY_COUNT = 1
    settings.ADMIN_LOGIN_MAX_FAILURES = 5

    # Forty failed sign-ins from four other clients, with the editor's name and others.
    for n in range(40):
        username = "editor" if n % 2 else f"guess{n}"
        attacker = f"203.0.113.{n % 4}"
        failed = sign_in("wrong", username=username, address=attacker, via_proxy=True)
        assert failed.status_code in (200, 429)

    answer = sign_in("correct-horse-battery", via_proxy=True)

    assert answer.status_code == 302
    assert answer.client.session["_auth_user_id"] == str(editor.pk)
    # The attackers themselves are locked out.
    assert (
        sign_in("correct-horse-battery", address="203.0.113.1", via_proxy=True).status_code == 429
    )


def test_without_a_configured_proxy_the_forwarded_header_cannot_dodge_the_lockout(settings, editor):
    settings.ADMIN_LOGIN_MAX_FAILURES = 3
    for n in range(3):
        # A client talking to gunicorn directly, inventing a new address each time.
        sign_in("wrong", address="203.0.113.66", via_proxy=False)
        Client().post(
            reverse("admin:login"),
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="203.0.113.66",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )

    assert sign_in("correct-horse-battery", address="203.0.113.66").status_code == 429


# --- Lockouts in the admin -------------------------------------------------------------------


def test_editors_see_a_lockout_in_the_admin_and_clear_it(settings, editor):
    settings.ADMIN_LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        sign_in("wrong", address="192.0.2.44")
    assert sign_in("correct-horse-battery", address="192.0.2.44").status_code == 429

    desk = Client()
    desk.force_login(editor)
    listing = desk.get(reverse("admin:archive_signinfailures_changelist"))
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "192.0.2.44" in html
    assert "editor" in html
    assert "icon-yes.svg" in html  # shown as locked

    locked = list(Counter.objects.sign_in_failures().values_list("key", flat=True))
    confirm = desk.post(
        reverse("admin:archive_signinfailures_changelist"),
        {"action": "delete_selected", "_selected_action": locked, "post": "yes"},
    )
    assert confirm.status_code == 302

    assert not Counter.objects.sign_in_failures().exists()
    assert sign_in("correct-horse-battery", address="192.0.2.44").status_code == 302


def test_an_editor_without_permission_cannot_clear_lockouts(settings, editor, django_user_model):
    settings.ADMIN_LOGIN_MAX_FAILURES = 1
    sign_in("wrong", address="192.0.2.45")
    reader = django_user_model.objects.create_user("viewer", "v@example.org", "x", is_staff=True)
    desk = Client()
    desk.force_login(reader)

    listing = desk.get(reverse("admin:archive_signinfailures_changelist"))

    assert listing.status_code == 403
    assert Counter.objects.sign_in_failures().count() == 2


# --- A crawl does not evict the counters -------------------------------------------------


def test_a_thousand_different_page_requests_do_not_evict_the_counters(
    client, settings, editor, article
):
    settings.ADMIN_LOGIN_MAX_FAILURES = 3
    settings.COMMENTS_FLOOD_PER_IP = 2
    settings.COMMENTS_FLOOD_PER_EMAIL = 100
    for _ in range(3):
        sign_in("wrong", address="192.0.2.50")
    for n in range(2):
        reader_post = client.post(
            post_url(article),
            comment_form_data(article, name="Ines", email="ines@example.org", body=f"Note {n}."),
            REMOTE_ADDR="192.0.2.51",
        )
        assert reader_post.status_code == 302

    # About a thousand anonymous pages, each with its own query string: each one a
    # new entry for the page cache, more than a bounded cache holds.
    crawler = Client()
    for n in range(1000):
        assert crawler.get(f"/robots.txt?crawl={n}").status_code == 200

    assert sign_in("correct-horse-battery", address="192.0.2.50").status_code == 429
    flooded = client.post(
        post_url(article),
        comment_form_data(article, name="Ines", email="ines@example.org", body="Third."),
        REMOTE_ADDR="192.0.2.51",
    )
    assert flooded.status_code == 429
    assert Comment.objects.count() == 2


# --- Proxy and counter settings that cannot work stop the process with one line ------------


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"TRUSTED_PROXIES": "10.0.0.0/8,the-load-balancer"}, "TRUSTED_PROXIES"),
        ({"TRUSTED_PROXIES": "10.0.0.1", "TRUSTED_PROXY_COUNT": "1"}, "not both"),
        ({"COMMENTS_PROXY_COUNT": "1"}, "TRUSTED_PROXY_COUNT"),
        (
            {"REDIS_URL": "redis://cache:6379/0", "COUNTERS_REDIS_URL": "redis://cache:6379/1"},
            "noeviction",
        ),
    ],
    ids=["not-an-address", "both", "old-name", "counters-in-the-page-cache"],
)
def test_a_setting_that_cannot_work_stops_startup_with_one_line(values, named):
    import subprocess
    import sys

    from tests.test_deployment import ROOT, clean_env

    env = clean_env(DJANGO_DEBUG="true", **values)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert named in lines[0]


def test_a_trusted_proxy_that_does_not_set_the_scheme_header_can_be_told_apart():
    """TRUSTED_PROXY_COUNT alone also believes X-Forwarded-Proto; DJANGO_BEHIND_PROXY=false
    (compose: Varnish passes a reader's header through) believes only X-Forwarded-For."""
    import subprocess
    import sys

    from tests.test_deployment import ROOT, clean_env

    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.TRUSTED_PROXY_COUNT, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://u@db/archive",
        "TRUSTED_PROXY_COUNT": "1",
    }

    def settings_with(**values):
        env = clean_env(**production, **values)
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert settings_with() == "1 ('HTTP_X_FORWARDED_PROTO', 'https')"
    assert settings_with(DJANGO_BEHIND_PROXY="false") == "1 None"
