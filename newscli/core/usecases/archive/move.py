"""Moves, in batches, by the sequence on the package's front page; a file that fails stays where it was."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newscli.core.probe import Probe
from newscli.core.usecases.archive.folder import (
    Dirs,
    Folder,
    MoveError,
    ProblemKind,
    lstat_checked,
    lstat_or_none,
    read_file,
    same_inode,
    sha_of,
    split_rel,
    tmp_name,
)
from newscli.core.usecases.archive.log import ArchiveLog, LogError, MoveAction, MoveState, Record
from newscli.core.usecases.archive.plan import Planned, hard_link_reason
from newscli.core.writing import durable
from newscli.core.writing.durable import Fingerprint, Step, fingerprint_of
from newscli.i18n import Message, os_error


@dataclass(frozen=True)
class Moved:
    action: MoveAction
    src: str
    dst: str
    slug: str
    sha256: str | None  # None only in a dry run not asked for it, for a file the scan did not read


# -- moves, in batches -----------------------------------------------------------------------------------

MoveOutcome = Moved | MoveError | OSError | None  # None: not attempted (a stop, or the log failed)
STOPPED_REASON = "the run was stopped (Ctrl-C or SIGTERM) before it moved; left in place"


@dataclass
class BatchResult:
    """One outcome per file of a batch, in order; an OSError leaves the file's intent for recovery."""

    outcomes: list[MoveOutcome]
    stopped: bool = False
    fatal: LogError | None = None


@dataclass
class _Move:
    """A file of a batch on its way: where it is, what it was, what is at its destination."""

    index: int
    item: Planned
    src_fd: int
    src_name: str
    dst_dir: str
    dst_fd: int
    dst_name: str
    current: Fingerprint
    existing: os.stat_result | None
    intent: Record | None = None
    sha: str = ""


def _never() -> bool:
    return False


def move(
    folder: Folder, log: ArchiveLog, action: MoveAction, src: str, dst: str, slug: str, expected: Fingerprint
) -> Moved:
    """Move one file (a batch of one); MoveError, OSError or LogError when it did not move."""
    result = move_batch(folder, log, action, [Planned(src, dst, slug, expected)])
    if result.fatal is not None:
        raise result.fatal
    outcome = result.outcomes[0]
    if isinstance(outcome, Exception):
        raise outcome
    assert outcome is not None
    return outcome


def move_batch(
    folder: Folder,
    log: ArchiveLog,
    action: MoveAction,
    items: Sequence[Planned],
    stop: Callable[[], bool] = _never,
) -> BatchResult:
    """Move a batch by the sequence in the module docstring; a file that fails stays where it was.

    ``stop`` is asked before each file is read and before each is linked: once it says so, the
    files not yet linked are left in place (their intents closed) and the linked ones finished.
    A LogError ends the batch at once: what is half done is in the log, for the next run.
    """
    result = BatchResult([None] * len(items))
    dirs = Dirs(folder)
    try:
        _run_batch(dirs, log, action, items, stop, result)
    except LogError as exc:
        result.fatal = exc
    finally:
        dirs.close()
    return result


