"""Recovery: finish or close every move a crash interrupted, from the log's open intents."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from enum import StrEnum

from newscli.core.usecases.archive.folder import (
    Folder,
    MoveError,
    ProblemKind,
    lstat_or_none,
    same_inode,
    sha_of,
    split_rel,
    tmp_name,
)
from newscli.core.usecases.archive.log import ArchiveLog, MoveAction, MoveState, Record, pending, read_log
from newscli.core.usecases.archive.move import put_back, retire
from newscli.core.writing import durable
from newscli.core.writing.durable import Step
from newscli.i18n import Message, os_error


class RecoveryOutcome(StrEnum):
    """What became of a move a crash left half done; its value is JSON's ``outcome``."""

    FINISHED = "finished"  # both names held the file: the old one was removed
    RECORDED = "recorded"  # the move had completed: only its done record was missing
    LEFT_IN_PLACE = "left-in-place"  # nothing had moved yet
    CONFLICT = "conflict"  # both names exist with different content: both kept
    MISSING = "missing"  # neither name exists
    UNSAFE = "unsafe"  # a name is not a regular file, or could not be read: nothing touched
    HIDDEN_FILE = "hidden-file"  # a file left aside and a new one at the old name: both kept


@dataclass(frozen=True)
class Recovery:
    """What happened (or, in a dry run, would happen) to a move a crash left half done."""

    action: MoveAction
    src: str
    dst: str
    outcome: RecoveryOutcome
    reason: str
    ok: bool
    slug: str | None = None


# -- recovery -------------------------------------------------------------------------------------------


def recover(folder: Folder, log: ArchiveLog | None, records: list[Record] | None = None) -> list[Recovery]:
    """Finish or close every move a crash interrupted. With ``log`` None, only say what would happen.
    ``records``: the log as already read, else it is read here."""
    if records is None:
        records, _ = read_log(folder)
    return [_recover_one(folder, log, intent) for intent in pending(records)]


def _recover_one(folder: Folder, log: ArchiveLog | None, intent: Record) -> Recovery:
    def result(
        outcome: RecoveryOutcome, reason: str, ok: bool, state: MoveState, sha: str | None = None
    ) -> Recovery:
        if log is not None:
            log.end(intent, state, sha, None if state is MoveState.DONE else reason)
            folder.probe.step(Step.RECOVERED, intent.src)
        return Recovery(intent.action, intent.src, intent.dst, outcome, reason, ok, intent.slug)

    src_parent, src_name = split_rel(intent.src)
    dst_parent, dst_name = split_rel(intent.dst)
    tmp = tmp_name(intent.id)
    try:
        with folder.dir(src_parent) as src_fd, folder.dir(dst_parent) as dst_fd:
            a = None if src_fd is None else lstat_or_none(src_fd, src_name)
            b = None if dst_fd is None else lstat_or_none(dst_fd, dst_name)
            t = None if src_fd is None else lstat_or_none(src_fd, tmp)
            for name, info in ((intent.src, a), (intent.dst, b), (tmp, t)):
                if info is not None and not stat.S_ISREG(info.st_mode):
                    return result(
                        RecoveryOutcome.UNSAFE,
                        Message("{name} is not a regular file; nothing touched", name=name),
                        False,
                        MoveState.FAILED,
                    )
            if t is not None:
                assert src_fd is not None
                if same_inode(t, a) or same_inode(t, b):
                    # A redundant name left between rename and unlink: the file is still elsewhere.
                    if log is not None:
                        durable.remove_at(src_fd, tmp, sync=True)
                        folder.probe.step(Step.RECOVER_TMP, intent.src)
                elif a is None:
                    if log is not None:  # a file put aside by an interrupted move goes back to its name
                        put_back(folder.probe, src_fd, tmp, src_name, intent.src)
                        a = lstat_or_none(src_fd, src_name)
                    else:
                        a = t
                else:
                    reason = Message(
                        "{src} and a file left aside as {name} both exist; check them",
                        src=intent.src,
                        name=tmp,
                    )
                    return result(RecoveryOutcome.HIDDEN_FILE, reason, False, MoveState.FAILED)
            if a is not None and b is None:
                reason = Message("nothing had moved yet; it stays at {src}", src=intent.src)
                return result(RecoveryOutcome.LEFT_IN_PLACE, reason, True, MoveState.CANCELLED)
            if a is None and b is not None:
                assert dst_fd is not None
                sha = sha_of(dst_fd, dst_name)
                reason = Message("the move had completed; it is at {dst}", dst=intent.dst)
                return result(RecoveryOutcome.RECORDED, reason, True, MoveState.DONE, sha)
            if a is None and b is None:
                reason = Message(
                    "neither {src} nor {dst} exists (moved or removed by hand?)",
                    src=intent.src,
                    dst=intent.dst,
                )
                return result(RecoveryOutcome.MISSING, reason, False, MoveState.FAILED)
            assert src_fd is not None
            assert dst_fd is not None
            dst_sha = sha_of(dst_fd, dst_name)
            if same_inode(a, b) or (dst_sha is not None and sha_of(src_fd, src_name) == dst_sha):
                if log is not None:
                    retire(folder.probe, src_fd, src_name, tmp, dst_fd, dst_name, dst_sha or "", intent.src)
                    durable.sync_fd(src_fd)
                    folder.probe.step(Step.RECOVER_SYNCED, intent.src)
                if log is not None:
                    reason = Message("finished the move to {dst}", dst=intent.dst)
                else:
                    reason = Message("the next run finishes the move to {dst}", dst=intent.dst)
                return result(RecoveryOutcome.FINISHED, reason, True, MoveState.DONE, dst_sha)
            reason = Message(
                "{src} and {dst} both exist with different content; both kept, check them",
                src=intent.src,
                dst=intent.dst,
            )
            return result(RecoveryOutcome.CONFLICT, reason, False, MoveState.FAILED)
    except MoveError as exc:
        changed = exc.kind is ProblemKind.CHANGED
        outcome = RecoveryOutcome.CONFLICT if changed else RecoveryOutcome.UNSAFE
        return result(outcome, exc.reason, False, MoveState.FAILED)
    except OSError as exc:
        return result(
            RecoveryOutcome.UNSAFE,
            Message("cannot finish: {reason}; nothing touched", reason=os_error(exc)),
            False,
            MoveState.FAILED,
        )
