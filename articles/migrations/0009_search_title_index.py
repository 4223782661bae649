"""A GIN index on the titles alone (the weight-A part of the head).

The best bucket of a ranking is the pieces with every word in their title. Read
through the head's index, a common word's title bucket meant visiting every
piece with the word anywhere in its head (title, standfirst or authors: 24,255
rows for 6,594 titles at a million pieces) to check the weight; this index
hands over the titles only.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS search_doc_title_idx"
    " ON articles_searchdocument USING gin (ts_filter(head, '{a}'))"
)


class Migration(migrations.Migration):
    dependencies = [("articles", "0008_search_backlog")]

    operations = [
        migrations.RunSQL(CREATE, "DROP INDEX IF EXISTS search_doc_title_idx"),
    ]
