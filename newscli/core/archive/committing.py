"""``archive --commit``: the archive use case, then one git commit of exactly its moves and the log.

For the nightly pipeline (docs/site.md): pull, ``archive --commit``, push, export, build. Before anything
moves, it refuses (changing nothing) when the articles folder is not in a git work tree, when git has
no identity to commit with, or when someone else has staged changes to the paths the moves touch (the
files moved, where they go, the log): a commit must never carry someone's half-done work. The commit
then takes only those paths (``git commit --only``), whatever else is staged, with a message listing
every move. Nothing moved, no commit.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newscli.core.archive.archiving import ArchiveReport, ArchiveRequest, ArchiveWatcher, MoveWatch, archive
from newscli.core.archive.log import LOG_NAME
from newscli.core.archive.plan import Planned, Problem
from newscli.core.archive.probe import Probe
from newscli.core.archive.recover import RecoveryOutcome
from newscli.core.config import Config
from newscli.core.errors import ExitCode, NewscliError, UsageError


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

    def tracked(self, paths: Iterable[str], under: str) -> set[str]:
        """Those of ``paths`` git knows (every file under ``under`` listed once, then matched)."""
        out = _git(self.top, "ls-files", "-z", "--", f":(literal){under}")
        return {name for name in out.split("\0") if name} & set(paths)

    def commit(self, paths: Sequence[str], under: str, message: str) -> Committed:
        """Stage exactly ``paths`` as they now are and commit only them (other staged changes stay
        staged); a path gone from the disk is taken only if git knew it (its removal)."""
        gone = [p for p in paths if not (self.top / p).exists()]
        known = [p for p in paths if (self.top / p).exists()] + sorted(self.tracked(gone, under))
        _git(self.top, "add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=known)
        # Paths on stdin, the message from a file: a night may move thousands of files.
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", suffix=".txt", prefix="newscli-commit-"
        ) as note:
            note.write(message)
            note.flush()
            _git(
                self.top,
                "commit",
                "--quiet",
                "--only",
                "--no-verify",  # a hook must not leave the night's moves half committed
                f"--file={note.name}",
                "--pathspec-from-file=-",
                "--pathspec-file-nul",
                stdin=known,
            )
        commit = _git(self.top, "rev-parse", "--short", "HEAD").strip()
        return Committed(commit, tuple(known), message)


def _git(cwd: Path, *args: str, stdin: Iterable[str] | None = None) -> str:
    from newscli.i18n import _

    data = "\0".join(stdin) if stdin is not None else None
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, input=data, capture_output=True, text=True, check=False, env=env
        )
    except OSError as exc:
        raise GitError(_("cannot run git: {reason}").format(reason=exc.strerror or exc)) from None
    if result.returncode != 0:
        said = (result.stderr or result.stdout).strip().splitlines()
        raise GitError(f"git {args[0]}: {said[-1] if said else f'exit {result.returncode}'}")
    return result.stdout


class _StagedGuard:
    """Passes everything on to the command's watcher; before the moves, refuses staged changes."""

    def __init__(self, watcher: ArchiveWatcher, tree: WorkTree, root: Path) -> None:
        self.watcher = watcher
        self.tree = tree
        self.root = root

    def planned(self, report: ArchiveReport, moves: Sequence[Planned]) -> bool:
        from newscli.i18n import _

        ours = set(touched(self.tree, self.root, [(m.src, m.dst) for m in moves], report))
        theirs = sorted(ours & self.tree.staged())
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


def touched(tree: WorkTree, root: Path, moves: Iterable[tuple[str, str]], report: ArchiveReport) -> list[str]:
    """The paths a commit of these moves takes: each source and destination, the moves a crashed run
    left that recovery finished, and the log; relative to the work tree's top."""
    pairs = list(moves) + [(r.src, r.dst) for r in report.recovered if r.outcome is RecoveryOutcome.FINISHED]
    paths = [tree.relative(root / rel) for pair in pairs for rel in pair]
    paths.append(tree.relative(root / LOG_NAME))
    return list(dict.fromkeys(paths))


def message(tree: WorkTree, root: Path, report: ArchiveReport) -> str:
    count = len(report.moved)
    noun = "article" if count == 1 else "articles"
    lines = [f"newscli archive: {count} {noun} moved to archive/", ""]
    lines += [f"{tree.relative(root / m.src)} -> {tree.relative(root / m.dst)}" for m in report.moved]
    return "\n".join(lines) + "\n"


def archive_and_commit(
    config: Config, now: datetime, request: ArchiveRequest, probe: Probe, watcher: ArchiveWatcher
) -> ArchiveReport:
    """The archive use case inside a git work tree, then one commit of exactly its moves and the log.

    A commit that fails after the moves (a full disk, a lock git holds) leaves them made and logged,
    and the report's ``error`` says how to commit them by hand."""
    from newscli.i18n import _

    root = config.articles_dir
    tree = WorkTree.of(root)
    report = archive(config, now, request, probe, _StagedGuard(watcher, tree, root))
    if request.dry_run or not report.moved or report.error is not None:
        return report
    paths = touched(tree, root, [(m.src, m.dst) for m in report.moved], report)
    try:
        report.committed = tree.commit(paths, tree.relative(root), message(tree, root, report))
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
