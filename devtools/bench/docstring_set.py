"""A second known-item relevance set: the docstrings of installed third-party packages.

The same kind of set as ../shared/relevance/make_pydoc_set.py builds from Python's
standard library (long documents, one-line descriptions as queries), from another
corpus so that a ranking change can be checked on two sets: each piece is one
documented module or class of Django and a few other locked dependencies, or a
function with a long docstring. The title names it ("The django.utils.text module"),
the body is its docstring without the first sentence plus its public members'
docstrings, and the query is that first sentence. Their versions are pinned by the
lock file, so every machine builds the same set.

Run in its own process (imports every module of the package, which a running
site must not do): python -m devtools.bench.docstring_set OUTDIR [MAX_PIECES]
writes OUTDIR/pieces/<name>.txt and OUTDIR/queries.tsv (title<TAB>query).
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import inspect
import pkgutil
import re
import sys
import warnings
from pathlib import Path

PACKAGES = ("django", "hypothesis", "markdown", "psycopg", "pygments", "requests")
# Tests, migrations and the GIS and database backends (which need native libraries
# or drivers) say little a reader would look for.
SKIP = re.compile(r"(\.tests?\b|\.migrations\b|\.gis\b|\.db\.backends\.(?!base)|\._)")
MIN_BODY_CHARS = 300
MAX_BODY_CHARS = 20_000


def _first_sentence(doc: str) -> tuple[str, str]:
    first = doc.strip().split("\n\n")[0]
    flat = " ".join(first.split())
    match = re.match(r"(.+?[.!?])(\s|$)", flat)
    return (match.group(1) if match else flat), doc.strip()[len(first) :]


def _objects():
    from django.conf import settings

    # Default settings: modules that read one at import time load, none touches a site.
    settings.configure()
    names = []
    for top in PACKAGES:
        package = importlib.import_module(top)
        names += [top] + sorted(
            info.name
            for info in pkgutil.walk_packages(package.__path__, top + ".", onerror=lambda _: None)
            if not SKIP.search(info.name)
        )
    for name in names:
        try:
            module = importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module that cannot import without a site is skipped
            continue
        yield f"The {name} module", module
        for attr, value in sorted(vars(module).items()):
            kind = None if attr.startswith("_") else _kind(value, name)
            if kind:
                yield f"The {name}.{attr} {kind}", value


def _kind(value, module: str) -> str | None:
    """ "class" or "function" (one with a long docstring) when defined in `module`."""
    try:  # lazy objects (settings, translations) evaluate when inspected, and may fail
        if getattr(value, "__module__", "") != module:
            return None
        if inspect.isclass(value):
            return "class"
        if inspect.isfunction(value) and len(inspect.getdoc(value) or "") >= MIN_BODY_CHARS:
            return "function"
    except Exception:  # noqa: BLE001
        pass
    return None


def _body(obj, rest: str) -> str:
    parts = [rest.strip()]
    for name, member in sorted(vars(obj).items()):
        if name.startswith("_") or not (inspect.isfunction(member) or inspect.ismethod(member)):
            continue
        doc = inspect.getdoc(member)
        if doc:
            parts.append(f"{name}: {doc}")
    paragraphs = "\n\n".join(parts).split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if len(p.split()) > 3)


def build(out: Path, limit: int) -> int:
    (out / "pieces").mkdir(parents=True, exist_ok=True)
    queries: list[tuple[str, str]] = []
    seen: set[str] = set()
    for title, obj in _objects():
        query, rest = _first_sentence(inspect.getdoc(obj) or "")
        if len(re.findall(r"[A-Za-z]{3,}", query)) < 3 or len(query) > 140 or query in seen:
            continue
        body = _body(obj, rest)
        if len(body) < MIN_BODY_CHARS:
            continue
        seen.add(query)
        # A stable date per piece, so "newest first" ties are not in file order.
        days = int(hashlib.sha1(title.encode()).hexdigest()[:6], 16) % 3650
        date = datetime.date(2015, 1, 1) + datetime.timedelta(days=days)
        slug = re.sub(r"[^A-Za-z0-9_.-]", "_", title.split()[1]) + "-" + title.split()[2]
        (out / "pieces" / f"{slug}.txt").write_text(
            f"---\ndate: {date}\n---\n{title}\n\n{body[:MAX_BODY_CHARS]}\n"
        )
        queries.append((title, query))
        if len(queries) >= limit:
            break
    (out / "queries.tsv").write_text("".join(f"{t}\t{q}\n" for t, q in queries))
    return len(queries)


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    count = build(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1500)
    print(count, "pieces")
