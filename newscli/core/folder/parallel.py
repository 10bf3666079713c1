"""Reading many files on both cores: half of a long list in a forked child process (Linux).

A first run (or CI's fresh clone) reads every file, and reading is CPU work in Python: decoding,
TOML, checking fields. ``on_both_cores`` gives the second half of the list to a child made with
``fork`` (it starts with everything the parent has: no start-up, nothing to send but the result),
does the first half itself, then takes the child's results back through a pipe as one pickle.
Anything that goes wrong on the child's side (no fork, a result that cannot be pickled, the child
killed) only means the parent reads the second half too: the result is the same either way.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import IO, TypeVar

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")

PARALLEL_FROM = 2000  # below this, forking and sending the results back cost more than they save
_CHUNK = 2000  # results a pickle from the child holds


def can_fork() -> bool:
    # Linux only: macOS forbids much of its system libraries after fork, Windows has no fork.
    return sys.platform == "linux" and hasattr(os, "fork") and (os.cpu_count() or 1) >= 2


def on_both_cores(work: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> list[R]:
    """``work(items)``, with the second half done in a forked child when there are many items.

    ``work`` must not write anything the parent also writes (the child shares its open files) and
    must return picklable results in the order of its items.
    """
    return on_both_cores_then(work, _as_they_are, items)


def _as_they_are(part: Sequence[T], results: list[R]) -> list[R]:
    return results


def on_both_cores_then(
    work: Callable[[Sequence[T]], list[R]],
    then: Callable[[Sequence[T], list[R]], list[S]],
    items: Sequence[T],
) -> list[S]:
    """``then(items, work(items))``, ``work``'s second half done in a forked child when there are
    many items (as ``on_both_cores``). ``then`` runs in the parent only, on each half's results:
    on its own half's as soon as they are made, while the child still works, so that less is left
    to do once the child is done (what cannot be sent through a pipe, such as objects to keep)."""
    if len(items) < PARALLEL_FROM or not can_fork():
        return then(items, work(items))
    # Imported here, before the fork (for both processes), not at the top: a folder of fewer files
    # than PARALLEL_FROM, most folders, never needs it, and its import was 2 % of a run's start.
    import pickle

    half = len(items) // 2
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return then(items, work(items))
    try:
        pid = os.fork()
    except OSError:  # no process to be had: read it all here
        os.close(read_end)
        os.close(write_end)
        return then(items, work(items))
    if pid == 0:  # the child: its half, pickled into the pipe, then out without any clean-up
        code = 1
        try:
            os.close(read_end)
            result = work(items[half:])
            with os.fdopen(write_end, "wb") as out:
                # In chunks: unpickling keeps every object of one pickle in a memo until it ends,
                # which for 50,000 results at once cost the parent tens of megabytes.
                for start in range(0, len(result), _CHUNK):
                    pickle.dump(result[start : start + _CHUNK], out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            # os._exit: no atexit handlers, no flushing of stdio buffers copied from the parent.
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as received:
        try:
            first = then(items[:half], work(items[:half]))
            second: list[R] | None = []
            try:
                while True:
                    second += pickle.load(received)
            except EOFError:  # the child's last chunk was read (or it sent less: checked below)
                pass
            except Exception:  # noqa: BLE001 -- the child died or could not pickle: its half is read here
                second = None
        except BaseException:
            os.kill(pid, signal.SIGKILL)
            raise
        finally:
            _, status = os.waitpid(pid, 0)
    if second is None or status != 0 or len(second) != len(items) - half:
        second = work(items[half:])
    return first + then(items[half:], second)


def write_on_both_cores(
    work: Callable[[Sequence[T], IO[str], bool], None], items: Sequence[T], out: IO[str]
) -> None:
    """``work(items, out, False)``, with the second half written by a forked child when there are
    many items: the child writes its half to an unnamed temporary file (``work(half, file, True)``,
    True meaning "a part that follows another"), and the parent copies that file into ``out`` after
    writing its own half. Nothing is held whole in memory; a child that fails only costs time.
    """
    if len(items) < PARALLEL_FROM or not can_fork():
        work(items, out, False)
        return
    import tempfile

    half = len(items) // 2
    try:
        spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115 -- closed by the with below
    except OSError:  # no temporary folder to write in
        work(items, out, False)
        return
    with spool:
        try:
            pid = os.fork()
        except OSError:
            work(items, out, False)
            return
        if pid == 0:  # the child: its half into the spool, then out without flushing the parent's buffers
            code = 1
            try:
                work(items[half:], spool, True)
                spool.flush()
                code = 0
            finally:
                os._exit(code)
        try:
            work(items[:half], out, False)
        except BaseException:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise
        _, status = os.waitpid(pid, 0)
        if status != 0:
            work(items[half:], out, True)
            return
        _copy_after(spool, out)


def _copy_after(spool: IO[str], out: IO[str]) -> None:
    """The child's part written after the parent's: copied by the kernel (``sendfile``) where ``out``
    is a UTF-8 file or pipe, else read and written again (decoded and encoded anew: 15 ms of CPU
    for 10,000 articles, on the parent's path to the end)."""
    import codecs
    import shutil

    encoding = getattr(out, "encoding", None)  # a text stream's; IO[str] does not promise one
    try:
        target = out.fileno()
        utf8 = isinstance(encoding, str) and codecs.lookup(encoding).name == "utf-8"
    except (OSError, ValueError, LookupError):  # a StringIO, a closed stream, ...
        utf8 = False
    if utf8:
        out.flush()  # the parent's half first
        source = spool.fileno()
        size, sent = os.fstat(source).st_size, 0
        try:
            while sent < size:
                copied = os.sendfile(target, source, sent, size - sent)
                if not copied:
                    raise OSError(f"the spool ended at {sent} of {size} bytes")
                sent += copied
            return
        except OSError as exc:
            # Not a kind of file sendfile writes to (an O_APPEND file, an old kernel): copied below.
            # A reader that went away, or a failure halfway, is the caller's to report.
            if sent or isinstance(exc, BrokenPipeError):
                raise
    spool.seek(0)
    shutil.copyfileobj(spool, out, 1 << 20)
