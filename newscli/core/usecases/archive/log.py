"""The archive log: append-only JSON Lines in the articles folder, one fsynced record per step.

Each move has an id; its ``intent`` record is durable before anything changes, and a later record
(``done``, ``cancelled`` or ``failed``) closes it. An intent with no later record is a move a crash
interrupted: :mod:`newscli.core.usecases.archive.recover` finishes or closes it.
"""

from __future__ import annotations

import json
import os
import stat
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from newscli.core.errors import ArticleError
from newscli.core.reading import saferead
from newscli.core.usecases.archive.folder import Folder, is_archived_rel, lstat_or_none, safe_rel
from newscli.core.writing import durable
from newscli.core.writing.durable import Fingerprint
from newscli.i18n import Message, _, os_error

LOG_NAME = ".newscli-archive.log"
LOG_VERSION = 1
# A move writes about 620 bytes (its intent and its done record), so this is some 200,000 moves:
# twice every article of the 100,000-article benchmark archived, far over any real folder's
# history. A planted file over it is refused before it is read (a log of this size takes about
# 600 MB to read; one of gigabytes would exhaust a small server's memory).
MAX_LOG_BYTES = 128 * 1024 * 1024


class MoveAction(StrEnum):
    """Which way a move goes; its value is what the log and JSON say."""

    ARCHIVE = "archive"
    RESTORE = "restore"


class MoveState(StrEnum):
    """Where a move stands: ``intent`` until a later record closes it with one of the others."""

    INTENT = "intent"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"


_ACTIONS = {action.value: action for action in MoveAction}
_STATES = {state.value: state for state in MoveState}


class LogError(ArticleError):
    """The log cannot be written: the run stops, since no move may happen unrecorded."""


@dataclass(frozen=True)
class Record:
    """One line of the log."""

    id: str
    time: str
    action: MoveAction
    state: MoveState
    src: str
    dst: str
    sha256: str | None = None
    size: int | None = None
    slug: str | None = None
    reason: str | None = None


# -- the log ------------------------------------------------------------------------------------------


