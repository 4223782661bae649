"""The page cache's generation without Redis: private files, no pickle (issue 19 point 11).

It used to live in Django's FileBasedCache under a predictable /tmp folder: another
local user could create that folder first and plant a pickle, which this process
then loaded, running their code as its own user.
"""

import os
import pickle
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from archive import page_cache


class Payload:
    """What an attacker plants: unpickling it creates ``marker`` (their code ran)."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def generation_store(location: Path):
    """The generation store exactly as settings configure it, at ``location``."""
    config = settings.CACHES[settings.PAGE_CACHE_GENERATION_ALIAS]
    return import_string(config["BACKEND"])(str(location), config.get("OPTIONS", {}))


@pytest.fixture
def no_redis_settings():
    if settings.PAGE_CACHE_GENERATION_ALIAS == "default":
        pytest.skip("with REDIS_URL the generation lives in Redis")


def test_the_generation_lives_under_the_projects_data_folder(no_redis_settings):
    location = Path(settings.CACHES["page_generation"]["LOCATION"])

    # (Not the system's temporary folder, unless the project itself was cloned there.)
    assert location.is_relative_to(settings.DATA_DIR)


def test_a_planted_pickle_is_never_run(no_redis_settings, tmp_path):
    folder = tmp_path / "generation"
    store = generation_store(folder)
    store.set_many({page_cache.GENERATION_KEY: 1, page_cache.NEXT_LIVE_KEY: 0}, timeout=None)
    marker = tmp_path / "attacker-code-ran"
    for entry in folder.iterdir():  # someone able to write there replaces every file
        entry.write_bytes(pickle.dumps(Payload(marker)))

    values = store.get_many([page_cache.GENERATION_KEY, page_cache.NEXT_LIVE_KEY])

    assert not marker.exists()
    assert values == {}  # unreadable values count as unset: the page cache starts afresh
    store.set(page_cache.GENERATION_KEY, 2, timeout=None)
    assert store.get(page_cache.GENERATION_KEY) == 2


def test_values_are_plain_data_only(no_redis_settings, tmp_path):
    store = generation_store(tmp_path / "generation")

    with pytest.raises(TypeError):
        store.set("anything", Payload(tmp_path / "x"))


def test_the_folder_is_created_private(no_redis_settings, tmp_path):
    folder = tmp_path / "data" / "run" / "generation"
    generation_store(folder).set(page_cache.GENERATION_KEY, 1)

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.parametrize("mode", [0o777, 0o755, 0o733])
def test_a_folder_others_may_use_is_refused(no_redis_settings, tmp_path, mode):
    folder = tmp_path / "generation"
    folder.mkdir()
    folder.chmod(mode)  # as an attacker would leave the folder they made first

    with pytest.raises(ImproperlyConfigured, match="open to other users"):
        generation_store(folder).get(page_cache.GENERATION_KEY)


def test_a_link_in_place_of_the_folder_is_refused(no_redis_settings, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    folder = tmp_path / "generation"
    os.symlink(elsewhere, folder)

    with pytest.raises(ImproperlyConfigured, match="not a folder"):
        generation_store(folder).get(page_cache.GENERATION_KEY)
