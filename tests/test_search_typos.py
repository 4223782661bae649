"""Typo tolerance as a reader meets it: a misspelt word still finds its pieces,
with a note saying which word was used and a link to the exact spelling."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from articles.models import Article
from articles.search import typos
from tests.test_search import days_ago, piece, search, titles

pytestmark = pytest.mark.django_db


def note(html: str) -> str:
    match = re.search(r"Including results for (.*?)\. <a", html, re.S)
    return re.sub(r"</?strong>", "", match.group(1)) if match else ""


def exact_link(html: str) -> str:
    match = re.search(r'Including results for .*?<a href="([^"]+)">Search only for', html, re.S)
    return match.group(1).replace("&amp;", "&") if match else ""


def test_a_swapped_word_finds_its_piece_with_a_note(client):
    piece(title="Tariff talks stall", body="The tariff rose again.")
    piece(title="Harbour dues", body="Nothing about trade duties.")

    html = search(client, "tarrif")

    assert titles(html) == ["Tariff talks stall"]
    assert note(html) == "tariff"
    exact = client.get(exact_link(html)).content.decode()
    assert titles(exact) == []
    assert "Including results for" not in exact
