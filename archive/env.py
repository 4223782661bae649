"""Strict readers for settings that come from the environment.

Every value may also be read from a file named by ``NAME_FILE`` (Docker and
Kubernetes secrets). A malformed value stops the process with one line that
names the variable, instead of a traceback or a silent default.
"""

from __future__ import annotations

import os

TRUE = {"true", "1", "yes", "on"}
FALSE = {"false", "0", "no", "off"}


def load_env_file(path: str) -> None:
    """Read ``NAME=value`` lines into the environment; variables already set win.

    ``make install`` writes a development ``.env`` (DJANGO_DEBUG=true), so every
    ``manage.py`` command in the README works as written in a fresh clone. Production
    sets real variables and ships no ``.env`` (it is in .dockerignore)."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except FileNotFoundError:
        return
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.removeprefix("export ").partition("=")
        if not sep or not name.strip().isidentifier():
            raise ConfigError(f"{path}:{number}: expected NAME=value, not {line!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        os.environ.setdefault(name.strip(), value)


class ConfigError(SystemExit):
    """Raised at import time; SystemExit prints just the message."""

    def __init__(self, message: str) -> None:
        super().__init__(f"archive: configuration error: {message}")


def env_str(name: str, default: str | None = None) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            with open(file_name, encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError as exc:
            raise ConfigError(f"{name}_FILE={file_name!r} cannot be read ({exc.strerror})") from exc
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool) -> bool:
    value = env_str(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]
