"""The archive use case: every live article due moved into ``archive/<YYYY>/``, and its report."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from newscli.core.errors import NewscliError
from newscli.core.probe import Probe
from newscli.core.report import Outcome
from newscli.core.rules.config import Config
from newscli.core.rules.durations import Duration
from newscli.core.usecases.archive.folder import Folder, MoveError, ProblemKind
from newscli.core.usecases.archive.log import LOG_NAME, ArchiveLog, MoveAction, Record, history, read_log
from newscli.core.usecases.archive.move import Moved, move_batch
from newscli.core.usecases.archive.plan import Plan, Planned, Problem, plan, read_sha256
from newscli.core.usecases.archive.recover import Recovery
from newscli.core.usecases.archive.session import session
from newscli.i18n import Message, os_error

if TYPE_CHECKING:  # archive --commit's result; its module needs this one
    from newscli.core.usecases.archive.committing import Committed


@dataclass(frozen=True)
class ArchiveRequest:
    dry_run: bool = False
    older_than: Duration | None = None  # None: the config's archive_after
    wait: float = 0.0  # seconds to wait for another run's lock
    # The report gives each move's sha256 in a dry run too: the files due are read for it after
    # planning (else it is None for a file the scan took from the cache). The plan is the same
    # either way; a real run always has them, since it reads what it moves.
    with_sha256: bool = False


@dataclass
class ArchiveReport:
    base: str  # how the articles folder is shown, as a prefix of the paths inside it
    dry_run: bool
    now: datetime
    archive_after: Duration  # the effective one
    older_than: bool  # it came from the request, not from the config
    recovered: list[Recovery]
    checked: int = 0  # live articles judged
    planned: int = 0  # moves planned (in a dry run: that would be made)
    moved: list[Moved] = field(default_factory=list)  # in plan order; in a dry run, what would move
    problems: list[Problem] = field(default_factory=list)  # files not moved, in the order met
    declined: bool = False  # the person asked said no
    stopped: bool = False  # a signal stopped the run between batches
    error: NewscliError | None = None  # what stopped the run after part of it was done
    unreadable_log_lines: int = 0  # lines of the log that could not be read (skipped)
    committed: Committed | None = None  # with --commit: the commit of the moves and the log

    @property
    def outcome(self) -> Outcome:
        if self.error is not None:
            return Outcome.FAILED
        if self.stopped:
            return Outcome.INTERRUPTED
        if self.problems or any(not r.ok for r in self.recovered):
            return Outcome.PARTLY
        return Outcome.DONE

    def shown(self, rel: str) -> str:
        return self.base + rel


class MoveWatch(Protocol):
    def advance(self, done: int) -> None: ...

    def stop_requested(self) -> bool: ...


class ArchiveWatcher(Protocol):
    """What the command line is told while the run goes on (the core itself prints nothing)."""

    def planned(self, report: ArchiveReport, moves: Sequence[Planned]) -> bool:
        """Recovery is done and every file judged; True to make the moves (asked before a real run)."""
        ...

    def failed(self, problem: Problem) -> None:
        """A file that could not move, as soon as that is known."""
        ...

    def moving(self, total: int) -> contextlib.AbstractContextManager[MoveWatch]:
        """Around the moves: progress, and whether a signal asked to stop."""
        ...


class QuietWatcher:
    """Goes ahead, shows nothing, never stops: for a caller with no one to ask."""

    def planned(self, report: ArchiveReport, moves: Sequence[Planned]) -> bool:
        return True

    def failed(self, problem: Problem) -> None:
        pass

    @contextlib.contextmanager
    def moving(self, total: int) -> Iterator[MoveWatch]:
        yield self

    def advance(self, done: int) -> None:
        pass

    def stop_requested(self) -> bool:
        return False


def archive(
    config: Config, now: datetime, request: ArchiveRequest, probe: Probe, watcher: ArchiveWatcher
) -> ArchiveReport:
    """Finish what an earlier run left, plan, and (unless a dry run, or declined) move in batches."""
    with session(config, request.wait, request.dry_run, probe) as run:
        folder, log = run.folder, run.log
        report = ArchiveReport(
            folder.base,
            request.dry_run,
            now,
            request.older_than or config.archive_after,
            request.older_than is not None,
            run.recovered,
            unreadable_log_lines=run.unreadable_log_lines,
        )
        found = plan(folder, config, now, request.older_than, moving=log is not None)
        if log is None and request.with_sha256:
            read_sha256(folder, found)
        report.checked, report.planned, report.problems = found.checked, len(found.moves), found.problems
        go_ahead = watcher.planned(report, found.moves)
        if log is None:
            report.moved = [
                Moved(MoveAction.ARCHIVE, m.src, m.dst, m.slug, m.fingerprint.sha256) for m in found.moves
            ]
        elif not go_ahead:
            report.declined = True
        else:
            _perform(found, folder, log, probe, watcher, report)
    return report


def _perform(
    found: Plan, folder: Folder, log: ArchiveLog, probe: Probe, watcher: ArchiveWatcher, report: ArchiveReport
) -> None:
    """Every planned move, in batches; a file that cannot move becomes a problem, the run goes on."""

    def failed(item: Planned, kind: ProblemKind, reason: str) -> None:
        problem = Problem(item.src, kind, reason)
        report.problems.append(problem)
        watcher.failed(problem)

    size = probe.batch_size
    with watcher.moving(len(found.moves)) as watch:
        for start in range(0, len(found.moves), size):
            batch = found.moves[start : start + size]
            result = move_batch(folder, log, MoveAction.ARCHIVE, batch, watch.stop_requested)
            for item, outcome in zip(batch, result.outcomes, strict=True):
                if isinstance(outcome, Moved):
                    report.moved.append(outcome)
                elif isinstance(outcome, MoveError):
                    failed(item, outcome.kind, outcome.reason)
                elif isinstance(outcome, OSError):
                    failed(
                        item,
                        ProblemKind.MOVE_FAILED,
                        Message("{reason}; see the log, and run again", reason=os_error(outcome)),
                    )
            if result.fatal is not None:
                report.error = result.fatal  # no move may happen unrecorded: stop here
                break
            if result.stopped or watch.stop_requested():
                report.stopped = True
                break
            watch.advance(len(batch))


@dataclass
class HistoryReport:
    base: str
    log: Path
    entries: list[Record]  # one per move, its last record, oldest first
    unreadable: int  # lines of the log that could not be read
    outcome: Outcome = Outcome.DONE

    def shown(self, rel: str) -> str:
        return self.base + rel


def read_history(config: Config) -> HistoryReport:
    """Every move the log records, as it stands now (an ``intent`` means not yet recovered)."""
    with Folder(config.articles_dir) as folder:
        records, unreadable = read_log(folder)
        return HistoryReport(folder.base, folder.root / LOG_NAME, history(records), unreadable)
