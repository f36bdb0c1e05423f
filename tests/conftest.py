"""Settings for the whole suite.

The suite runs with the cache off: a test that patches the renderer or a
reader must see its patch, not a fragment or a finding an earlier test kept.
The cache's own tests (tests/writers/test_fragment_cache.py,
tests/commands/test_check_cache.py) turn it on, in a folder of theirs: the
``cache_dir`` fixture.
"""
import os
from pathlib import Path

import pytest

os.environ["LMS_EXPORT_NO_CACHE"] = "1"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    """The cache on, in a folder of this test's (not yet made: a run makes it)."""
    from exporter import cachedir

    folder = tmp_path / "cache"
    monkeypatch.delenv(cachedir.NO_CACHE, raising=False)
    monkeypatch.setenv(cachedir.CACHE_DIR, str(folder))
    return folder



@pytest.fixture
def unwritable_cache(tmp_path, monkeypatch) -> Path:
    """The cache on, in a folder that cannot be made: a file stands in its way (returned)."""
    from exporter import cachedir

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.delenv(cachedir.NO_CACHE, raising=False)
    monkeypatch.setenv(cachedir.CACHE_DIR, str(blocker / "cache"))
    return blocker
