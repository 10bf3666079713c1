"""Helpers for the archive and restore tests: manifests of a folder, and running newscli for real."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

import pytest

NOW = "2026-11-29T12:00:00+01:00"
LOG = ".newscli-archive.log"
LOCK = ".newscli-archive.lock"
REPO = Path(__file__).resolve().parent.parent


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(root: Path) -> Counter[str]:
    """The multiset of contents (sha256) of every article file under ``root``: names not hidden.

    Hidden names (the log, the lock, a move's private temporary name) do not count as a place
    an article is kept; symbolic links are not content.
    """
    found: Counter[str] = Counter()
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            if name.startswith(".") or not stat.S_ISREG(path.lstat().st_mode):
                continue
            found[sha(path.read_bytes())] += 1
    return found


def layout(root: Path) -> dict[str, str]:
    """Every regular, non-hidden file by path relative to ``root``, with its sha256."""
    result = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(folder) / name
            if not name.startswith(".") and stat.S_ISREG(path.lstat().st_mode):
                result[path.relative_to(root).as_posix()] = sha(path.read_bytes())
    return result


def snapshot_tree(root: Path) -> dict[str, tuple[int, int, int, str]]:
    """Every name under ``root`` (hidden ones and folders too): mode, size, mtime and content."""
    result = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            info = path.lstat()
            content = sha(path.read_bytes()) if stat.S_ISREG(info.st_mode) else ""
            rel = path.relative_to(root).as_posix()
            result[rel] = (info.st_mode, info.st_size, info.st_mtime_ns, content)
    info = root.lstat()
    result["."] = (info.st_mode, info.st_size, info.st_mtime_ns, "")
    return result


def log_records(articles: Path) -> list[dict[str, Any]]:
    path = articles / LOG
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def open_intents(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    last: dict[str, dict[str, Any]] = {}
    for record in records:
        last[record["id"]] = record
    return [r for r in last.values() if r["state"] == "intent"]


def run_newscli(
    site: Path, *args: str, crash_at: int | None = None, timeout: float = 30, **env: str
) -> subprocess.CompletedProcess[str]:
    """A real ``python -m newscli`` process in ``site`` (nothing mocked, a real crash when asked).

    It inherits the test's environment (its own home and cache, see conftest's ``hermetic``) but
    none of the test's other NEWSCLI_ settings.
    """
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("NEWSCLI_") or k == "NEWSCLI_CACHE_DIR"
    }
    environment.update({"NEWSCLI_NOW": NOW, "PYTHONPATH": str(REPO), **env})
    environment.pop("NO_COLOR", None)
    if crash_at is not None:
        environment["NEWSCLI_CRASH_AT"] = str(crash_at)
    return subprocess.run(
        [sys.executable, "-m", "newscli", *args],
        cwd=site,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )


@contextlib.contextmanager
def memory_folder(fallback: Path) -> Iterator[Path]:
    """A fresh folder on a memory file system where there is one (else ``fallback``), for crash tests.

    A process killed with SIGKILL loses nothing the kernel holds, so fsync has nothing to prove
    there (power cuts are tests/test_power_loss.py's), and on a busy disk the fsyncs are most of
    those tests' time.
    """
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield fallback
        return
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="newscli-crash-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def copy_site(source: Path, target: Path) -> Path:
    """A copy of the folder ``source`` as a crash left it: what was one file under two names (a
    move's ``linked`` step) is again one file under the same two names, with the same link count,
    as recovery sees it; names, contents, times and symbolic links as ``copytree`` copies them."""
    first: dict[tuple[int, int], str] = {}

    def copy(src: str, dst: str) -> str:
        info = os.lstat(src)
        key = (info.st_dev, info.st_ino)
        if info.st_nlink > 1 and key in first:
            os.link(first[key], dst)
            return dst
        first[key] = dst
        return str(shutil.copy2(src, dst))

    shutil.copytree(source, target, symlinks=True, copy_function=copy)
    return target


def _chattr(flag: str, path: Path) -> bool:
    if shutil.which("chattr") is None:
        return False
    done = subprocess.run(["chattr", flag, str(path)], capture_output=True, check=False)
    return done.returncode == 0


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` unwritable in a way that holds even for root: the immutable attribute.

    Tests run as root, where permission bits stop nothing; ``chattr +i`` stops root too. Without
    it (another filesystem, no CAP_LINUX_IMMUTABLE) a non-root user gets ``chmod a-w``; root is
    skipped, honestly, since nothing else would make the folder read-only for it.
    """
    if _chattr("+i", path):
        try:
            yield
        finally:
            _chattr("-i", path)
        return
    if os.geteuid() == 0:
        pytest.skip("running as root and `chattr +i` is unavailable here: cannot make a folder read-only")
    mode = path.stat().st_mode
    path.chmod(mode & ~0o222)
    try:
        yield
    finally:
        path.chmod(mode)


def write_intent(articles: Path, src: str, dst: str, data: bytes, action: str = "archive") -> str:
    """Append the intent record a run writes just before it links: as if it then crashed."""
    op_id = hashlib.md5(f"{src}{dst}{action}".encode()).hexdigest()  # 32 hex digits, like a run's
    record = {
        "v": 1,
        "time": "2026-11-29T03:00:00+01:00",
        "id": op_id,
        "action": action,
        "state": "intent",
        "from": src,
        "to": dst,
        "sha256": sha(data),
        "size": len(data),
        "slug": "a",
    }
    with (articles / LOG).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record) + "\n")
    return op_id


