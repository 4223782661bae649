"""Runtime files kept in a private folder, and a cache backend that stores JSON there.

Without Redis the page cache's generation (one number every worker on the machine
must share) lives in files. Django's FileBasedCache pickles its values, and the
folder used to be a predictable name under /tmp: another local user could create
it first, plant a pickle, and have this process run their code when it read the
generation. Here the folder is under the project's data folder, created 0700,
and refused unless this user owns it and nobody else may use it; the values are
JSON (numbers and strings), so reading one never runs code.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import time
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.exceptions import ImproperlyConfigured


def private_folder(path: Path) -> Path:
    """``path`` as a folder only this user can use: created 0700 if missing, and
    refused (ImproperlyConfigured) if it is a link, someone else's, or open to others."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = os.lstat(path)
    problem = None
    if not stat.S_ISDIR(info.st_mode):
        problem = "is not a folder (a symbolic link?)"
    elif info.st_uid != os.getuid():
        problem = f"belongs to user {info.st_uid}, not to this process's user {os.getuid()}"
    elif info.st_mode & 0o077:
        problem = f"is open to other users (mode {stat.S_IMODE(info.st_mode):o}, needs 700)"
    if problem:
        raise ImproperlyConfigured(f"runtime folder {path} {problem}; remove it or fix it")
    return path


class PrivateJSONFileCache(BaseCache):
    """A small cache of JSON values, one file per key, in a ``private_folder``.

    Meant for a few tiny values shared by the processes of one machine; writes are
    atomic (a temporary file renamed into place)."""

    def __init__(self, location: str, params: dict):
        super().__init__(params)
        self._location = Path(location)
        self._checked = False

    def _folder(self) -> Path:
        if not self._checked:
            private_folder(self._location)
            self._checked = True
        return self._location

    def _path(self, key: str, version) -> Path:
        key = self.make_and_validate_key(key, version=version)
        return self._folder() / (hashlib.sha256(key.encode()).hexdigest()[:40] + ".json")

    def get(self, key, default=None, version=None):
        path = self._path(key, version)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(fd, encoding="utf-8") as file:
                entry = json.load(file)
            expires = entry["expires"]
            value = entry["value"]
        except (OSError, ValueError, KeyError, TypeError):
            return default  # missing, unreadable or not ours: as if never set
        if expires is not None and expires <= time.time():
            return default
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        path = self._path(key, version)
        # json refuses anything but plain data (TypeError): nothing is pickled.
        data = json.dumps({"value": value, "expires": self.get_backend_timeout(timeout)})
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.has_key(key, version=version):
            return False
        self.set(key, value, timeout, version=version)
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, version=version)
        if value is None:
            return False
        self.set(key, value, timeout, version=version)
        return True

    def delete(self, key, version=None):
        try:
            self._path(key, version).unlink()
        except FileNotFoundError:
            return False
        return True

    def clear(self):
        for path in self._folder().glob("*.json"):
            path.unlink(missing_ok=True)
