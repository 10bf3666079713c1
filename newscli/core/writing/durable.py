"""The one way newscli writes an article: durably, atomically, never over someone else's work.

Two operations on articles, both built so that a crash (kill -9, a power cut) at any point leaves
every article whole under its real name:

* :func:`replace` puts new bytes in place of a file that was read with :func:`read`. The bytes go to
  a temporary file in the same folder, which is fsynced and given the file's mode (and owner, where
  allowed); then the file is checked against what was read — same inode, size, modification and
  change times, same bytes — and only then renamed over it, and the folder is fsynced. When the file
  changed or moved since it was read (a colleague saved it, the nightly archive moved it), nothing is
  replaced: the new version is kept as a named copy beside it (``<name>.kept-<time>``, never an
  article since it does not end in ``.md``) and :class:`ChangedError` says where.
* :func:`create` makes a new file without ever overwriting one: the bytes go to a temporary file,
  which is fsynced and then ``link()``-ed to the final name (the kernel refuses an existing name,
  even in a race), the temporary name is removed and the folder fsynced. A reader never sees a
  half-written article under a real name.

The archive's moves of whole files follow their own protocol (:mod:`newscli.core.usecases.archive`: the
order of the steps, batched), built of this module's steps on names relative to open folders
(:func:`link_at`, :func:`rename_at`, :func:`remove_at`, :func:`make_folder_at`, :func:`sync_fd`,
:func:`sync_file_at`), so every call that makes something durable is made here; its log's records
are appended here too (:func:`append`).

Temporary files are named ``.newscli-tmp-<pid>-<host>-<random>`` (a leading dot: never an article).
One left by a killed run is removed by the next write in the same folder, once its process is gone.

The run's probe (:class:`newscli.core.probe.Probe`; here only its :class:`StepHook` side) is told
of every step, so tests can kill a real process at each one; a write with no probe passes
:data:`NO_STEP_HOOK`.

The check before the rename narrows the window for a lost update to the time of one ``rename()``;
it cannot close it (POSIX has no compare-and-swap on names). Editors that save in place have the same
window; newscli never makes it wider.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from newscli.core.errors import ArticleError, UsageError
from newscli.core.reading import saferead

TEMP_PREFIX = ".newscli-tmp-"
KEPT_INFIX = ".kept-"
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0)
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class Step(StrEnum):
    """The steps a probe is told of, each just taken; tests crash or act at them by these names."""

    # A durable write (this module).
    TEMP_CREATED = "temp-created"
    TEMP_WRITTEN = "temp-written"
    TEMP_SYNCED = "temp-synced"
    KEPT = "kept"
    CHECKED = "checked"
    RENAMED = "renamed"
    LINKED = "linked"
    TEMP_UNLINKED = "temp-unlinked"
    OLD_NAME_REMOVED = "old-name-removed"
    FOLDER_SYNCED = "folder-synced"
    # An archive move and its recovery (newscli.core.usecases.archive), besides LINKED and RENAMED.
    BEGIN = "begin"
    INTENT = "intent"
    MKDIR = "mkdir"
    DST_SYNCED = "dst-synced"
    VERIFIED = "verified"
    UNLINKED = "unlinked"
    PUT_BACK = "put-back"
    SRC_SYNCED = "src-synced"
    DONE = "done"
    RECOVERED = "recovered"
    RECOVER_TMP = "recover-tmp"
    RECOVER_SYNCED = "recover-synced"


class StepHook(Protocol):
    """Told every step just taken: what a write needs of the run's probe, which may record the step,
    or kill the process."""

    def step(self, name: Step, rel: str) -> None: ...


class _NoHook:
    def step(self, name: Step, rel: str) -> None:
        pass


NO_STEP_HOOK: StepHook = _NoHook()


class ChangedError(ArticleError):
    """The file changed or moved since it was read: nothing was replaced, the new version is kept."""

    def __init__(self, message: str, *, kept: Path | None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.kept = kept


class ExistsError(UsageError):
    """The name a new file was to get is taken: nothing was written."""

    def __init__(self, path: Path) -> None:
        from newscli.i18n import _

        super().__init__(
            _("{path} already exists; newscli never overwrites an article").format(path=path),
            hint=_("choose another --slug or --date"),
        )
        self.path = path


@dataclass(frozen=True)
class Fingerprint:
    """What a version of a file is, without its bytes: identity (device, inode), size, times, names,
    and the content hash when it was read. The archive plans, checks and logs a move by it; a
    :class:`Snapshot` (the bytes too, to write back against) has one (``Snapshot.fingerprint``).

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

    def same_as(self, other: Fingerprint) -> bool:
        same = (self.dev, self.ino, self.size, self.mtime_ns, self.ctime_ns) == (
            other.dev,
            other.ino,
            other.size,
            other.mtime_ns,
            other.ctime_ns,
        )
        return same and (self.sha256 is None or other.sha256 is None or self.sha256 == other.sha256)