def become_newscli(argv: Sequence[str]) -> NoReturn:
    """In a forked child whose streams, folder and environment are set: run newscli's console entry
    point (what `python -m newscli` and the script run) on ``argv``, then end the child with its exit
    status; never returns into pytest."""
    code = 70
    try:
        from newscli.__main__ import main

        sys.argv = ["newscli", *argv]
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # noqa: BLE001 -- the child reports, then ends, whatever happened
        end_child(70)
    end_child(code)


def end_child(code: int) -> NoReturn:
    """End a forked child: a traceback of what is being handled, if anything, the streams flushed
    (a stream already broken does not stop the exit), and no return into pytest."""
    if sys.exc_info()[0] is not None:
        import traceback

        traceback.print_exc()
    with contextlib.suppress(BaseException):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def _warm_this_process() -> None:
    """What a newscli process builds the first time it needs it (each command's Click command, the
    patterns its help and usage errors are translated with) built here, once, before a fork: each
    child inherits it, where it built it anew and lost it at its exit. Measured (40 children of a
    process that had run only ``list``, load 3): a child showing a usage error of ``new`` or
    ``touch`` cost 16.5-18.8 ms of CPU, 10.3-14.4 ms so; a bare fork and exit cost 2-3 ms. A
    process started anew (``run_newscli``, the platform and start-up tests) still builds it all."""
    if _WARM:
        return
    import typer.main

    from newscli.cli import help as help_text
    from newscli.cli.app import app

    commands = getattr(typer.main.get_command(app), "commands", {})  # a group's: built on look-up
    for name in list(commands):
        commands[name]
    help_text.translate_metavars("")
    help_text.translate_error("")
    _WARM.append(True)


_WARM: list[bool] = []


def terminal_streams() -> tuple[TextIO, TextIO, TextIO]:
    """The streams Python makes at start-up on descriptors 0, 1 and 2 when they are a terminal:
    text on them, stdout and stderr line-buffered, stderr never failing on an encoding."""
    stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
    stdout, stderr = (
        io.TextIOWrapper(
            io.FileIO(fd, "w", closefd=False), encoding="utf-8", errors=errors, line_buffering=True
        )
        for fd, errors in ((1, "strict"), (2, "backslashreplace"))
    )
    return stdin, stdout, stderr


class Forked:
    """newscli running in a forked child of the test process (``start_forked``); ``wait`` for it.

    Its output goes to files read back by ``wait``, or, given ``terminal`` (a pseudo-terminal's
    follower end), to that terminal: stdin, stdout and stderr, as a shell would start it there.
    """

    def __init__(
        self,
        site: Path,
        args: tuple[str, ...],
        crash_at: int | None,
        env: dict[str, str],
        terminal: int | None = None,
    ) -> None:
        import tempfile

        self.args = args
        _warm_this_process()
        self.streams = Path(tempfile.mkdtemp(prefix="newscli-forked-"))
        out_path, err_path = self.streams / "out", self.streams / "err"
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            try:
                if terminal is None:
                    out = open(out_path, "w", encoding="utf-8")  # noqa: SIM115 -- closed by os._exit
                    err = open(err_path, "w", encoding="utf-8")  # noqa: SIM115 -- closed by os._exit
                    os.dup2(out.fileno(), 1)
                    os.dup2(err.fileno(), 2)
                    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
                    sys.stdout, sys.stderr = out, err
                else:  # the streams Python makes at start-up on a terminal: line-buffered
                    for fd in (0, 1, 2):
                        os.dup2(terminal, fd)
                    os.close(terminal)
                    sys.stdin, sys.stdout, sys.stderr = terminal_streams()
                os.chdir(site)
                for name in [k for k in os.environ if k.startswith("NEWSCLI_") and k != "NEWSCLI_CACHE_DIR"]:
                    del os.environ[name]
                os.environ.update({"NEWSCLI_NOW": NOW, **env})
                if crash_at is not None:
                    os.environ["NEWSCLI_CRASH_AT"] = str(crash_at)
            except BaseException:  # noqa: BLE001 -- the child reports, then ends, whatever happened
                end_child(70)
            become_newscli(args)
        self.pid = pid

    def wait(self, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Its exit and output; a child still running after ``timeout`` seconds is killed, and that
        is an error (as ``subprocess.run``'s timeout is), not a hung suite."""
        try:
            if hasattr(os, "pidfd_open"):
                import select

                pidfd = os.pidfd_open(self.pid)
                try:
                    ready, _, _ = select.select([pidfd], [], [], timeout)
                finally:
                    os.close(pidfd)
                if not ready:
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                    raise subprocess.TimeoutExpired(["newscli", *self.args], timeout)
            _, status = os.waitpid(self.pid, 0)
            out, err = (self.streams / "out", self.streams / "err")  # none when it wrote to a terminal
            return subprocess.CompletedProcess(
                ["newscli", *self.args],
                os.waitstatus_to_exitcode(status),
                out.read_text(encoding="utf-8") if out.exists() else "",
                err.read_text(encoding="utf-8") if err.exists() else "",
            )
        finally:
            shutil.rmtree(self.streams, ignore_errors=True)


def start_forked(
    site: Path, *args: str, crash_at: int | None = None, terminal: int | None = None, **env: str
) -> Forked:
    """newscli started in a forked child of the test process, as ``run_forked`` runs it; not waited for."""
    return Forked(site, args, crash_at, env, terminal)


def run_forked(
    site: Path, *args: str, crash_at: int | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """newscli run in a forked child of the test process: what ``run_newscli`` does, without
    starting an interpreter (the imports are already done), so a crash point costs a fork.

    The child runs the command line's own entry point, which reads its probe from the
    environment, as a process started by cron does; ``crash_at`` SIGKILLs it at that step.
    """
    return Forked(site, args, crash_at, env).wait()
