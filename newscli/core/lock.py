"""One ``archive`` or ``restore`` run at a time: an ``flock`` on a file in the articles folder.

The kernel releases an flock when its process ends, however it ends (kill -9 included), so a
lock never outlives a crashed run and never needs cleaning up. The lock file stays in place,
empty; it is never the lock itself that is removed.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path
from types import TracebackType

from newscli.core.errors import ArticleError, ConfigError, LockHeldError
from newscli.i18n import Message

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

    ``shared`` is for a dry run: it never creates the lock file (a dry run changes nothing), so
    it returns None when there is no lock file, which means no run has ever held it. Several
    dry runs may hold the shared lock together; a real run needs it alone.
    """
    from newscli.core.posixlock import fcntl as posix_fcntl

    fcntl = posix_fcntl()  # POSIX only, and only the runs that lock need it; checked before any file
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
                strerror=exc.strerror,
            ),
            hint=Message("the archive needs write access to the articles folder"),
        ) from None
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
                        "try again later, or add --wait SECONDS; `fuser -v LOCKFILE` shows the process"
                    ),
                ) from None
            time.sleep(_POLL_SECONDS)
        except OSError as exc:
            os.close(fd)
            raise ArticleError(
                Message("cannot lock {path}: {strerror}", path=path, strerror=exc.strerror)
            ) from None
