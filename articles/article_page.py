"""A piece's page: the piece, its comments section and related pieces. Built for the
piece's own view and again for a refused comment, which shows the page with the
typed text kept."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from articles.comments.section import comment_section_context
from articles.forms import CommentForm
from articles.models import Article
from articles.related import related_articles


def article_context(request, article: Article, form: CommentForm | None = None) -> dict:
    return {
        "article": article,
        **comment_section_context(request, article, form),
        "is_preview": not article.is_live,
        # Read on first use: a shared fragment of the page may never need it.
        "related": SimpleLazyObject(lambda: related_articles(article)),
    }
