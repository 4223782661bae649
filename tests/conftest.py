import pytest
from django.test import Client

from tests.factories import ArticleFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs ~0.5 s per user; tests check permissions, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def article(db):
    return ArticleFactory()


@pytest.fixture
def staff_client(db, django_user_model):
    user = django_user_model.objects.create_user(
        "editor", "editor@example.org", "correct-horse-battery", is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture(autouse=True)
def _no_burst_rule(settings):
    """The test client posts every comment from one address within a second; the
    burst rule (one comment per 15 s) would refuse all but the first in tests that
    are about something else. Tests of the rule itself turn it back on."""
    settings.COMMENTS_BURST_SECONDS = 0


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with no cached pages (flood and lockout counters live in
    the database, rolled back with it).

    Only local-memory caches are cleared (the database is rolled back between
    tests; cached pages would outlive it): clear() on a shared Redis would wipe
    other people's keys."""
    from django.core.cache import caches

    from archive import page_cache

    for cache in caches.all(initialized_only=True):
        if "locmem" in type(cache).__module__:
            cache.clear()
    page_cache.reset()
