"""Archiving and restoring articles without ever losing one: plan, move, log, recover.

Moves are made in batches (up to :data:`BATCH_SIZE` files), so that each fsync serves many files.
For every file of a batch, in this order, each step durable before the next:

1. its file is read and fsynced (a file saved seconds ago is on disk before its names change) and
   checked against the scan (same inode, size, times; same sha256 when the scan hashed it);
2. an ``intent`` record in the log: the records of the whole batch, written and fsynced at once;
3. ``link(src, dst)``: the kernel refuses an existing ``dst``, so nothing is ever overwritten;
4. fsync of each destination folder of the batch, once (the new names survive a power cut);
5. verify: ``dst`` is the very file read in step 1 (same inode, same sha256);
6. ``rename(src, tmp)`` to a hidden name in the same folder, then check that ``tmp`` is still the
   file now at ``dst`` (an editor or ``git`` may have put a new file at ``src`` meanwhile: that one
   is put back, never deleted), then ``unlink(tmp)``;
7. fsync of each source folder of the batch, once;
8. the ``done`` records of the batch (written and fsynced at once).

So for every file its intent is durable before its link, its new name is durable before its old
name goes, and its ``done`` record is written only once the old name's removal is durable. A file
that fails a step is recorded (``cancelled`` or ``failed``) and leaves the batch; the others go on.
At every point each article exists under at least one name, and the log says which moves were
under way, so the next run finishes or closes each of them (:func:`recover`). A name is removed
only when the same file (inode), or identical bytes, stay under another name. Moves need
``link()``, so source and destination must be on one filesystem: where ``link()`` is refused
(another filesystem, or one without hard links) the file is reported and left in place; newscli
never falls back to copying.

Test hooks: ``NEWSCLI_CRASH_AT=k`` kills the process with SIGKILL at the k-th step (counted from 1
over the whole run) of the move and recovery sequences, so tests can crash a real run anywhere; a
step is one operation on one file (``begin``, ``linked``, ``verified``, ``renamed``, ``unlinked``,
...) or one operation on a whole batch (``intent``, ``dst-synced``, ``src-synced``, ``done``).
``NEWSCLI_ARCHIVE_BATCH=n`` sets the batch size, so tests can cross batch boundaries with a few
files. ``step_hook`` lets in-process tests act at a named step (e.g. change a file mid-run).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import signal
import stat
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from json.encoder import encode_basestring
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscli.core.article import MAX_ARTICLE_BYTES, Summary, load_bytes
from newscli.core.cache import Key, stat_key
from newscli.core.config import Config
from newscli.core.corpus import Entry, Packed, entry_of, pack, summary_cache
from newscli.core.discover import ARCHIVE_DIR, Found, find_articles, is_candidate, shown_root
from newscli.core.durations import Duration
from newscli.core.errors import ArticleError, ConfigError
from newscli.core.staleness import archive_due

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from newscli.core.cache import FileCache

LOG_NAME = ".newscli-archive.log"
LOG_VERSION = 1
CRASH_ENV = "NEWSCLI_CRASH_AT"
BATCH_ENV = "NEWSCLI_ARCHIVE_BATCH"
# Files per batch: each batch costs about two log fsyncs and one fsync per folder it touches, so
# 256 makes them a small part of a large run, while a crash leaves at most 256 moves to recover.
BATCH_SIZE = 256
ACTIONS = ("archive", "restore")
STATES = ("intent", "done", "cancelled", "failed")

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC

# In-process tests set this to act at a step: step_hook(step_name, source_path_relative), the
# path being "" for a step of a whole batch.
step_hook: Callable[[str, str], None] | None = None
_steps_taken = 0


def _step(name: str, rel: str) -> None:
    global _steps_taken
    _steps_taken += 1
    crash_at = os.environ.get(CRASH_ENV)
    if crash_at and crash_at.isdigit() and int(crash_at) == _steps_taken:
        os.kill(os.getpid(), signal.SIGKILL)  # a real crash: no cleanup, no flush, no finally
    if step_hook is not None:
        step_hook(name, rel)


def batch_size() -> int:
    value = os.environ.get(BATCH_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else BATCH_SIZE


class MoveError(Exception):
    """A file that is not moved: a stable ``kind`` (for JSON) and a reason a person can act on."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


class LogError(ArticleError):
    """The log cannot be written: the run stops, since no move may happen unrecorded."""


@dataclass(frozen=True)
class Snapshot:
    """What a file was when seen: identity, size, times, and the content hash when it was read.

    ``sha256`` is None when the scan took the front matter from the cache without reading the
    file: then the identity (inode, size, mtime and ctime, which no program can set) stands for
    the content, exactly as it does for the cache entry itself.
    """

    dev: int
    ino: int
    size: int
    mtime_ns: int
    ctime_ns: int
    nlink: int
    sha256: str | None

    def same_as(self, other: Snapshot) -> bool:
        same = (self.dev, self.ino, self.size, self.mtime_ns, self.ctime_ns) == (
            other.dev,
            other.ino,
            other.size,
            other.mtime_ns,
            other.ctime_ns,
        )
        return same and (self.sha256 is None or other.sha256 is None or self.sha256 == other.sha256)


