"""Where code may reach: the project package knows no app, and the development
tools (devtools/) never reach production: not imported by runtime code, not
installed by production settings, not packaged, not copied into the image."""

from __future__ import annotations

import ast
import fnmatch
import secrets
import sys
import tomllib
from pathlib import Path

from tests.test_deployment import clean_env, run

ROOT = Path(__file__).resolve().parent.parent
APPS = {"articles", "devtools"}


def imports_of(path: Path) -> set[str]:
    """Top-level packages a module imports, function-level imports included."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def offenders(package: str, forbidden: set[str], allowed: set[str] = frozenset()) -> list[str]:
    return sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / package).rglob("*.py")
        if path.name not in allowed
        for name in imports_of(path) & forbidden
    )


def test_the_project_package_imports_no_app_except_in_its_urls():
    assert offenders("archive", APPS, allowed={"urls.py"}) == []


def test_no_runtime_module_imports_the_development_tools():
    assert offenders("archive", {"devtools"}) + offenders("articles", {"devtools"}) == []


def test_the_package_and_the_image_leave_the_development_tools_out():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packaged = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    assert not any(fnmatch.fnmatch("devtools", pattern) for pattern in packaged)
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert "devtools" in ignored


def test_only_development_settings_install_the_development_app():
    code = "from django.conf import settings; print(' '.join(settings.INSTALLED_APPS))"
    database = "postgres://nobody@127.0.0.1:1/none"
    production = clean_env(
        DJANGO_DEBUG="false", DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL=database
    )
    development = clean_env(DJANGO_DEBUG="true", DATABASE_URL=database)

    apps = {
        name: run([sys.executable, "-c", code], env=env)
        for name, env in (("production", production), ("development", development))
    }

    assert all(result.returncode == 0 for result in apps.values()), apps
    assert "devtools" not in apps["production"].stdout.split()
    assert "devtools" in apps["development"].stdout.split()
