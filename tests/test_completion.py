"""Shell completion: slugs for SLUG|PATH arguments (archived ones for restore), tags for --tag."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from archive_support import Forked
from conftest import Write, article_text


@pytest.fixture
def folder(site: Path, write: Write) -> Path:
    write("2026-11-01-bibliotek.md", article_text("Bibliotek", "bibliotek", "2026-11-01", tags='["Kultur"]'))
    write("2026-11-02-badhus.md", article_text("Badhus", "badhus", "2026-11-02", tags='["idrott", "kultur"]'))
    write("archive/2020/2020-01-01-bastu.md", article_text("Bastu", "bastu", "2020-01-01", tags='["hälsa"]'))
    return site


def complete(folder: Path, shell: str, line: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """What the installed completion script asks newscli when Tab is pressed after ``line``: newscli's
    entry point in a process of its own (forked from this one)."""
    env = {"_NEWSCLI_COMPLETE": f"complete_{shell}", "NEWSCLI_CACHE_DIR": str(folder / "c")}
    if shell == "bash":
        words = line.split()
        env.update(COMP_WORDS=line, COMP_CWORD=str(len(words) - (0 if line.endswith(" ") else 1)))
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
    env.update(extra)
    return Forked(folder, (), None, env).wait()


def test_show_completes_live_and_archived_slugs(folder: Path) -> None:
    assert complete(folder, "bash", "newscli show ba").stdout.split() == ["badhus", "bastu"]
    assert complete(folder, "bash", "newscli show ").stdout.split() == ["badhus", "bastu", "bibliotek"]


def test_restore_completes_archived_slugs_only(folder: Path) -> None:
    assert complete(folder, "bash", "newscli restore b").stdout.split() == ["bastu"]


def test_tags_for_list_and_new(folder: Path) -> None:
    assert complete(folder, "bash", "newscli list --tag ").stdout.split() == ["Kultur", "idrott", "kultur"]
    assert complete(folder, "bash", "newscli list --all --tag h").stdout.split() == ["hälsa"]
    assert complete(folder, "bash", "newscli new Rubrik --tag i").stdout.split() == ["idrott"]


def test_zsh_and_fish_formats(folder: Path) -> None:
    zsh = complete(folder, "zsh", "newscli show bi").stdout
    assert zsh == "_arguments '*: :((\"bibliotek\"))'\n"
    fish = complete(folder, "fish", "newscli show ba", _TYPER_COMPLETE_FISH_ACTION="get-args")
    assert fish.stdout.split() == ["badhus", "bastu"]
    asks = complete(folder, "fish", "newscli show ba", _TYPER_COMPLETE_FISH_ACTION="is-args")
    assert asks.returncode == 0


def test_a_new_article_is_offered_after_new(folder: Path) -> None:
    assert complete(folder, "bash", "newscli show bo").stdout == ""
    created = subprocess.run(
        [sys.executable, "-m", "newscli", "new", "Bokbuss"],
        cwd=folder,
        env={**os.environ, "NEWSCLI_CACHE_DIR": str(folder / "c")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert created.stdout.strip().endswith("bokbuss.md")
    assert complete(folder, "bash", "newscli show bo").stdout.split() == ["bokbuss"]


def test_the_articles_dir_given_on_the_line_counts(folder: Path, write: Write) -> None:
    other = folder / "andra"
    other.mkdir()
    (other / "2026-01-01-annan.md").write_text(article_text("Annan", "annan", "2026-01-01"), encoding="utf-8")
    line = f"newscli show --articles-dir {other} a"
    assert complete(folder, "bash", line).stdout.split() == ["annan"]


def test_a_broken_config_completes_nothing_and_says_nothing(folder: Path) -> None:
    (folder / "newscli.toml").write_text("articles_dir = [\n", encoding="utf-8")
    result = complete(folder, "bash", "newscli show b")
    assert result.stdout == ""
    assert result.stderr == ""


def test_command_names_are_still_completed(folder: Path) -> None:
    assert "show" in complete(folder, "bash", "newscli sh").stdout.split()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script(folder: Path, shell: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newscli", "--show-completion", shell],
        cwd=folder,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "_NEWSCLI_COMPLETE" in result.stdout


def test_install_completion_writes_into_the_users_shell_setup(folder: Path) -> None:
    home = folder / "home"
    home.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "newscli", "--install-completion", "bash"],
        cwd=folder,
        env={**os.environ, "HOME": str(home), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "_NEWSCLI_COMPLETE" in (home / ".bash_completions" / "newscli.sh").read_text(encoding="utf-8")
    assert ".bash_completions/newscli.sh" in (home / ".bashrc").read_text(encoding="utf-8")
