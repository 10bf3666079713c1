"""What archive and restore both do first: the lock, the log, and finishing an earlier run's moves."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from newscli.core.probe import Probe
from newscli.core.rules.config import Config, require_articles_dir
from newscli.core.usecases.archive.folder import Folder
from newscli.core.usecases.archive.log import ArchiveLog, read_log
from newscli.core.usecases.archive.recover import Recovery, recover
from newscli.core.writing import lock


@dataclass
class Session:
    folder: Folder
    log: ArchiveLog | None  # None in a dry run, which writes nothing
    recovered: list[Recovery]
    unreadable_log_lines: int = 0  # lines of the log that could not be read: skipped, and reported


@contextlib.contextmanager
def session(config: Config, wait: float, dry_run: bool, probe: Probe) -> Iterator[Session]:
    """The lock (shared for a dry run), the log, and every move a crash left half done finished or
    undone (in a dry run, only said)."""
    require_articles_dir(config)  # first: the error says what named the folder
    with Folder(config.articles_dir, probe) as folder:
        held = lock.acquire(folder.root, wait=wait, shared=dry_run)
        try:
            # Read before it is opened to append: a log refused unread (too large) is left as it was.
            records, unreadable = read_log(folder)
            log = None if dry_run else ArchiveLog(folder, config.timezone, probe.clock)
            try:
                yield Session(folder, log, recover(folder, log, records), unreadable)
            finally:
                if log is not None:
                    log.close()
        finally:
            if held is not None:
                held.release()
