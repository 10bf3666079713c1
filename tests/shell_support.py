"""Shell command lines with ``newscli`` on PATH, each newscli a forked child of the test process.

The docs' examples are shell lines (pipes, ``VAR=value newscli ...``, ``> file``), run by bash as
a reader's shell runs them. Starting ``python -m newscli`` for each costs about 150 ms of CPU,
mostly imports the test process has already done. So the ``newscli`` that bash finds on PATH is a
small client (a bare interpreter without ``site``, about a tenth of that): it hands its arguments,
working folder, environment and its three standard streams (the file descriptors themselves,
``SCM_RIGHTS``) to the test process, which forks; the child runs the console entry point
(``newscli.__main__.main``) on those streams, in that folder, with that environment, and its exit
status is the client's. What newscli sees is what a process started there sees: the same
arguments, folder, environment, the same pipes or files as its streams, wrapped as the interpreter
wraps them at start-up under that environment (asked of a real interpreter, once per environment).
A real ``newscli`` process is still started by tests/test_sample.py and the crash tests.
"""

from __future__ import annotations

import contextlib
import io
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from archive_support import become_newscli, end_child

SERVER = "NEWSCLI_TEST_FORK_SERVER"

# The client: only _socket is imported (no ``site``, no ``socket`` module), so it starts in a few
# milliseconds. Request: a 4-byte length, then cwd, argv and environment separated by NUL bytes,
# the three file descriptors sent with the first bytes. Reply: the child's wait status as text.
CLIENT = """\
import _socket, os, sys
s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
s.connect(os.environ[{server!r}])
fields = [os.getcwd(), str(len(sys.argv) - 1), *sys.argv[1:]]
fields += [k + "=" + v for k, v in os.environ.items() if k != {server!r}]
data = "\\0".join(fields).encode("utf-8", "surrogateescape")
fds = b"".join(fd.to_bytes(4, sys.byteorder) for fd in (0, 1, 2))
s.sendmsg([len(data).to_bytes(4, "big")], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)])
s.sendall(data)
reply = b""
while not reply.endswith(b"\\n"):
    chunk = s.recv(64)
    if not chunk:
        os._exit(70)
    reply += chunk
code = int(reply)
if code < 0:  # killed by a signal: end the same way, as the shell would see the process end
    import signal
    signal.signal(-code, signal.SIG_DFL)
    os.kill(os.getpid(), -code)
os._exit(code)
"""

# What the interpreter's start-up makes of the three streams, under the environment's variables
# (PYTHONUNBUFFERED, PYTHONIOENCODING, the locale...): encoding, errors, buffering.
_PROBE = """\
import sys
for s in (sys.stdin, sys.stdout, sys.stderr):
    print(s.encoding, s.errors, int(s.line_buffering), int(s.write_through), type(s.buffer).__name__)
"""
Settings = list[tuple[str, str, bool, bool, bool]]
_STREAM_KEYS = ("PYTHONUNBUFFERED", "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONLEGACYWINDOWSSTDIO")
_streams_for: dict[tuple[str | None, ...], Settings] = {}


def _stream_settings(env: dict[str, str]) -> Settings:
    """(encoding, errors, line_buffering, write_through, buffered) of stdin, stdout and stderr
    in a Python process started with ``env`` on pipes, asked of a real one."""
    key = tuple(env.get(k) for k in (*_STREAM_KEYS, "LANG", "LC_ALL", "LC_CTYPE"))
    if key not in _streams_for:
        done = subprocess.run(
            [sys.executable, "-S", "-c", _PROBE],
            env=env,
            capture_output=True,
            text=True,
            stdin=subprocess.PIPE,
            check=True,
        )
        rows = [line.split() for line in done.stdout.splitlines()]
        _streams_for[key] = [(e, r, lb == "1", wt == "1", kind != "FileIO") for e, r, lb, wt, kind in rows]
    return _streams_for[key]


def _recv_request(conn: socket.socket) -> tuple[str, list[str], dict[str, str], list[int]]:
    header, ancillary, _, _ = conn.recvmsg(4, socket.CMSG_SPACE(3 * 4))
    fds = [
        int.from_bytes(data[i : i + 4], sys.byteorder)
        for level, kind, data in ancillary
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS
        for i in range(0, len(data) - len(data) % 4, 4)
    ]
    size = int.from_bytes(header.ljust(4, b"\0"), "big")
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    fields = data.decode("utf-8", "surrogateescape").split("\0")
    cwd, count = fields[0], int(fields[1])
    argv = fields[2 : 2 + count]
    env = dict(item.split("=", 1) for item in fields[2 + count :])
    return cwd, argv, env, fds


