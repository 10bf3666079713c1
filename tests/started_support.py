"""newscli in a process started for the run, without starting an interpreter for each run.

``Starter`` starts one interpreter (``python -c``) that loads Typer (with the Click it carries: what
every newscli run loads first) and never newscli. For each run it forks a child: the child takes the
run's folder, environment, arguments and standard streams (descriptors 0, 1 and 2, under the stream
objects the interpreter made at its start, empty), runs the given program, which loads newscli
afresh, and ends as a process started for it ends: the interpreter's own exit (its last flush of
stdout and what it says when that fails, its exit status). A new interpreter for each run cost about
145 ms of CPU, such a child about 65.

For the tests whose point is the process: a start without the POSIX-only modules
(tests/test_platforms.py), an output that cannot be written or a reader gone away
(tests/test_hostile_output.py). A request is one line of JSON on the interpreter's stdin; the reply
is the child's exit status, on its stdout.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

_SERVE = r"""
import json, os, sys
{prelude}
import typer, typer.core, typer.main  # noqa: E401


def _serve():
    replies, requests = os.dup(1), b""
    while True:
        while b"\n" not in requests:
            chunk = os.read(0, 65536)
            if not chunk:
                os._exit(0)
            requests += chunk
        line, _, requests = requests.partition(b"\n")
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            os.close(replies)
            return request
        _, status = os.waitpid(pid, 0)
        os.write(replies, b"%d\n" % os.waitstatus_to_exitcode(status))


_request = _serve()
os.chdir(_request["cwd"])
os.environ.clear()
os.environ.update(_request["env"])
for _number, _where in enumerate(_request["streams"]):
    if _where == "gone":  # a pipe whose reader has gone before anything is written
        _read, _fd = os.pipe()
        os.close(_read)
    else:
        _fd = os.open(_where, os.O_RDONLY if _number == 0 else os.O_WRONLY)
    os.dup2(_fd, _number)
    os.close(_fd)
sys.argv = _request["argv"]
exec(compile(_request["program"], "<string>", "exec"), {{"__name__": "__main__"}})
"""

# What `python -m newscli ARGS` runs.
AS_MODULE = 'import runpy\nrunpy.run_module("newscli", run_name="__main__", alter_sys=True)\n'


class Starter:
    """The interpreter above (``prelude`` runs first in it); ``run`` newscli in a child of it."""

    def __init__(self, prelude: str = "") -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVE.format(prelude=prelude)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,  # its own failure only: each child's streams are the run's
        )

    def run(
        self,
        cwd: Path,
        args: list[str],
        env: dict[str, str],
        program: str = AS_MODULE,
        stdout: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """``program`` (``AS_MODULE``: ``python -m newscli``) with ``args`` in ``cwd`` with ``env``,
        stdin on /dev/null, stdout on a file read back, or on ``stdout`` (a path such as /dev/full,
        or ``"gone"``: a pipe whose reader has gone), stderr on a file read back."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        assert self.process.stderr is not None
        streams = Path(tempfile.mkdtemp(prefix="newscli-started-"))  # the test's own temporary folder
        out, err = streams / "out", streams / "err"
        out.touch()
        err.touch()
        request = {
            "cwd": str(cwd),
            "env": env,
            "argv": ["-m" if program == AS_MODULE else "-c", *args],
            "program": program,
            "streams": [os.devnull, stdout or str(out), str(err)],
        }
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            self.process.stdin.flush()
            ready, _, _ = select.select([self.process.stdout], [], [], 120)
            assert ready, "newscli did not end in 120 s"
            reply = self.process.stdout.readline()
            assert reply, self.process.stderr.read().decode()  # it ended: why
            said = out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8")
            return subprocess.CompletedProcess(args, int(reply), *said)
        finally:  # as Forked.wait removes its child's: one folder a run otherwise stayed to the end
            shutil.rmtree(streams, ignore_errors=True)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


@contextlib.contextmanager
def starter(prelude: str = "") -> Iterator[Starter]:
    started = Starter(prelude)
    try:
        yield started
    finally:
        started.close()
