"""``archive --commit``: the archive use case, then one git commit of exactly its moves and the log.

For the nightly pipeline (docs/site.md): pull, ``archive --commit``, push, export, build. Before anything
moves, it refuses (changing nothing) when the articles folder is not in a git work tree, when git has
no identity to commit with, or when someone else has staged changes to the paths the moves touch (the
files moved, where they go, the log): a commit must never carry someone's half-done work. The commit
then takes only those paths (``git commit --only``), whatever else is staged, with a message listing
every move.

A run also commits the moves the log records but the log in HEAD does not (left uncommitted by a run
without ``--commit``, by a commit that failed, or by one a crash or a power cut lost: git does not
make its writes durable), as long as their files are still as the move left them. Nothing moved and
nothing left uncommitted, no commit. Once the commit is made it is made durable (``sync``) before the
run says so: the nightly pipeline pushes it next.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newscli.core.errors import ExitCode, NewscliError, UsageError
from newscli.core.probe import Probe
from newscli.core.rules.config import Config
from newscli.core.usecases.archive.archiving import (
    ArchiveReport,
    ArchiveRequest,
    ArchiveWatcher,
    MoveWatch,
    archive,
)
from newscli.core.usecases.archive.folder import Folder, lstat_or_none, sha_of, split_rel
from newscli.core.usecases.archive.log import LOG_NAME, MoveState, Record, parse_log, read_log
from newscli.core.usecases.archive.plan import Planned, Problem


class GitError(NewscliError):
    """git refused, or is not there: the message says what git said."""

    exit_code = ExitCode.FILE_ERRORS


class NoWorkTreeError(UsageError):
    """--commit where it cannot commit: outside a git work tree, or without a git identity."""


@dataclass(frozen=True)
class Committed:
    commit: str  # the new commit's short id
    paths: tuple[str, ...]  # relative to the work tree's top, as committed
    message: str
    earlier: int = 0  # moves an earlier run left uncommitted, committed with this run's
    cleared: tuple[str, ...] = ()  # git's lock files a power cut left, removed first


class WorkTree:
    """The git work tree holding the articles folder; git runs there, with paths relative to its top."""

    def __init__(self, top: Path) -> None:
        self.top = top

    @classmethod
    def of(cls, folder: Path) -> WorkTree:
        from newscli.i18n import _

        try:
            result = _git(folder, "rev-parse", "--show-toplevel")
        except GitError as exc:
            raise NoWorkTreeError(
                _("--commit: {folder} is not in a git work tree ({reason})").format(
                    folder=folder, reason=exc.message
                ),
                hint=_("run without --commit, or keep the articles in a git repository"),
            ) from None
        tree = cls(Path(result.strip()))
        try:
            _git(tree.top, "var", "GIT_COMMITTER_IDENT")
        except GitError:
            raise NoWorkTreeError(
                _("--commit: git has no name and e-mail to commit with"),
                hint=_(
                    'set them for the account that runs newscli: git config user.name "..." (and user.email)'
                ),
            ) from None
        return tree

    def relative(self, path: Path) -> str:
        return Path(os.path.relpath(os.path.abspath(path), self.top)).as_posix()

    def staged(self) -> set[str]:
        """Every path with changes in the index (both sides of a rename)."""
        out = _git(self.top, "diff", "--cached", "--name-only", "--no-renames", "-z")
        return {name for name in out.split("\0") if name}

    def unstaged(self) -> set[str]:
        """Every tracked path whose file differs from the index."""
        out = _git(self.top, "diff", "--name-only", "--no-renames", "-z")
        return {name for name in out.split("\0") if name}

    def committed_blob(self, path: str) -> bytes:
        """The bytes of ``path`` in HEAD; empty when HEAD or the path in it does not exist."""
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        try:
            result = subprocess.run(
                ["git", "cat-file", "blob", f"HEAD:{path}"], cwd=self.top, capture_output=True, env=env
            )
        except OSError:
            return b""
        return result.stdout if result.returncode == 0 else b""

    def tracked(self, paths: Iterable[str], under: str, index: dict[str, str] | None = None) -> set[str]:
        """Those of ``paths`` the index knows (every file under ``under`` listed once, then matched);
        ``index``: the environment naming another index than the work tree's."""
        out = _git(self.top, "ls-files", "-z", "--", f":(literal){under}", env=index)
        return {name for name in out.split("\0") if name} & set(paths)

    def stage(self, paths: Sequence[str], under: str, index: dict[str, str] | None = None) -> list[str]:
        """Put ``paths`` in an index as they are on the disk; a path gone from the disk is taken only
        if the index knew it (its removal). The paths taken."""
        gone = [p for p in paths if not (self.top / p).exists()]
        known = [p for p in paths if (self.top / p).exists()] + sorted(self.tracked(gone, under, index))
        _git(self.top, "add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=known, env=index)
        return known

    def clear_stale_locks(self, booted: float | None) -> tuple[str, ...]:
        """Remove the lock files of the index and the branch that are older than the machine's
        start (``booted``, seconds since the epoch): no process holds one, it is what a power cut
        left between git's creating it and renaming it, and git refuses to run while it is there.
        One made since the start may be a running git's: it stays. The paths removed."""
        if booted is None:
            return ()
        names = ["index.lock", "HEAD.lock"]
        branch = _git(self.top, "symbolic-ref", "--quiet", "HEAD", check=False).strip()
        if branch:
            names.append(branch + ".lock")
        removed = []
        for name in names:
            path = self.top / _git(self.top, "rev-parse", "--git-path", name).strip()
            try:
                info = path.lstat()
                if stat.S_ISREG(info.st_mode) and info.st_mtime < booted:
                    path.unlink()
                    removed.append(self.relative(path))
            except FileNotFoundError:
                continue
        return tuple(removed)

    def commit(self, paths: Sequence[str], under: str, message: str) -> Committed:
        """Commit exactly ``paths`` as they now are, and nothing else staged (which stays staged).

        Not ``git commit``: git leaves its objects and its branch to the page cache, so a power cut
        after it could leave the branch pointing to a commit whose objects never reached the disk (a
        broken repository). Here the commit is built in an index of its own, its objects made
        durable (``sync``), and only then is the branch moved to it, and that made durable too: a
        power cut leaves the branch where it was (the next run commits again) or on the new commit.
        """
        parent = _git(self.top, "rev-parse", "--verify", "--quiet", "HEAD", check=False).strip()
        with tempfile.TemporaryDirectory(prefix="newscli-commit-") as tmp:
            own = {"GIT_INDEX_FILE": os.path.join(tmp, "index")}
            _git(self.top, "read-tree", *([parent] if parent else ["--empty"]), env=own)
            committed = self.stage(paths, under, own)
            tree = _git(self.top, "write-tree", env=own).strip()
            note = Path(tmp) / "message.txt"
            note.write_text(message, encoding="utf-8")
            # Paths on stdin, the message from a file: a night may move thousands of files.
            parents = ["-p", parent] if parent else []
            commit = _git(self.top, "commit-tree", tree, *parents, "-F", str(note)).strip()
        # The commit's objects on the disk before anything refers to them; then the work tree's
        # index as the commit leaves those paths, on the disk before the branch moves: a power cut
        # leaves the branch where it was (the index perhaps already staged: the next run takes
        # that as its own) or on the commit with the index agreeing.
        os.sync()
        self.stage(paths, under)
        os.sync()
        subject = message.split("\n", 1)[0]
        _git(self.top, "update-ref", "-m", f"commit: {subject}", "HEAD", commit, parent)
        os.sync()  # the pipeline pushes next: what it pushes is on the disk first
        short = _git(self.top, "rev-parse", "--short", commit).strip()
        return Committed(short, tuple(committed), message)


def _git(
    cwd: Path,
    *args: str,
    stdin: Iterable[str] | None = None,
    env: dict[str, str] | None = None,
    check: bool = True,
) -> str:
    from newscli.i18n import _, os_error_text

    data = "\0".join(stdin) if stdin is not None else None
    full = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(env or {})}
    # Every object, index and branch file git writes is fsynced before its name is given (git 2.36
    # and later; earlier ones ignore the setting): no name ever holds half a file after a power cut.
    argv = ["git", "-c", "core.fsync=committed,index", "-c", "core.fsyncMethod=fsync", *args]
    try:
        result = subprocess.run(
            argv, cwd=cwd, input=data, capture_output=True, text=True, check=False, env=full
        )
    except OSError as exc:
        raise GitError(_("cannot run git: {reason}").format(reason=os_error_text(exc))) from None
    if result.returncode != 0 and check:
        said = (result.stderr or result.stdout).strip().splitlines()
        # git's "fatal:"/"error:" line says what failed and where (a lock file's path); its last
        # line may be advice out of context ("remove the file manually to continue", even when a
        # running git holds the lock).
        first = next((line for line in said if line.startswith(("fatal:", "error:"))), None)
        reason = first or (said[-1] if said else f"exit {result.returncode}")
        raise GitError(f"git {args[0]}: {reason}")
    return result.stdout if result.returncode == 0 else ""


