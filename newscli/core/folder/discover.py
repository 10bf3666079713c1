"""Finding article files: ``*.md`` below the articles folder, never following symbolic links."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from newscli.i18n import _, os_error_text

ARCHIVE_DIR = "archive"
_NAME = attrgetter("name")


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made making one
# five times slower, and the walk makes one per file before the first file is read (10 ms of the
# parent's start at 10,000 articles). Nothing changes one after the walk; replace() makes another.
@dataclass(slots=True)
class Found:
    fspath: str  # a str, not a Path: pathlib costs microseconds per object, and there are 100,000
    rel: str  # posix path relative to the articles folder
    archived: bool
    shown: str  # the path as printed: relative to the current folder where possible
    problem: str | None = None  # set when a folder could not be listed

    @property
    def path(self) -> Path:
        return Path(self.fspath)


def is_candidate(name: str) -> bool:
    return name.endswith(".md") and not name.startswith(("_", "."))


def shown_root(root: Path) -> str:
    """How to print the articles folder: relative to the current folder when that is shorter."""
    try:
        relative = os.path.relpath(root)
    except ValueError:  # another drive on Windows
        return str(root)
    return relative if len(relative) <= len(str(root)) else str(root)


def shown_path(path: Path) -> str:
    return f"{shown_root(path.parent).rstrip('/')}/{path.name}"


def find_articles(root: Path, live: bool = True, archived: bool = False) -> Iterator[Found]:
    """Article files in a stable order; a missing folder yields nothing.

    Symbolic links to folders are not entered (nothing outside the folder is read by accident);
    symbolic links named ``*.md`` are yielded so the reader can refuse or read them and say so.
    """
    base = shown_root(root)
    base = "" if base == "." else base.rstrip("/") + "/"
    if live:
        yield from _walk(root, "", base, archived=False, skip_archive=True)
    if archived:
        archive = root / ARCHIVE_DIR
        problem = archive_problem(archive)
        if problem is not None:
            yield Found(str(archive), ARCHIVE_DIR, True, base + ARCHIVE_DIR, problem)
            return
        yield from _walk(archive, ARCHIVE_DIR + "/", base, archived=True, skip_archive=False)


def archive_problem(archive: Path) -> str | None:
    """Why the archive folder is not read: a symbolic link (it could lead anywhere) or not a folder.

    Every command that reads archive/ asks this, so they all agree with `archive`, which refuses it.
    """
    try:
        info = os.lstat(archive)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return _("cannot list folder: {reason}").format(reason=os_error_text(exc))
    if stat.S_ISLNK(info.st_mode):
        return _("the archive folder is a symbolic link; not followed (make it a real folder)")
    if not stat.S_ISDIR(info.st_mode):
        return _("the archive folder is not a folder; not read")
    return None


def _walk(root: Path, prefix: str, base: str, archived: bool, skip_archive: bool) -> Iterator[Found]:
    # One generator and a stack of the folders still to list, not a generator per folder: every
    # file found went up through the generator of each folder above it. The order is the same:
    # a folder's files by name, then each of its subfolders, by name, whole.
    pending = [(root, prefix)]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=_NAME)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            shown = (base + prefix) or "."
            problem = _("cannot list folder: {reason}").format(reason=os_error_text(exc))
            yield Found(str(folder), prefix, archived, shown, problem)
            continue
        subfolders = []
        for entry in entries:
            name = entry.name
            if name.startswith((".", "_")):
                continue
            if entry.is_dir(follow_symlinks=False):
                if not (skip_archive and not prefix and name == ARCHIVE_DIR):
                    subfolders.append((Path(entry.path), f"{prefix}{name}/"))
            elif name.endswith(".md"):
                rel = prefix + name
                yield Found(entry.path, rel, archived, base + rel)
            elif archived and entry.is_symlink() and os.path.isdir(entry.path):
                # A year folder linked from elsewhere: not followed (as `archive` refuses it), and said.
                problem = _("symbolic link to a folder; not followed (archive folders must be real folders)")
                yield Found(entry.path, prefix + name, archived, base + prefix + name, problem)
        pending.extend(reversed(subfolders))  # the first on top
