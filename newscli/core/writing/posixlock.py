"""The one POSIX-only module newscli uses, ``fcntl`` (flock), imported only by a run that locks.

``new`` and ``publish`` lock the articles folder itself (a descriptor of the folder: no lock file in
the repository); ``archive`` and ``restore`` lock the ``archive/`` folder the same way (the file
``.newscli-archive.lock`` only where ``archive/`` is no real folder). Windows has neither
flock nor descriptors of folders, and msvcrt's byte-range locks need a regular file, so there the
locking commands stop with one line instead of writing unlocked (see the README's "Platforms").
"""

from __future__ import annotations

from types import ModuleType

from newscli.core.errors import UsageError


def fcntl() -> ModuleType:
    """The ``fcntl`` module; a usage error naming the platform's gap where there is none."""
    try:
        import fcntl as module
    except ImportError:
        from newscli.i18n import Message

        raise UsageError(
            Message(
                "cannot lock the articles folder: this platform has no flock (Python's fcntl module); "
                "new, publish, archive and restore run on Linux and macOS"
            ),
            hint=Message("list, show, validate, edit, touch, review and supersede need no lock"),
        ) from None
    return module
