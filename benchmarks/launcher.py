"""Runs each measured command for benchmarks/run.py, from a small process of its own.

Why a separate process: Linux keeps a process's peak RSS across ``exec`` (the high-water mark of
the memory it had between fork and exec, which is its parent's), so ``ru_maxrss`` of a child spawned
by the harness, which holds the parsed output of 100,000-article runs, would report the harness's
own peak. This launcher stays small and is started before the harness grows; its own peak is sent
back as the floor under which a child's figure means "at most this".

Protocol: one JSON request per line on stdin, one JSON reply per line on stdout. Standard library
only, started with ``python -S``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from typing import Any

BUFFER = bytearray(1 << 16)
VIEW = memoryview(BUFFER)


def own_peak_kib() -> int:
    """This process's own high-water RSS, which is what a child inherits into its ``ru_maxrss``.

    Not ``getrusage(RUSAGE_SELF)``: that one also carries what this process inherited itself.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def run(request: dict[str, Any]) -> dict[str, Any]:
    """Spawn, drain stdout from a pipe (kept in a file when asked), reap with wait4; time all of it."""
    keep = request.get("stdout_path")
    with open(request["stderr_path"], "wb") as err, open(keep or os.devnull, "wb") as out:
        floor_kib = own_peak_kib()
        start = time.perf_counter()
        proc = subprocess.Popen(
            request["argv"], cwd=request["cwd"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err
        )
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        total = 0
        while count := os.readv(fd, [BUFFER]):  # one buffer for every read: this process must not grow
            total += count
            if keep:
                out.write(VIEW[:count])
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; Popen must not wait again
        proc.stdout.close()
    return {
        "seconds": seconds,
        "exit_code": proc.returncode,
        "peak_rss_kib": usage.ru_maxrss,
        # User and system time of the child and every process it waited for (newscli's second
        # process, hugo's threads): the work done, which a busy machine stretches far less than wall.
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "floor_kib": floor_kib,
        "stdout_bytes": total,
    }


def main() -> None:
    for line in sys.stdin:
        try:
            reply = run(json.loads(line))
        except Exception as exc:  # noqa: BLE001 - reported to the harness, which stops loudly
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
