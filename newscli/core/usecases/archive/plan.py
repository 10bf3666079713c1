"""Planning an archive run: every live article due, with its destination, judged before anything moves."""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from newscli.core.folder.cache import FileCache, Key, stat_key
from newscli.core.folder.corpus import Entry, Packed, entry_of, pack, summary_cache
from newscli.core.folder.discover import Found, find_articles
from newscli.core.reading.article import load_bytes
from newscli.core.rules.config import Config
from newscli.core.rules.durations import Duration
from newscli.core.rules.staleness import archive_due
from newscli.core.usecases.archive.folder import (
    Dirs,
    Folder,
    MoveError,
    ProblemKind,
    archive_destination,
    lstat_checked,
    lstat_or_none,
    read_file,
    same_inode,
    sha_of,
    split_rel,
)
from newscli.core.writing.durable import Fingerprint, fingerprint_of
from newscli.i18n import Message


@dataclass(frozen=True)
class Problem:
    rel: str  # relative to the articles folder
    kind: ProblemKind
    reason: str


@dataclass(frozen=True)
class Planned:
    src: str
    dst: str
    slug: str
    fingerprint: Fingerprint


@dataclass
class Plan:
    moves: list[Planned] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    checked: int = 0


# Problems of reading a file that the cache records under load()'s wording; the archive reports
# them in its own (with a kind for JSON), so such a file is read again rather than taken from it.
_READ_RULES = frozenset({"file-unreadable", "file-not-regular", "file-too-large"})


def plan(
    folder: Folder,
    config: Config,
    now: datetime,
    archive_after: Duration | None = None,
    moving: bool = False,
) -> Plan:
    """Every live article due, with its destination; every file that cannot be judged, as a problem.

    Whether an article is due depends on its front matter only, so it comes from the cache that
    list and show use (keyed by size, times, inode and device) where it can, and a file is read
    only when the cache has nothing for it. The content (sha256) is checked when the file moves
    (a dry run that reports it reads it afterwards: :func:`read_sha256`). ``moving`` says the
    moves are about to be made: the files that move get no cache entry (it would be stale at once).
    """
    result = Plan()
    due: list[Planned] = []  # not yet checked at their destinations
    cache = summary_cache(config, archived=False)
    dirs = Dirs(folder)
    try:
        for found in find_articles(folder.root, live=True, archived=False):
            if found.problem is not None:
                result.problems.append(Problem(found.rel or ".", ProblemKind.UNREADABLE, found.problem))
                continue
            result.checked += 1
            if not _utf8_name(found.rel):
                reason = Message(
                    "the file name is not valid UTF-8, and the log records names as UTF-8; rename the file"
                )
                result.problems.append(Problem(found.rel, ProblemKind.INVALID, reason))
                continue
            parent, name = split_rel(found.rel)
            try:
                dir_fd = dirs.get(parent)
                if dir_fd is None:
                    raise MoveError(ProblemKind.MISSING, Message("no longer exists"))
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
                reason = Message(
                    "line {line}: {problem} [{rule}]; left in place (newscli validate)",
                    line=first.line,
                    problem=first.message,
                    rule=first.rule,
                )
                result.problems.append(Problem(found.rel, ProblemKind.INVALID, reason))
            elif is_due:  # what a move needs, not the article: 80,000 of them add up
                assert article is not None
                dst = archive_destination(article, found.rel, config.timezone)
                due.append(Planned(found.rel, dst, article.slug, snapshot))
        cache.save()

        # Destinations after every file is judged, so that problems are reported in that order.
        destinations: set[str] = set()
        for item in due:
            rel, dst, snapshot = item.src, item.dst, item.fingerprint
            try:
                snapshot = _check_destination(dirs, rel, dst, snapshot)
            except MoveError as exc:
                result.problems.append(Problem(rel, exc.kind, exc.reason))
                continue
            if dst in destinations:
                reason = Message(
                    "{dst} is also the destination of another article in this run; not moved", dst=dst
                )
                result.problems.append(Problem(rel, ProblemKind.DESTINATION_EXISTS, reason))
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
    dir_fd: int, name: str, found: Found, cache: FileCache[Packed], tz: tzinfo
) -> tuple[Entry, Fingerprint, tuple[Key, Packed] | None]:
    """The file's front matter, from the cache or read (and hashed, since the bytes are at hand).

    The key is None for a cache hit, else the key of what was read (from fstat after reading).
    """
    info = lstat_checked(dir_fd, name)
    if stat.S_ISREG(info.st_mode):
        packed: Packed | None = cache.get(found.rel, stat_key(info))
        hit = None if packed is None else entry_of(found, packed)
        if hit is not None and not (hit.diagnostics and any(d.rule in _READ_RULES for d in hit.diagnostics)):
            return hit, fingerprint_of(info, None), None
    data, snapshot = read_file(dir_fd, name, info=info)  # raises for links, FIFOs and the like
    packed = pack(load_bytes(data, found.fspath, found.shown, False, tz))
    key = (snapshot.size, snapshot.mtime_ns, snapshot.ctime_ns, snapshot.ino, snapshot.dev)
    return entry_of(found, packed), snapshot, (key, packed)


