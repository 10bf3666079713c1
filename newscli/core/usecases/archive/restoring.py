"""The restore use case: one archived article back to its live place, and its report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from newscli.core.errors import ArticleError, UsageError
from newscli.core.probe import Probe
from newscli.core.reading.article import load_bytes
from newscli.core.report import Outcome
from newscli.core.rules.config import Config, StaleFrom
from newscli.core.rules.durations import Duration, OwnThreshold
from newscli.core.usecases.archive.folder import (
    Folder,
    MoveError,
    ProblemKind,
    is_archived_rel,
    read_file,
    split_rel,
)
from newscli.core.usecases.archive.log import MoveAction, live_place, read_log
from newscli.core.usecases.archive.move import move
from newscli.core.usecases.archive.plan import check_destination
from newscli.core.usecases.archive.recover import Recovery, RecoveryOutcome
from newscli.core.usecases.archive.session import session
from newscli.core.writing.durable import Fingerprint
from newscli.i18n import Message, os_error


@dataclass(frozen=True)
class StillDue:
    """A restored article the next archive run would move back."""

    slug: str
    stale_from: StaleFrom  # what its age counts from
    reference: datetime  # the moment its age counts from
    archive_after: Duration  # the threshold that applies: its own, else the config's
    since: str  # the reference for a person: "published 2022-12-07", "reviewed 2024-05-02 by Anna"


@dataclass
class RestoreReport:
    base: str
    named: str  # the slug or path the person gave
    src: str  # relative to the articles folder; equal to dst when it was live already
    dst: str
    dry_run: bool
    recovered: list[Recovery]
    still_due: StillDue | None
    unreadable_log_lines: int = 0  # lines of the log that could not be read (skipped)
    archive_after: str | None = None  # the article's own archive_after, set by --archive-after
    archive_after_set: bool = False  # it was written (would be, in a dry run): it had another value

    @property
    def outcome(self) -> Outcome:
        return Outcome.PARTLY if any(not r.ok for r in self.recovered) else Outcome.DONE

    def shown(self, rel: str) -> str:
        return self.base + rel


def restore(
    config: Config,
    now: datetime,
    name: str,
    dry_run: bool,
    wait: float,
    probe: Probe,
    recovered: Callable[[str, list[Recovery]], None],
    archive_after: OwnThreshold | None = None,
) -> RestoreReport:
    """Move the archived article ``name`` (a slug, path or file name) back where it was live.

    ``recovered(base, items)`` is told what recovery did before anything else is decided, so that
    it is reported even when the restore itself is then refused.
    """
    from newscli.core.folder.resolve import restore_target

    with session(config, wait, dry_run, probe) as run:
        folder, log = run.folder, run.log
        recovered(folder.base, run.recovered)
        target = restore_target(name, config, folder)
        finished = next(
            (
                r
                for r in run.recovered
                if r.action is MoveAction.RESTORE
                and r.ok
                and r.outcome in (RecoveryOutcome.FINISHED, RecoveryOutcome.RECORDED)
                and (r.src == target.rel if target.by_path else r.slug == name)
            ),
            None,
        )
        src = target.rel
        if finished is not None:  # a restore of this very article was interrupted: now done
            src, dst = finished.src, finished.dst
        elif not is_archived_rel(src):  # already live: restoring is idempotent
            dst = src
        else:
            data, snapshot = _read(folder, src)
            if archive_after is not None:
                _refuse_still_due(data, src, folder, config, now, archive_after)
            dst = live_place(read_log(folder)[0], src) or PurePosixPath(src).name
            slug = _slug_of(data, src, folder, config)
            try:
                if log is None:
                    check_destination(folder, dst, snapshot)
                else:
                    move(folder, log, MoveAction.RESTORE, src, dst, slug, snapshot)
            except MoveError as exc:
                raise ArticleError(
                    Message("{path}: {reason}", path=folder.shown(src), reason=exc.reason)
                ) from None
            except OSError as exc:
                raise ArticleError(
                    Message(
                        "{path}: {reason}; run it again to finish or undo",
                        path=folder.shown(src),
                        reason=os_error(exc),
                    )
                ) from None
        if not (dry_run and finished is None and src != dst):
            data = _read(folder, dst)[0]
        if archive_after is not None:  # a live one (or one recovery restored): before the key is set
            _refuse_still_due(data, dst, folder, config, now, archive_after)
        # Only when it says something else: a live article that already has it is nothing to do.
        setting = (
            archive_after is not None and _own_archive_after(data, dst, folder, config) != archive_after.text
        )
        if archive_after is not None and setting and not dry_run:
            # After the move, so the move stays byte for byte; run again after a crash, it is live
            # already and only this is done.
            from newscli.core.usecases.editing.archive_after import archive_after as set_archive_after

            set_archive_after(str(folder.root / dst), archive_after, config, now, probe)
            data = _read(folder, dst)[0]
        due = still_due(data, dst, folder, config, now)
    return RestoreReport(
        folder.base,
        name,
        src,
        dst,
        dry_run,
        run.recovered,
        due,
        run.unreadable_log_lines,
        None if archive_after is None else archive_after.text,
        setting,
    )


def _refuse_still_due(
    data: bytes, rel: str, folder: Folder, config: Config, now: datetime, archive_after: OwnThreshold
) -> None:
    """Refuse an ``--archive-after`` the article is older than: the option is there to keep it live,
    and with it the next nightly archive would move it straight back."""
    from dataclasses import replace

    from newscli.core.rules.durations import calendar_difference
    from newscli.core.rules.staleness import archive_due, describe_reference, reference_time

    loaded = load_bytes(data, str(folder.root / rel), folder.shown(rel), False, config.timezone)
    if loaded.article is None:
        return  # an unreadable article: the move (or setting the key) reports it
    article = replace(loaded.article.summary(), archived=False, archive_after=archive_after.value)
    if not archive_due(article, config, now):
        return
    years = calendar_difference(reference_time(article, config), now)[0]
    raise UsageError(
        Message(
            "--archive-after {value} would not keep {slug} live: it is older than that ({since}), "
            "so the next archive would move it back; nothing was changed",
            value=archive_after.text,
            slug=article.slug,
            since=describe_reference(article, config),
        ),
        hint=Message(
            "give a duration longer than its age, e.g. --archive-after {longer}, or --archive-after never",
            longer=f"{years + 1}y",
        ),
    )


def _own_archive_after(data: bytes, rel: str, folder: Folder, config: Config) -> object:
    loaded = load_bytes(data, str(folder.root / rel), folder.shown(rel), False, config.timezone)
    return None if loaded.data is None else loaded.data.get("archive_after")


def _read(folder: Folder, rel: str) -> tuple[bytes, Fingerprint]:
    parent, name = split_rel(rel)
    try:
        with folder.dir(parent) as dir_fd:
            if dir_fd is None:
                raise MoveError(ProblemKind.MISSING, Message("no such file"))
            return read_file(dir_fd, name)
    except MoveError as exc:
        raise ArticleError(Message("{path}: {reason}", path=folder.shown(rel), reason=exc.reason)) from None


def _slug_of(data: bytes, rel: str, folder: Folder, config: Config) -> str:
    loaded = load_bytes(data, str(folder.root / rel), folder.shown(rel), True, config.timezone)
    return loaded.article.slug if loaded.article is not None else ""


def still_due(data: bytes, rel: str, folder: Folder, config: Config, now: datetime) -> StillDue | None:
    """Whether the next archive run would move the article (bytes ``data``, live at ``rel``) back."""
    from newscli.core.rules.staleness import archive_threshold, describe_reference, due_for_archive, evaluate

    loaded = load_bytes(data, str(folder.root / rel), folder.shown(rel), False, config.timezone)
    if loaded.article is None:
        return None
    # Whether it is due depends on the article alone, not on its successors: no corpus needed.
    verdict = evaluate(loaded.article, config, now, {})
    article = loaded.article
    threshold = archive_threshold(article, config)
    if threshold is None or not due_for_archive(article, verdict, now):
        return None  # archive_after = "never", or not old enough
    since = describe_reference(article, config)
    return StillDue(article.slug, config.stale_from, verdict.reference, threshold, since)
