"""Where POSIX-only modules do not exist (Windows): which everyday commands still run.

Only a run that locks the articles folder imports ``fcntl`` (flock): ``new`` and ``publish`` (the slug
lock), ``archive`` and ``restore``. Without it they stop with one line and exit 2, before writing
anything; every other everyday command runs as it does on Linux."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Write, article_text

# One worker: the interpreter below is started once (module-scoped), not once on each.
pytestmark = pytest.mark.xdist_group("platforms")

# An interpreter started with fcntl, termios, pwd, grp and resource made unimportable, as on Windows,
# and Typer loaded (with the Click it carries: what every run loads first, whatever the command),
# never newscli. For each run it forks a child that loads newscli afresh and runs the command, its
# streams on files: a new interpreter for each of the 14 runs cost about 145 ms of CPU, such a child
# 65. A request is one line of JSON on stdin; the reply is the child's exit status.
WITHOUT_POSIX = r"""
import json, os, sys
for name in ("fcntl", "termios", "pwd", "grp", "resource"):
    sys.modules[name] = None
import typer, typer.core, typer.main  # noqa: E401

replies = os.dup(1)
requests = b""
while True:
    while b"\n" not in requests:
        chunk = os.read(0, 65536)
        if not chunk:
            os._exit(0)
        requests += chunk
    line, _, requests = requests.partition(b"\n")
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            os.close(replies)
            os.chdir(request["cwd"])
            os.environ.clear()
            os.environ.update(request["env"])
            for number, (path, flags) in enumerate(
                ((os.devnull, os.O_RDONLY), (request["out"], os.O_WRONLY), (request["err"], os.O_WRONLY))
            ):
                fd = os.open(path, flags)
                os.dup2(fd, number)
                os.close(fd)
            from newscli.cli.app import run

            code = run(request["args"])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    _, status = os.waitpid(pid, 0)
    os.write(replies, b"%d\n" % os.waitstatus_to_exitcode(status))
"""


class WithoutPosix:
    """The interpreter above, and newscli run in a fresh child of it: ``run``."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", WITHOUT_POSIX],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,  # its own failure only: each child's stderr is a file of the run's
        )

    def run(self, site: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        assert self.process.stderr is not None
        streams = Path(tempfile.mkdtemp(prefix="newscli-streams-"))  # the test's own temporary folder
        out, err = streams / "out", streams / "err"
        out.touch()
        err.touch()
        request = {"cwd": str(site), "env": env, "args": args, "out": str(out), "err": str(err)}
        self.process.stdin.write(json.dumps(request).encode() + b"\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], 120)
        assert ready, "newscli did not end in 120 s"
        reply = self.process.stdout.readline()
        assert reply, self.process.stderr.read().decode()  # it ended: why
        code = int(reply)
        said = out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8")
        return subprocess.CompletedProcess(args, code, *said)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def without_posix() -> Iterator[WithoutPosix]:
    started = WithoutPosix()
    try:
        yield started
    finally:
        started.close()


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


def _run(without_posix: WithoutPosix, site: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    editor = site / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "Mer text.\\n" >> "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    env = {
        **os.environ,
        "NEWSCLI_CACHE_DIR": str(site / "c"),
        "NEWSCLI_USER": "Redaktör",
        "VISUAL": str(editor),
    }
    return without_posix.run(site, args, env)


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
    without_posix: WithoutPosix, folder: Path, args: list[str]
) -> None:
    result = _run(without_posix, folder, args)
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("args", LOCKS, ids=" ".join)
def test_commands_that_lock_say_so_in_one_line_and_change_nothing(
    without_posix: WithoutPosix, folder: Path, args: list[str]
) -> None:
    before = _files(folder)
    result = _run(without_posix, folder, args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(
        "newscli: error: cannot lock the articles folder: this platform has no flock"
    )
    assert "Traceback" not in result.stderr
    assert _files(folder) == before