def _run_batch(
    dirs: Dirs,
    log: ArchiveLog,
    action: MoveAction,
    items: Sequence[Planned],
    stop: Callable[[], bool],
    result: BatchResult,
) -> None:
    outcomes = result.outcomes
    probe = dirs.folder.probe
    ready: list[_Move] = []
    for index, item in enumerate(items):
        if stop():
            result.stopped = True
            break
        try:
            ready.append(_prepare(dirs, index, item))
        except (MoveError, OSError) as exc:
            outcomes[index] = exc
    if not ready or result.stopped:
        return  # nothing has a name or a record yet: what was read stays as it is
    ready = _sync_data(ready, outcomes, probe)
    if not ready:
        return

    records = log.begin_many(action, [(m.item.src, m.item.dst, m.item.slug, m.current) for m in ready])
    for m, record in zip(ready, records, strict=True):
        m.intent = record
    probe.step(Step.INTENT, "")

    linked: list[_Move] = []
    left: list[_Move] = []
    for m in ready:
        if stop():
            result.stopped = True
            left.append(m)
            continue
        if m.existing is None:
            try:
                _link(log, _intent(m), m.src_fd, m.src_name, m.dst_fd, m.dst_name)
            except (MoveError, OSError) as exc:
                outcomes[m.index] = exc
                continue
            probe.step(Step.LINKED, m.item.src)
        linked.append(m)
    log.end_many([(_intent(m), None, STOPPED_REASON) for m in left], MoveState.CANCELLED)

    # Every new name durable before any old name goes; a name left by an earlier run too.
    linked = _sync_folders(linked, lambda m: (m.dst_dir, m.dst_fd), outcomes)
    if linked:
        probe.step(Step.DST_SYNCED, "")

    verified: list[_Move] = []
    for m in linked:
        try:
            m.sha = _verify(
                log, _intent(m), m.src_fd, m.src_name, m.dst_fd, m.dst_name, m.current, m.existing is None
            )
        except (MoveError, OSError) as exc:
            outcomes[m.index] = exc
            continue
        probe.step(Step.VERIFIED, m.item.src)
        verified.append(m)

    retired: list[_Move] = []
    for m in verified:
        try:
            retire(
                probe, m.src_fd, m.src_name, tmp_name(_intent(m).id), m.dst_fd, m.dst_name, m.sha, m.item.src
            )
        except MoveError as exc:
            log.end(_intent(m), MoveState.FAILED, reason=exc.reason)
            outcomes[m.index] = exc
            continue
        except OSError as exc:
            try:
                state, reason = _undo_link(
                    m.src_fd, m.src_name, m.dst_fd, m.dst_name, m.existing is None, exc
                )
            except OSError as again:
                outcomes[m.index] = again  # the intent stays open: the next run sorts it out
                continue
            log.end(_intent(m), state, reason=reason)
            outcomes[m.index] = MoveError(ProblemKind.MOVE_FAILED, reason)
            continue
        retired.append(m)

    # Every old name's removal durable before its done record.
    retired = _sync_folders(retired, lambda m: (split_rel(m.item.src)[0], m.src_fd), outcomes)
    if not retired:
        return
    probe.step(Step.SRC_SYNCED, "")
    log.end_many([(_intent(m), m.sha, None) for m in retired], MoveState.DONE)
    probe.step(Step.DONE, "")
    for m in retired:
        outcomes[m.index] = Moved(action, m.item.src, m.item.dst, m.item.slug, m.sha)


def _intent(m: _Move) -> Record:
    assert m.intent is not None
    return m.intent


def _prepare(dirs: Dirs, index: int, item: Planned) -> _Move:
    """Checks before the intent: still the file scanned, and nothing in the way at the destination."""
    dirs.folder.probe.step(Step.BEGIN, item.src)
    src_parent, src_name = split_rel(item.src)
    dst_parent, dst_name = split_rel(item.dst)
    src_fd = dirs.get(src_parent)
    if src_fd is None:
        raise MoveError(ProblemKind.MISSING, Message("no longer exists"))
    expected = item.fingerprint
    if expected.sha256 is None:
        # The scan took it from the cache: read it now, for the intent and the check after linking.
        _, current = read_file(src_fd, src_name)
    else:
        # The scan read and hashed it: still the very file (inode, size, mtime, ctime) is enough
        # here, since the check after linking compares the content with that sha256 anyway.
        current = fingerprint_of(lstat_checked(src_fd, src_name), expected.sha256)
    if not current.same_as(expected):
        raise MoveError(
            ProblemKind.CHANGED,
            Message("changed since it was read (content, size, time or inode); run again"),
        )
    dst_fd = dirs.get(dst_parent, create=True, rel_for_steps=item.src)
    assert dst_fd is not None
    existing = lstat_or_none(dst_fd, dst_name)
    linked_before = existing is not None and same_inode(existing, current)
    identical = (
        existing is not None and stat.S_ISREG(existing.st_mode) and sha_of(dst_fd, dst_name) == current.sha256
    )
    if existing is not None and not (linked_before or identical):
        raise MoveError(
            ProblemKind.DESTINATION_EXISTS,
            Message("{path} already exists with other content; nothing overwritten", path=item.dst),
        )
    if current.nlink > (2 if linked_before else 1):
        raise MoveError(ProblemKind.HARD_LINKED, hard_link_reason(current.nlink))
    return _Move(index, item, src_fd, src_name, dst_parent, dst_fd, dst_name, current, existing)