def fingerprint_of(info: os.stat_result, sha256: str | None) -> Fingerprint:
    """The fingerprint of the file whose stat is ``info``, with its content hash when it was read."""
    return Fingerprint(
        info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_nlink, sha256
    )


@dataclass(frozen=True)
class Snapshot:
    """A file as it was read: its bytes and what identifies that version of it."""

    path: Path
    data: bytes
    dev: int
    ino: int
    size: int
    mtime_ns: int
    ctime_ns: int
    mode: int
    uid: int
    gid: int
    nlink: int  # its names (hard links)

    @property
    def sha256(self) -> str:
        import hashlib

        return hashlib.sha256(self.data).hexdigest()

    @property
    def fingerprint(self) -> Fingerprint:
        return Fingerprint(
            self.dev, self.ino, self.size, self.mtime_ns, self.ctime_ns, self.nlink, self.sha256
        )


def read(path: Path, *, max_bytes: int | None = None) -> Snapshot:
    """Read a regular file (not through a symbolic link) with what identifies this version of it."""
    from newscli.i18n import _, localize

    try:
        data, info = saferead.read(path, max_bytes=max_bytes)
    except saferead.Refused as refused:
        if refused.why is saferead.Why.LINK:
            raise ArticleError(
                _("{path} is a symbolic link; newscli edits only the file itself").format(path=path),
                hint=_("name the file it points to: {target}").format(target=path.resolve()),
            ) from None
        if refused.why is saferead.Why.NOT_REGULAR:
            raise ArticleError(_("{path} is not a regular file").format(path=path)) from None
        if refused.why is saferead.Why.TOO_LARGE:
            raise ArticleError(_("{path} is too large to be an article").format(path=path)) from None
        raise ArticleError(
            _("cannot read {path}: {reason}").format(path=path, reason=localize(refused.reason))
        ) from None
    return Snapshot(
        path,
        data,
        info.st_dev,
        info.st_ino,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        stat.S_IMODE(info.st_mode),
        info.st_uid,
        info.st_gid,
        info.st_nlink,
    )


def unchanged(snapshot: Snapshot) -> bool:
    """True when ``snapshot.path`` is still the very file, with the very bytes, that was read."""
    try:
        current = read(snapshot.path)
    except ArticleError:
        return False
    # The same inode, size and times, and the same bytes (by their sha256): the same version.
    return current.fingerprint.same_as(snapshot.fingerprint)


