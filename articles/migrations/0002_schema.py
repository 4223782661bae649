"""What the models do not express: the search index's functions, triggers and
indexes, the comment and month counters, a composite foreign key.

Created from articles/schema.py, the one place that SQL is written (a test
compares it with the migrated database). This replaces the last migration of the
history before the squash (0001_tables replaces the others): a database that ran
it holds every object already, as this creates them (compared with pg_dump when
the history was squashed).
"""

from django.db import migrations

from articles import schema


class Migration(migrations.Migration):
    replaces = [("articles", "0022_search_impact_backlog")]

    dependencies = [("articles", "0001_tables")]

    # articles.schema.digest() of the objects this leaves a database with: a later
    # change to the module comes with a migration recording the new one.
    schema_digest = "05acacdc06a0a42a"

    operations = [migrations.RunSQL(schema.create_sql(), schema.drop_sql())]