class ArchiveLog:
    """The append-only log, JSON Lines, one fsynced record per step a recovery needs."""

    def __init__(self, folder: Folder, tz: tzinfo, clock: Callable[[], datetime]) -> None:
        self.tz = tz
        self.clock = clock
        self.path = folder.root / LOG_NAME
        self.folder = folder
        self.fd = -1
        # Made with the first record, not before: a run that moves nothing (or is refused) leaves
        # no empty log behind, an untracked file in the articles' repository.
        if lstat_or_none(folder.fd, LOG_NAME) is not None:
            self._open()

    def _open(self) -> None:
        folder = self.folder
        try:
            existed = lstat_or_none(folder.fd, LOG_NAME) is not None
            # O_NONBLOCK: a FIFO in the log's place must not hang the run (which holds the lock).
            self.fd = os.open(
                LOG_NAME,
                os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                0o644,
                dir_fd=folder.fd,
            )
        except OSError as exc:
            raise LogError(
                Message(
                    "cannot write the archive log {path}: {reason}; nothing was moved",
                    path=self.path,
                    reason=os_error(exc),
                ),
                hint=Message("the archive needs write access to the articles folder and its log"),
            ) from None
        if not stat.S_ISREG(os.fstat(self.fd).st_mode):
            os.close(self.fd)
            self.fd = -1
            raise _not_regular(self.path)
        try:
            if not existed:
                durable.sync_fd(folder.fd)  # the log's own name survives a power cut
            size = os.fstat(self.fd).st_size
            # A crash mid-write can leave a torn last line: start the next record on its own line.
            if size and os.pread(self.fd, 1, size - 1) != b"\n":
                durable.append(self.fd, b"\n")
        except OSError as exc:
            os.close(self.fd)
            self.fd = -1
            raise LogError(
                Message("cannot write the archive log {path}: {reason}", path=self.path, reason=os_error(exc))
            ) from None

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def write(self, record: Record) -> None:
        self.write_many([record])

    def write_many(self, records: Sequence[Record]) -> None:
        """Append records with one write and one fsync: a batch's intents, or its done records."""
        if not records:
            return
        if self.fd < 0:
            self._open()  # before the first move: an intent is always durable before its move
        try:
            data = "".join(map(log_line, records)).encode("utf-8")
        except UnicodeEncodeError:
            # Names are checked when planned; this is the last guard, before anything was written.
            raise LogError(
                Message(
                    "cannot record a file name that is not UTF-8 in {path}; nothing was moved", path=self.path
                )
            ) from None
        try:
            durable.append(self.fd, data)
        except OSError as exc:
            raise LogError(
                Message(
                    "cannot write the archive log {path}: {reason}; the run stopped",
                    path=self.path,
                    reason=os_error(exc),
                ),
                hint="free space or fix permissions, then run again: it finishes what was half done",
            ) from None

    def now(self) -> str:
        return self.clock().astimezone(self.tz).isoformat(timespec="seconds")

    def begin(self, action: MoveAction, src: str, dst: str, slug: str, snapshot: Fingerprint) -> Record:
        return self.begin_many(action, [(src, dst, slug, snapshot)])[0]

    def begin_many(
        self, action: MoveAction, moves: Sequence[tuple[str, str, str, Fingerprint]]
    ) -> list[Record]:
        """The intent records of a batch, durable when this returns; one time for all of them."""
        now = self.now()
        records = [
            Record(uuid.uuid4().hex, now, action, MoveState.INTENT, src, dst, snap.sha256, snap.size, slug)
            for src, dst, slug, snap in moves
        ]
        self.write_many(records)
        return records

    def end(
        self, intent: Record, state: MoveState, sha256: str | None = None, reason: str | None = None
    ) -> None:
        self.end_many([(intent, sha256, reason)], state)

    def end_many(self, ends: Sequence[tuple[Record, str | None, str | None]], state: MoveState) -> None:
        """Close intents, each with its (sha256, reason), in one write."""
        now = self.now()
        self.write_many(
            [
                Record(
                    intent.id,
                    now,
                    intent.action,
                    state,
                    intent.src,
                    intent.dst,
                    sha256 or intent.sha256,
                    slug=intent.slug,
                    reason=reason,
                )
                for intent, sha256, reason in ends
            ]
        )


def log_line(record: Record) -> str:
    """One log line: exactly what ``json.dumps(values, ensure_ascii=False)`` gives, made faster.

    The keys are fixed, so only the string values need JSON escaping; ``encode_basestring`` is the
    escaping json.dumps itself uses for them.
    """
    text = (
        f'{{"v": {LOG_VERSION}, "time": {encode_basestring(record.time)}, '
        f'"id": {encode_basestring(record.id)}, "action": {encode_basestring(record.action)}, '
        f'"state": {encode_basestring(record.state)}, "from": {encode_basestring(record.src)}, '
        f'"to": {encode_basestring(record.dst)}'
    )
    if record.sha256 is not None:
        text += f', "sha256": {encode_basestring(record.sha256)}'
    if record.size is not None:
        text += f', "size": {record.size}'
    if record.slug is not None:
        text += f', "slug": {encode_basestring(record.slug)}'
    if record.reason is not None:
        text += f', "reason": {encode_basestring(record.reason)}'
    return text + "}\n"


def read_log(folder: Folder) -> tuple[list[Record], int]:
    """Every valid record in order, and how many lines were not (torn by a crash, or edited)."""
    try:
        data = saferead.read(LOG_NAME, dir_fd=folder.fd, max_bytes=MAX_LOG_BYTES)[0]
    except saferead.Refused as refused:
        if refused.why is saferead.Why.MISSING:
            return [], 0
        if refused.why is saferead.Why.NOT_REGULAR:
            raise _not_regular(folder.root / LOG_NAME) from None
        if refused.why is saferead.Why.TOO_LARGE:
            raise _too_large(folder.root / LOG_NAME, refused.size) from None
        raise LogError(
            Message(
                "cannot read the archive log {path}: {reason}",
                path=folder.root / LOG_NAME,
                reason=refused.reason,
            )
        ) from None
    return parse_log(data.split(b"\n"))


