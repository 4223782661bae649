"""Tables of the search index. PostgreSQL triggers keep them true (schema.py).

An article's search document is a separate row, not a column on Article, because
its text includes the authors' names (a many-to-many a generated column cannot
see) and because listing pages should not drag a multi-kilobyte tsvector along
with every Article they load. Triggers on articles, bylines and authors rebuild
the row, whoever writes (admin, importers, raw SQL); triggers on the row keep
the two lexicons (document frequencies and the typo-suggestion word list) fresh.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class SearchDocument(models.Model):
    # No Django-level constraint: the database's own foreign key cascades the
    # delete (Django's collector would delete it too early, before bylines).
    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="search_document",
    )
    # Title (A), standfirst and author names (B), body (C), each with CJK bigrams.
    vector = SearchVectorField()
    # Title (A, also unstemmed for stop-word queries) and standfirst + authors (B):
    # small, so the field tier of a match is cheap to test per row.
    head = SearchVectorField()
    # Unstemmed words of the piece, for the typo-suggestion lexicon.
    words = SearchVectorField()
    # Copies of the article's columns so filters and date order need no join.
    published_at = models.DateTimeField(null=True)
    is_published = models.BooleanField(default=False)
    publication_id = models.BigIntegerField(null=True)

    class Meta:
        indexes = [
            GinIndex(fields=["vector"], name="search_doc_vector_idx"),
            GinIndex(fields=["head"], name="search_doc_head_idx"),
            models.Index(
                models.F("published_at").desc(),
                models.F("article").desc(),
                condition=Q(is_published=True),
                name="search_doc_date_idx",
            ),
            models.Index(
                fields=["publication_id", "-published_at"], name="search_doc_publication_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"search document of article {self.article_id}"


class SearchTerm(models.Model):
    """A stemmed lexeme and the number of published pieces containing it (for IDF)."""

    term = models.TextField(primary_key=True)
    ndoc = models.IntegerField()

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class SearchWord(models.Model):
    """An unstemmed word of the published archive, for "Did you mean"."""

    word = models.TextField(primary_key=True)
    ndoc = models.IntegerField()

    class Meta:
        ordering = ["word"]
        indexes = [
            # On an expression, not the column: pg_trgm also serves "=", and the
            # planner would then pick this index over the primary key for the
            # lexicon's per-word updates (slow with thousands of words).
            GinIndex(OpClass(Lower("word"), name="gin_trgm_ops"), name="search_word_trgm_idx"),
        ]

    def __str__(self) -> str:
        return self.word


class SearchBacklog(models.Model):
    """A piece written with the search triggers deferred and not indexed yet.

    The importer commits a batch's rows and its backlog rows together, then
    indexes the batch on another connection (articles/importers/indexer.py); the
    row is deleted in the transaction that indexes the piece. What an
    interrupted import leaves here is indexed by the next import.
    """

    # No foreign key: deleting an article must not wait on, or cascade into, this.
    article_id = models.BigIntegerField(primary_key=True)

    class Meta:
        ordering = ["article_id"]

    def __str__(self) -> str:
        return f"article {self.article_id}, waiting to be indexed"


class ImpactList(models.Model):
    """A term in many pieces, whose best pieces are listed in SearchImpact.

    Every published piece whose impact for the term is above `floor` is listed;
    so no unlisted piece scores more than `floor` for it (articles/search/impacts.py).
    """

    term = models.TextField(primary_key=True)
    floor = models.FloatField()
    # The average piece and title lengths the impacts were computed with (scoring.py's
    # avgdl and avgtl).
    avgdl = models.FloatField()
    avgtl = models.FloatField()

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class SearchImpact(models.Model):
    """One piece's impact for one listed term: its score for the term, without idf.

    Written by a trigger on the search document (schema.IMPACT_REFRESH) and in bulk by
    impacts.rebuild(); read best first by the search's candidates step.
    """

    pk = models.CompositePrimaryKey("article_id", "term")
    article_id = models.BigIntegerField()
    term = models.TextField()
    impact = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["term", "-impact", "article_id"], name="search_impact_best_idx")
        ]

    def __str__(self) -> str:
        return f"{self.term} in article {self.article_id}: {self.impact:.3f}"


class ImpactBacklog(models.Model):
    """A piece written while the impact lists were being rebuilt (the trigger could not
    list it then); the rebuild lists it before it finishes (impacts.py)."""

    article_id = models.BigIntegerField(primary_key=True)

    class Meta:
        ordering = ["article_id"]

    def __str__(self) -> str:
        return f"article {self.article_id}, to list"
