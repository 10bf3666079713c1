"""``newscli archive --commit``: one git commit of exactly the moves and the log, in a real repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
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


# -- what an earlier run left uncommitted: a run without --commit, a commit a crash or power cut lost --


def _committed_paths(repo: Path) -> list[str]:
    shown = git(repo, "show", "--name-status", "--no-renames", "--format=", "HEAD").splitlines()
    return sorted(line for line in shown if line)


MOVED = [
    "A\tarticles/.newscli-archive.log",
    "A\tarticles/archive/2022/2022-12-07-gammal.md",
    "A\tarticles/archive/2023/2023-01-10-vag.md",
    "D\tarticles/2022-12-07-gammal.md",
    "D\tarticles/trafik/2023-01-10-vag.md",
]


def test_commits_the_moves_of_a_run_without_commit(repo: Path, cli: Invoke) -> None:
    assert cli("archive", "--yes").exit_code == 0
    head = git(repo, "rev-parse", "HEAD")
    result = cli("archive", "--commit")
    assert result.exit_code == 0, result.output
    assert "2 moves an earlier run left uncommitted" in result.stderr
    assert git(repo, "rev-parse", "HEAD^") == head
    assert _committed_paths(repo) == MOVED
    message = git(repo, "log", "-1", "--format=%B")
    assert "Left uncommitted by an earlier run:\narticles/2022-12-07-gammal.md -> " in message
    assert git(repo, "status", "--porcelain", "--", "articles") == ""


@pytest.mark.parametrize("reset", ["--mixed", "--soft"], ids=["index lost too", "index kept"])
def test_the_next_run_commits_again_what_a_power_cut_took_from_git(
    repo: Path, cli: Invoke, reset: str
) -> None:
    """Found by tests/test_power_loss.py (archive --commit): git does not make its writes durable,
    so a power cut after the commit can leave the branch where it was, with the index as it was
    (--mixed) or with the moves staged (--soft, the index's rename persisted); the next run found
    nothing to move and committed nothing, or refused the staged paths as someone else's."""
    assert cli("archive", "--commit").exit_code == 0
    git(repo, "reset", "-q", reset, "HEAD^")
    result = cli("archive", "--commit")
    assert result.exit_code == 0, result.output
    assert _committed_paths(repo) == MOVED
    assert git(repo, "status", "--porcelain", "--", "articles") == ""


def test_commits_a_move_the_recovery_recorded(repo: Path, cli: Invoke) -> None:
    """Found by tests/test_power_loss.py: a run cut off after a move had completed but before its
    ``done`` record; the next run's recovery recorded it, and the commit left it out (it took only the
    moves the recovery finished), so the log in HEAD said moved and the tree did not."""
    import hashlib
    import json

    src = repo / "articles" / "2022-12-07-gammal.md"
    data = src.read_bytes()
    dst = repo / "articles" / "archive" / "2022" / src.name
    dst.parent.mkdir(parents=True)
    src.rename(dst)
    intent = {
        "v": 1,
        "time": "2026-11-29T03:15:02+01:00",
        "id": "a5fb68c190ac4ee2b842f4c43a7817dc",
        "action": "archive",
        "state": "intent",
        "from": src.name,
        "to": f"archive/2022/{src.name}",
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "slug": "gammal",
    }
    (repo / "articles" / ".newscli-archive.log").write_text(json.dumps(intent) + "\n", encoding="utf-8")
    result = cli("archive", "--commit")
    assert result.exit_code == 0, result.output
    assert _committed_paths(repo) == MOVED
    assert git(repo, "status", "--porcelain", "--", "articles") == ""


def _booted() -> float:
    return time.time() - time.clock_gettime(time.CLOCK_BOOTTIME)


@pytest.mark.skipif(not hasattr(time, "CLOCK_BOOTTIME"), reason="the system cannot say when it started")
def test_removes_git_locks_a_power_cut_left_and_commits(repo: Path, cli: Invoke) -> None:
    """Found by tests/test_power_loss.py: git creates index.lock (or the branch's) and renames it
    into place; a power cut can keep the creation and lose the rename, and git then refuses every
    later run ("remove the file manually"). One older than the machine's start is no one's."""
    lock = repo / ".git" / "index.lock"
    lock.write_bytes(b"")
    before = _booted() - 3600
    os.utime(lock, (before, before))
    result = cli("archive", "--commit")
    assert result.exit_code == 0, result.output
    assert "removed .git/index.lock: git's lock files left from before this machine started" in result.stderr
    assert not lock.exists()
    assert _committed_paths(repo) == MOVED


def test_keeps_a_git_lock_made_since_the_machine_started(repo: Path, cli: Invoke) -> None:
    lock = repo / ".git" / "refs" / "heads" / "main.lock"
    lock.write_bytes(b"")
    head = git(repo, "rev-parse", "HEAD")
    result = cli("archive", "--commit")
    assert result.exit_code == 1
    assert "the moves were made and logged, but not committed" in result.stderr
    assert lock.exists()
    assert git(repo, "rev-parse", "HEAD") == head


def test_a_lock_a_running_git_holds_is_named_not_advised_away(repo: Path, cli: Invoke) -> None:
    """git's last line ("remove the file manually to continue") is wrong advice while a git runs:
    the reason shown is git's own error line, which names the lock file."""
    lock = repo / ".git" / "index.lock"
    lock.write_bytes(b"")
    result = cli("archive", "--commit")
    assert result.exit_code == 1
    assert "index.lock" in " ".join(result.stderr.split()), result.stderr
    assert "remove the file manually" not in result.stderr
    assert lock.exists()
