"""`make audit`: Lighthouse on the home page and a piece, served as in production.

Starts gunicorn with DEBUG off (static files hashed, compressed and served by
WhiteNoise) on localhost, runs the npm `lighthouse` with Debian's Chromium on
both pages and prints the four category scores against the targets. Uses
DATABASE_URL, or the embedded PostgreSQL of `make run` when it is unset (demo
content is added to an empty database). Needs nothing from the internet.
Exit status 1 when a score misses its target.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.local_gunicorn import LocalGunicorn, production_env  # noqa: E402

REPORTS = ROOT / "test-artifacts" / "lighthouse"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}


def embedded_database_url() -> str:
    from archive import embedded_postgres

    settings = embedded_postgres.database_settings()  # starts it if needed
    host = quote(settings["HOST"], safe="")
    return f"postgres://{settings['USER']}@{host}/{settings['NAME']}"


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def lighthouse(url: str, name: str) -> dict[str, float]:
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = REPORTS / f"{name}.json"
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        cwd=ROOT,
        env={**os.environ, "CHROME_PATH": CHROME},
        check=True,
    )
    data = json.loads(report.read_text())
    failing = [
        f"    {audit['id']}: {audit['title']}"
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    ]
    if failing:
        print(f"  {name}: audits below 1:\n" + "\n".join(failing[:15]))
    return {key: data["categories"][key]["score"] for key in TARGETS}


def main() -> int:
    if not LIGHTHOUSE.exists():
        print("lighthouse missing: run `npm ci` at the repository root", file=sys.stderr)
        return 2
    started_embedded = False
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url:
        started_embedded = True
        database_url = embedded_database_url()
    env = production_env(
        database_url,
        # Lighthouse audits http://localhost (a secure context): no HSTS there.
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
        DJANGO_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        WEB_CONCURRENCY="2",
    )
    try:
        manage(env, "migrate", "--noinput", "-v", "0")
        # A development command: devtools is installed with DEBUG on only.
        manage({**env, "DJANGO_DEBUG": "true"}, "seed_demo")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        with LocalGunicorn(env, args=("--access-logfile", "/dev/null")) as server:
            base = f"http://localhost:{server.port}"
            with urllib.request.urlopen(base + "/", timeout=30) as response:  # noqa: S310
                home = response.read().decode()
            match = re.search(r'href="(/articles/[^"]+/)"', home)
            if not match:
                print("no article on the home page to audit", file=sys.stderr)
                return 2
            pages = {"home": base + "/", "article": base + match.group(1)}
            results = {name: lighthouse(url, name) for name, url in pages.items()}
    finally:
        if started_embedded:
            from archive import embedded_postgres

            embedded_postgres.stop()

    missed = 0
    print(f"\nLighthouse {'':<8}" + "".join(f"{key:>16}" for key in TARGETS))
    for name, scores in results.items():
        cells = []
        for key, target in TARGETS.items():
            ok = scores[key] is not None and scores[key] >= target
            missed += not ok
            cells.append(f"{scores[key]:>12.2f} {'ok' if ok else 'LOW':>3}")
        print(f"{name:<19}" + "".join(cells))
    print("targets: " + ", ".join(f"{key} >= {target}" for key, target in TARGETS.items()))
    print(f"reports: {REPORTS.relative_to(ROOT)}/")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
