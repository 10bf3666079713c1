"""Where POSIX-only modules do not exist (Windows): which everyday commands still run.

Only a run that locks the articles folder imports ``fcntl`` (flock): ``new`` and ``publish`` (the slug
lock), ``archive`` and ``restore``. Without it they stop with one line and exit 2, before writing
anything; every other everyday command runs as it does on Linux."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Write, article_text
from started_support import Starter, starter

# One worker: the interpreter the runs are forked from is started once, not once on each.
pytestmark = pytest.mark.xdist_group("platforms")

# newscli started with fcntl, termios, pwd, grp and resource made unimportable, as on Windows: in a
# child of one interpreter started so (tests/started_support.py), which loads newscli afresh.
WITHOUT_POSIX = """
for name in ("fcntl", "termios", "pwd", "grp", "resource"):
    sys.modules[name] = None
"""
# The command line, ended as the console entry point ends it (newscli.__main__.leave: the streams
# flushed, no interpreter clean-up, which cost a child 30-50 ms of CPU).
RUN = """
import sys
from newscli.__main__ import leave
from newscli.cli.app import run
leave(run(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def without_posix() -> Iterator[Starter]:
    with starter(WITHOUT_POSIX) as started:
        yield started


NEEDS_NO_LOCK = [
    ["list"],
    ["list", "--format", "json"],
    ["show", "nyhet"],
    ["validate"],
    ["--help"],
    ["edit", "nyhet"],
    ["touch", "nyhet"],
    ["review", "nyhet"],
    ["supersede", "nyhet", "nyare"],
    ["restore", "--help"],
]
LOCKS = [
    ["new", "Rubrik", "--lead", "Ingress."],
    ["publish", "utkast"],
    ["archive", "--yes"],
    ["restore", "arkiverad"],
]


def _run(without_posix: Starter, site: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    editor = site / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Mer text.\\n" >> "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    env = {
        **os.environ,
        "NEWSCLI_CACHE_DIR": str(site / "c"),
        "NEWSCLI_USER": "Redaktör",
        "VISUAL": str(editor),
    }
    return without_posix.run(site, args, env, program=RUN)


@pytest.fixture
def folder(site: Path, write: Write) -> Path:
    write("2026-11-01-nyhet.md", article_text(lead='"Ingress."'))
    write("2026-11-20-nyare.md", article_text("Nyare", "nyare", "2026-11-20", lead='"Ingress."'))
    write("2026-11-25-utkast.md", article_text("Utkast", "utkast", "2026-11-25", draft="true"))
    write("2020-01-01-gammal.md", article_text("Gammal", "gammal", "2020-01-01"))
    write("archive/2019/2019-01-01-arkiverad.md", article_text("Arkiverad", "arkiverad", "2019-01-01"))
    return site


def _files(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes()
        for p in sorted((site / "articles").rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("args", NEEDS_NO_LOCK, ids=" ".join)
def test_commands_that_take_no_lock_need_no_posix_only_module(
    without_posix: Starter, folder: Path, args: list[str]
) -> None:
    result = _run(without_posix, folder, args)
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("args", LOCKS, ids=" ".join)
def test_commands_that_lock_say_so_in_one_line_and_change_nothing(
    without_posix: Starter, folder: Path, args: list[str]
) -> None:
    before = _files(folder)
    result = _run(without_posix, folder, args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(
        "newscli: error: cannot lock the articles folder: this platform has no flock"
    )
    assert "Traceback" not in result.stderr
    assert _files(folder) == before
