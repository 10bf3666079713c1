"""One ``archive`` or ``restore`` run at a time: an ``flock`` on the articles folder's ``archive/``.

The lock is taken on the ``archive/`` folder's own descriptor (made, empty, when missing: git does
not see an empty folder), so no lock file appears in the articles' repository; ``new`` and
``publish`` lock the articles folder itself (:mod:`newscli.core.writing.sluglock`), another inode, so the
two never wait for each other. The kernel releases an flock when its process ends, however it ends
(kill -9 included), so a lock never outlives a crashed run and never needs cleaning up.

Where ``archive/`` is no real folder (a symbolic link, which archive never moves into, or a file),
the empty file ``.newscli-archive.lock`` beside it is locked instead.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path
from types import TracebackType

from newscli.core.errors import ArticleError, ConfigError, LockHeldError
from newscli.i18n import Message, os_error

LOCK_NAME = ".newscli-archive.lock"
_POLL_SECONDS = 0.1


class FolderLock:
    """A held lock; released by :meth:`release`, on leaving a ``with`` block, or by process exit."""

    def __init__(self, fd: int, path: Path, shared: bool) -> None:
        self.fd = fd
        self.path = path
        self.shared = shared

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing the last descriptor drops the flock
            self.fd = -1

    def __enter__(self) -> FolderLock:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


def acquire(folder: Path, *, wait: float = 0.0, shared: bool = False) -> FolderLock | None:
    """Lock ``folder`` for a run, waiting up to ``wait`` seconds; raise LockHeldError when busy.

    ``shared`` is for a dry run: it never creates anything (a dry run changes nothing), so it
    returns None when there is no ``archive/`` folder, which means no run has ever held it. Several
    dry runs may hold the shared lock together; a real run needs it alone.
    """
    from newscli.core.writing.posixlock import fcntl

    fcntl()  # POSIX only, and only the runs that lock need it: checked before anything is made
    opened = _archive_folder(folder, shared)
    if opened is None:
        return None
    if opened == _NOT_A_FOLDER:
        return _lock_file(folder, wait, shared)
    return _hold(opened, folder / ARCHIVE_DIR, folder, wait, shared)


ARCHIVE_DIR = "archive"
_NOT_A_FOLDER = -2


def _archive_folder(folder: Path, shared: bool) -> int | None:
    """A descriptor of ``folder/archive`` (made when missing, except in a dry run: None then);
    ``_NOT_A_FOLDER`` when it is a symbolic link or no folder."""
    path = folder / ARCHIVE_DIR
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    for attempt in (1, 2):
        try:
            return os.open(path, flags)
        except FileNotFoundError:
            if not folder.is_dir():
                raise ConfigError(
                    Message("the articles folder {folder} does not exist", folder=folder)
                ) from None
            if shared:
                return None
            if attempt == 2:
                break
            _make_folder(path)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                return _NOT_A_FOLDER
            break
    raise ArticleError(
        Message("cannot open the archive folder {path}; nothing was changed", path=path),
        hint=Message("the archive needs write access to the articles folder"),
    )


def _make_folder(path: Path) -> None:
    from newscli.core.writing import durable

    try:
        # its name survives a power cut (mkdir, then the articles folder's fsync): the lock is
        # always the same inode; one another run made meanwhile is kept as it is
        durable.make_folder(path)
    except OSError as exc:
        raise ArticleError(
            Message(
                "cannot make the archive folder {path}: {strerror}; nothing was changed",
                path=path,
                strerror=os_error(exc),
            ),
            hint=Message("the archive needs write access to the articles folder"),
        ) from None


def _lock_file(folder: Path, wait: float, shared: bool) -> FolderLock | None:
    path = folder / LOCK_NAME
    flags = os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK  # a FIFO in its place must not hang the run
    flags |= os.O_RDONLY if shared else os.O_RDWR | os.O_CREAT
    try:
        fd = os.open(path, flags, 0o644)
    except FileNotFoundError:
        if shared and folder.is_dir():
            return None
        raise ConfigError(Message("the articles folder {folder} does not exist", folder=folder)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ArticleError(
                Message("the lock file {path} is a symbolic link; remove it", path=path)
            ) from None
        raise ArticleError(
            Message(
                "cannot open the lock file {path}: {strerror}; nothing was changed",
                path=path,
                strerror=os_error(exc),
            ),
            hint=Message("the archive needs write access to the articles folder"),
        ) from None
    return _hold(fd, path, folder, wait, shared)


def _hold(fd: int, path: Path, folder: Path, wait: float, shared: bool) -> FolderLock:
    from newscli.core.writing.posixlock import fcntl as posix_fcntl

    fcntl = posix_fcntl()  # here, not at the top: POSIX only, and only the runs that lock need it

    operation = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB
    deadline = time.monotonic() + max(wait, 0.0)
    while True:
        try:
            fcntl.flock(fd, operation)
            return FolderLock(fd, path, shared)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise LockHeldError(
                    Message(
                        "another newscli archive or restore is running in {folder} (it holds {path})",
                        folder=folder,
                        path=path,
                    ),
                    hint=Message(
                        "try again later, or add --wait SECONDS; `fuser -v {path}` shows the process",
                        path=path,
                    ),
                ) from None
            time.sleep(_POLL_SECONDS)
        except OSError as exc:
            os.close(fd)
            raise ArticleError(
                Message("cannot lock {path}: {strerror}", path=path, strerror=os_error(exc))
            ) from None
