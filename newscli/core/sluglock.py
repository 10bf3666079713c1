"""One ``new`` or ``publish`` at a time per articles folder: "is this slug free? then write" as one step.

Without it, N runs that make the same slug at once each find the slug free, then each write a file
(different names when their dates differ). With it, each run holds an exclusive ``flock`` on
``.newscli-slugs.lock`` in the articles folder from reading the slugs until its file has its name,
so the second run sees the first one's file and is refused like any duplicate.

The kernel drops an flock when its process ends (kill -9 included), so a crashed run never leaves
the folder locked. ``fcntl`` is imported only here, when a run takes the lock.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from newscli.core.errors import ArticleError, ConfigError, LockHeldError

LOCK_NAME = ".newscli-slugs.lock"
WAIT_SECONDS = 120.0  # a run holds it for one slug check and one write: long waits mean a hung run
_POLL_SECONDS = 0.02


@contextlib.contextmanager
def slug_lock(folder: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the folder's slug lock for the ``with`` block, waiting up to ``wait`` seconds for it."""
    import errno
    import fcntl

    from newscli.i18n import _

    path = folder / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except FileNotFoundError:
        raise ConfigError(_("the articles folder {folder} does not exist").format(folder=folder)) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ArticleError(
                _("the lock file {path} is a symbolic link; remove it").format(path=path)
            ) from None
        raise ArticleError(
            _("cannot open the lock file {path}: {reason}; nothing was changed").format(
                path=path, reason=exc.strerror or exc
            ),
            hint=_("newscli needs write access to the articles folder"),
        ) from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockHeldError(
                        _("another newscli new or publish has been writing in {folder} for long").format(
                            folder=folder
                        ),
                        hint=_("try again; `fuser -v {path}` shows the process").format(path=path),
                    ) from None
                time.sleep(_POLL_SECONDS)
        yield
    finally:
        os.close(fd)  # closing the descriptor drops the flock
