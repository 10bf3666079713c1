"""Finding article files: ``*.md`` below the articles folder, never following symbolic links."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ARCHIVE_DIR = "archive"


@dataclass(frozen=True)
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
        yield from _walk(root / ARCHIVE_DIR, ARCHIVE_DIR + "/", base, archived=True, skip_archive=False)


def _walk(folder: Path, prefix: str, base: str, archived: bool, skip_archive: bool) -> Iterator[Found]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    except OSError as exc:
        shown = (base + prefix) or "."
        yield Found(str(folder), prefix, archived, shown, f"cannot list folder: {exc.strerror or exc}")
        return
    subfolders = []
    for entry in entries:
        name = entry.name
        if name.startswith((".", "_")):
            continue
        if entry.is_dir(follow_symlinks=False):
            if not (skip_archive and not prefix and name == ARCHIVE_DIR):
                subfolders.append(entry)
        elif name.endswith(".md"):
            rel = prefix + name
            yield Found(entry.path, rel, archived, base + rel)
    for entry in subfolders:
        yield from _walk(Path(entry.path), f"{prefix}{entry.name}/", base, archived, skip_archive)