def _hashed(dirs: Dirs, rel: str, seen: Fingerprint) -> Fingerprint:
    """The file read now, and checked to be the one the scan saw: its snapshot with the sha256."""
    parent, name = split_rel(rel)
    dir_fd = dirs.get(parent)
    if dir_fd is None:
        raise MoveError(ProblemKind.MISSING, Message("no longer exists"))
    _, current = read_file(dir_fd, name)
    if not current.same_as(seen):
        raise MoveError(
            ProblemKind.CHANGED,
            Message("changed since it was read (content, size, time or inode); run again"),
        )
    return current


def read_sha256(folder: Folder, found: Plan) -> None:
    """Every planned move with the sha256 of its file, for a dry run's report: the files the scan
    took from the cache are read now. One that changed or went since it was judged is a problem, not
    a move (a real run reads each file as it moves it, and checks it the same way)."""
    dirs = Dirs(folder)
    moves: list[Planned] = []
    try:
        for item in found.moves:
            try:
                seen = item.fingerprint
                fingerprint = seen if seen.sha256 else _hashed(dirs, item.src, seen)
            except MoveError as exc:
                found.problems.append(Problem(item.src, exc.kind, exc.reason))
                continue
            moves.append(Planned(item.src, item.dst, item.slug, fingerprint))
    finally:
        dirs.close()
    found.moves = moves


def check_destination(folder: Folder, dst: str, snapshot: Fingerprint) -> None:
    """Refuse a destination holding other content, and a source with other names (hard links).

    ``snapshot`` is of the file read (with its sha256), as restore has it.
    """
    assert snapshot.sha256 is not None
    dirs = Dirs(folder)
    try:
        _check_destination(dirs, "", dst, snapshot)
    finally:
        dirs.close()


def _check_destination(dirs: Dirs, rel: str, dst: str, snapshot: Fingerprint) -> Fingerprint:
    """As check_destination; the snapshot returned has the sha256 when it had to be read for it."""
    parent, name = split_rel(dst)
    dir_fd = dirs.get(parent)
    existing = None if dir_fd is None else lstat_or_none(dir_fd, name)
    if existing is None:
        if snapshot.nlink > 1:
            raise MoveError(ProblemKind.HARD_LINKED, hard_link_reason(snapshot.nlink))
        return snapshot
    if same_inode(existing, snapshot):  # left by an interrupted move: finishing it is safe
        if snapshot.nlink > 2:
            raise MoveError(ProblemKind.HARD_LINKED, hard_link_reason(snapshot.nlink - 1))
        return snapshot
    assert dir_fd is not None
    if stat.S_ISREG(existing.st_mode):
        if snapshot.sha256 is None:  # the scan took it from the cache: its bytes are needed now
            snapshot = _hashed(dirs, rel, snapshot)
        if sha_of(dir_fd, name) == snapshot.sha256:
            if snapshot.nlink > 1:
                raise MoveError(ProblemKind.HARD_LINKED, hard_link_reason(snapshot.nlink))
            return snapshot  # identical bytes already there: the move only has to remove the source
    raise MoveError(
        ProblemKind.DESTINATION_EXISTS,
        Message("{path} already exists with other content; nothing overwritten", path=dst),
    )


def hard_link_reason(nlink: int) -> str:
    return Message(
        "the file has {count} names (hard links): moving one would leave the other writing into "
        "the archived record; not moved (make it a plain copy first: cp FILE tmp && mv tmp FILE)",
        count=nlink,
    )
