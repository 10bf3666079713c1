"""newscli's command line run in the test's own process, as ``archive_support.run_forked`` runs it in
a forked child: the same entry (``newscli.cli.app.run``, what ``python -m newscli`` calls once it
has ruled out ``--version`` and Tab completion), the environment and folder a child gets, its
output on real files or on a real pseudo-terminal, and its exit code; everything put back after.

For tests whose point is what newscli says and writes, not the process: a forked child costs
some 10-20 ms of CPU (copying the test process's page tables, its faults, its exit), a run here
the 2-5 ms of the command itself. Where the process is the point (the console entry point, the
environment or locale a process starts with, a terminal's signals, the exit status of a real
process, a crash), tests keep forking or starting one.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TextIO

from archive_support import NOW, terminal_streams

# A run still going after this many seconds is stopped and fails the test, as ``run_forked``'s child
# is killed after its timeout: a prompt nobody answers, a wait that never ends must not block the
# suite (in the test's own process nothing else would end it). Never a time the test asserts.
TIMEOUT = 120.0


@contextlib.contextmanager
def environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    """``os.environ`` with ``changes`` (None removes a name), as it was afterwards."""
    saved = {name: os.environ.get(name) for name in changes}
    try:
        _set(changes)
        yield
    finally:
        _set(saved)


def _set(values: Mapping[str, str | None]) -> None:
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _drain(fd: int, into: bytearray) -> None:
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: every follower descriptor closed
            return
        if not chunk:
            return
        into.extend(chunk)


def _memory_file() -> int:
    """A descriptor on a new, unnamed file: in memory where the system has them (Linux)."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create("newscli-output")
    import tempfile

    with tempfile.TemporaryFile() as file:
        return os.dup(file.fileno())


def _read_all(fd: int) -> str:
    """The file's text as ``run_forked`` reads its child's (``read_text``): strict UTF-8, universal
    line ends."""
    raw = os.pread(fd, os.fstat(fd).st_size, 0)
    return io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8").read()


def _no_standard_descriptor_closed() -> None:
    """A closed descriptor 0, 1 or 2 opened on /dev/null (as a shell gives a program one): the
    next descriptor opened would take its number, and be replaced while a run uses it."""
    for number in (0, 1, 2):
        try:
            os.fstat(number)
        except OSError:
            fd = os.open(os.devnull, os.O_RDWR)
            if fd != number:
                os.dup2(fd, number)
                os.close(fd)


class _Hung(KeyboardInterrupt):
    """Raised in the run by the alarm: as Ctrl-C, so newscli ends it as it ends every interrupted run."""


@contextlib.contextmanager
def _bounded(seconds: float, fired: list[bool]) -> Iterator[None]:
    """An alarm after ``seconds`` (in the main thread only: where a signal's handler runs); ``fired``
    says whether it went off, whatever the run made of the interruption."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def hung(signum: int, frame: object) -> None:
        fired.append(True)
        raise _Hung

    previous = signal.signal(signal.SIGALRM, hung)
    outer = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, *outer)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _standard_descriptors(stdin: int, stdout: int, stderr: int) -> Iterator[None]:
    """Descriptors 0, 1 and 2 on these meanwhile, as a forked child's are: what a program newscli
    starts (an editor, git) inherits, and where a write to them directly goes."""
    saved = [os.dup(number) for number in (0, 1, 2)]
    try:
        for number, fd in enumerate((stdin, stdout, stderr)):
            os.dup2(fd, number)
        yield
    finally:
        for number, kept in enumerate(saved):
            os.dup2(kept, number)
            os.close(kept)


def run_here(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``newscli ARGS`` run in this process in ``site``, with what ``run_forked`` gives its child:
    the test's environment without its NEWSCLI_ settings but the cache's, ``NEWSCLI_NOW`` and
    ``env`` set; stdin on /dev/null, stdout and stderr on files (memory files, read back)."""
    return _run_here(site, args, env, terminal=False)


