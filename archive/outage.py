"""What the 503 page needs when the database is gone: telling that it is gone, and
giving back what a POST carried. Nothing here may touch the database.

Apps register the forms whose typed text comes back (``register_kept_form``), so
the project package names no app's view or fields.
"""

from __future__ import annotations

from django.db import DatabaseError, InterfaceError, OperationalError
from django.middleware.csrf import get_token

# Raised when PostgreSQL is down, restarting, or refusing connections.
UNAVAILABLE = (OperationalError, InterfaceError)

# View name -> the template that shows the kept form and the fields it gives back.
_kept_forms: dict[str, dict] = {}


def is_database_unavailable(exc: BaseException | None) -> bool:
    if isinstance(exc, UNAVAILABLE):
        return True
    # psycopg errors wrapped by Django keep the original as __cause__.
    return isinstance(exc, DatabaseError) and isinstance(exc.__cause__, UNAVAILABLE)


def register_kept_form(view_name: str, *, template: str, fields: tuple[str, ...]) -> None:
    """A form whose typed text the 503 page offers back, to send again."""
    _kept_forms[view_name] = {"template": template, "fields": tuple(fields)}


def kept_form_context(request) -> dict:
    """What a POST carried, so the 503 page can offer it back in a form to resend.

    Built from request.POST only."""
    match = getattr(request, "resolver_match", None)
    kept = _kept_forms.get(match.view_name) if match and request.method == "POST" else None
    if kept is None:
        return {}
    return {
        "kept_form": {
            "template": kept["template"],
            "action": request.path,
            "csrf_token": get_token(request),
            "values": {name: request.POST.get(name, "") for name in kept["fields"]},
        }
    }
