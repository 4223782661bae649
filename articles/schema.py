"""The database schema the models do not express, in one list.

Django's models describe the tables, their indexes and their constraints; what
they cannot say is here, as SQL: a composite foreign key, counters kept by
triggers, an index on a many-to-many table, and the whole search index
(articles/search/schema.py). Migration 0002 creates every object from `objects()`;
tests/test_schema.py compares each one with the migrated database, so a
definition changed in a migration without here fails.

A fresh database runs 0002 with this module as it is now, but one migrated
earlier keeps what it was given: a change here needs a migration that applies it
(`create_sql([...])`, after a `drop_sql([...])` for a trigger, an index or a
constraint) and records the module's new `digest()` as its `schema_digest`. A
test fails while the newest migration's digest is not the module's.
"""

from __future__ import annotations

import hashlib

from django.conf import settings

from articles.search import schema as search_schema
from articles.sql import Constraint, Function, Index, SchemaObject, Trigger

# A reply must belong to the same article as its parent. Django has no composite
# foreign keys: (parent_id, article_id) must name an existing (id, article_id) pair
# (the model's comment_id_article_unique). MATCH SIMPLE lets top-level comments
# (parent_id NULL) through.
REPLY_SAME_ARTICLE = Constraint(
    "comment_reply_same_article",
    "articles_comment",
    "ALTER TABLE articles_comment ADD CONSTRAINT comment_reply_same_article"
    " FOREIGN KEY (parent_id, article_id) REFERENCES articles_comment (id, article_id)"
    " ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED",
)

# --- Approved comments per article (articles_article.comment_count) ------------------
# Statement-level triggers keep the count in the transaction of the change, whoever
# makes it: services, admin bulk actions through QuerySet.update(), importers'
# bulk_create, cascades.

COMMENT_COUNT_APPLY = Function(
    "archive_comment_count_apply()",
    """CREATE OR REPLACE FUNCTION archive_comment_count_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE articles_article a SET comment_count = a.comment_count + d.n
      FROM (SELECT article_id, count(*) AS n FROM new_rows
             WHERE status = 'approved' GROUP BY article_id) d
     WHERE a.id = d.article_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE articles_article a SET comment_count = greatest(a.comment_count - d.n, 0)
      FROM (SELECT article_id, count(*) AS n FROM old_rows
             WHERE status = 'approved' GROUP BY article_id) d
     WHERE a.id = d.article_id;
  ELSE
    UPDATE articles_article a SET comment_count = greatest(a.comment_count + d.n, 0)
      FROM (SELECT article_id, sum(n) AS n FROM (
              SELECT article_id, count(*) AS n FROM new_rows
               WHERE status = 'approved' GROUP BY article_id
              UNION ALL
              SELECT article_id, -count(*) FROM old_rows
               WHERE status = 'approved' GROUP BY article_id) AS x
             GROUP BY article_id HAVING sum(n) <> 0) d
     WHERE a.id = d.article_id;
  END IF;
  RETURN NULL;
END $$""",
)


