"""The titles' index of the 1-in-64 sample.

A common word's bucket sizes come from the 1-in-1024 sample, which may hold only
a few of its titles (3 where 8 were expected, for a word in 8,500 titles at a
million pieces): reading the title bucket from its recent years then read eleven
years for the four it needed. The 1-in-64 sample's titles are counted through
this small index instead (a few hundred rows).
"""

from django.db import migrations

NO_TIMEOUT = "SET LOCAL statement_timeout = 0; "  # see 0012


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_search_title_year_index")]

    operations = [
        migrations.RunSQL(
            NO_TIMEOUT + "CREATE INDEX IF NOT EXISTS search_doc_sample_title_idx"
            " ON articles_searchdocument USING gin (archive_search_title(head, published_at))"
            " WHERE article_id % 64 = 0 AND is_published",
            "DROP INDEX IF EXISTS search_doc_sample_title_idx",
        ),
    ]
