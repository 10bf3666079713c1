"""Shared test helpers: a real temporary articles folder and a CLI runner (no mocks).

Every test is hermetic (the autouse ``hermetic`` fixture): it and every process it starts have their
own home, XDG folders and metadata cache, so no test reads or writes the user's home or another
test's cache. Tests of the shipped sample read the committed files (``shipped_sample``), never the
checkout's ``articles/``, which a person trying newscli may have changed.
"""

from __future__ import annotations

import io
import itertools
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from hypothesis import settings
from typer.testing import CliRunner, Result

from newscli.cli.app import app
from newscli.cli.options import GlobalOptions
from newscli.core.probe import Probe

NOW = "2026-11-29T12:00:00+01:00"
REPO = Path(__file__).resolve().parent.parent
# What the shipped sample is: the files a fresh clone has, as the README's quick start uses them.
SAMPLE_PATHS = ("newscli.toml", "articles")

CONFIG = """\
articles_dir = "articles"
timezone = "Europe/Stockholm"
language = "sv"
"""


MEMORY = Path("/dev/shm")


def pytest_configure(config: pytest.Config) -> None:
    """Every test's temporary folders (``tmp_path``) on a memory file system where there is one
    that does all the suite asks of a folder, else in the system's temporary folder as before.

    The suite writes, syncs and removes thousands of small files: on the shared disk the fsyncs
    and the removal of earlier runs' folders were a quarter of the wall time of the tests that
    write. Nothing observes the disk itself: fsync is still called (the power-loss tests record
    it), and what a power cut does is explored on recorded runs. The immutable attribute
    (``archive_support.read_only``) must work there, or a read-only test run as root is skipped.
    """
    chosen = config.option.basetemp or "PYTEST_DEBUG_TEMPROOT" in os.environ  # by whoever runs the
    # suite, and by the controller for xdist's workers
    if not chosen and MEMORY.is_dir() and os.access(MEMORY, os.W_OK) and _immutable_works(MEMORY):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(MEMORY)
    _hypothesis_outside_the_checkout()


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collection made (the test modules, their items, hypothesis's strategies, newscli's
    modules: some 70,000 objects that live until the end) out of the cyclic collector's sight. Each
    full collection walked them all again for nothing; measured over a whole run, the collector's
    time in the two workers went from 2.2 CPU-s to 1.4. Cycles made later are collected as before."""
    import gc

    gc.freeze()


@pytest.hookimpl(tryfirst=True)  # before pytest's own last collection (its unraisable-exception check)
def pytest_unconfigure(config: pytest.Config) -> None:
    """What is alive at the end (500,000-800,000 objects in a worker: hypothesis's and the tests'
    leftovers) out of the collector's sight too: the process ends next, and pytest's last full
    collection and the interpreter's at exit walked them all again, 1-1.5 s after the last test of
    every run, on the run's critical path (0.2-0.5 s so). The price: a garbage cycle left by a test
    is no longer finalized at the very end, so an exception its finalizer would raise there goes
    unreported; those raised during the run are reported as before."""
    import gc

    gc.freeze()


@pytest.hookimpl(optionalhook=True)  # the hook is pytest-xdist's: not there under -p no:xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under ``--dist loadgroup``, a marked module's tests on one worker (``xdist_groups``)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    try:
        from xdist_groups import ModuleGroups
    except ImportError:  # a pytest-xdist without LoadGroupScheduling: its own scheduler, slower but whole
        return None

    return ModuleGroups(config, log)


def _hypothesis_outside_the_checkout() -> None:
    """Hypothesis writes into ``.hypothesis/`` in the folder pytest started in (the checkout): its
    example database, which the suite does without, and the constants it collects from the code
    at collection, before any fixture, which go beside the tests' temporary folders instead."""
    from hypothesis.configuration import set_hypothesis_home_dir

    # No deadline for any test: the suite never asserts time, and on a loaded machine hypothesis's
    # default 200 ms per example failed a round trip that was only slow (test_tomlwrite).
    settings.register_profile("newscli", database=None, deadline=None)
    settings.load_profile("newscli")
    root = Path(os.environ.get("PYTEST_DEBUG_TEMPROOT") or tempfile.gettempdir())
    set_hypothesis_home_dir(root / f"newscli-hypothesis-{os.getuid()}")


