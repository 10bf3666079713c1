"""The articles folder, walked without following symbolic links, and files read safely.

Paths inside the folder are ``str`` relative to it (``rel``), with ``/`` separators; a file is
reached through descriptors of its folders (``O_NOFOLLOW``), never through a path string.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from datetime import tzinfo
from enum import StrEnum
from pathlib import Path

from newscli.core.errors import ArticleError, ConfigError
from newscli.core.folder.discover import ARCHIVE_DIR, is_candidate, shown_root
from newscli.core.probe import Probe
from newscli.core.reading import saferead
from newscli.core.reading.model import Summary
from newscli.core.reading.saferead import MAX_ARTICLE_BYTES
from newscli.core.writing import durable
from newscli.core.writing.durable import Fingerprint, Step, fingerprint_of
from newscli.i18n import Message, os_error

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class ProblemKind(StrEnum):
    """Why a file is not moved: its value is the ``problem`` of JSON output, stable for scripts."""

    SYMLINK = "symlink"
    NOT_REGULAR = "not-regular"
    HARD_LINKED = "hard-linked"
    UNREADABLE = "unreadable"
    TOO_LARGE = "too-large"
    INVALID = "invalid"
    CHANGED = "changed"
    MISSING = "missing"
    DESTINATION_EXISTS = "destination-exists"
    UNSAFE_FOLDER = "unsafe-folder"
    MOVE_FAILED = "move-failed"


class MoveError(Exception):
    """A file that is not moved: a stable ``kind`` (for JSON) and a reason a person can act on."""

    def __init__(self, kind: ProblemKind, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


# -- paths -----------------------------------------------------------------------------------------


def split_rel(rel: str) -> tuple[str, str]:
    parent, _, name = rel.rpartition("/")
    return parent, name


def safe_rel(rel: object) -> bool:
    """A relative path to an article file inside the folder: no ``..``, no hidden parts, ``*.md``."""
    if not isinstance(rel, str) or not rel or "\0" in rel or rel.startswith("/"):
        return False
    if "\\" in rel and os.sep == "\\":  # a folder separator only on Windows; on POSIX part of a name
        return False
    parts = rel.split("/")
    if any(part in ("", ".", "..") or part.startswith((".", "_")) for part in parts):
        return False
    return is_candidate(parts[-1])


def is_archived_rel(rel: str) -> bool:
    return rel.startswith(ARCHIVE_DIR + "/")


def archive_destination(article: Summary, rel: str, tz: tzinfo) -> str:
    """``archive/<YYYY>/<file name>``, YYYY the publication year in the configured zone."""
    return f"{ARCHIVE_DIR}/{article.date.astimezone(tz).year:04d}/{split_rel(rel)[1]}"


def tmp_name(op_id: str) -> str:
    # Hidden (leading dot) and not *.md: never read as an article while it exists.
    return f".newscli-moving-{op_id}"


# -- the folder, walked without following symbolic links --------------------------------------------


class Folder:
    """The articles folder, opened once; every folder below it is opened with O_NOFOLLOW.

    Going through folder descriptors means a symbolic link swapped in for a folder is refused,
    not followed out of the articles folder.
    """

    def __init__(self, root: Path, probe: Probe | None = None) -> None:
        self.root = root
        self._probe = probe  # None: opened only to read (the history, the commit's check)
        base = shown_root(root)
        self.base = "" if base == "." else base.rstrip("/") + "/"
        try:
            self.fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except (FileNotFoundError, NotADirectoryError):
            raise ConfigError(Message("the articles folder {folder} does not exist", folder=root)) from None
        except OSError as exc:
            raise ArticleError(
                Message(
                    "cannot open the articles folder {folder}: {reason}", folder=root, reason=os_error(exc)
                )
            ) from None

    @property
    def probe(self) -> Probe:
        """The run's hooks, which every step of a move or recovery is told of."""
        if self._probe is None:
            raise TypeError("a Folder opened only to read takes no steps")  # a bug here, never a user's
        return self._probe

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
                    durable.make_folder_at(fd, part)  # its name durable before anything goes in it
                    self.probe.step(Step.MKDIR, rel_for_steps)
                    child = os.open(part, _DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = child
        except OSError as exc:
            os.close(fd)
            where = "/".join(done)
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise MoveError(
                    ProblemKind.UNSAFE_FOLDER,
                    Message("{folder} is a symbolic link or not a folder; not followed", folder=where),
                ) from None
            raise MoveError(
                ProblemKind.MOVE_FAILED,
                Message(
                    "cannot open or create folder {folder}: {reason}", folder=where, reason=os_error(exc)
                ),
            ) from None
        return fd

    @contextlib.contextmanager
    def dir(self, rel_dir: str, create: bool = False, rel_for_steps: str = "") -> Iterator[int | None]:
        fd = self.open_dir(rel_dir, create, rel_for_steps)
        try:
            yield fd
        finally:
            if fd is not None:
                os.close(fd)


def lstat_or_none(dir_fd: int, name: str) -> os.stat_result | None:
    try:
        return os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None


def same_inode(a: os.stat_result | Fingerprint | None, b: os.stat_result | Fingerprint | None) -> bool:
    if a is None or b is None:
        return False
    dev_a, ino_a = (a.dev, a.ino) if isinstance(a, Fingerprint) else (a.st_dev, a.st_ino)
    dev_b, ino_b = (b.dev, b.ino) if isinstance(b, Fingerprint) else (b.st_dev, b.st_ino)
    return (dev_a, ino_a) == (dev_b, ino_b)


def read_file(dir_fd: int, name: str, info: os.stat_result | None = None) -> tuple[bytes, Fingerprint]:
    """The bytes of a regular file and what it was; MoveError for anything else or a change mid-read.

    ``info`` is the file's lstat when the caller has just taken it (saves a system call).
    """
    if info is None:
        info = lstat_checked(dir_fd, name)
    if stat.S_ISLNK(info.st_mode):
        raise MoveError(
            ProblemKind.SYMLINK,
            Message("symbolic link; links are never moved or followed (move the file it points to)"),
        )
    if not stat.S_ISREG(info.st_mode):
        raise MoveError(
            ProblemKind.NOT_REGULAR, Message("not a regular file (FIFO, device, socket or folder); not read")
        )
    try:
        data, after = saferead.read(name, dir_fd=dir_fd, expect=info, settled=True)
    except saferead.Refused as refused:
        why = refused.why
        if why is saferead.Why.REPLACED or why is saferead.Why.NOT_REGULAR:  # swapped since the lstat
            raise MoveError(
                ProblemKind.CHANGED, Message("replaced while being read; not moved, run again")
            ) from None
        if why is saferead.Why.CHANGED:
            raise MoveError(
                ProblemKind.CHANGED, Message("changed while being read; not moved, run again")
            ) from None
        if why is saferead.Why.TOO_LARGE:
            raise MoveError(
                ProblemKind.TOO_LARGE,
                Message(
                    "file is {size:,} bytes, over the {limit:,} an article may have",
                    size=refused.size,
                    limit=MAX_ARTICLE_BYTES,
                ),
            ) from None
        raise MoveError(
            ProblemKind.UNREADABLE, Message("cannot read: {reason}", reason=refused.reason)
        ) from None
    return data, fingerprint_of(after, hashlib.sha256(data).hexdigest())


def lstat_checked(dir_fd: int, name: str) -> os.stat_result:
    try:
        return os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        raise MoveError(ProblemKind.MISSING, Message("no longer exists")) from None
    except OSError as exc:
        raise MoveError(
            ProblemKind.UNREADABLE, Message("cannot read: {reason}", reason=os_error(exc))
        ) from None


def sha_of(dir_fd: int, name: str) -> str | None:
    try:
        return read_file(dir_fd, name)[1].sha256
    except MoveError:
        return None


class Dirs:
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