class _StagedGuard:
    """Passes everything on to the command's watcher; before the moves, refuses staged changes."""

    def __init__(self, watcher: ArchiveWatcher, tree: WorkTree, root: Path) -> None:
        self.watcher = watcher
        self.tree = tree
        self.root = root

    def planned(self, report: ArchiveReport, moves: Sequence[Planned]) -> bool:
        from newscli.i18n import _

        earlier = [(r.src, r.dst) for r in uncommitted(self.tree, self.root)]
        ours = set(touched(self.tree, self.root, [(m.src, m.dst) for m in moves] + earlier))
        # A commit a power cut lost can leave its paths staged just as they are on the disk: that
        # is the interrupted commit's own staging, not someone's work.
        left = set(touched(self.tree, self.root, earlier)) - self.tree.unstaged()
        theirs = sorted((ours & self.tree.staged()) - left)
        if theirs and not report.dry_run and moves:
            shown = ", ".join(theirs[:5]) + (
                _(" and {count} more").format(count=len(theirs) - 5) if len(theirs) > 5 else ""
            )
            raise GitError(
                _(
                    "--commit: staged changes to paths the archive would commit: {paths}; nothing was moved"
                ).format(paths=shown),
                hint=_("commit or unstage them first (git restore --staged PATH), then run again"),
            )
        return self.watcher.planned(report, moves)

    def failed(self, problem: Problem) -> None:
        self.watcher.failed(problem)

    def moving(self, total: int) -> contextlib.AbstractContextManager[MoveWatch]:
        return self.watcher.moving(total)