def _sync_data(moves: list[_Move], outcomes: list[MoveOutcome], probe: Probe) -> list[_Move]:
    """fsync each file (a file saved seconds ago is on disk before its names change), several at once.

    Each is reopened and checked to be the file of its snapshot; one that fails leaves the batch.
    """
    if len(moves) == 1:
        errors: dict[int, MoveError | None] = {moves[0].index: _sync_one(moves[0])}
    else:
        threads = probe.sync_threads
        shares = [moves[i::threads] for i in range(min(threads, len(moves)))]
        errors = {}
        for share in probe.pool().map(lambda share: [(m.index, _sync_one(m)) for m in share], shares):
            errors.update(share)
    kept = []
    for m in moves:
        error = errors[m.index]
        if error is None:
            kept.append(m)
        else:
            outcomes[m.index] = error
    return kept


def _sync_one(m: _Move) -> MoveError | None:
    def still_the_file(info: os.stat_result) -> bool:
        return fingerprint_of(info, m.current.sha256).same_as(m.current)

    try:
        if not durable.sync_file_at(m.src_fd, m.src_name, still_the_file):
            return MoveError(
                ProblemKind.CHANGED,
                Message("changed since it was read (content, size, time or inode); run again"),
            )
    except FileNotFoundError:
        return MoveError(ProblemKind.MISSING, Message("no longer exists"))
    except OSError as exc:
        return MoveError(ProblemKind.UNREADABLE, Message("cannot read: {reason}", reason=os_error(exc)))
    return None


def _sync_folders(
    moves: list[_Move], folder_of: Callable[[_Move], tuple[str, int]], outcomes: list[MoveOutcome]
) -> list[_Move]:
    """fsync each folder once; the files in a folder that cannot be synced leave the batch."""
    failed: dict[str, OSError] = {}
    synced: set[str] = set()
    for m in moves:
        rel_dir, fd = folder_of(m)
        if rel_dir in synced or rel_dir in failed:
            continue
        try:
            durable.sync_fd(fd)
            synced.add(rel_dir)
        except OSError as exc:
            failed[rel_dir] = exc
    kept = []
    for m in moves:
        error = failed.get(folder_of(m)[0])
        if error is None:
            kept.append(m)
        else:
            outcomes[m.index] = error  # not known to be durable: the intent stays open for recovery
    return kept


def _link(log: ArchiveLog, intent: Record, src_fd: int, src_name: str, dst_fd: int, dst_name: str) -> None:
    try:
        durable.link_at(src_fd, src_name, dst_fd, dst_name)
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            kind, reason = (
                ProblemKind.DESTINATION_EXISTS,
                Message("{path} appeared during the move; nothing overwritten", path=intent.dst),
            )
        elif exc.errno == errno.EXDEV:
            kind = ProblemKind.MOVE_FAILED
            reason = Message(
                "{path} is on another filesystem; newscli moves only within one filesystem "
                "(it never copies), so the file was left in place",
                path=intent.dst,
            )
        elif exc.errno in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK):
            kind = ProblemKind.MOVE_FAILED
            reason = Message(
                "cannot link it to {path}: {reason} (an immutable file or folder, a file "
                "another user owns under fs.protected_hardlinks, or a filesystem without hard links); "
                "left in place",
                path=intent.dst,
                reason=os_error(exc),
            )
        else:
            kind, reason = (
                ProblemKind.MOVE_FAILED,
                Message(
                    "cannot move it to {path}: {reason}; left in place", path=intent.dst, reason=os_error(exc)
                ),
            )
        log.end(intent, MoveState.CANCELLED, reason=reason)
        raise MoveError(kind, reason) from None


