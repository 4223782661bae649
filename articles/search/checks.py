"""`manage.py check --database default`: the impact lists were built with the score
the code computes.

The lists' trigger and `impacts.rebuild` use the database's archive_search_impact(),
which `rebuild` re-creates from scoring.py's constants. A constant changed in code
but not yet rebuilt would rank candidates by another score than the page's, and
the lists' floors would no longer bound what they leave out.
"""

from __future__ import annotations

import re

from django.core import checks
from django.db import connections
from django.db.utils import DatabaseError


def _normalised(sql: str) -> str:
    body = re.search(r"\$\w*\$(.*)\$\w*\$", sql, flags=re.S)
    return re.sub(r"\s+", " ", (body.group(1) if body else sql)).strip()


@checks.register(checks.Tags.database)
def impact_function_matches_the_score(app_configs=None, databases=None, **kwargs):
    from articles.search import schema as search_schema

    problems = []
    for alias in databases or ():
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute(
                    "SELECT pg_get_functiondef(p.oid) FROM pg_proc p"
                    " WHERE p.proname = 'archive_search_impact'"
                )
                found = [_normalised(row[0]) for row in cursor.fetchall()]
        except DatabaseError:
            continue  # no database, or not migrated yet: other checks say so
        # (An older signature may linger beside it; the one the code calls must match.)
        if found and _normalised(search_schema.impact_function().create) not in found:
            problems.append(
                checks.Warning(
                    "The search's impact lists were built with other scoring constants "
                    "than articles/search/scoring.py's.",
                    hint="Run `manage.py search_impacts` to rebuild them.",
                    id="articles.W001",
                )
            )
    return problems
