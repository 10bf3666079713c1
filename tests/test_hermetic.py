"""The suite's own promise: no test reads or writes the real home or the checkout's ``articles/``.

conftest's autouse ``hermetic`` fixture gives every test its own home, XDG folders, metadata
cache and current folder, and none of the outer environment's settings (a merge once dropped its
``@pytest.fixture`` line and every test silently used the real home).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# At import, before any fixture: GNU readline exports COLUMNS and LINES into the environment.
with contextlib.suppress(ImportError):  # no readline here: nothing to undo
    import readline  # noqa: F401  # imported for that side effect

REAL_HOME = Path(pwd.getpwuid(os.getuid()).pw_dir)
CHECKOUT = Path(__file__).resolve().parent.parent
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
    from newscli.core.folder.cachedir import cache_folder

    home = Path(os.environ["HOME"]).resolve()
    for unset in (False, True):  # the test's own cache folder, and where the platform's rules put it
        if unset:
            monkeypatch.delenv("NEWSCLI_CACHE_DIR")
        folder = cache_folder()
        assert folder is not None
        assert folder.resolve().is_relative_to(home), folder


def test_every_test_runs_in_an_empty_folder_of_its_own(tmp_path_factory: pytest.TempPathFactory) -> None:
    here = Path.cwd().resolve()
    assert here.is_relative_to(tmp_path_factory.getbasetemp().resolve()), here
    assert not here.is_relative_to(CHECKOUT), here
    assert list(here.iterdir()) == []  # a relative path (articles/, newscli.toml) finds nothing


# Set in the outer environment, any of these changes what newscli or a program it starts does.
OUTER = (
    "NEWSCLI_TOML_READER", "NEWSCLI_NOW", "NEWSCLI_USER", "NEWSCLI_DEBUG", "EDITOR", "VISUAL", "PAGER",
    "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LC_TIME",
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME",
    "GIT_CONFIG_GLOBAL",
)  # fmt: skip


def test_no_setting_of_the_outer_environment_reaches_a_test() -> None:
    for name in OUTER:
        assert name not in os.environ, name
    assert not [
        name for name in os.environ if name.startswith(("LC_", "GIT_")) and name != "GIT_CONFIG_NOSYSTEM"
    ]
    # One known language and zone instead of the machine's: English, and UTC.
    assert (os.environ["LANG"], os.environ["TZ"], os.environ["GIT_CONFIG_NOSYSTEM"]) == (
        "C.UTF-8",
        "UTC",
        "1",
    )


def test_a_process_a_test_starts_sees_none_of_them_either() -> None:
    # readline, imported above (as pytest's own imports may), exported COLUMNS and LINES in the
    # process's environment behind os.environ's back: hermetic clears them there too.
    shown = subprocess.run(
        [sys.executable, "-c", "import os, sys; print(sorted(set(sys.argv[1:]) & set(os.environ)))", *OUTER],
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == "[]"


def test_hypothesis_keeps_no_example_database_and_nothing_in_the_checkout() -> None:
    # By default it would write .hypothesis/ into the folder pytest started in: the checkout.
    from hypothesis import settings
    from hypothesis.configuration import storage_directory

    assert settings().database is None
    where = storage_directory("constants", intent_to_write=False).path.resolve()
    assert not where.is_relative_to(CHECKOUT), where


def test_the_temporary_folder_is_the_tests_own_too(tmp_path_factory: pytest.TempPathFactory) -> None:
    """edit's private folder, and the copy it leaves there, land under the test's folder."""
    base = tmp_path_factory.getbasetemp().resolve()
    assert Path(tempfile.gettempdir()).resolve().is_relative_to(base)
    shown = subprocess.run(
        [sys.executable, "-c", "import tempfile; print(tempfile.gettempdir())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(shown.stdout.strip()).resolve().is_relative_to(base), shown.stdout
