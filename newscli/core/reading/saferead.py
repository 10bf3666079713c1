"""The one safe read of a file: never through a symbolic link, never hanging on a FIFO, bounded.

Every reader of a file that may come from anyone (an article, the template, the archive log, the
site's data file, an editor's copy) goes through :func:`read`; each says what went wrong in its own
words (a diagnostic, a file the archive does not move, a refused edit), from :class:`Refused`'s
``why``. The checks are made on the open file (``fstat``), not on its name, so a file swapped in
between a check and the read is never read unchecked. A reader that takes a large file in pieces
(the metadata cache) opens it with :func:`opened`, which makes the same checks.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

MAX_ARTICLE_BYTES = 16 * 1024 * 1024  # far above any news item; stops a stray huge file early

# O_NONBLOCK: opening a FIFO must not wait for a writer (a cron job would hang, holding its lock).
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class Why(Enum):
    """Why a file was not read."""

    LINK = "link"  # a symbolic link (and following was not asked for)
    MISSING = "missing"  # no such file
    UNREADABLE = "unreadable"  # the system refused (permissions, I/O error, ...): see ``reason``
    NOT_REGULAR = "not-regular"  # a FIFO, a device, a socket or a folder
    TOO_LARGE = "too-large"  # over the bound: ``size`` says how large
    REPLACED = "replaced"  # not the file ``expect`` described: another one took its name
    CHANGED = "changed"  # its size or time changed while it was read (asked for with ``settled``)


class Refused(Exception):
    """The file was not read: ``why``, the system's ``reason`` where it gave one, and its ``size``."""

    def __init__(self, why: Why, reason: str = "", size: int = 0) -> None:
        super().__init__(reason or why.value)
        self.why = why
        self.reason = reason
        self.size = size


def _open(path: str | Path, dir_fd: int | None, follow: bool) -> int:
    try:
        return os.open(path, _FLAGS if follow else _FLAGS | _NOFOLLOW, dir_fd=dir_fd)
    except OSError as exc:
        why = {errno.ELOOP: Why.LINK, errno.ENOENT: Why.MISSING}.get(exc.errno or 0, Why.UNREADABLE)
        from newscli.i18n import os_error  # here: a read that succeeds needs no catalogue

        raise Refused(why, os_error(exc)) from None


def _check(
    fd: int, max_bytes: int | None, expect: os.stat_result | None, pipes: bool = False
) -> os.stat_result:
    """The open file's fstat, once it is known to be the expected regular file (or, with ``pipes``,
    a pipe) within the bound."""
    try:
        info = os.fstat(fd)
    except OSError as exc:
        from newscli.i18n import os_error

        raise Refused(Why.UNREADABLE, os_error(exc)) from None
    if expect is not None and (info.st_dev, info.st_ino) != (expect.st_dev, expect.st_ino):
        raise Refused(Why.REPLACED)
    if pipes and stat.S_ISFIFO(info.st_mode):
        os.set_blocking(fd, True)  # opened without waiting for a writer; now read what it writes
        return info
    if not stat.S_ISREG(info.st_mode):
        raise Refused(Why.NOT_REGULAR)
    if max_bytes is not None and info.st_size > max_bytes:
        raise Refused(Why.TOO_LARGE, size=info.st_size)
    return info


@contextlib.contextmanager
def opened(
    path: str | Path, *, max_bytes: int | None, dir_fd: int | None = None, follow: bool = False
) -> Iterator[tuple[int, os.stat_result]]:
    """The descriptor of the regular file at ``path``, checked as :func:`read` checks it, and its
    fstat; closed on leaving. For a reader that reads a large file in pieces, never more than the
    fstat's ``st_size`` (which ``max_bytes`` bounds): it should stop there, as a file may grow."""
    fd = _open(path, dir_fd, follow)
    try:
        yield fd, _check(fd, max_bytes, None)
    finally:
        os.close(fd)


def read(
    path: str | Path,
    *,
    dir_fd: int | None = None,
    max_bytes: int | None = MAX_ARTICLE_BYTES,
    follow: bool = False,
    expect: os.stat_result | None = None,
    settled: bool = False,
    pipes: bool = False,
) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file at ``path`` (relative to ``dir_fd`` when given) and its fstat.

    A symbolic link is refused unless ``follow`` (a file the user named explicitly). ``expect``: the
    lstat the caller judged the file by; another inode is refused (REPLACED). ``settled``: the fstat
    is taken after the read, and a file that changed meanwhile is refused (CHANGED); otherwise it is
    the one taken before the read, which is what a later comparison needs (a write that landed
    in between shows as a change). ``pipes``: a pipe is read too, to its end and within the bound (a
    file the person named on the command line, such as ``new --body-file <(cmd)``); opening it never
    waits for a writer, so a named pipe nobody writes to reads as empty.
    """
    fd = _open(path, dir_fd, follow)
    try:
        before = _check(fd, max_bytes, expect, pipes)
        size = before.st_size
        # One byte more than fstat says: a short read proves the end in one system call.
        data = os.read(fd, size + 1)
        if len(data) > size:  # it grew since fstat: refused when settled, else the rest is read
            if settled:
                raise Refused(Why.CHANGED)
            chunks, size = [data], len(data)  # the byte past fstat's size counts too
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise Refused(Why.TOO_LARGE, size=size)
            if max_bytes is not None and size > max_bytes:  # that one byte was over the bound
                raise Refused(Why.TOO_LARGE, size=size)
            data = b"".join(chunks)
        info = before
        if settled:
            info = os.fstat(fd)
            if (info.st_size, info.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or (
                len(data) != info.st_size
            ):
                raise Refused(Why.CHANGED)
    except OSError as exc:
        from newscli.i18n import os_error

        raise Refused(Why.UNREADABLE, os_error(exc)) from None
    finally:
        os.close(fd)
    return data, info
