"""``newscli archive --commit``: one git commit of exactly the moves and the log, in a real repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Invoke, Write, article_text

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

OLD = "2022-12-07"


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def repo(site: Path, write: Write, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's folder as a git repository with a committed, partly old, articles folder."""
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(site / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    write("2022-12-07-gammal.md", article_text("Gammal", "gammal", OLD))
    write("trafik/2023-01-10-vag.md", article_text("Väg", "vag", "2023-01-10"))
    write("2026-11-01-ny.md", article_text("Ny", "ny", "2026-11-01"))
    # No lock file to ignore: the archive leaves nothing untracked in the articles' repository.
    (site / ".gitignore").write_text("cache/\ngitconfig\n", encoding="utf-8")
    git(site, "init", "-q", "-b", "main")
    git(site, "config", "user.name", "Nattjobbet")
    git(site, "config", "user.email", "natt@example.org")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "start")
    return site


def test_commits_exactly_the_moves_and_the_log(repo: Path, cli: Invoke) -> None:
    (repo / "annat.txt").write_text("någon annans arbete\n", encoding="utf-8")
    git(repo, "add", "annat.txt")
    edited = repo / "articles" / "2026-11-01-ny.md"
    edited.write_text(article_text("Ny!", "ny", "2026-11-01"), encoding="utf-8")

    result = cli("archive", "--commit")
    assert result.exit_code == 0, result.output
    assert "committed " in result.stderr
    changed = git(repo, "show", "--name-status", "--no-renames", "--format=%s%n%b", "HEAD").splitlines()
    assert changed[0] == "newscli archive: 2 articles moved to archive/"
    assert "articles/2022-12-07-gammal.md -> articles/archive/2022/2022-12-07-gammal.md" in changed
    assert "articles/trafik/2023-01-10-vag.md -> articles/archive/2023/2023-01-10-vag.md" in changed
    files = sorted(line for line in changed if "\t" in line)
    assert files == [
        "A\tarticles/.newscli-archive.log",
        "A\tarticles/archive/2022/2022-12-07-gammal.md",
        "A\tarticles/archive/2023/2023-01-10-vag.md",
        "D\tarticles/2022-12-07-gammal.md",
        "D\tarticles/trafik/2023-01-10-vag.md",
    ]
    # Someone else's staged file stays staged, their unstaged edit stays unstaged.
    assert git(repo, "status", "--porcelain").splitlines() == ["A  annat.txt", " M articles/2026-11-01-ny.md"]


def test_nothing_moved_no_commit(repo: Path, cli: Invoke) -> None:
    assert cli("archive", "--commit").exit_code == 0
    head = git(repo, "rev-parse", "HEAD")
    result = cli("archive", "--commit")
    assert result.exit_code == 0, result.output
    assert "nothing to archive" in result.stderr
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""


def test_a_run_that_moves_nothing_leaves_no_untracked_file(repo: Path, cli: Invoke) -> None:
    for args in (["archive", "--dry-run"], ["archive", "--older-than", "100y"], ["restore", "ny"]):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        # Neither an empty log nor a lock file: `git status` stays clean for the staff.
        assert git(repo, "status", "--porcelain", "--untracked-files=all") == "", args


def test_refuses_staged_changes_to_those_paths_and_moves_nothing(repo: Path, cli: Invoke) -> None:
    path = repo / "articles" / "2022-12-07-gammal.md"
    path.write_text(article_text("Gammal, rättad", "gammal", OLD), encoding="utf-8")
    git(repo, "add", str(path))
    head = git(repo, "rev-parse", "HEAD")
    result = cli("archive", "--commit")
    assert result.exit_code == 1
    assert "staged changes to paths the archive would commit: articles/2022-12-07-gammal.md" in result.stderr
    assert "nothing was moved" in result.stderr
    assert path.is_file()
    # At most the empty archive/ folder the lock is taken on: git does not see it, nothing is in it.
    assert not any(p.is_file() for p in (repo / "articles" / "archive").rglob("*"))
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == "M  articles/2022-12-07-gammal.md\n"
    assert git(repo, "rev-parse", "HEAD") == head


def test_refuses_outside_a_work_tree(site: Path, write: Write, cli: Invoke) -> None:
    write("2022-12-07-gammal.md", article_text("Gammal", "gammal", OLD))
    result = cli("archive", "--commit")
    assert result.exit_code == 2
    assert "is not in a git work tree" in result.stderr
    assert (site / "articles" / "2022-12-07-gammal.md").is_file()


def test_refuses_without_a_git_identity(repo: Path, cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo, "config", "--unset", "user.name")
    git(repo, "config", "--unset", "user.email")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "")
    monkeypatch.setenv("EMAIL", "")
    monkeypatch.delenv("GIT_COMMITTER_EMAIL", raising=False)
    result = cli("archive", "--commit")
    assert result.exit_code == 2
    assert "git has no name and e-mail" in result.stderr
    assert (repo / "articles" / "2022-12-07-gammal.md").is_file()


def test_commit_takes_no_dry_run(repo: Path, cli: Invoke) -> None:
    result = cli("archive", "--commit", "--dry-run")
    assert result.exit_code == 2
    assert (repo / "articles" / "2022-12-07-gammal.md").is_file()
