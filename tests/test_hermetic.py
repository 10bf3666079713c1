"""The suite's own promise: no test reads or writes the real home or the checkout's ``articles/``.

conftest's autouse ``hermetic`` fixture gives every test its own home, XDG folders and metadata
cache (a merge once dropped its ``@pytest.fixture`` line and every test silently used the real home).
"""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest

REAL_HOME = Path(pwd.getpwuid(os.getuid()).pw_dir)
NAMES = ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "NEWSCLI_CACHE_DIR")


def test_every_test_has_a_home_of_its_own(tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.getbasetemp().resolve()
    home = Path(os.environ["HOME"]).resolve()
    assert home != REAL_HOME.resolve()
    assert home.is_relative_to(base), home
    for name in NAMES:
        assert Path(os.environ[name]).resolve().is_relative_to(home), name
    for name in ("NEWSCLI_CRASH_AT", "NEWSCLI_ARCHIVE_BATCH", "NEWSCLI_CACHE", "NEWSCLI_ARTICLES_DIR"):
        assert name not in os.environ, name


def test_a_process_a_test_starts_has_that_home_too() -> None:
    shown = subprocess.run(
        [sys.executable, "-c", "import os; print(os.environ['HOME'])"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == os.environ["HOME"]


def test_the_metadata_cache_is_under_that_home(monkeypatch: pytest.MonkeyPatch) -> None:
    from newscli.core.cache import cache_folder

    home = Path(os.environ["HOME"]).resolve()
    for unset in (False, True):  # the test's own cache folder, and where the platform's rules put it
        if unset:
            monkeypatch.delenv("NEWSCLI_CACHE_DIR")
        folder = cache_folder()
        assert folder is not None
        assert folder.resolve().is_relative_to(home), folder
