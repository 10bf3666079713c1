"""Building the reader's site (site/) in a temporary copy of the project, never in the checkout."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from conftest import copy_sample
from shell_support import ForkServer

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-29T12:00:00+01:00"
BORAS = "boras-demokratiarbete-uppmarksammas-pa-konferens-i-grenoble"
MINIMUM_HUGO = (0, 111)


@cache
def hugo_problem() -> str | None:
    """Why the site cannot be built here, or None: the tests that need Hugo are skipped with it."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return "hugo is not installed (apt-get install -y hugo; .ci/run does)"
    found = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False).stdout
    match = re.search(r"v(\d+)\.(\d+)", found)
    if match is None or (int(match[1]), int(match[2])) < MINIMUM_HUGO:
        return f"the site needs hugo 0.111 or later, found: {found.strip() or 'no version'}"
    return None


def need_hugo() -> None:
    problem = hugo_problem()
    if problem is not None:
        pytest.skip(problem)


def newscli_program() -> str:
    """The console script next to this Python (the project's .venv)."""
    return str(Path(sys.executable).parent / "newscli")


def copy_project(dest: Path, sample: Path | None) -> Path:
    """site/ (without anything built) and, given the committed ``sample`` (conftest's
    ``committed_sample``), its newscli.toml and articles."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("public", "resources", ".hugo_build.lock", "newscli.json")
    shutil.copytree(ROOT / "site", dest / "site", ignore=ignore)
    if sample is not None:
        copy_sample(sample, dest)
    return dest


def generate_corpus(dest: Path, size: int, seed: int = 20261129) -> None:
    """The benchmark's synthetic corpus (articles/ and its newscli.toml), then site/ beside it.
    Its generator runs in this process: the same files as ``benchmarks/corpus.py DEST`` writes
    (tests/test_benchmark_smoke.py runs the script), without an interpreter started for them."""
    from corpus_support import generate_here

    generate_here(dest, size, seed)  # the generator loaded once, never benchmarks/ left on sys.path
    copy_project(dest, None)


def interpreter_first(env: dict[str, str]) -> str:
    """``env``'s PATH with this interpreter's folder first, as an activated .venv has it: the
    ``python3`` site/build.sh reads the export's moment with is then the project's own, not a
    version manager's shim found earlier on PATH (pyenv's: ~70 ms of shell scripts a start)."""
    return os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", os.defpath)])


def environment(project: Path, now: str = NOW, server: ForkServer | None = None) -> dict[str, str]:
    """What the build and newscli run with; given ``server``, its forking client is the newscli."""
    env = dict(os.environ)
    env.update(
        PATH=interpreter_first(env),
        NEWSCLI=server.program if server else newscli_program(),
        NEWSCLI_NOW=now,
        NEWSCLI_CACHE_DIR=str(project / ".cache"),
        HOME=str(project),  # Hugo keeps its own cache under the home folder
    )
    env.pop("NEWSCLI_ARTICLES_DIR", None)
    return env


def _run(
    command: list[str], project: Path, env: dict[str, str], server: ForkServer | None
) -> subprocess.CompletedProcess[str]:
    if server is not None:
        return server.run(command, project, env)
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, check=False)


def build(
    project: Path, now: str = NOW, check: bool = True, server: ForkServer | None = None
) -> subprocess.CompletedProcess[str]:
    """site/build.sh: export, then Hugo at the same moment, into site/public. Given ``server``
    (``shell_support``), the newscli it runs is a fork of the test process, not a new interpreter."""
    result = _run([str(project / "site" / "build.sh")], project, environment(project, now, server), server)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def newscli(
    project: Path, *args: str, now: str = NOW, server: ForkServer | None = None
) -> subprocess.CompletedProcess[str]:
    env = environment(project, now, server)
    return _run([env["NEWSCLI"], *args], project, env, server)


def hugo(project: Path, clock: str = NOW) -> subprocess.CompletedProcess[str]:
    """Hugo alone, without a new export first."""
    return subprocess.run(
        ["hugo", "--source", "site", "--clock", clock],
        cwd=project,
        env=environment(project),
        capture_output=True,
        text=True,
        check=False,
    )


def page(project: Path, slug: str) -> Path:
    return project / "site" / "public" / "nyheter" / slug / "index.html"