def _immutable_works(folder: Path) -> bool:
    """Whether ``chattr +i`` holds in ``folder`` (root's only way to make a folder read-only)."""
    if os.geteuid() != 0:
        return True  # permission bits suffice
    probe = Path(tempfile.mkdtemp(prefix="newscli-probe-", dir=folder))
    try:
        done = subprocess.run(["chattr", "+i", str(probe)], capture_output=True, check=False)
        subprocess.run(["chattr", "-i", str(probe)], capture_output=True, check=False)
        return done.returncode == 0
    except OSError:  # no chattr
        return False
    finally:
        probe.rmdir()


def article_text(
    title: str = "Nyhet",
    slug: str = "nyhet",
    date: str = "2026-11-01",
    body: str = "Brödtext.\n",
    **extra: str,
) -> str:
    """A minimal valid article; ``extra`` values are TOML literals, e.g. draft="true"."""
    lines = ["+++", f'title = "{title}"', f'slug = "{slug}"', f"date = {date}"]
    lines += [f"{key} = {value}" for key, value in extra.items()]
    return "\n".join([*lines, "+++", "", body])


@pytest.fixture(scope="session", autouse=True)
def _command_built_once() -> Iterator[None]:
    """Typer builds newscli's Click command tree anew on every call (17 ms of CPU: it evaluates
    every command's annotations), and a test runs hundreds of commands in-process. The tree is the
    same every time and Click's commands are made to be invoked again and again, so in this
    process (and in the children it forks) it is built once. A real ``python -m newscli`` builds
    its own, as always."""
    build = typer.main.get_command
    built: list[Any] = []

    def get_command(typer_instance: typer.Typer) -> Any:
        if typer_instance is not app:
            return build(typer_instance)
        if not built:
            built.append(build(app))
        return built[0]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.main, "get_command", get_command)
        patch.setattr(typer.testing, "_get_command", get_command)
        yield


# What the outer environment may hold that changes what newscli, or a program it starts, does: gone
# for every test (a test that needs one sets it). NEWSCLI_*, LC_* and GIT_* go by their prefix.
CLEARED = ("EDITOR", "VISUAL", "PAGER", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "LANGUAGE")
CLEARED_PREFIXES = ("NEWSCLI_", "LC_", "GIT_")
# And what is set instead, to one known value: English, and a zone with no daylight saving time.
FIXED = {"LANG": "C.UTF-8", "TZ": "UTC", "GIT_CONFIG_NOSYSTEM": "1"}


