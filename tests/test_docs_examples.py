"""Every shell example in the README and docs/ runs as written on the shipped sample, or says it is a
template (its first or second line, after a ``#!``, is a comment starting ``# Template``). Links stay
inside the repository.

Each ``sh`` block runs in a fresh temporary copy of the sample (``articles/`` and ``newscli.toml``),
one command after another, by bash, with ``newscli`` on PATH, the clock pinned to the sample's
reference moment and a no-op editor. Each ``newscli`` the line starts is a forked child of the test
process on the line's own streams, folder and environment (``shell_support``: an interpreter's
start for each of ~50 commands was most of this module's time). A command must exit 0, unless the
line ends in ``# exit N``; a ``list`` that lists no article (its heading alone) is a failed example
(it shows nothing to a reader). The sample is all there is: a file an example reads, the block writes.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from conftest import copy_sample
from shell_support import fork_server

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\S*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
NOW = "2026-11-29T12:00:00+01:00"


def _blocks() -> list[tuple[str, int, str]]:
    found = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group(1) in ("sh", "bash", "console", "shell"):
                line = text.count("\n", 0, match.start()) + 1
                found.append((document.relative_to(ROOT).as_posix(), line, match.group(2)))
    return found


BLOCKS = _blocks()
RUNNABLE = [b for b in BLOCKS if not any(x.lower().startswith("# template") for x in b[2].splitlines()[:2])]


def _commands(block: str) -> list[str]:
    """The block's commands: continuation lines joined, comment-only lines left out."""
    joined = block.replace("\\\n", " ")
    return [line for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_there_are_examples_and_templates() -> None:
    commands = sum(len(_commands(block)) for _, _, block in RUNNABLE)
    templates = len(BLOCKS) - len(RUNNABLE)
    ran = f"{len(RUNNABLE)} run as written ({commands} commands)"
    print(f"{len(BLOCKS)} shell blocks: {ran}, {templates} templates")
    assert len(RUNNABLE) >= 10
    assert len(BLOCKS) > len(RUNNABLE)


@pytest.mark.parametrize(("document", "line", "block"), RUNNABLE, ids=[f"{d}:{n}" for d, n, _ in RUNNABLE])
def test_example_runs_on_the_sample(
    committed_sample: Path, tmp_path: Path, document: str, line: int, block: str
) -> None:
    copy_sample(committed_sample, tmp_path)  # and nothing else: a file an example reads, it writes
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",  # as installed
        "NEWSCLI_NOW": NOW,
        "NEWSCLI_CACHE_DIR": str(tmp_path / ".cache"),
        "EDITOR": "true",
        "VISUAL": "true",
        "PAGER": "cat",
        "HOME": str(tmp_path / "home"),
    }
    for name in ("NEWSCLI_ARTICLES_DIR", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "NO_COLOR"):
        env.pop(name, None)
    env["LANG"] = "C.UTF-8"
    with fork_server() as server:
        for command in _commands(block):
            expected = re.search(r"#\s*exit (\d+)\s*$", command)
            result = server.run(command, tmp_path, env, timeout=300)
            where = f"{document}:{line}: {command}\n{result.stdout}{result.stderr}"
            assert result.returncode == (int(expected.group(1)) if expected else 0), where
            assert "Traceback" not in result.stderr, where
            if re.match(r"\s*newscli list\b", command) and not re.search(r"--format json|>", command):
                # A table or CSV starts with its heading: an article is a line more.
                heading = not re.search(r"--format paths|\|", command)
                shown = result.stdout.strip().splitlines()[1 if heading else 0 :]
                assert shown, f"{where}\n(lists no article: not an example)"


LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.name for d in DOCUMENTS])
def test_links_stay_inside_the_repository(document: Path) -> None:
    for target in LINK.findall(document.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):  # a web address
            continue
        path = (document.parent / target.split("#", 1)[0]).resolve()
        assert path.is_relative_to(ROOT), f"{document.name}: {target} is outside the repository"
        assert path.exists(), f"{document.name}: {target} does not exist"