def parse_log(lines: Sequence[bytes]) -> tuple[list[Record], int]:
    """The valid records of a log's lines, in order, and how many lines were not."""
    records: list[Record] = []
    bad = 0
    for raw in lines:
        line = raw.strip(b"\0 \r\t")  # a power cut can leave zero bytes in a file's tail
        if not line:
            continue
        record = _parse_record(line)
        if record is None:
            bad += 1
        else:
            records.append(record)
    return records, bad


def _too_large(path: Path, size: int) -> LogError:
    """A log over the bound is no log a run wrote: it is neither read nor written to, and nothing
    moves, so nothing a crash left half done is lost; the person decides what the file is."""
    message = _("the archive log {path} is {size:,} bytes, over the {limit:,} a log may have; nothing moved")
    hint = _("keep it (it may be the record of what moved), move it out of the way, and run again")
    return LogError(message.format(path=path, size=size, limit=MAX_LOG_BYTES), hint=hint)


def _not_regular(path: Path) -> LogError:
    """A log that is not a regular file (a FIFO, a device, a folder): nothing is read from or
    written to it, and the run says so instead of hanging or crashing."""
    message = _("the archive log {path} is not a regular file; nothing was read or moved")
    hint = _("move it out of the way; newscli creates a new log")
    return LogError(message.format(path=path), hint=hint)


def _parse_record(line: bytes) -> Record | None:
    """The record on one line, or None for anything else: a torn or edited line is skipped (and
    counted), never a reason to stop: deep nesting, any byte, any value."""
    if not line.startswith(b"{"):
        return None
    try:
        values = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(values, dict):
        return None
    op_id = values.get("id")
    raw_action, raw_state = values.get("action"), values.get("state")
    src, dst, time = values.get("from"), values.get("to"), values.get("time")
    if not (isinstance(op_id, str) and len(op_id) == 32 and all(c in "0123456789abcdef" for c in op_id)):
        return None
    if not (isinstance(raw_action, str) and isinstance(raw_state, str) and isinstance(time, str)):
        return None
    action, state = _ACTIONS.get(raw_action), _STATES.get(raw_state)
    if action is None or state is None:
        return None
    if not (safe_rel(src) and safe_rel(dst)):
        return None  # never act on a path that could leave the folder
    assert isinstance(src, str)
    assert isinstance(dst, str)
    archived_side = dst if action is MoveAction.ARCHIVE else src
    if not is_archived_rel(archived_side):
        return None

    def optional(key: str, kind: type) -> Any:
        value = values.get(key)
        return value if isinstance(value, kind) and not isinstance(value, bool) else None

    return Record(
        op_id,
        time,
        action,
        state,
        src,
        dst,
        optional("sha256", str),
        optional("size", int),
        optional("slug", str),
        optional("reason", str),
    )


def pending(records: list[Record]) -> list[Record]:
    """Intents with no later record: moves a crash interrupted."""
    last: dict[str, Record] = {}
    for record in records:
        last[record.id] = record
    return [r for r in last.values() if r.state is MoveState.INTENT]


def history(records: list[Record]) -> list[Record]:
    """One entry per move, in order: its last record (an ``intent`` means not yet recovered)."""
    last: dict[str, Record] = {}
    for record in records:
        last.pop(record.id, None)  # keep the order of the latest record
        last[record.id] = record
    return list(last.values())


def live_place(records: list[Record], archived_rel: str) -> str | None:
    """Where the file at ``archived_rel`` was before it was archived, if the log knows."""
    place = None
    for record in records:
        if (
            record.action is MoveAction.ARCHIVE
            and record.state is MoveState.DONE
            and record.dst == archived_rel
        ):
            place = record.src
    return place if place is not None and not is_archived_rel(place) else None