def touched(tree: WorkTree, root: Path, moves: Iterable[tuple[str, str]]) -> list[str]:
    """The paths a commit of these moves takes: each source and destination, and the log; relative
    to the work tree's top."""
    paths = [tree.relative(root / rel) for pair in moves for rel in pair]
    paths.append(tree.relative(root / LOG_NAME))
    return list(dict.fromkeys(paths))


def uncommitted(tree: WorkTree, root: Path) -> list[Record]:
    """The moves the log records as done but the log in HEAD does not (the moves a recovery just
    finished or recorded among them), whose files are still as the move left them: the source gone,
    the destination with the bytes moved. One changed since is someone's work, not the archive's."""
    committed = tree.committed_blob(tree.relative(root / LOG_NAME))
    done = {r.id for r in parse_log(committed.split(b"\n"))[0] if r.state is MoveState.DONE}
    with Folder(root) as folder:
        records, _ = read_log(folder)
        return [r for r in records if r.state is MoveState.DONE and r.id not in done and _as_moved(folder, r)]


def _as_moved(folder: Folder, record: Record) -> bool:
    src_parent, src_name = split_rel(record.src)
    dst_parent, dst_name = split_rel(record.dst)
    with folder.dir(src_parent) as src_fd, folder.dir(dst_parent) as dst_fd:
        if src_fd is not None and lstat_or_none(src_fd, src_name) is not None:
            return False
        found = None if dst_fd is None else sha_of(dst_fd, dst_name)
        return found is not None and found == record.sha256


def commit_message(tree: WorkTree, root: Path, report: ArchiveReport, earlier: Sequence[Record]) -> str:
    count = len(report.moved)
    noun = "article" if count == 1 else "articles"
    lines = [f"newscli archive: {count} {noun} moved to archive/", ""]
    lines += [f"{tree.relative(root / m.src)} -> {tree.relative(root / m.dst)}" for m in report.moved]
    if earlier:
        lines += ["", "Left uncommitted by an earlier run:"]
        lines += [f"{tree.relative(root / r.src)} -> {tree.relative(root / r.dst)}" for r in earlier]
    return "\n".join(lines) + "\n"


def archive_and_commit(
    config: Config,
    now: datetime,
    request: ArchiveRequest,
    probe: Probe,
    watcher: ArchiveWatcher,
    booted: float | None = None,
) -> ArchiveReport:
    """The archive use case inside a git work tree, then one commit of exactly its moves and the log.

    A commit that fails after the moves (a full disk, a lock git holds) leaves them made and logged,
    and the report's ``error`` says how to commit them by hand. ``booted``: when the machine started
    (seconds since the epoch; None where unknown): git's lock files older than that are stale."""
    from newscli.i18n import _

    root = config.articles_dir
    tree = WorkTree.of(root)
    report = archive(config, now, request, probe, _StagedGuard(watcher, tree, root))
    if request.dry_run or report.error is not None:
        return report
    now_moved = [(m.src, m.dst) for m in report.moved]
    earlier = [r for r in uncommitted(tree, root) if (r.src, r.dst) not in now_moved]
    if not now_moved and not earlier:
        return report
    paths = touched(tree, root, now_moved + [(r.src, r.dst) for r in earlier])
    try:
        cleared = tree.clear_stale_locks(booted)
        committed = tree.commit(paths, tree.relative(root), commit_message(tree, root, report, earlier))
        report.committed = dataclasses.replace(committed, earlier=len(earlier), cleared=cleared)
    except GitError as exc:
        report.error = GitError(
            _("--commit: the moves were made and logged, but not committed: {reason}").format(
                reason=exc.message
            ),
            hint=_("commit them by hand: git add -A {folder} && git commit").format(
                folder=tree.relative(root)
            ),
        )
    return report
