"""Counts kept beside the rows they count, so lists never count at read time.

- ``articles_article.comment_count``: approved comments, kept by statement-level
  triggers on the comments table (insert, update, delete), in the same
  transaction as the change, whoever makes it (services, admin bulk actions that
  use ``QuerySet.update()``, importers' ``bulk_create``, cascades).
- ``articles_archivemonth``: published pieces per month, kept the same way by
  triggers on the articles table; months are those of TIME_ZONE at migrate time.
- Indexes for bounded related-piece candidates (a topic's or author's newest),
  the admin's newest-first list, and its comments queue (pending first).
"""

from django.conf import settings
from django.db import migrations, models

NO_TIMEOUT = "SET LOCAL statement_timeout = 0; "  # see 0012

COMMENT_COUNT_SQL = """
CREATE OR REPLACE FUNCTION archive_comment_count_apply() RETURNS trigger
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
END $$;

CREATE TRIGGER archive_comment_count_insert AFTER INSERT ON articles_comment
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_comment_count_apply();
CREATE TRIGGER archive_comment_count_update AFTER UPDATE ON articles_comment
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_comment_count_apply();
CREATE TRIGGER archive_comment_count_delete AFTER DELETE ON articles_comment
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_comment_count_apply();

UPDATE articles_article a SET comment_count = c.n
  FROM (SELECT article_id, count(*) AS n FROM articles_comment
         WHERE status = 'approved' GROUP BY article_id) c
 WHERE a.id = c.article_id;
"""

COMMENT_COUNT_REVERSE = """
DROP TRIGGER IF EXISTS archive_comment_count_insert ON articles_comment;
DROP TRIGGER IF EXISTS archive_comment_count_update ON articles_comment;
DROP TRIGGER IF EXISTS archive_comment_count_delete ON articles_comment;
DROP FUNCTION IF EXISTS archive_comment_count_apply();
"""

MONTH_SQL = """
CREATE OR REPLACE FUNCTION archive_month_zone() RETURNS text
LANGUAGE sql IMMUTABLE AS $$ SELECT '__ZONE__'::text $$;

CREATE OR REPLACE FUNCTION archive_month_apply() RETURNS trigger
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
END $$;

CREATE OR REPLACE FUNCTION archive_month_rebuild(zone text) RETURNS void
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
END $$;

CREATE TRIGGER archive_month_insert AFTER INSERT ON articles_article
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_month_apply();
CREATE TRIGGER archive_month_update AFTER UPDATE ON articles_article
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_month_apply();
CREATE TRIGGER archive_month_delete AFTER DELETE ON articles_article
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION archive_month_apply();

SELECT archive_month_rebuild('__ZONE__');
"""

MONTH_REVERSE = """
DROP TRIGGER IF EXISTS archive_month_insert ON articles_article;
DROP TRIGGER IF EXISTS archive_month_update ON articles_article;
DROP TRIGGER IF EXISTS archive_month_delete ON articles_article;
DROP FUNCTION IF EXISTS archive_month_apply();
DROP FUNCTION IF EXISTS archive_month_rebuild(text);
DROP FUNCTION IF EXISTS archive_month_zone();
"""


def month_sql(apps, schema_editor):
    zone = settings.TIME_ZONE.replace("'", "")
    # params=None: the SQL's own % signs (format()) are not placeholders.
    schema_editor.execute(NO_TIMEOUT + MONTH_SQL.replace("__ZONE__", zone), params=None)


def month_reverse(apps, schema_editor):
    schema_editor.execute(MONTH_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_used_form_token")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="comment_count",
            field=models.PositiveIntegerField(db_default=0, default=0, editable=False),
        ),
        migrations.CreateModel(
            name="ArchiveMonth",
            fields=[
                ("month", models.DateField(primary_key=True, serialize=False)),
                ("pieces", models.IntegerField(default=0)),
                ("last_change", models.DateTimeField(null=True)),
            ],
            options={"ordering": ["-month"]},
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["-published_at", "-id"], name="article_published_id_idx"),
        ),
        migrations.AddIndex(
            model_name="byline",
            index=models.Index(fields=["author", "-article"], name="byline_author_article_idx"),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                models.Case(
                    models.When(status="pending", then=models.Value(0)),
                    default=models.Value(1),
                ),
                models.OrderBy(models.F("created_at"), descending=True),
                name="comment_queue_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(fields=["created_at"], name="comment_created_idx"),
        ),
        migrations.RunSQL(
            NO_TIMEOUT + "CREATE INDEX IF NOT EXISTS article_topics_topic_article_idx"
            " ON articles_article_topics (topic_id, article_id DESC)",
            "DROP INDEX IF EXISTS article_topics_topic_article_idx",
        ),
        migrations.RunSQL(NO_TIMEOUT + COMMENT_COUNT_SQL, COMMENT_COUNT_REVERSE),
        migrations.RunPython(month_sql, month_reverse),
    ]
