"""Per-visitor values ("holes") inside cached pages and shared fragments."""

from __future__ import annotations

import itertools

import pytest
from django.http import HttpResponse
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import path

from archive import page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.test_page_cache_holes")]

counter = itertools.count()
page_cache.register_hole("test-visitor", lambda request: request.headers.get("X-Visitor", "?"))

PAGE = Template(
    '{% load shared_fragments %}<p>Same for all {{ n }}</p><p id="v">{% hole "test-visitor" %}</p>'
)


def page(request):
    return HttpResponse(PAGE.render(Context({"request": request, "n": next(counter)})))


urlpatterns = [path("holes/", page)]


def test_a_cached_page_refills_its_holes_for_each_visitor():
    first = Client().get("/holes/", HTTP_X_VISITOR="ann")
    second = Client().get("/holes/", HTTP_X_VISITOR="bob")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert "<!--hole:test-visitor-->ann<!--/hole-->" in first.content.decode()
    assert "<!--hole:test-visitor-->bob<!--/hole-->" in second.content.decode()
    # The shared part is the first render's (the counter did not move).
    assert first.content.decode().split("</p>")[0] == second.content.decode().split("</p>")[0]
    assert "ETag" not in second


def test_a_shared_fragment_refills_its_holes():
    template = Template(
        '{% load shared_fragments %}{% shared_fragment "hole-test" %}'
        '{{ n }}:{% hole "test-visitor" %}{% endshared_fragment %}'
    )
    rendered = []
    for n, visitor in enumerate(["ann", "bob"]):
        request = RequestFactory().get("/", HTTP_X_VISITOR=visitor)
        rendered.append(template.render(Context({"request": request, "n": n})))
    assert rendered == [
        "0:<!--hole:test-visitor-->ann<!--/hole-->",
        "0:<!--hole:test-visitor-->bob<!--/hole-->",
    ]


def test_hole_names_are_checked():
    with pytest.raises(ValueError, match="lowercase"):
        page_cache.register_hole("Bad Name", lambda request: "")