def _undo_link(
    src_fd: int, src_name: str, dst_fd: int, dst_name: str, linked_now: bool, exc: OSError
) -> tuple[MoveState, str]:
    """The source name cannot be removed (e.g. an immutable folder): take back the new name.

    Cancelled when the new name is gone again (nothing moved), else failed: both names stay.
    """
    why = Message("cannot remove it from its folder: {reason}", reason=os_error(exc))
    both = (
        MoveState.FAILED,
        Message("{why}; it is now both live and archived: remove one name by hand", why=why),
    )
    source, target = lstat_or_none(src_fd, src_name), lstat_or_none(dst_fd, dst_name)
    if linked_now and same_inode(source, target):
        try:
            durable.remove_at(dst_fd, dst_name, sync=True)  # the source name still holds this very file
        except OSError:
            return both
        return MoveState.CANCELLED, Message("{why}; left in place", why=why)
    return both


def _verify(
    log: ArchiveLog,
    intent: Record,
    src_fd: int,
    src_name: str,
    dst_fd: int,
    dst_name: str,
    expected: Fingerprint,
    linked_now: bool,
) -> str:
    """The sha256 at the destination, after checking it is the file read; else undo and raise."""
    try:
        _, at_dst = read_file(dst_fd, dst_name)
    except MoveError as exc:
        reason = Message(
            "{path} cannot be checked after linking ({reason}); both names kept",
            path=intent.dst,
            reason=exc.reason,
        )
        log.end(intent, MoveState.FAILED, reason=reason)
        raise MoveError(ProblemKind.MOVE_FAILED, reason) from None
    sha = at_dst.sha256
    if sha is not None and sha == expected.sha256 and (not linked_now or same_inode(at_dst, expected)):
        return sha
    source = lstat_or_none(src_fd, src_name)
    if linked_now and source is not None and same_inode(source, at_dst):
        # Written to in place during the move: the source name still holds this very file, so the
        # new name can go and the article stays live with its new content.
        durable.remove_at(dst_fd, dst_name, sync=True)
        reason = Message("changed during the move; left in place, run again")
        log.end(intent, MoveState.CANCELLED, reason=reason)
        raise MoveError(ProblemKind.CHANGED, reason)
    reason = Message(
        "changed during the move; both {src} and {dst} kept: keep the right one",
        src=intent.src,
        dst=intent.dst,
    )
    log.end(intent, MoveState.FAILED, reason=reason)
    raise MoveError(ProblemKind.CHANGED, reason)


def retire(
    probe: Probe, src_fd: int, src_name: str, tmp: str, dst_fd: int, dst_name: str, dst_sha: str, rel: str
) -> None:
    """Remove the name ``src_name`` only if what it names is the file at ``dst`` (or identical bytes).

    Unlinking by name could delete a file put there a moment ago (an editor's save, a git
    checkout); renaming to a private name first, then checking, closes that window.
    """
    try:
        durable.rename_at(src_fd, src_name, tmp)
    except FileNotFoundError:
        return  # the old name is already gone (removed by hand): the file is at dst, nothing to do
    probe.step(Step.RENAMED, rel)
    held = lstat_or_none(src_fd, tmp)
    target = lstat_or_none(dst_fd, dst_name)
    if (
        held is not None
        and stat.S_ISREG(held.st_mode)
        and (same_inode(held, target) or sha_of(src_fd, tmp) == dst_sha)
    ):
        durable.remove_at(src_fd, tmp, sync=False)  # durable with the batch's source folders
        probe.step(Step.UNLINKED, rel)
        return
    put_back(probe, src_fd, tmp, src_name, rel)
    raise MoveError(
        ProblemKind.CHANGED,
        Message("replaced by another file during the move; both versions kept, the new one stays live"),
    )


def put_back(probe: Probe, dir_fd: int, tmp: str, name: str, rel: str) -> None:
    try:
        durable.link_at(dir_fd, tmp, dir_fd, name)
    except FileExistsError:
        raise MoveError(
            ProblemKind.CHANGED,
            Message(
                "a file was replaced during the move; the replaced one is kept as {name} beside it", name=tmp
            ),
        ) from None
    durable.sync_fd(dir_fd)
    probe.step(Step.PUT_BACK, rel)
    durable.remove_at(dir_fd, tmp, sync=True)
