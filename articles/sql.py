"""SQL built from pieces: text and its bound values kept together, names quoted.

The search and the counters compose SQL at run time. Every piece is a `Sql`: text
with `%s` placeholders and the values for them, so a value is never pasted into
the text and a fragment's values travel with it wherever it is put. `compose`
fills a template's `{name}` slots with pieces and gathers their values in the
order the slots appear; a name that varies (a table, a column, an index) goes in
through `identifier`, quoted, and a number the planner must see as a constant (a
LIMIT) through `number`.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter
from typing import ClassVar

from psycopg import sql as psycopg_sql


@dataclass(frozen=True)
class Sql:
    sql: str
    params: tuple = ()

    def __and__(self, other: Sql) -> Sql:
        return Sql(f"({self.sql} AND {other.sql})", self.params + other.params)

    def __or__(self, other: Sql) -> Sql:
        return Sql(f"({self.sql} OR {other.sql})", self.params + other.params)


def join(parts: list[Sql], operator: str) -> Sql:
    """The parts joined by `operator`, in parentheses."""
    joined = separated(parts, f" {operator} ")
    return Sql(f"({joined.sql})", joined.params)


def separated(parts: list[Sql], separator: str = ", ") -> Sql:
    """The parts one after another (a select list, a union), values in order."""
    return Sql(
        separator.join(part.sql for part in parts),
        tuple(param for part in parts for param in part.params),
    )


def identifier(*names: str) -> Sql:
    """A table, column or index name, quoted (several: a qualified name, `a.b`)."""
    return Sql(psycopg_sql.Identifier(*names).as_string(None))


def number(value: int | float) -> Sql:
    """A number as a literal: the planner sees a LIMIT it can plan for."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    return Sql(repr(value))


def value(param) -> Sql:
    """One bound value."""
    return Sql("%s", (param,))


def compose(template: str, **parts: Sql | int) -> Sql:
    """The template with each `{name}` replaced by its piece (an int is a `number`);
    values in the order the slots appear. A literal `%` must be written `%%`, as in
    any SQL with placeholders, and a brace doubled."""
    text, params = [], []
    for literal, name, spec, conversion in Formatter().parse(template):
        text.append(literal)
        if name is None:
            continue
        if spec or conversion:
            raise ValueError(f"no format spec in SQL slots: {{{name}}}")
        part = parts[name]
        if isinstance(part, int | float) and not isinstance(part, bool):
            part = number(part)
        if not isinstance(part, Sql):
            raise TypeError(f"{{{name}}} must be Sql, an identifier or a number: {part!r}")
        text.append(part.sql)
        params.extend(part.params)
    return Sql("".join(text), tuple(params))


# --- Schema objects the models do not express ----------------------------------
# Each object is its CREATE statement, its DROP statement, and how to read it back
# from the database. `drift()` compares what a module declares with what a database
# holds, each printed by PostgreSQL itself (pg_get_functiondef, pg_get_triggerdef,
# pg_get_indexdef, pg_get_constraintdef): the declared one is created for the
# comparison under another name (or schema) inside a savepoint rolled back after,
# so spacing, quoting and the order of a trigger's events never count as drift.

DRIFT_SCHEMA = "archive_drift"


@dataclass(frozen=True)
class Function:
    signature: str  # name(argument types), as DROP FUNCTION wants it
    create: str  # CREATE OR REPLACE FUNCTION ..., unqualified

    @property
    def name(self) -> str:
        return self.signature.partition("(")[0]

    @property
    def drop(self) -> str:
        return f"DROP FUNCTION IF EXISTS {self.signature}"

    def live(self, cursor) -> str | None:
        cursor.execute(
            "SELECT pg_get_functiondef(to_regprocedure(%s))", [f"public.{self.signature}"]
        )
        return cursor.fetchone()[0]

    def declared(self, cursor) -> str | None:
        # Created in a schema of its own (first in the search path), printed, renamed back.
        cursor.execute(f"CREATE SCHEMA {DRIFT_SCHEMA}")
        cursor.execute(f"SET LOCAL search_path = {DRIFT_SCHEMA}, public")
        cursor.execute(self.create)
        cursor.execute(
            "SELECT pg_get_functiondef(to_regprocedure(%s))",
            [f"{DRIFT_SCHEMA}.{self.signature}"],
        )
        return cursor.fetchone()[0].replace(f"{DRIFT_SCHEMA}.", "public.", 1)