def run_here_on_a_terminal(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """As ``run_here``, with stdin, stdout and stderr on one real pseudo-terminal, as a shell starts
    a command there (line-buffered streams, as Python makes them on a terminal): what the terminal
    showed is the returned ``stdout`` (its own ``\\r\\n`` line ends), ``stderr`` is empty."""
    return _run_here(site, args, env, terminal=True)


def _run_here(
    site: Path, args: tuple[str, ...], env: dict[str, str], terminal: bool
) -> subprocess.CompletedProcess[str]:
    from newscli.cli.app import run

    _no_standard_descriptor_closed()
    changes: dict[str, str | None] = {
        name: None for name in os.environ if name.startswith("NEWSCLI_") and name != "NEWSCLI_CACHE_DIR"
    }
    changes.update({"NEWSCLI_NOW": NOW, **env})
    opened: list[int] = []
    fired: list[bool] = []
    shown = bytearray()
    reader: threading.Thread | None = None
    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    try:
        if terminal:
            import pty

            leader, follower = pty.openpty()
            opened += [leader, follower]
            reader = threading.Thread(target=_drain, args=(leader, shown))
            reader.start()
            descriptors = (follower, follower, follower)
            # On descriptors 0, 1 and 2 themselves, as Forked's child has them there.
            stdin, stdout, stderr = terminal_streams()
        else:
            out, err, null = _memory_file(), _memory_file(), os.open(os.devnull, os.O_RDONLY)
            # The streams on copies, read back through the first: a reader gone away puts /dev/null
            # in place of sys.stdout's own descriptor (app.py), as in a child writing to a file.
            written = (os.dup(out), os.dup(err))
            opened += [out, err, null, *written]
            descriptors = (null, *written)
            stdin = open(null, encoding="utf-8", closefd=False)  # noqa: SIM115 -- its descriptor is closed below
            stdout, stderr = (
                open(fd, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 -- as open(path) makes them
                for fd in written
            )
        saved = sys.stdin, sys.stdout, sys.stderr, sys.argv, Path.cwd()
        sys.stdin, sys.stdout, sys.stderr, sys.argv = stdin, stdout, stderr, ["newscli", *args]
        try:
            with environment(changes), _standard_descriptors(*descriptors):
                os.chdir(site)
                try:
                    try:
                        with _bounded(TIMEOUT, fired):
                            code = run(list(args))
                    except SystemExit as exc:  # what a process would end with
                        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                except BaseException:  # what it wrote before, where it wrote it; then the test sees it
                    for stream in (stdout, stderr):
                        with contextlib.suppress(Exception):
                            stream.flush()
                    if fired:
                        raise subprocess.TimeoutExpired(["newscli", *args], TIMEOUT) from None
                    raise
                stdout.flush()  # as the entry point's end does (a failure here is the test's)
                stderr.flush()
        finally:
            os.chdir(saved[4])
            sys.stdin, sys.stdout, sys.stderr, sys.argv = saved[:4]
        if fired:  # newscli said "interrupted" and ended: the test's failure is that it never ended
            raise subprocess.TimeoutExpired(["newscli", *args], TIMEOUT)
        if not terminal:
            return subprocess.CompletedProcess(["newscli", *args], int(code), _read_all(out), _read_all(err))
        os.close(follower)  # the last on the terminal's side: the reader sees its end
        opened.remove(follower)
        assert reader is not None
        reader.join(timeout=30)
        # Not a shorter screen taken for the whole one: the reader still reading is a failure.
        assert not reader.is_alive(), "the terminal's reader did not end within 30 s"
        return subprocess.CompletedProcess(["newscli", *args], int(code), shown.decode("utf-8"), "")
    finally:
        for fd in reversed(opened):  # a terminal's follower before its leader: its reader sees EIO
            with contextlib.suppress(OSError):
                os.close(fd)
            if reader is not None:
                reader.join(timeout=30)
                reader = None
