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
def _fresh_local_cache():
    """Flood-control counters live in the cache; each test starts with none.

    Only a local-memory cache is cleared: clear() on a shared Redis would wipe
    other people's keys."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    yield