def _statement_triggers(prefix: str, table: str, function: str) -> list[Trigger]:
    """An insert, an update and a delete trigger, each seeing the rows it changed."""
    tables = {
        "INSERT": "NEW TABLE AS new_rows",
        "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "DELETE": "OLD TABLE AS old_rows",
    }
    return [
        Trigger(
            f"{prefix}_{event.lower()}",
            table,
            f"CREATE TRIGGER {prefix}_{event.lower()} AFTER {event} ON {table}"
            f" REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        )
        for event, transition in tables.items()
    ]


# --- Published pieces per month (articles_archivemonth) -------------------------------
# Months are those of TIME_ZONE when the migration ran; archive_month_rebuild('Zone')
# counts them again in another.


def _month_zone(zone: str) -> Function:
    zone = zone.replace("'", "")
    return Function(
        "archive_month_zone()",
        "CREATE OR REPLACE FUNCTION archive_month_zone() RETURNS text\n"
        f"LANGUAGE sql IMMUTABLE AS $$ SELECT '{zone}'::text $$",
    )


MONTH_APPLY = Function(
    "archive_month_apply()",
    """CREATE OR REPLACE FUNCTION archive_month_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changes text;
BEGIN
  -- Dynamic SQL: a DELETE trigger has no new_rows, an INSERT trigger no old_rows,
  -- and a static query naming both would not compile for either.
  changes := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT published_at, status, updated_at, 1 AS n FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT published_at, status, now() AS updated_at, -1 AS n FROM old_rows'
    ELSE 'SELECT published_at, status, updated_at, 1 AS n FROM new_rows'
         ' UNION ALL SELECT published_at, status, now(), -1 FROM old_rows' END;
  -- Per month: the net change of its count, and when it last changed (a piece
  -- saved, or one gone). A month is written only when one of them moves: an
  -- update that touches neither (a comment count) writes nothing.
  EXECUTE
    'INSERT INTO articles_archivemonth AS m (month, pieces, last_change)'
    ' SELECT c.month, sum(n), max(CASE WHEN n > 0 THEN updated_at END)'
    '   FROM (SELECT date_trunc(''month'', published_at AT TIME ZONE archive_month_zone())::date'
    '                  AS month, updated_at, n'
    '           FROM (' || changes || ') AS x'
    '          WHERE status = ''published'' AND published_at IS NOT NULL) AS c'
    '   LEFT JOIN articles_archivemonth o ON o.month = c.month'
    '  GROUP BY c.month'
    ' HAVING sum(n) <> 0 OR max(CASE WHEN n > 0 THEN updated_at END)'
    '        > coalesce(max(o.last_change), ''-infinity'')'
    '  ORDER BY c.month'
    ' ON CONFLICT (month) DO UPDATE SET pieces = m.pieces + EXCLUDED.pieces,'
    '   last_change = greatest(m.last_change, EXCLUDED.last_change,'
    '                          CASE WHEN EXCLUDED.pieces < 0 THEN now() END)';
  RETURN NULL;
END $$""",
)

MONTH_REBUILD = Function(
    "archive_month_rebuild(text)",
    """CREATE OR REPLACE FUNCTION archive_month_rebuild(zone text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE OR REPLACE FUNCTION archive_month_zone() RETURNS text '
                 'LANGUAGE sql IMMUTABLE AS $f$ SELECT %L::text $f$', zone);
  LOCK TABLE articles_archivemonth IN EXCLUSIVE MODE;
  DELETE FROM articles_archivemonth;
  INSERT INTO articles_archivemonth (month, pieces, last_change)
  SELECT date_trunc('month', published_at AT TIME ZONE zone)::date, count(*), max(updated_at)
    FROM articles_article WHERE status = 'published' AND published_at IS NOT NULL
   GROUP BY 1;
END $$""",
)

# A topic's newest pieces, for bounded related-piece candidates (the model's
# many-to-many table has no Meta to declare it in).
TOPIC_ARTICLES_INDEX = Index(
    "article_topics_topic_article_idx",
    "articles_article_topics",
    "CREATE INDEX article_topics_topic_article_idx"
    " ON articles_article_topics (topic_id, article_id DESC)",
)


def objects(*, zone: str | None = None) -> list[SchemaObject]:
    """Every object, in an order they can be created in; months in `zone`
    (TIME_ZONE by default)."""
    return [
        REPLY_SAME_ARTICLE,
        COMMENT_COUNT_APPLY,
        *_statement_triggers("archive_comment_count", "articles_comment", COMMENT_COUNT_APPLY.name),
        _month_zone(zone or settings.TIME_ZONE),
        MONTH_APPLY,
        MONTH_REBUILD,
        *_statement_triggers("archive_month", "articles_article", MONTH_APPLY.name),
        TOPIC_ARTICLES_INDEX,
        *search_schema.objects(),
    ]


def digest() -> str:
    """A fingerprint of every definition (for one fixed zone). The impact function
    is left out: it follows scoring.py's constants, and a change there is applied
    with the lists it orders (`manage.py search_impacts`; check articles.W001)."""
    impact = search_schema.impact_function().signature
    text = "\n;\n".join(
        obj.create for obj in objects(zone="UTC") if getattr(obj, "signature", None) != impact
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def create_sql(objs: list[SchemaObject] | None = None) -> list[str]:
    """The statements that create `objs` (every object by default), for RunSQL."""
    return [obj.create for obj in (objects() if objs is None else objs)]


def drop_sql(objs: list[SchemaObject] | None = None) -> list[str]:
    """The statements that drop them, in reverse."""
    return [obj.drop for obj in reversed(objects() if objs is None else objs)]
