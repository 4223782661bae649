"""Fast inserts for the importer: PostgreSQL COPY with ids taken from the sequence first.

``bulk_create`` builds one huge INSERT and, with psycopg's client-side binding,
quotes every 5 KB body in Python; COPY streams rows in psycopg's C adapter
instead. Taking the ids from the sequence before the COPY lets the writer link
rows (a reply to its parent, a byline to its piece) without reading them back.

Columns and values come from the model's fields the way ``bulk_create`` gets
them (``pre_save`` + ``get_db_prep_save``), so fields other parts of the
project add to these models are written too; generated columns are left to
the database. Field types whose database value is the attribute itself skip
the conversion: it runs for every field of every row.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.expressions import DatabaseDefault

PLAIN_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,  # also SlugField, URLField, EmailField
    models.DateTimeField,
    models.ForeignKey,
    models.IntegerField,  # also the small, big and positive kinds
    models.TextField,
)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    if not count:
        return []
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_insert(objs: list[models.Model], *, with_pk: bool) -> None:
    """Insert new rows of one model with COPY (``with_pk``: their ids are already set)."""
    if not objs:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    opts = objs[0]._meta
    fields = [
        f
        for f in opts.concrete_fields
        if not getattr(f, "generated", False)
        and (with_pk or not f.primary_key)
        # A field with db_default left unset: the database fills it in.
        and not isinstance(getattr(objs[0], f.attname, None), DatabaseDefault)
    ]
    auto = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    plain = [isinstance(f, PLAIN_FIELDS) for f in fields]
    getters = [
        (lambda obj, name=f.attname: getattr(obj, name))
        if is_plain
        else (lambda obj, f=f: f.get_db_prep_save(getattr(obj, f.attname), connection=connection))
        for f, is_plain in zip(fields, plain, strict=True)
    ]
    rows = []
    for obj in objs:
        for field in auto:
            field.pre_save(obj, True)
        rows.append([get(obj) for get in getters])
    copy_rows(opts.db_table, [f.column for f in fields], rows)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def copy_rows(table: str, columns: list[str], rows: list[list]) -> None:
    """COPY plain rows (for link tables, where making model instances is waste)."""
    if not rows:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
    # The raw psycopg cursor: wrap its errors as Django's (IntegrityError, ...).
    with connection.wrap_database_errors, connection.cursor() as cursor:
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
