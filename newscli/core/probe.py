"""The probe: everything a test may set about a run, in one object handed down from the command.

The command builds it from the environment (``make_probe`` in ``cli/options.py``), once, at the
entry point, and hands it the wall clock; nothing below reads the environment, the clock or a module
global for it. A test that runs the core in-process builds its own, with a clock of its choosing.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING

from newscli.core.writing.durable import Step

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

# Files per batch: each batch costs about two log fsyncs and one fsync per folder it touches, so
# 256 makes them a small part of a large run, while a crash leaves at most 256 moves to recover.
BATCH_SIZE = 256
# fsyncs of files run this many at a time: the filesystem then commits many in one journal
# transaction, where one after the other each waits for its own (4 times faster on ext4 here).
SYNC_THREADS = 16


@dataclass
class Probe:
    """Crash points, batch size, clock and fsync threads of one run.

    ``crash_at=k`` kills the process with SIGKILL at the k-th step (counted from 1 over the whole
    run) of the move and recovery sequences, so tests can crash a real run anywhere; a step is one
    operation on one file (``begin``, ``linked``, ``verified``, ``renamed``, ``unlinked``, ...) or
    one operation on a whole batch (``intent``, ``dst-synced``, ``src-synced``, ``done``).
    ``batch_size`` lets tests cross batch boundaries with a few files. ``on_step(step, rel)`` lets
    an in-process test act at a named step (e.g. change a file mid-run); ``rel`` is the source
    path relative to the articles folder, "" for a step of a whole batch. ``clock`` gives the
    times written to the log: handed in (the wall clock, by the command), never read here.
    """

    clock: Callable[[], datetime]
    crash_at: int | None = None
    batch_size: int = BATCH_SIZE
    on_step: Callable[[Step, str], None] | None = None
    sync_threads: int = SYNC_THREADS
    steps_taken: int = field(default=0, init=False)
    _pool: ThreadPoolExecutor | None = field(default=None, init=False, repr=False)

    def step(self, name: Step, rel: str) -> None:
        """One step of the move or recovery sequence is durable: count it; crash or act if asked."""
        self.steps_taken += 1
        if self.crash_at == self.steps_taken:
            os.kill(os.getpid(), signal.SIGKILL)  # a real crash: no cleanup, no flush, no finally
        if self.on_step is not None:
            self.on_step(name, rel)

    def pool(self) -> ThreadPoolExecutor:
        """The threads that fsync files, started on first use and kept for the run."""
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(self.sync_threads, thread_name_prefix="newscli-fsync")
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def __enter__(self) -> Probe:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
