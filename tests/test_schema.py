"""The SQL in articles/schema.py (and articles/search/schema.py) is what the migrated
database holds: a function, trigger or index changed in the module without a
migration, or by a migration without the module, fails here."""

import pytest
from django.db import connection

from articles import schema
from articles.search import schema as search_schema
from articles.sql import Function, Index, Trigger, drift

pytestmark = pytest.mark.django_db


def test_the_database_holds_every_object_as_declared():
    with connection.cursor() as cursor:
        assert drift(schema.objects(), cursor) == []


def test_the_database_holds_no_function_or_trigger_the_module_does_not_declare():
    declared = schema.objects()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p"
            " WHERE p.pronamespace = 'public'::regnamespace"
            # (pg_trgm's functions belong to the extension)
            " AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = p.oid"
            "                 AND e.deptype = 'e')"
        )
        functions = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
            " AND tgrelid::regclass::text LIKE 'articles\\_%%'"
        )
        triggers = {row[0] for row in cursor.fetchall()}
    assert functions == {_regprocedure(o.signature) for o in declared if isinstance(o, Function)}
    assert triggers == {o.name for o in declared if isinstance(o, Trigger)}


def _regprocedure(signature: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::regprocedure::text", [signature])
        return cursor.fetchone()[0]


def test_a_changed_definition_is_drift():
    """The comparison sees a difference in a function's body, a trigger's events or
    an index's condition, and a missing object."""
    changed = [
        Function(
            search_schema.SEARCH_WORDS.signature,
            search_schema.SEARCH_WORDS.create.replace("'simple'", "'english'"),
        ),
        Trigger(
            "archive_search_author",
            "articles_author",
            "CREATE TRIGGER archive_search_author AFTER UPDATE ON articles_author"
            " FOR EACH ROW EXECUTE FUNCTION archive_search_author_renamed()",
        ),
        Index(
            "search_doc_sample_idx",
            "articles_searchdocument",
            search_schema.SAMPLE_INDEX.create.replace("% 64", "% 32"),
        ),
        Index("search_doc_nowhere_idx", "articles_searchdocument", "CREATE INDEX ..."),
    ]
    with connection.cursor() as cursor:
        problems = drift(changed, cursor)
        # Nothing of the comparison stays behind.
        assert drift(schema.objects(), cursor) == []
    assert [problem.split(":")[0] for problem in problems] == [
        "archive_search_words",
        "archive_search_author",
        "search_doc_sample_idx",
        "search_doc_nowhere_idx",
    ]
    assert "missing" in problems[-1]


def test_the_bulk_rebuild_recreates_the_declared_indexes():
    """index.rebuild drops the GIN indexes and creates them again: from the
    declarations, so the rebuilt ones are still what the module says."""
    from django.core.management import call_command

    call_command("search_rebuild", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
    with connection.cursor() as cursor:
        assert drift(schema.objects(), cursor) == []


def test_the_impact_lists_lock_is_the_one_the_trigger_takes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT hashtext(%s)", [search_schema.IMPACTS_LOCK_NAME])
        assert cursor.fetchone()[0] == search_schema.IMPACTS_LOCK


def test_the_newest_schema_migration_applied_the_module_as_it_is():
    """A database migrated before a change to schema.py keeps the old definitions:
    the change needs a migration that applies it, and records the module's digest."""
    from django.db.migrations.loader import MigrationLoader

    migrations = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    recorded = [
        migration.schema_digest
        for (app, name), migration in sorted(migrations.items())
        if app == "articles" and hasattr(migration, "schema_digest")
    ]
    assert recorded[-1] == schema.digest(), (
        "articles/schema.py changed since the last migration that applied it: add one "
        f"that applies the changed objects and records schema_digest = {schema.digest()!r}"
    )


def test_the_sql_and_python_read_the_same_cjk_ranges():
    """The index's bigram functions and the snippets' Python (cjk.py) must agree on
    what a CJK character is; the SQL spells the ranges as escapes."""
    from articles.search import cjk

    assert search_schema.CJK.encode().decode("unicode_escape") == f"[{cjk.CJK_CLASS}]+"