def replace(snapshot: Snapshot, data: bytes, now: datetime, probe: StepHook = NO_STEP_HOOK) -> None:
    """Put ``data`` in place of the file read as ``snapshot``; refuse (ChangedError) if it changed."""
    from newscli.i18n import _

    path = snapshot.path
    folder = path.parent
    sweep(folder)
    temp = _write_temp(path, data, snapshot.mode, (snapshot.uid, snapshot.gid), probe)
    if not unchanged(snapshot):
        kept = _keep(temp, path, now)
        probe.step(Step.KEPT, str(path))
        raise ChangedError(
            _("{path} changed or moved since newscli read it; it was not replaced").format(path=path),
            kept=kept,
            hint=_(
                "your version is kept in {kept}: compare, merge by hand, then run the command again"
            ).format(kept=kept),
        )
    probe.step(Step.CHECKED, str(path))
    try:
        os.rename(temp, path)
    except OSError as exc:
        raise _failed(
            _("cannot replace {path}: {reason}; it was not changed"), exc, discard=temp, path=path
        ) from None
    probe.step(Step.RENAMED, str(path))
    sync_folder(folder)
    probe.step(Step.FOLDER_SYNCED, str(path))


def create(path: Path, data: bytes, probe: StepHook = NO_STEP_HOOK, mode: int = 0o644) -> None:
    """Create ``path`` holding ``data``; an existing file is never touched (ExistsError)."""
    from newscli.i18n import _

    folder = path.parent
    missing = [f for f in (folder, *folder.parents) if not f.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _failed(_("cannot create the folder {folder}: {reason}"), exc, folder=folder) from None
    for made in reversed(missing):  # a new folder's name is durable before anything goes in it
        sync_folder(made.parent)
    sweep(folder)
    if os.path.lexists(path):
        raise ExistsError(path)
    temp = _write_temp(path, data, mode, None, probe)
    try:
        os.link(temp, path, follow_symlinks=False)
    except FileExistsError:
        _unlink_quietly(temp)
        raise ExistsError(path) from None
    except OSError as exc:
        raise _failed(_("cannot create {path}: {reason}"), exc, discard=temp, path=path) from None
    probe.step(Step.LINKED, str(path))
    _unlink_quietly(temp)
    probe.step(Step.TEMP_UNLINKED, str(path))
    sync_folder(folder)
    probe.step(Step.FOLDER_SYNCED, str(path))


def remove_name(path: Path, keep: Path, probe: StepHook = NO_STEP_HOOK) -> None:
    """Remove the name ``path`` of a file that stays under the name ``keep``.

    Refuses unless both names are the same file (inode): a name is removed only while the same file
    stays under another name, so no content is ever lost.
    """
    from newscli.i18n import _

    try:
        info = os.lstat(path)
        kept = os.lstat(keep)
    except OSError as exc:
        raise _failed(_("cannot read {path}: {reason}"), exc, path=path) from None
    if (info.st_dev, info.st_ino) != (kept.st_dev, kept.st_ino) or info.st_nlink < 2:
        raise ArticleError(_("{path} changed meanwhile; it was left in place").format(path=path))
    try:
        os.unlink(path)
    except OSError as exc:
        raise _failed(_("cannot remove the old name {path}: {reason}"), exc, path=path) from None
    probe.step(Step.OLD_NAME_REMOVED, str(path))
    sync_folder(path.parent)
    probe.step(Step.FOLDER_SYNCED, str(path))


def add_name(existing: Path, path: Path, probe: StepHook = NO_STEP_HOOK) -> None:
    """Give the file at ``existing`` a second name ``path``; an existing ``path`` is never touched."""
    from newscli.i18n import _

    try:
        os.link(existing, path, follow_symlinks=False)
    except FileExistsError:
        raise ExistsError(path) from None
    except OSError as exc:
        raise _failed(_("cannot create {path}: {reason}"), exc, path=path) from None
    probe.step(Step.LINKED, str(path))
    sync_folder(path.parent)
    probe.step(Step.FOLDER_SYNCED, str(path))


def sync_folder(folder: Path) -> None:
    """Make the folder's names durable (a new, renamed or removed name survives a power cut)."""
    from newscli.i18n import _

    try:
        fd = os.open(folder, _DIR_FLAGS)
    except OSError as exc:
        raise _failed(_("cannot open the folder {folder}: {reason}"), exc, folder=folder) from None
    try:
        _sync_named_folder(fd)
    except OSError as exc:
        raise _failed(_("cannot sync the folder {folder}: {reason}"), exc, folder=folder) from None
    finally:
        os.close(fd)


def _sync_named_folder(fd: int) -> None:
    """fsync the folder ``fd`` after a write by name (:func:`replace`, :func:`create`, :func:`write_whole`
    and the rest above): a file system that cannot sync a folder says EINVAL or ENOTSUP (as
    ``/proc`` does), and is taken at its word; the write stands as durable as it makes it. The
    archive's steps (:func:`sync_fd`) never take that answer: there a name not made durable could
    leave a moved article under neither name after a power cut, so the move stops instead."""
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise


def make_folder(path: Path, mode: int = 0o755) -> None:
    """Make the folder ``path``, its name durable (its parent synced) when this returns; nothing
    synced when it was already there (whoever made it synced it). The archive lock's ``archive/``
    folder: mkdir, then the parent's fsync, in that order. An OSError of the mkdir is for the
    caller to say in its own words."""
    try:
        os.mkdir(path, mode)
    except FileExistsError:
        return
    sync_folder(path.parent)


def write_whole(path: Path, data: bytes, mode: int = 0o644) -> None:
    """``path`` holds ``data`` whole, durable when this returns, or is as it was: a temporary file
    beside it, fsynced, renamed over it, the folder synced; missing folders are made. Only for a
    file newscli owns whole and may overwrite without a look (the completion script), never an
    article: ``replace`` is for those, and refuses a file changed since it was read. An OSError is
    for the caller to say in its own words."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f"{TEMP_PREFIX}{os.getpid()}-{_host_tag()}-{os.urandom(6).hex()}"
    fd = os.open(temp, _WRITE_FLAGS, mode)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    except BaseException:
        _unlink_quietly(temp)
        raise
    fd = os.open(folder, _DIR_FLAGS)
    try:
        _sync_named_folder(fd)
    finally:
        os.close(fd)


def sweep(folder: Path) -> list[Path]:
    """Remove the temporary files that killed newscli runs on this machine left in ``folder``.

    A temporary file's name carries its process id and a hash of the host name; it is removed only
    when that process is gone on this host, so a live writer's file is never touched.
    """
    removed: list[Path] = []
    host = _host_tag()
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.startswith(TEMP_PREFIX)]
    except OSError:
        return removed
    for name in names:
        parts = name[len(TEMP_PREFIX) :].split("-")
        if len(parts) != 3 or parts[1] != host or not parts[0].isdigit():
            continue
        if _alive(int(parts[0])):
            continue
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / name)
            removed.append(folder / name)
    return removed


def kept_name(path: Path, now: datetime) -> Path:
    return path.with_name(f"{path.name}{KEPT_INFIX}{now.strftime('%Y%m%d-%H%M%S')}")


def _keep(temp: Path, path: Path, now: datetime) -> Path:
    """Give the temporary file a lasting name beside ``path``; never over an existing file."""
    base = kept_name(path, now)
    for attempt in range(1, 1000):
        candidate = base if attempt == 1 else base.with_name(f"{base.name}-{attempt}")
        try:
            os.link(temp, candidate, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:
            return temp  # the temporary file stays: it still holds the user's version
        _unlink_quietly(temp)
        with contextlib.suppress(ArticleError):
            sync_folder(path.parent)
        return candidate
    return temp


def _write_temp(target: Path, data: bytes, mode: int, owner: tuple[int, int] | None, probe: StepHook) -> Path:
    """A fsynced temporary file beside ``target`` holding ``data``."""
    from newscli.i18n import _

    folder = target.parent
    temp = folder / f"{TEMP_PREFIX}{os.getpid()}-{_host_tag()}-{os.urandom(6).hex()}"
    try:
        fd = os.open(temp, _WRITE_FLAGS, 0o600)
    except OSError as exc:
        raise _failed(
            _("cannot write in {folder}: {reason}; nothing was changed"), exc, folder=folder
        ) from None
    probe.step(Step.TEMP_CREATED, str(target))
    try:
        try:
            _write_all(fd, data)
            probe.step(Step.TEMP_WRITTEN, str(target))
            if owner is not None and owner != (os.getuid(), os.getgid()):
                with contextlib.suppress(PermissionError):  # only root may give a file away
                    os.fchown(fd, *owner)
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise _failed(
            _("cannot write in {folder}: {reason}; nothing was changed"), exc, discard=temp, folder=folder
        ) from None
    probe.step(Step.TEMP_SYNCED, str(target))
    return temp


def append(fd: int, data: bytes) -> None:
    """Append ``data`` to the file open (``O_APPEND``) as ``fd``, durable when this returns: the
    archive log's records. An OSError is for the caller to say in its own words."""
    _write_all(fd, data)
    os.fsync(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:  # a write may take only part (a signal, a full pipe): go on with the rest
        view = view[os.write(fd, view) :]


def _failed(message: str, exc: OSError, *, discard: Path | None = None, **names: object) -> ArticleError:
    """A step that failed: ``message`` with the system's ``{reason}``; the temporary file
    ``discard`` is removed first, so that a failed write leaves nothing behind."""
    if discard is not None:
        _unlink_quietly(discard)
    from newscli.i18n import os_error_text

    return ArticleError(message.format(reason=os_error_text(exc), **names))


def _unlink_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's live process
        return True
    return True


_HOST_TAG: str | None = None


def _host_tag() -> str:
    global _HOST_TAG
    if _HOST_TAG is None:
        import hashlib
        import socket

        _HOST_TAG = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]
    return _HOST_TAG


# -- steps on names relative to open folders: what the archive's moves are made of ----------------------
# Each raises OSError for the caller to say in its own words (a move that fails is a reported file,
# not an error of the run); none makes more durable than it says, so the protocol decides the order.


def sync_fd(fd: int) -> None:
    """Make durable what the open descriptor holds: a folder's names, or a file's bytes. Any
    OSError (EINVAL from a file system that cannot sync folders too) stops the step."""
    os.fsync(fd)


def sync_file_at(dir_fd: int, name: str, accept: Callable[[os.stat_result], bool]) -> bool:
    """fsync the file ``name`` in the folder ``dir_fd`` (a file saved seconds ago is on the disk
    before its names change), once ``accept`` takes the open file's fstat: False, nothing synced,
    when it does not. Never through a symbolic link, never waiting on a FIFO."""
    fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=dir_fd)
    try:
        if not accept(os.fstat(fd)):
            return False
        os.fsync(fd)
    finally:
        os.close(fd)
    return True


def link_at(src_fd: int, src_name: str, dst_fd: int, dst_name: str) -> None:
    """Give the file ``src_name`` a second name; an existing ``dst_name`` is never replaced
    (FileExistsError, even in a race). Not durable until ``dst_fd`` is synced."""
    os.link(src_name, dst_name, src_dir_fd=src_fd, dst_dir_fd=dst_fd, follow_symlinks=False)


def rename_at(fd: int, name: str, new_name: str) -> None:
    """Rename ``name`` within the folder ``fd``. Not durable until ``fd`` is synced."""
    os.rename(name, new_name, src_dir_fd=fd, dst_dir_fd=fd)


def remove_at(fd: int, name: str, *, sync: bool) -> None:
    """Remove the name ``name`` from the folder ``fd``; with ``sync``, the removal is durable when
    this returns (a folder synced later, with others, otherwise)."""
    os.unlink(name, dir_fd=fd)
    if sync:
        os.fsync(fd)


def make_folder_at(fd: int, name: str, mode: int = 0o755) -> None:
    """Make the folder ``name`` in ``fd`` (one already there is kept), its name durable before
    anything goes in it."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, mode, dir_fd=fd)
    os.fsync(fd)