def _stream(
    fd: int, encoding: str, errors: str, line_buffering: bool, write_through: bool, buffered: bool
) -> io.TextIOWrapper:
    """Standard stream ``fd`` as the interpreter makes it at start-up."""
    raw = io.FileIO(fd, "r" if fd == 0 else "w", closefd=False)
    options = {"encoding": encoding, "errors": errors}
    if not buffered:  # PYTHONUNBUFFERED: stdout and stderr write straight to the file
        return io.TextIOWrapper(raw, **options, line_buffering=line_buffering, write_through=write_through)
    buffer = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
    return io.TextIOWrapper(buffer, **options, line_buffering=line_buffering, write_through=write_through)


def _child(cwd: str, argv: list[str], env: dict[str, str], fds: list[int], settings: Settings) -> NoReturn:
    """In the forked child: become ``newscli *argv`` on the client's streams; never returns."""
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        streams = [_stream(fd, *setting) for fd, setting in enumerate(settings)]
        sys.stdin, sys.stdout, sys.stderr = streams
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
    except BaseException:  # noqa: BLE001 -- the child reports, then ends, whatever happened
        end_child(70)
    become_newscli(argv)


class ForkServer:
    """A folder with the ``newscli`` client and the socket it talks to; ``run`` a line of shell."""

    def __init__(self) -> None:
        # Not in the test's folder (the commands run there), and short: a socket's path has a
        # limit of 108 bytes.
        self.folder = Path(tempfile.mkdtemp(prefix="newscli-fork-"))
        self.bin = self.folder / "bin"
        self.bin.mkdir()
        client = self.bin / "newscli"
        client.write_text(f"#!{sys.executable} -IS\n{CLIENT.format(server=SERVER)}", encoding="utf-8")
        client.chmod(0o755)
        self.address = str(self.folder / "socket")
        # Built here, once (conftest's _command_built_once keeps it for the process), it is
        # inherited by every child; built in a child, it would be built again in the next.
        import typer.main

        from newscli.cli.app import app

        typer.main.get_command(app)
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(self.address)
        self.listener.listen(8)

    def close(self) -> None:
        self.listener.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def program(self) -> str:
        """The client's path: for a script that is told which newscli to run (site/build.sh)."""
        return str(self.bin / "newscli")

    def run(
        self, command: str | list[str], cwd: Path, env: dict[str, str], timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        """``bash -c command`` (or the program ``command``) in ``cwd`` with ``env``, this folder's
        ``newscli`` first on PATH; each ``newscli`` it starts is served by a fork of this process
        until it ends."""
        env = {**env, "PATH": f"{self.bin}{os.pathsep}{env.get('PATH', '')}", SERVER: self.address}
        argv = ["bash", "-c", command] if isinstance(command, str) else command
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            shell = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=err)
            try:
                self._serve(shell, time.monotonic() + timeout)
            except subprocess.TimeoutExpired:
                shell.kill()
                shell.wait()
                raise subprocess.TimeoutExpired(command, timeout) from None
            out.seek(0)
            err.seek(0)
            return subprocess.CompletedProcess(
                command, shell.returncode, out.read().decode(), err.read().decode()
            )

    def _serve(self, shell: subprocess.Popen[bytes], deadline: float) -> None:
        """Fork a child for each client that connects, reply with its status; until bash ends.

        One thread only (a process with threads must not fork): the listening socket, bash and
        each child (a pidfd) are waited for together."""
        shell_fd = os.pidfd_open(shell.pid)
        children: dict[int, tuple[int, socket.socket]] = {}  # pidfd -> (pid, the client's connection)
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    for pid, _ in children.values():
                        os.kill(pid, signal.SIGKILL)
                    raise subprocess.TimeoutExpired("bash", 0)
                listener = self.listener.fileno()
                ready, _, _ = select.select([listener, shell_fd, *children], [], [], left)
                for fd in ready:
                    if fd == listener:
                        conn, _ = self.listener.accept()
                        cwd, argv, env, fds = _recv_request(conn)
                        settings = _stream_settings(env)  # here: a child's answer would be lost
                        pid = os.fork()
                        if pid == 0:
                            self.listener.close()
                            conn.close()
                            _child(cwd, argv, env, fds, settings)
                        for received in fds:
                            os.close(received)
                        children[os.pidfd_open(pid)] = (pid, conn)
                    elif fd in children:
                        pid, conn = children.pop(fd)
                        os.close(fd)
                        _, status = os.waitpid(pid, 0)
                        with contextlib.suppress(OSError):  # a client killed meanwhile
                            conn.sendall(f"{os.waitstatus_to_exitcode(status)}\n".encode())
                        conn.close()
                if shell_fd in ready and not children:
                    shell.wait()
                    return
        finally:
            os.close(shell_fd)
            for fd, (_pid, conn) in children.items():
                os.close(fd)
                conn.close()


@contextlib.contextmanager
def fork_server() -> Iterator[ForkServer]:
    server = ForkServer()
    try:
        yield server
    finally:
        server.close()
