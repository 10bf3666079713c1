"""The files ``validate PATH...`` names, matched against the articles folder's own walk.

A path may be a file, a folder inside the articles folder, or a folder elsewhere; a file may be
reached through symbolic links. Each named file is claimed once, and read with the articles
folder's rules when the walk meets it, so a file named twice is reported once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from newscli.core.errors import UsageError
from newscli.core.folder.discover import ARCHIVE_DIR, Found, find_articles
from newscli.core.reading.article import is_below
from newscli.i18n import Message


class Selection:
    """The files the user named: explicit files, folders inside the articles folder, other folders."""

    def __init__(self, paths: Sequence[str], root: Path) -> None:
        self._root = root
        self._real: dict[str, str] = {}
        real_root = self._real_folder(str(root))
        real_archive = self._real_folder(str(root / ARCHIVE_DIR))
        self._files: dict[str, tuple[Found, Path | None]] = {}
        self._folders: list[str] = []  # inside the articles folder: their files come from its walk
        self._outside: dict[str, tuple[Found, Path | None]] = {}
        for text in paths:
            path = Path(text)
            # os.path, not Path's methods: they raise a name the file system refuses (ENAMETOOLONG)
            # where these say "no such file" (exit 2, not an internal error).
            if os.path.isdir(path):
                real = os.path.realpath(path)
                if is_below(real, real_root) or is_below(real, real_archive):
                    self._folders.append(real)
                else:
                    # Walked like an articles folder; symbolic links may not lead out of it.
                    for found in find_articles(path, live=True, archived=True):
                        self._outside.setdefault(self.identity(found.path), (found, path))
            elif os.path.lexists(path):  # a broken link too: it is read, and reported as such
                identity = self.identity(path)
                archived = is_below(identity, real_archive)
                # Named explicitly, so it is read wherever a symbolic link leads (root None).
                self._files.setdefault(identity, (Found(str(path), path.name, archived, text), None))
            else:
                raise UsageError(Message("{text}: no such file or folder", text=text))

    def _real_folder(self, folder: str) -> str:
        # Cached: thousands of files share a few folders, and realpath costs a system call per part.
        real = self._real.get(folder)
        if real is None:
            real = self._real[folder] = os.path.realpath(folder)
        return real

    def identity(self, path: Path) -> str:
        """Where a file is, with its folder's symbolic links resolved but not the file's own."""
        return os.path.join(self._real_folder(os.path.dirname(os.path.abspath(path))), path.name)

    def claim(self, found: Found) -> tuple[Found, Path | None] | None:
        """The named form of a file of the articles folder, or None when it was not named."""
        identity = self.identity(found.path)
        named = self._files.pop(identity, None)
        if named is not None:
            item, root = named
            return replace(item, archived=found.archived), root
        # A folder above the articles folder (`validate .`) met this file too; the articles
        # folder's walk knows better whether it is archived.
        walked = self._outside.pop(identity, None)
        if walked is not None or any(is_below(identity, folder) for folder in self._folders):
            return found, self._root
        return None

    def rest(self) -> Iterable[tuple[Found, Path | None]]:
        """Named files that the articles folder's walk did not meet."""
        walked = (named for identity, named in self._outside.items() if identity not in self._files)
        return [*self._files.values(), *walked]
