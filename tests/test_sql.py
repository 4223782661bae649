"""articles/sql.py: a composed statement binds each value to its own slot."""

import pytest

from articles.sql import Sql, compose, identifier, number, value


def test_values_follow_their_slots_wherever_the_template_puts_them():
    where = compose("d.term = {term}", term=value("heron"))
    sql = compose(
        "SELECT {column} FROM {table} WHERE {where} AND d.n > {n} LIMIT {limit}",
        column=identifier("d", "article_id"),
        table=Sql("articles_searchdocument d"),
        where=where,
        n=value(3),
        limit=20,
    )
    assert sql == Sql(
        'SELECT "d"."article_id" FROM articles_searchdocument d'
        " WHERE d.term = %s AND d.n > %s LIMIT 20",
        ("heron", 3),
    )
    # The same piece twice: its values twice, in place.
    assert compose("{x} OR {x}", x=value(1)).params == (1, 1)


def test_a_name_is_quoted_and_text_is_never_pasted():
    assert identifier('Bobby"; DROP TABLE x; --').sql == '"Bobby""; DROP TABLE x; --"'
    with pytest.raises(TypeError):
        compose("WHERE a = {a}", a="1; DROP TABLE x")
    with pytest.raises(TypeError):
        number("5")
    assert compose("'{{a}}' LIMIT {n}", n=number(5)).sql == "'{a}' LIMIT 5"
