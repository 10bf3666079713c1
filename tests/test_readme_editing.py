"""The README's "Everyday editing" examples work as written, on a copy of the shipped sample.

Each line runs in bash; each ``newscli`` it starts is a forked child of the test process on the
line's own streams, folder and environment (``shell_support``), not a new interpreter.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import copy_sample
from shell_support import fork_server

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
NOW = "2026-12-01T09:00:00+01:00"


def section_commands() -> list[str]:
    """The shell commands of the section's code block: comments dropped, continued lines joined."""
    section = README.split("## Everyday editing", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    joined = block.replace("\\\n", " ")
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.startswith("#")]


def test_the_section_covers_each_action() -> None:
    words = " ".join(command.split("|")[-1].split()[1] for command in section_commands())
    for action in ("list", "edit", "touch", "review", "new", "archive", "restore"):
        assert action in words.split(), action
    assert "--supersedes" in README.split("## Everyday editing", 1)[1].split("\n## ", 1)[0]


@pytest.fixture
def sample(committed_sample: Path, tmp_path: Path) -> Path:
    """A copy of the shipped sample (articles and config), with an editor that adds a sentence."""
    folder = copy_sample(committed_sample, tmp_path / "sample")
    editor = tmp_path / "editor"
    editor.write_text(
        '#!/bin/sh\nprintf "\\nAnmälan är öppen till den 15 december.\\n" >> "$1"\n', encoding="utf-8"
    )
    editor.chmod(0o755)
    return folder


def test_examples_run_as_written(sample: Path, tmp_path: Path) -> None:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("NEWSCLI_") and key != "VISUAL"
    }
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        NEWSCLI_NOW=NOW,
        NEWSCLI_CACHE_DIR=str(tmp_path / "cache"),
        NEWSCLI_USER="Anna Berg",
        EDITOR=str(tmp_path / "editor"),
        HOME=str(tmp_path),  # no user's git config or cache
    )
    outputs = []
    with fork_server() as server:
        for command in section_commands():
            done = server.run(command, sample, env, timeout=300)
            assert done.returncode == 0, (command, done.stdout, done.stderr)
            assert "Traceback" not in done.stderr
            outputs.append(done.stdout)
        check = server.run("newscli validate --strict", sample, env, timeout=300)

    articles = sample / "articles"
    # The first `list --stale` showed all five stale articles of the sample.
    assert len(outputs[0].splitlines()) == 1 + 5
    # Update: the editor's sentence is in, and "Senast ändrad" / "Ändrad av" stamped.
    summer = articles / "2026-07-01-sommarlovsaktiviteter-for-barn-och-unga.md"
    text = summer.read_text(encoding="utf-8")
    front = tomllib.loads(text.split("+++\n")[1])
    assert "Anmälan är öppen till den 15 december." in text
    assert (front["lastmod"].isoformat(), front["modified_by"]) == (NOW, "Anna Berg")
    # Confirm: reviewed, and so no longer stale.
    hulta = tomllib.loads(
        (articles / "2026-04-02-120-nya-hyresratter-byggs-pa-hulta.md").read_text().split("+++\n")[1]
    )
    assert hulta["reviewed_by"] == "Anna Berg"
    # Replace: the new article in the traffic section, the old one pointing at it.
    assert (articles / "trafik/2026-12-01-allegatan-oppnar-igen.md").is_file()
    old = (articles / "trafik/2026-08-17-vagarbete-stanger-allegatan-under-tre-veckor.md").read_text()
    assert 'superseded_by = "allegatan-oppnar-igen"' in old
    # Archive and restore: the Borås article went and came back, kept live from now on.
    boras = articles / "2022-12-07-boras-demokratiarbete-uppmarksammas-pa-konferens-i-grenoble.md"
    assert 'archive_after = "never"' in boras.read_text(encoding="utf-8")
    assert not list((articles / "archive").rglob("*.md"))

    # The last `list --stale`: what is left carries the notice for a reason a person can read.
    last = outputs[-1].splitlines()[1:]
    reasons = {line.split("  ")[-1].strip().rsplit("/", 1)[-1]: line for line in last}
    assert set(reasons) == {
        "2026-07-01-sommarlovsaktiviteter-for-barn-och-unga.md",  # updated, but counted from its date
        "2026-08-17-vagarbete-stanger-allegatan-under-tre-veckor.md",  # superseded
        "2026-03-10-nya-oppettider-pa-stadsbiblioteket.md",  # superseded in the sample already
        "2022-12-07-boras-demokratiarbete-uppmarksammas-pa-konferens-i-grenoble.md",  # live, still old
    }
    assert (
        "superseded by allegatan-oppnar-igen"
        in reasons["2026-08-17-vagarbete-stanger-allegatan-under-tre-veckor.md"]
    )

    assert check.returncode == 0, check.stdout