def _snapshot(info: os.stat_result, sha256: str | None) -> Snapshot:
    return Snapshot(
        info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_nlink, sha256
    )


@dataclass(frozen=True)
class Problem:
    rel: str  # relative to the articles folder
    kind: str
    reason: str


@dataclass(frozen=True)
class Planned:
    src: str
    dst: str
    slug: str
    snapshot: Snapshot


@dataclass
class Plan:
    moves: list[Planned] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0


@dataclass(frozen=True)
class Moved:
    action: str
    src: str
    dst: str
    slug: str
    sha256: str


@dataclass(frozen=True)
class Record:
    """One line of the log."""

    id: str
    time: str
    action: str
    state: str
    src: str
    dst: str
    sha256: str | None = None
    size: int | None = None
    slug: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Recovery:
    """What happened (or, in a dry run, would happen) to a move a crash left half done."""

    action: str
    src: str
    dst: str
    outcome: str  # finished, recorded, left-in-place, conflict, missing, unsafe, hidden-file
    reason: str
    ok: bool
    slug: str | None = None


# -- paths -----------------------------------------------------------------------------------------


def _split(rel: str) -> tuple[str, str]:
    parent, _, name = rel.rpartition("/")
    return parent, name


def safe_rel(rel: object) -> bool:
    """A relative path to an article file inside the folder: no ``..``, no hidden parts, ``*.md``."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\0" in rel or rel.startswith("/"):
        return False
    parts = rel.split("/")
    if any(part in ("", ".", "..") or part.startswith((".", "_")) for part in parts):
        return False
    return is_candidate(parts[-1])


def is_archived_rel(rel: str) -> bool:
    return rel.startswith(ARCHIVE_DIR + "/")


def archive_destination(article: Summary, rel: str, tz: tzinfo) -> str:
    """``archive/<YYYY>/<file name>``, YYYY the publication year in the configured zone."""
    return f"{ARCHIVE_DIR}/{article.date.astimezone(tz).year:04d}/{_split(rel)[1]}"


def _tmp_name(op_id: str) -> str:
    # Hidden (leading dot) and not *.md: never read as an article while it exists.
    return f".newscli-moving-{op_id}"


# -- the folder, walked without following symbolic links --------------------------------------------


class Folder:
    """The articles folder, opened once; every folder below it is opened with O_NOFOLLOW.

    Going through folder descriptors means a symbolic link swapped in for a folder is refused,
    not followed out of the articles folder.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        base = shown_root(root)
        self.base = "" if base == "." else base.rstrip("/") + "/"
        try:
            self.fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except (FileNotFoundError, NotADirectoryError):
            raise ConfigError(f"the articles folder {root} does not exist") from None
        except OSError as exc:
            raise ArticleError(f"cannot open the articles folder {root}: {exc.strerror}") from None

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def shown(self, rel: str) -> str:
        """A path inside the folder as printed: relative to the current folder, like other commands."""
        return self.base + rel

    def __enter__(self) -> Folder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open_dir(self, rel_dir: str, create: bool = False, rel_for_steps: str = "") -> int | None:
        """A descriptor of ``rel_dir`` ('' is the root); None when it is missing and not created."""
        fd = os.dup(self.fd)
        done: list[str] = []
        try:
            for part in rel_dir.split("/") if rel_dir else []:
                done.append(part)
                try:
                    child = os.open(part, _DIR_FLAGS, dir_fd=fd)
                except FileNotFoundError:
                    if not create:
                        os.close(fd)
                        return None
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(part, 0o755, dir_fd=fd)
                    os.fsync(fd)  # the new folder's name is durable before anything goes in it
                    _step("mkdir", rel_for_steps)
                    child = os.open(part, _DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = child
        except OSError as exc:
            os.close(fd)
            where = "/".join(done)
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise MoveError(
                    "unsafe-folder", f"{where} is a symbolic link or not a folder; not followed"
                ) from None
            raise MoveError("move-failed", f"cannot open or create folder {where}: {exc.strerror}") from None
        return fd

    @contextlib.contextmanager
    def dir(self, rel_dir: str, create: bool = False, rel_for_steps: str = "") -> Iterator[int | None]:
        fd = self.open_dir(rel_dir, create, rel_for_steps)
        try:
            yield fd
        finally:
            if fd is not None:
                os.close(fd)


def _lstat(dir_fd: int, name: str) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None


def _same_inode(a: os.stat_result | Snapshot | None, b: os.stat_result | Snapshot | None) -> bool:
    if a is None or b is None:
        return False
    dev_a, ino_a = (a.dev, a.ino) if isinstance(a, Snapshot) else (a.st_dev, a.st_ino)
    dev_b, ino_b = (b.dev, b.ino) if isinstance(b, Snapshot) else (b.st_dev, b.st_ino)
    return (dev_a, ino_a) == (dev_b, ino_b)


def read_file(
    dir_fd: int, name: str, sync: bool = False, info: os.stat_result | None = None
) -> tuple[bytes, Snapshot]:
    """The bytes of a regular file and what it was; MoveError for anything else or a change mid-read.

    ``info`` is the file's lstat when the caller has just taken it (saves a system call).
    """
    if info is None:
        info = _lstat_checked(dir_fd, name)
    if stat.S_ISLNK(info.st_mode):
        raise MoveError(
            "symlink", "symbolic link; links are never moved or followed (move the file it points to)"
        )
    if not stat.S_ISREG(info.st_mode):
        raise MoveError("not-regular", "not a regular file (FIFO, device, socket or folder); not read")
    try:
        # O_NONBLOCK: a FIFO swapped in after the check must not hang a cron job.
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=dir_fd)
    except OSError as exc:
        raise MoveError("unreadable", f"cannot read: {exc.strerror}") from None
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode) or not _same_inode(before, info):
            raise MoveError("changed", "replaced while being read; not moved, run again")
        if before.st_size > MAX_ARTICLE_BYTES:
            raise MoveError(
                "too-large",
                f"file is {before.st_size:,} bytes, over the {MAX_ARTICLE_BYTES:,} an article may have",
            )
        # One byte more than fstat says: a short read proves the end in one system call.
        data = os.read(fd, before.st_size + 1)
        after = os.fstat(fd)
        if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or len(data) != (
            after.st_size
        ):
            raise MoveError("changed", "changed while being read; not moved, run again")
        if sync:
            os.fsync(fd)  # a file saved seconds ago is on disk before its names change
    except OSError as exc:
        raise MoveError("unreadable", f"cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)
    return data, _snapshot(after, hashlib.sha256(data).hexdigest())


def _lstat_checked(dir_fd: int, name: str) -> os.stat_result:
    try:
        return os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        raise MoveError("missing", "no longer exists") from None
    except OSError as exc:
        raise MoveError("unreadable", f"cannot read: {exc.strerror}") from None


def _sha_of(dir_fd: int, name: str) -> str | None:
    try:
        return read_file(dir_fd, name)[1].sha256
    except MoveError:
        return None


# -- the log ------------------------------------------------------------------------------------------


class ArchiveLog:
    """The append-only log, JSON Lines, one fsynced record per step a recovery needs."""

    def __init__(self, folder: Folder, tz: tzinfo) -> None:
        self.tz = tz
        self.path = folder.root / LOG_NAME
        try:
            existed = _lstat(folder.fd, LOG_NAME) is not None
            self.fd = os.open(
                LOG_NAME,
                os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                0o644,
                dir_fd=folder.fd,
            )
        except OSError as exc:
            raise LogError(
                f"cannot write the archive log {self.path}: {exc.strerror}; nothing was moved",
                hint="the archive needs write access to the articles folder and its log",
            ) from None
        try:
            if not existed:
                os.fsync(folder.fd)  # the log's own name survives a power cut
            size = os.fstat(self.fd).st_size
            # A crash mid-write can leave a torn last line: start the next record on its own line.
            if size and os.pread(self.fd, 1, size - 1) != b"\n":
                self._append(b"\n")
        except OSError as exc:
            os.close(self.fd)
            raise LogError(f"cannot write the archive log {self.path}: {exc.strerror}") from None

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def _append(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(self.fd, view)
            view = view[written:]
        os.fsync(self.fd)

    def write(self, record: Record) -> None:
        self.write_many([record])

    def write_many(self, records: Sequence[Record]) -> None:
        """Append records with one write and one fsync: a batch's intents, or its done records."""
        if not records:
            return
        try:
            data = "".join(map(_line, records)).encode("utf-8")
        except UnicodeEncodeError:
            # Names are checked when planned; this is the last guard, before anything was written.
            raise LogError(
                f"cannot record a file name that is not UTF-8 in {self.path}; nothing was moved"
            ) from None
        try:
            self._append(data)
        except OSError as exc:
            raise LogError(
                f"cannot write the archive log {self.path}: {exc.strerror}; the run stopped",
                hint="free space or fix permissions, then run again: it finishes what was half done",
            ) from None

    def now(self) -> str:
        return datetime.now(self.tz).isoformat(timespec="seconds")

    def begin(self, action: str, src: str, dst: str, slug: str, snapshot: Snapshot) -> Record:
        return self.begin_many(action, [(src, dst, slug, snapshot)])[0]

    def begin_many(self, action: str, moves: Sequence[tuple[str, str, str, Snapshot]]) -> list[Record]:
        """The intent records of a batch, durable when this returns; one time for all of them."""
        now = self.now()
        records = [
            Record(uuid.uuid4().hex, now, action, "intent", src, dst, snap.sha256, snap.size, slug)
            for src, dst, slug, snap in moves
        ]
        self.write_many(records)
        return records

    def end(self, intent: Record, state: str, sha256: str | None = None, reason: str | None = None) -> None:
        self.end_many([(intent, sha256, reason)], state)

    def end_many(self, ends: Sequence[tuple[Record, str | None, str | None]], state: str) -> None:
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


def _line(record: Record) -> str:
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
        fd = os.open(LOG_NAME, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder.fd)
    except FileNotFoundError:
        return [], 0
    except OSError as exc:
        raise LogError(f"cannot read the archive log {folder.root / LOG_NAME}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "rb") as handle:
            lines = handle.read().split(b"\n")
    except OSError as exc:
        raise LogError(f"cannot read the archive log {folder.root / LOG_NAME}: {exc.strerror}") from None
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


def _parse_record(line: bytes) -> Record | None:
    try:
        values = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(values, dict):
        return None
    op_id, action, state = values.get("id"), values.get("action"), values.get("state")
    src, dst, time = values.get("from"), values.get("to"), values.get("time")
    if not (isinstance(op_id, str) and len(op_id) == 32 and all(c in "0123456789abcdef" for c in op_id)):
        return None
    if action not in ACTIONS or state not in STATES or not isinstance(time, str):
        return None
    if not (safe_rel(src) and safe_rel(dst)):
        return None  # never act on a path that could leave the folder
    assert isinstance(src, str)
    assert isinstance(dst, str)
    archived_side = dst if action == "archive" else src
    if not is_archived_rel(archived_side):
        return None

    def optional(key: str, kind: type) -> Any:
        value = values.get(key)
        return value if isinstance(value, kind) and not isinstance(value, bool) else None

    return Record(
        op_id,
        time,
        str(action),
        str(state),
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
    return [r for r in last.values() if r.state == "intent"]


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
        if record.action == "archive" and record.state == "done" and record.dst == archived_rel:
            place = record.src
    return place if place is not None and not is_archived_rel(place) else None


# -- planning -----------------------------------------------------------------------------------------


class _Dirs:
    """Folder descriptors opened once for a plan or a batch, not once per file.

    Kept only that long: a folder moved away meanwhile is not written into for more than a batch.
    """

    def __init__(self, folder: Folder) -> None:
        self.folder = folder
        self.fds: dict[str, int | None] = {}

    def get(self, rel_dir: str, create: bool = False, rel_for_steps: str = "") -> int | None:
        """As :meth:`Folder.open_dir`; a refused folder raises MoveError again for each file in it."""
        if rel_dir in self.fds:
            fd = self.fds[rel_dir]
            if fd is not None or not create:
                return fd
        fd = self.folder.open_dir(rel_dir, create, rel_for_steps)
        self.fds[rel_dir] = fd
        return fd

    def close(self) -> None:
        for fd in self.fds.values():
            if fd is not None:
                os.close(fd)
        self.fds.clear()


# Problems of reading a file that the cache records under load()'s wording; the archive reports
# them in its own (with a kind for JSON), so such a file is read again rather than taken from it.
_READ_RULES = frozenset({"file-unreadable", "file-not-regular", "file-too-large"})


def plan(
    folder: Folder,
    config: Config,
    now: datetime,
    archive_after: Duration | None = None,
    hashes: bool = False,
    moving: bool = False,
) -> Plan:
    """Every live article due, with its destination; every file that cannot be judged, as a problem.

    Whether an article is due depends on its front matter only, so it comes from the cache that
    list and show use (keyed by size, times, inode and device) where it can, and a file is read
    only when the cache has nothing for it. The content (sha256) is checked when the file moves;
    ``hashes`` reads the due files now too, for a dry run that reports their sha256. ``moving``
    says the moves are about to be made: the files that move get no cache entry (it would be
    stale at once).
    """
    result = Plan()
    due: list[Planned] = []  # not yet checked at their destinations
    cache = summary_cache(config, archived=False)
    dirs = _Dirs(folder)
    try:
        for found in find_articles(folder.root, live=True, archived=False):
            if found.problem is not None:
                result.problems.append(Problem(found.rel or ".", "unreadable", found.problem))
                continue
            result.checked += 1
            if not _utf8_name(found.rel):
                reason = (
                    "the file name is not valid UTF-8, and the log records names as UTF-8; rename the file"
                )
                result.problems.append(Problem(found.rel, "invalid", reason))
                continue
            parent, name = _split(found.rel)
            try:
                dir_fd = dirs.get(parent)
                if dir_fd is None:
                    raise MoveError("missing", "no longer exists")
                entry, snapshot, read = _scan(dir_fd, name, found, cache, config.timezone)
            except MoveError as exc:
                result.problems.append(Problem(found.rel, exc.kind, exc.reason))
                continue
            article = entry.summary
            valid = article is not None and not entry.errors
            is_due = valid and article is not None and archive_due(article, config, now, archive_after)
            if read is not None:  # read now: worth a cache entry, unless it is about to move
                key, packed = read
                if moving and is_due:
                    cache.forget(found.rel)
                else:
                    cache.put(found.rel, key, packed)
            if not valid:
                first = entry.errors[0]
                reason = (
                    f"line {first.line}: {first.message} [{first.rule}]; left in place (newscli validate)"
                )
                result.problems.append(Problem(found.rel, "invalid", reason))
            elif is_due:  # what a move needs, not the article: 80,000 of them add up
                assert article is not None
                dst = archive_destination(article, found.rel, config.timezone)
                due.append(Planned(found.rel, dst, article.slug, snapshot))
        cache.save()

        # Destinations after every file is judged, so that problems are reported in that order.
        destinations: set[str] = set()
        for item in due:
            rel, dst, snapshot = item.src, item.dst, item.snapshot
            try:
                if hashes and snapshot.sha256 is None:
                    snapshot = _hashed(dirs, rel, snapshot)
                snapshot = _check_destination(dirs, rel, dst, snapshot)
            except MoveError as exc:
                result.problems.append(Problem(rel, exc.kind, exc.reason))
                continue
            if dst in destinations:
                reason = f"{dst} is also the destination of another article in this run; not moved"
                result.problems.append(Problem(rel, "destination-exists", reason))
                continue
            destinations.add(dst)
            result.moves.append(Planned(rel, dst, item.slug, snapshot))
    finally:
        dirs.close()
    return result


def _utf8_name(rel: str) -> bool:
    """False for a name whose bytes are not UTF-8 (Python keeps them as lone surrogates)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _scan(
    dir_fd: int, name: str, found: Found, cache: FileCache, tz: tzinfo
) -> tuple[Entry, Snapshot, tuple[Key, Packed] | None]:
    """The file's front matter, from the cache or read (and hashed, since the bytes are at hand).

    The key is None for a cache hit, else the key of what was read (from fstat after reading).
    """
    info = _lstat_checked(dir_fd, name)
    if stat.S_ISREG(info.st_mode):
        packed: Packed | None = cache.get(found.rel, stat_key(info))
        hit = None if packed is None else entry_of(found, packed)
        if hit is not None and not (hit.diagnostics and any(d.rule in _READ_RULES for d in hit.diagnostics)):
            return hit, _snapshot(info, None), None
    data, snapshot = read_file(dir_fd, name, info=info)  # raises for links, FIFOs and the like
    packed = pack(load_bytes(data, found.fspath, found.shown, False, tz))
    key = (snapshot.size, snapshot.mtime_ns, snapshot.ctime_ns, snapshot.ino, snapshot.dev)
    return entry_of(found, packed), snapshot, (key, packed)


def _hashed(dirs: _Dirs, rel: str, seen: Snapshot) -> Snapshot:
    """The file read now, and checked to be the one the scan saw: its snapshot with the sha256."""
    parent, name = _split(rel)
    dir_fd = dirs.get(parent)
    if dir_fd is None:
        raise MoveError("missing", "no longer exists")
    _, current = read_file(dir_fd, name)
    if not current.same_as(seen):
        raise MoveError("changed", "changed since it was read (content, size, time or inode); run again")
    return current


def check_destination(folder: Folder, dst: str, snapshot: Snapshot) -> None:
    """Refuse a destination holding other content, and a source with other names (hard links).

    ``snapshot`` is of the file read (with its sha256), as restore has it.
    """
    assert snapshot.sha256 is not None
    dirs = _Dirs(folder)
    try:
        _check_destination(dirs, "", dst, snapshot)
    finally:
        dirs.close()


def _check_destination(dirs: _Dirs, rel: str, dst: str, snapshot: Snapshot) -> Snapshot:
    """As check_destination; the snapshot returned has the sha256 when it had to be read for it."""
    parent, name = _split(dst)
    dir_fd = dirs.get(parent)
    existing = None if dir_fd is None else _lstat(dir_fd, name)
    if existing is None:
        if snapshot.nlink > 1:
            raise MoveError("hard-linked", _hard_link_reason(snapshot.nlink))
        return snapshot
    if _same_inode(existing, snapshot):  # left by an interrupted move: finishing it is safe
        if snapshot.nlink > 2:
            raise MoveError("hard-linked", _hard_link_reason(snapshot.nlink - 1))
        return snapshot
    assert dir_fd is not None
    if stat.S_ISREG(existing.st_mode):
        if snapshot.sha256 is None:  # the scan took it from the cache: its bytes are needed now
            snapshot = _hashed(dirs, rel, snapshot)
        if _sha_of(dir_fd, name) == snapshot.sha256:
            if snapshot.nlink > 1:
                raise MoveError("hard-linked", _hard_link_reason(snapshot.nlink))
            return snapshot  # identical bytes already there: the move only has to remove the source
    raise MoveError("destination-exists", f"{dst} already exists with other content; nothing overwritten")


def _hard_link_reason(nlink: int) -> str:
    return (
        f"the file has {nlink} names (hard links): moving one would leave the other writing into "
        "the archived record; not moved (make it a plain copy first: cp FILE tmp && mv tmp FILE)"
    )


# -- moves, in batches -----------------------------------------------------------------------------------

Outcome = Moved | MoveError | OSError | None  # None: not attempted (a stop, or the log failed)
STOPPED_REASON = "the run was stopped (Ctrl-C or SIGTERM) before it moved; left in place"


@dataclass
class BatchResult:
    """One outcome per file of a batch, in order; an OSError leaves the file's intent for recovery."""

    outcomes: list[Outcome]
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
    current: Snapshot
    existing: os.stat_result | None
    intent: Record | None = None
    sha: str = ""


def _never() -> bool:
    return False


def move(
    folder: Folder, log: ArchiveLog, action: str, src: str, dst: str, slug: str, expected: Snapshot
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
    action: str,
    items: Sequence[Planned],
    stop: Callable[[], bool] = _never,
) -> BatchResult:
    """Move a batch by the sequence in the module docstring; a file that fails stays where it was.

    ``stop`` is asked before each file is read and before each is linked: once it says so, the
    files not yet linked are left in place (their intents closed) and the linked ones finished.
    A LogError ends the batch at once: what is half done is in the log, for the next run.
    """
    result = BatchResult([None] * len(items))
    dirs = _Dirs(folder)
    try:
        _run_batch(dirs, log, action, items, stop, result)
    except LogError as exc:
        result.fatal = exc
    finally:
        dirs.close()
    return result


def _run_batch(
    dirs: _Dirs,
    log: ArchiveLog,
    action: str,
    items: Sequence[Planned],
    stop: Callable[[], bool],
    result: BatchResult,
) -> None:
    outcomes = result.outcomes
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
    ready = _sync_data(ready, outcomes)
    if not ready:
        return

    records = log.begin_many(action, [(m.item.src, m.item.dst, m.item.slug, m.current) for m in ready])
    for m, record in zip(ready, records, strict=True):
        m.intent = record
    _step("intent", "")

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
            _step("linked", m.item.src)
        linked.append(m)
    log.end_many([(_intent(m), None, STOPPED_REASON) for m in left], "cancelled")

    # Every new name durable before any old name goes; a name left by an earlier run too.
    linked = _sync_folders(linked, lambda m: (m.dst_dir, m.dst_fd), outcomes)
    if linked:
        _step("dst-synced", "")

    verified: list[_Move] = []
    for m in linked:
        try:
            m.sha = _verify(
                log, _intent(m), m.src_fd, m.src_name, m.dst_fd, m.dst_name, m.current, m.existing is None
            )
        except (MoveError, OSError) as exc:
            outcomes[m.index] = exc
            continue
        _step("verified", m.item.src)
        verified.append(m)

    retired: list[_Move] = []
    for m in verified:
        try:
            _retire(m.src_fd, m.src_name, _tmp_name(_intent(m).id), m.dst_fd, m.dst_name, m.sha, m.item.src)
        except MoveError as exc:
            log.end(_intent(m), "failed", reason=exc.reason)
            outcomes[m.index] = exc
            continue
        except OSError as exc:
            try:
                reason = _undo_link(m.src_fd, m.src_name, m.dst_fd, m.dst_name, m.existing is None, exc)
            except OSError as again:
                outcomes[m.index] = again  # the intent stays open: the next run sorts it out
                continue
            log.end(_intent(m), "cancelled" if reason.endswith("left in place") else "failed", reason=reason)
            outcomes[m.index] = MoveError("move-failed", reason)
            continue
        retired.append(m)

    # Every old name's removal durable before its done record.
    retired = _sync_folders(retired, lambda m: (_split(m.item.src)[0], m.src_fd), outcomes)
    if not retired:
        return
    _step("src-synced", "")
    log.end_many([(_intent(m), m.sha, None) for m in retired], "done")
    _step("done", "")
    for m in retired:
        outcomes[m.index] = Moved(action, m.item.src, m.item.dst, m.item.slug, m.sha)


def _intent(m: _Move) -> Record:
    assert m.intent is not None
    return m.intent


def _prepare(dirs: _Dirs, index: int, item: Planned) -> _Move:
    """Checks before the intent: still the file scanned, and nothing in the way at the destination."""
    _step("begin", item.src)
    src_parent, src_name = _split(item.src)
    dst_parent, dst_name = _split(item.dst)
    src_fd = dirs.get(src_parent)
    if src_fd is None:
        raise MoveError("missing", "no longer exists")
    expected = item.snapshot
    if expected.sha256 is None:
        # The scan took it from the cache: read it now, for the intent and the check after linking.
        _, current = read_file(src_fd, src_name)
    else:
        # The scan read and hashed it: still the very file (inode, size, mtime, ctime) is enough
        # here, since the check after linking compares the content with that sha256 anyway.
        current = _snapshot(_lstat_checked(src_fd, src_name), expected.sha256)
    if not current.same_as(expected):
        raise MoveError("changed", "changed since it was read (content, size, time or inode); run again")
    dst_fd = dirs.get(dst_parent, create=True, rel_for_steps=item.src)
    assert dst_fd is not None
    existing = _lstat(dst_fd, dst_name)
    linked_before = existing is not None and _same_inode(existing, current)
    identical = (
        existing is not None
        and stat.S_ISREG(existing.st_mode)
        and _sha_of(dst_fd, dst_name) == current.sha256
    )
    if existing is not None and not (linked_before or identical):
        raise MoveError(
            "destination-exists", f"{item.dst} already exists with other content; nothing overwritten"
        )
    if current.nlink > (2 if linked_before else 1):
        raise MoveError("hard-linked", _hard_link_reason(current.nlink))
    return _Move(index, item, src_fd, src_name, dst_parent, dst_fd, dst_name, current, existing)


# fsyncs of files run this many at a time: the filesystem then commits many in one journal
# transaction, where one after the other each waits for its own (4 times faster on ext4 here).
SYNC_THREADS = 16
_pool: ThreadPoolExecutor | None = None


def _sync_data(moves: list[_Move], outcomes: list[Outcome]) -> list[_Move]:
    """fsync each file (a file saved seconds ago is on disk before its names change), several at once.

    Each is reopened and checked to be the file of its snapshot; one that fails leaves the batch.
    """
    global _pool
    if len(moves) == 1:
        errors: dict[int, MoveError | None] = {moves[0].index: _sync_one(moves[0])}
    else:
        if _pool is None:
            from concurrent.futures import ThreadPoolExecutor

            _pool = ThreadPoolExecutor(SYNC_THREADS, thread_name_prefix="newscli-fsync")
        shares = [moves[i::SYNC_THREADS] for i in range(min(SYNC_THREADS, len(moves)))]
        errors = {}
        for share in _pool.map(lambda share: [(m.index, _sync_one(m)) for m in share], shares):
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
    try:
        fd = os.open(m.src_name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=m.src_fd)
    except FileNotFoundError:
        return MoveError("missing", "no longer exists")
    except OSError as exc:
        return MoveError("unreadable", f"cannot read: {exc.strerror}")
    try:
        if not _snapshot(os.fstat(fd), m.current.sha256).same_as(m.current):
            return MoveError("changed", "changed since it was read (content, size, time or inode); run again")
        os.fsync(fd)
    except OSError as exc:
        return MoveError("unreadable", f"cannot read: {exc.strerror}")
    finally:
        os.close(fd)
    return None


def _sync_folders(
    moves: list[_Move], folder_of: Callable[[_Move], tuple[str, int]], outcomes: list[Outcome]
) -> list[_Move]:
    """fsync each folder once; the files in a folder that cannot be synced leave the batch."""
    failed: dict[str, OSError] = {}
    synced: set[str] = set()
    for m in moves:
        rel_dir, fd = folder_of(m)
        if rel_dir in synced or rel_dir in failed:
            continue
        try:
            os.fsync(fd)
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
        os.link(src_name, dst_name, src_dir_fd=src_fd, dst_dir_fd=dst_fd, follow_symlinks=False)
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            kind, reason = "destination-exists", f"{intent.dst} appeared during the move; nothing overwritten"
        elif exc.errno == errno.EXDEV:
            kind = "move-failed"
            reason = (
                f"{intent.dst} is on another filesystem; newscli moves only within one filesystem "
                "(it never copies), so the file was left in place"
            )
        elif exc.errno in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK):
            kind = "move-failed"
            reason = (
                f"cannot link it to {intent.dst}: {exc.strerror} (an immutable file or folder, a file "
                "another user owns under fs.protected_hardlinks, or a filesystem without hard links); "
                "left in place"
            )
        else:
            kind, reason = "move-failed", f"cannot move it to {intent.dst}: {exc.strerror}; left in place"
        log.end(intent, "cancelled", reason=reason)
        raise MoveError(kind, reason) from None


def _undo_link(src_fd: int, src_name: str, dst_fd: int, dst_name: str, linked_now: bool, exc: OSError) -> str:
    """The source name cannot be removed (e.g. an immutable folder): take back the new name."""
    why = f"cannot remove it from its folder: {exc.strerror}"
    source, target = _lstat(src_fd, src_name), _lstat(dst_fd, dst_name)
    if linked_now and _same_inode(source, target):
        try:
            os.unlink(dst_name, dir_fd=dst_fd)  # the source name still holds this very file
            os.fsync(dst_fd)
        except OSError:
            return f"{why}; it is now both live and archived: remove one name by hand"
        return f"{why}; left in place"
    return f"{why}; it is now both live and archived: remove one name by hand"


def _verify(
    log: ArchiveLog,
    intent: Record,
    src_fd: int,
    src_name: str,
    dst_fd: int,
    dst_name: str,
    expected: Snapshot,
    linked_now: bool,
) -> str:
    """The sha256 at the destination, after checking it is the file read; else undo and raise."""
    try:
        _, at_dst = read_file(dst_fd, dst_name)
    except MoveError as exc:
        reason = f"{intent.dst} cannot be checked after linking ({exc.reason}); both names kept"
        log.end(intent, "failed", reason=reason)
        raise MoveError("move-failed", reason) from None
    sha = at_dst.sha256
    if sha is not None and sha == expected.sha256 and (not linked_now or _same_inode(at_dst, expected)):
        return sha
    source = _lstat(src_fd, src_name)
    if linked_now and source is not None and _same_inode(source, at_dst):
        # Written to in place during the move: the source name still holds this very file, so the
        # new name can go and the article stays live with its new content.
        os.unlink(dst_name, dir_fd=dst_fd)
        os.fsync(dst_fd)
        reason = "changed during the move; left in place, run again"
        log.end(intent, "cancelled", reason=reason)
        raise MoveError("changed", reason)
    reason = f"changed during the move; both {intent.src} and {intent.dst} kept: keep the right one"
    log.end(intent, "failed", reason=reason)
    raise MoveError("changed", reason)


def _retire(src_fd: int, src_name: str, tmp: str, dst_fd: int, dst_name: str, dst_sha: str, rel: str) -> None:
    """Remove the name ``src_name`` only if what it names is the file at ``dst`` (or identical bytes).

    Unlinking by name could delete a file put there a moment ago (an editor's save, a git
    checkout); renaming to a private name first, then checking, closes that window.
    """
    try:
        os.rename(src_name, tmp, src_dir_fd=src_fd, dst_dir_fd=src_fd)
    except FileNotFoundError:
        return  # the old name is already gone (removed by hand): the file is at dst, nothing to do
    _step("renamed", rel)
    held = _lstat(src_fd, tmp)
    target = _lstat(dst_fd, dst_name)
    if (
        held is not None
        and stat.S_ISREG(held.st_mode)
        and (_same_inode(held, target) or _sha_of(src_fd, tmp) == dst_sha)
    ):
        os.unlink(tmp, dir_fd=src_fd)
        _step("unlinked", rel)
        return
    _put_back(src_fd, tmp, src_name, rel)
    raise MoveError(
        "changed", "replaced by another file during the move; both versions kept, the new one stays live"
    )


def _put_back(dir_fd: int, tmp: str, name: str, rel: str) -> None:
    try:
        os.link(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd, follow_symlinks=False)
    except FileExistsError:
        raise MoveError(
            "changed", f"a file was replaced during the move; the replaced one is kept as {tmp} beside it"
        ) from None
    os.fsync(dir_fd)
    _step("put-back", rel)
    os.unlink(tmp, dir_fd=dir_fd)
    os.fsync(dir_fd)


# -- recovery -------------------------------------------------------------------------------------------


def recover(folder: Folder, log: ArchiveLog | None) -> list[Recovery]:
    """Finish or close every move a crash interrupted. With ``log`` None, only say what would happen."""
    records, _ = read_log(folder)
    return [_recover_one(folder, log, intent) for intent in pending(records)]


def _recover_one(folder: Folder, log: ArchiveLog | None, intent: Record) -> Recovery:
    def result(outcome: str, reason: str, ok: bool, state: str, sha: str | None = None) -> Recovery:
        if log is not None:
            log.end(intent, state, sha, None if state == "done" else reason)
            _step("recovered", intent.src)
        return Recovery(intent.action, intent.src, intent.dst, outcome, reason, ok, intent.slug)

    src_parent, src_name = _split(intent.src)
    dst_parent, dst_name = _split(intent.dst)
    tmp = _tmp_name(intent.id)
    try:
        with folder.dir(src_parent) as src_fd, folder.dir(dst_parent) as dst_fd:
            a = None if src_fd is None else _lstat(src_fd, src_name)
            b = None if dst_fd is None else _lstat(dst_fd, dst_name)
            t = None if src_fd is None else _lstat(src_fd, tmp)
            for name, info in ((intent.src, a), (intent.dst, b), (tmp, t)):
                if info is not None and not stat.S_ISREG(info.st_mode):
                    return result("unsafe", f"{name} is not a regular file; nothing touched", False, "failed")
            if t is not None:
                assert src_fd is not None
                if _same_inode(t, a) or _same_inode(t, b):
                    # A redundant name left between rename and unlink: the file is still elsewhere.
                    if log is not None:
                        os.unlink(tmp, dir_fd=src_fd)
                        os.fsync(src_fd)
                        _step("recover-tmp", intent.src)
                elif a is None:
                    if log is not None:  # a file put aside by an interrupted move goes back to its name
                        _put_back(src_fd, tmp, src_name, intent.src)
                        a = _lstat(src_fd, src_name)
                    else:
                        a = t
                else:
                    reason = f"{intent.src} and a file left aside as {tmp} both exist; check them"
                    return result("hidden-file", reason, False, "failed")
            if a is not None and b is None:
                reason = f"nothing had moved yet; it stays at {intent.src}"
                return result("left-in-place", reason, True, "cancelled")
            if a is None and b is not None:
                assert dst_fd is not None
                sha = _sha_of(dst_fd, dst_name)
                reason = f"the move had completed; it is at {intent.dst}"
                return result("recorded", reason, True, "done", sha)
            if a is None and b is None:
                reason = f"neither {intent.src} nor {intent.dst} exists (moved or removed by hand?)"
                return result("missing", reason, False, "failed")
            assert src_fd is not None
            assert dst_fd is not None
            dst_sha = _sha_of(dst_fd, dst_name)
            if _same_inode(a, b) or (dst_sha is not None and _sha_of(src_fd, src_name) == dst_sha):
                if log is not None:
                    _retire(src_fd, src_name, tmp, dst_fd, dst_name, dst_sha or "", intent.src)
                    os.fsync(src_fd)
                    _step("recover-synced", intent.src)
                verb = "finished" if log is not None else "the next run finishes"
                reason = f"{verb} the move to {intent.dst}"
                return result("finished", reason, True, "done", dst_sha)
            reason = f"{intent.src} and {intent.dst} both exist with different content; both kept, check them"
            return result("conflict", reason, False, "failed")
    except MoveError as exc:
        outcome = "conflict" if exc.kind == "changed" else "unsafe"
        return result(outcome, exc.reason, False, "failed")
    except OSError as exc:
        return result("unsafe", f"cannot finish: {exc.strerror}; nothing touched", False, "failed")
