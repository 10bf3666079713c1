"""What a run does before it reads the first file (issue 14): guards for what start-up was spared."""

from __future__ import annotations
import __future__

import importlib
import importlib.util
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Write, article_text

import newscli.cli.commands

# The modules whose functions Typer reads on a run: every command's, the group's callback and the
# callbacks of their options (app), the completion callbacks (complete).
READ_BY_TYPER = (
    "newscli.cli.app",
    "newscli.cli.complete",
    *(f"newscli.cli.commands.{info.name}" for info in pkgutil.iter_modules(newscli.cli.commands.__path__)),
)


@pytest.mark.parametrize("name", READ_BY_TYPER)
def test_typer_is_given_annotations_not_strings(name: str) -> None:
    """Typer reads each signature it builds a command from with ``eval`` on every string annotation
    (twice: inspect.signature and typing.get_type_hints), which parses it anew on every run: a
    twentieth of the start-up of ``list``. Evaluated once when the module is compiled, they cost
    nothing; a name known only to the type checker is quoted where it is used, off Typer's path."""
    module = importlib.import_module(name)
    assert getattr(module, "annotations", None) is not __future__.annotations, (
        f"{name}: no 'from __future__ import annotations' (see this test's docstring)"
    )


# Runs a command as the console script does and prints the modules it imported, one a line.
_IMPORTED = """
import sys
from newscli.cli.app import run
code = run(sys.argv[1:])
sys.stdout.flush()
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""


def imported_by(*args: str) -> set[str]:
    """The modules a run of ``newscli *args`` imports, without the cache (a first run), in its own
    process: in the test's process everything is imported already."""
    environment = dict(os.environ, NEWSCLI_CACHE="0")
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED, *args], env=environment, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split())


@pytest.mark.parametrize("command", [("list", "--format", "json"), ("validate",)])
def test_a_first_run_imports_no_more_than_it_uses(site: Path, write: Write, command: tuple[str, ...]) -> None:
    write("2026-11-01-a.md", article_text())
    imported = imported_by(*command)
    assert "newscli.core.reading.article" in imported  # the run did read the folder
    # hashlib (OpenSSL, 2-3 ms): only a cache's file name is hashed.
    assert "hashlib" not in imported
    # pickle: only a folder of thousands of files is read on two cores, whose halves it carries.
    assert "pickle" not in imported
    if importlib.util.find_spec("toml_rs") is not None:
        # tomllib (3 ms): toml-rs reads the config and the articles; tomllib only what it refuses.
        assert "tomllib" not in imported


# Runs the console script's main, with make_run (every command calls it) saying how many collections
# the cyclic collector made from the start of main to there.
_COLLECTIONS_BEFORE_MAKE_RUN = """
import gc, sys
import newscli.cli.options as options
def collections():
    return sum(generation["collections"] for generation in gc.get_stats())
made = options.make_run
def make_run(*args, **kwargs):
    print("collections during the start-up:", collections() - at_start, file=sys.stderr)
    return made(*args, **kwargs)
options.make_run = make_run
sys.argv = ["newscli", *sys.argv[1:]]
from newscli.__main__ import main
at_start = collections()
main()
"""


@pytest.mark.parametrize("command", [("list",), ("validate",), ("show", "nyhet")])
def test_the_collector_makes_no_pass_during_the_start_up(
    site: Path, write: Write, command: tuple[str, ...]
) -> None:
    """Off from the start of the console script's main: loading Typer, the command line and the
    command makes tens of thousands of objects and no garbage cycles (its passes were 3 % of a
    list's start-up); a command's run is paused anyway (cli/app.py)."""
    write("2026-11-01-a.md", article_text())
    done = subprocess.run(
        [sys.executable, "-c", _COLLECTIONS_BEFORE_MAKE_RUN, *command],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "collections during the start-up: 0" in done.stderr.splitlines()