def _clear_outer_environment(patch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name in CLEARED or name.startswith(CLEARED_PREFIXES):
            patch.delenv(name)
    for name in CLEARED:
        # Also from the process's own environment, which os.environ does not see change: GNU
        # readline, once imported, exports COLUMNS and LINES there, and a child would inherit them.
        os.unsetenv(name)
    for name, value in FIXED.items():
        patch.setenv(name, value)


@pytest.fixture(scope="session", autouse=True)
def _hermetic_session() -> Iterator[None]:
    """The same for the session's own fixtures (the committed sample's ``git archive``), which run
    before any test's ``hermetic``."""
    with pytest.MonkeyPatch.context() as patch:
        _clear_outer_environment(patch)
        yield


_HERMETIC = itertools.count()


@pytest.fixture(autouse=True)
def hermetic(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home and a temporary folder of its own for every test, inherited by every process it starts
    (os.environ); an empty current folder of its own, so a relative path never reads the checkout;
    and none of the outer environment's settings (``CLEARED``), but English and UTC (``FIXED``)."""
    _clear_outer_environment(monkeypatch)
    # Plain mkdir under the session's folder (each worker has its own), not two mktemp: mktemp
    # resolves the base anew each time, 0.17 ms against 0.03, for every one of ~1,440 tests.
    own = tmp_path_factory.getbasetemp() / f"hermetic{next(_HERMETIC)}"
    home, cwd, temp = own / "home", own / "cwd", own / "tmp"
    for folder in (own, home, cwd, temp):
        folder.mkdir()  # never one that exists: no test shares another's
    monkeypatch.setenv("HOME", str(home))
    # The system's temporary folder too: edit's private folder, and the copy it leaves there when
    # it cannot keep it beside the article, were left in the real /tmp by every run (28 a run).
    # tempfile's choice is made once per process: set here for this one, TMPDIR for those started.
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    for name, below in (
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(name, str(home / below))
    monkeypatch.setenv("NEWSCLI_CACHE_DIR", str(home / ".cache" / "newscli"))
    monkeypatch.chdir(cwd)
    return home


@pytest.fixture(autouse=True)
def english(hermetic: Path) -> None:
    """Every test starts in English, whatever the machine's locale (tests of Swedish set it)."""
    from newscli.i18n import set_language

    set_language(None)


@pytest.fixture(scope="session")
def committed_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample as committed (HEAD), extracted once; the working tree's copy only outside git.

    Shared by every test in this process: read it or copy it (``copy_sample``), never change it.
    """
    target = tmp_path_factory.mktemp("sample")
    archived = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", "HEAD", *SAMPLE_PATHS],
        capture_output=True,
        check=False,
    )
    if archived.returncode == 0:
        with tarfile.open(fileobj=io.BytesIO(archived.stdout)) as tar:
            tar.extractall(target, filter="data")
    else:  # an unpacked release: its files are the shipped ones
        shutil.copy2(REPO / "newscli.toml", target / "newscli.toml")
        shutil.copytree(REPO / "articles", target / "articles")
    return target


def copy_sample(sample: Path, dest: Path) -> Path:
    """newscli.toml and articles/ of the committed sample into ``dest`` (made if need be)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(sample / "newscli.toml", dest / "newscli.toml")
    shutil.copytree(sample / "articles", dest / "articles")
    return dest


@pytest.fixture
def shipped_sample(committed_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the committed sample (newscli.toml, articles/), made the current directory."""
    folder = copy_sample(committed_sample, tmp_path / "sample")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("NEWSCLI_NOW", NOW)
    return folder


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with newscli.toml and an empty articles/ folder, made the current directory."""
    (tmp_path / "newscli.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "articles").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSCLI_NOW", NOW)
    monkeypatch.setenv("NEWSCLI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NEWSCLI_ARTICLES_DIR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


@pytest.fixture
def cache_outside_site(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The metadata cache in the test's home, where a user's is, not in the ``site`` folder: for
    tests that compare the whole folder before and after a run. A run may cache a file once its
    time is more than two seconds old, so whether a cache appeared there depended on the load."""
    import os

    folder = Path(os.environ["HOME"]) / ".cache" / "newscli"
    monkeypatch.setenv("NEWSCLI_CACHE_DIR", str(folder))
    return folder


Write = Callable[[str, "str | bytes"], Path]


@pytest.fixture
def write(site: Path) -> Write:
    """write("name.md", text) puts a file in the articles folder and returns its path."""

    def _write(name: str, text: str | bytes) -> Path:
        path = site / "articles" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


Invoke = Callable[..., Result]


@pytest.fixture
def cli(runner: CliRunner) -> Invoke:
    """cli("list", "--stale") runs the app in-process; exceptions propagate to the test.

    ``probe=Probe(clock=..., on_step=...)`` hands the run its test hooks, as the environment does
    for a process.
    """

    def _invoke(*args: str, input: str | None = None, probe: Probe | None = None) -> Result:
        obj = GlobalOptions(probe=probe) if probe is not None else None
        return runner.invoke(app, list(args), input=input, catch_exceptions=False, obj=obj)

    return _invoke
