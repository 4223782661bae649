"""The titles' index also knows each piece's year.

A deep page of a common word wants the newest thousand of its titles: read
through the titles' own index (migration 0009), that meant visiting every title
with the word (6,594 rows for "tello" at a million pieces) only to learn their
dates and keep the newest 1,001. Each indexed title now carries one more entry,
its year of publication ("year 2025", a lexeme no text can produce: it has a
space), so the newest titles are read from the recent years that hold them, and
only those years' titles are visited (ranking._recent_titles).
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION archive_search_title(head tsvector, published_at timestamptz)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ts_filter(head, '{a}') || CASE WHEN published_at IS NULL THEN ''::tsvector
    ELSE array_to_tsvector(ARRAY['year ' || extract(year FROM published_at AT TIME ZONE 'UTC')::int])
  END
$$;
"""

# Indexing a large archive outlasts the site's statement timeout (15 s by default):
# a million pieces take about half a minute. SET LOCAL ends with the migration.
NO_TIMEOUT = "SET LOCAL statement_timeout = 0; "
CREATE = NO_TIMEOUT + (
    "CREATE INDEX IF NOT EXISTS search_doc_title_year_idx"
    " ON articles_searchdocument USING gin (archive_search_title(head, published_at))"
)
OLD = NO_TIMEOUT + (
    "CREATE INDEX IF NOT EXISTS search_doc_title_idx"
    " ON articles_searchdocument USING gin (ts_filter(head, '{a}'))"
)


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_search_sample_publication_indexes")]

    operations = [
        migrations.RunSQL(
            FUNCTIONS,
            "DROP FUNCTION IF EXISTS archive_search_title(tsvector, timestamptz)",
        ),
        migrations.RunSQL(CREATE, "DROP INDEX IF EXISTS search_doc_title_year_idx"),
        migrations.RunSQL("DROP INDEX IF EXISTS search_doc_title_idx", OLD),
    ]
