"""One ``new`` or ``publish`` at a time per articles folder: "is this slug free? then write" as one step.

Without it, N runs that make the same slug at once each find the slug free, then each write a file
(different names when their dates differ). With it, each run holds an exclusive ``flock`` on the
articles folder itself from reading the slugs until its file has its name, so the second run sees
the first one's file and is refused like any duplicate.

The lock is taken on the folder's own descriptor, so no lock file ever appears in the articles'
repository. The kernel drops an flock when its process ends (kill -9 included), so a crashed run
never leaves the folder locked. ``fcntl`` is imported only when a run takes the lock
(core/writing/posixlock.py).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from newscli.core.errors import ArticleError, ConfigError, LockHeldError

WAIT_SECONDS = 120.0  # a run holds it for one slug check and one write: long waits mean a hung run
_POLL_SECONDS = 0.02


@contextlib.contextmanager
def slug_lock(folder: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the folder's slug lock for the ``with`` block, waiting up to ``wait`` seconds for it."""
    from newscli.core.writing.posixlock import fcntl as posix_fcntl
    from newscli.i18n import _, os_error_text

    fcntl = posix_fcntl()  # before the folder is opened: where there is no flock, nothing is done

    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except FileNotFoundError:
        raise ConfigError(_("the articles folder {folder} does not exist").format(folder=folder)) from None
    except OSError as exc:
        raise ArticleError(
            _("cannot open the articles folder {folder}: {reason}; nothing was changed").format(
                folder=folder, reason=os_error_text(exc)
            )
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
                        hint=_("try again; `fuser -v {folder}` shows the process").format(folder=folder),
                    ) from None
                time.sleep(_POLL_SECONDS)
        yield
    finally:
        os.close(fd)  # closing the descriptor drops the flock
