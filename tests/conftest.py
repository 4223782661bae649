import pytest
from django.test import Client

from tests.factories import ArticleFactory


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
