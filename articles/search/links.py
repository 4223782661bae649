"""The results page's links: every state of a search lives in its URL.

Facet values toggle their filter, chips remove one, sort and page links keep
everything else; a new filter or sort starts again at page 1.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

FILTER_LABELS = {"publication": "Publication", "author": "Author", "topic": "Topic", "year": "Year"}


def _url(base: str, params: dict) -> str:
    clean = {key: value for key, value in params.items() if value not in (None, "", 1)}
    if clean.get("sort") == "relevance":
        del clean["sort"]
    query = urlencode(clean)
    return base + (f"?{query}" if query else "")


def search_links(request, results) -> dict:
    base = reverse("articles:search")  # once: a page has about fifty links
    f = results.filters
    state = {
        "q": results.query.text,
        "sort": results.sort,
        "publication": f.publication,
        "author": f.author,
        "topic": f.topic,
        "year": f.year,
    }

    def with_(**changes) -> str:
        return _url(base, {**state, "page": None, **changes})

    labels = {
        (value.kind, value.value): value.label
        for values in results.facets.values()
        for value in values
    }
    facets = {
        kind: [
            (value, with_(**{kind: None if value.selected else value.value})) for value in values
        ]
        for kind, values in results.facets.items()
    }
    chips = [
        (
            FILTER_LABELS[kind],
            labels.get((kind, str(state[kind])), str(state[kind])),
            with_(**{kind: None}),
        )
        for kind in FILTER_LABELS
        if state[kind]
    ]
    page = results.page
    return {
        "facets": facets,
        "chips": chips,
        "clear_filters": with_(publication=None, author=None, topic=None, year=None)
        if chips
        else None,
        "sort": {"relevance": with_(sort="relevance"), "newest": with_(sort="newest")},
        "prev": _url(base, {**state, "page": page - 1}) if page > 1 else None,
        "next": _url(base, {**state, "page": page + 1}) if results.has_next else None,
        "suggestion": with_(q=results.suggestion) if results.suggestion else None,
        "exact_spelling": with_(q=results.exact_spelling) if results.corrections else None,
    }