@dataclass(frozen=True)
class _Renamed:
    """An object PostgreSQL prints by name: the declared one is made beside the live
    one under a name of its own, and printed with the real name put back."""

    name: str
    table: str
    create: str
    # How PostgreSQL prints the object (one row, one column): %(name)s and, where
    # the name alone is not unique, %(table)s.
    definition_sql: ClassVar[str]

    def declared(self, cursor) -> str | None:
        shadow = f"{self.name}__declared"
        cursor.execute(self.create.replace(self.name, shadow, 1))
        found = self._read(cursor, shadow)
        return found and found.replace(shadow, self.name, 1)

    def live(self, cursor) -> str | None:
        return self._read(cursor, self.name)

    def _read(self, cursor, name: str) -> str | None:
        cursor.execute(self.definition_sql, {"name": name, "table": self.table})
        row = cursor.fetchone()
        return row and row[0]


class Trigger(_Renamed):
    definition_sql = (
        "SELECT pg_get_triggerdef(oid) FROM pg_trigger"
        " WHERE tgname = %(name)s AND tgrelid = to_regclass(%(table)s)"
    )

    @property
    def drop(self) -> str:
        return f"DROP TRIGGER IF EXISTS {self.name} ON {self.table}"


class Index(_Renamed):
    definition_sql = (
        "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = %(name)s"
    )

    @property
    def drop(self) -> str:
        return f"DROP INDEX IF EXISTS {self.name}"


class Constraint(_Renamed):
    definition_sql = (
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conname = %(name)s AND conrelid = to_regclass(%(table)s)"
    )

    @property
    def drop(self) -> str:
        return f"ALTER TABLE {self.table} DROP CONSTRAINT IF EXISTS {self.name}"


@dataclass(frozen=True)
class Table:
    """A table no model describes: its columns and constraints are compared."""

    name: str
    create: str

    @property
    def drop(self) -> str:
        return f"DROP TABLE IF EXISTS {self.name}"

    def live(self, cursor) -> str | None:
        return _table_shape(cursor, f"public.{self.name}")

    def declared(self, cursor) -> str | None:
        cursor.execute(f"CREATE SCHEMA {DRIFT_SCHEMA}")
        cursor.execute(f"SET LOCAL search_path = {DRIFT_SCHEMA}, public")
        cursor.execute(self.create)
        return _table_shape(cursor, f"{DRIFT_SCHEMA}.{self.name}")


def _table_shape(cursor, qualified: str) -> str | None:
    cursor.execute(
        "SELECT (SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod)"
        "        || CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END, ', ' ORDER BY attnum)"
        "        FROM pg_attribute WHERE attrelid = r.oid AND attnum > 0 AND NOT attisdropped)"
        " || '; ' || (SELECT coalesce(string_agg(pg_get_constraintdef(c.oid), ', '"
        "        ORDER BY pg_get_constraintdef(c.oid)), '')"
        "        FROM pg_constraint c WHERE c.conrelid = r.oid)"
        " FROM (SELECT to_regclass(%s) AS oid) AS r WHERE r.oid IS NOT NULL",
        [qualified],
    )
    row = cursor.fetchone()
    return row and row[0]


@dataclass(frozen=True)
class Storage:
    """How a column's values are stored (ALTER TABLE ... SET STORAGE)."""

    table: str
    column: str
    storage: str  # MAIN, EXTERNAL, EXTENDED or PLAIN

    @property
    def name(self) -> str:
        return f"{self.table}.{self.column} storage"

    @property
    def create(self) -> str:
        return f"ALTER TABLE {self.table} ALTER COLUMN {self.column} SET STORAGE {self.storage}"

    @property
    def drop(self) -> str:
        return f"ALTER TABLE {self.table} ALTER COLUMN {self.column} SET STORAGE EXTENDED"

    def live(self, cursor) -> str | None:
        cursor.execute(
            "SELECT CASE attstorage WHEN 'm' THEN 'MAIN' WHEN 'e' THEN 'EXTERNAL'"
            " WHEN 'x' THEN 'EXTENDED' ELSE 'PLAIN' END"
            " FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attname = %s",
            [self.table, self.column],
        )
        row = cursor.fetchone()
        return row and row[0]

    def declared(self, cursor) -> str | None:
        return self.storage


SchemaObject = Function | Trigger | Index | Constraint | Table | Storage


def drift(objects: list[SchemaObject], cursor) -> list[str]:
    """How the database differs from `objects`: one line per object missing or
    defined otherwise. Runs inside the caller's transaction and leaves it as it was."""
    problems = []
    for obj in objects:
        live = obj.live(cursor)
        if live is None:
            problems.append(f"{obj.name}: missing from the database")
            continue
        cursor.execute("SAVEPOINT archive_drift")
        try:
            declared = obj.declared(cursor)
        finally:
            cursor.execute("ROLLBACK TO SAVEPOINT archive_drift")
        if live != declared:
            problems.append(f"{obj.name}:\n  database: {live}\n  declared: {declared}")
    return problems
