"""The core reads neither the environment nor the clock, but where docs/development.md says it does.

The command-line side reads them at the entry point and hands them down (``make_run``'s now and
cache folder, ``make_probe``'s hooks and wall clock); a new read inside ``newscli/core`` fails here
until it is either handed in or added to the documented list (and to this test).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from newscli.core.probe import Probe

CORE = Path(__file__).resolve().parent.parent / "newscli" / "core"

ENVIRONMENT = {"os.environ", "os.environb", "os.getenv", "os.getenvb"}
CLOCK = {
    "time.time",
    "time.time_ns",
    "time.monotonic",
    "time.monotonic_ns",
    "time.perf_counter",
    "time.localtime",
    "datetime.now",
    "datetime.utcnow",
    "datetime.today",
    "date.today",
}

# docs/development.md, "The layers": each read the core makes, and why.
DOCUMENTED = {
    # TZ when the config names no zone, and the system zone's offset when nothing names one
    ("rules/timeutil.py", "os.environ"),
    ("rules/timeutil.py", "datetime.now"),
    # the environment git runs in for archive --commit
    ("usecases/archive/committing.py", "os.environ"),
    # the cache folder, asked only by the entry point (make_run, completion)
    ("folder/cachedir.py", "os.environ"),
    # the racy-window cut-off of the metadata cache, the slug index and completion's note, in one
    # function (cachedir.racy_cutoff_ns): the file system's clock
    ("folder/cachedir.py", "time.time_ns"),
    # --wait of the archive lock and the slug lock
    ("writing/lock.py", "time.monotonic"),
    ("writing/sluglock.py", "time.monotonic"),
}


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def _reads() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(CORE.rglob("*.py")):
        rel = path.relative_to(CORE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {  # `from os import environ`, `from time import time_ns`: the same reads
            alias.asname or alias.name: f"{node.module}.{alias.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module in ("os", "time")
            for alias in node.names
        }
        for node in ast.walk(tree):
            name = _dotted(node) if isinstance(node, (ast.Attribute, ast.Name)) else None
            name = imported.get(name, name) if name is not None else None
            if name in ENVIRONMENT or name in CLOCK:
                found.add((rel, name))
    return found


def test_the_core_reads_environment_and_clock_only_where_documented() -> None:
    assert _reads() == DOCUMENTED


def test_the_documented_reads_are_in_the_development_guide() -> None:
    guide = (CORE.parent.parent / "docs" / "development.md").read_text(encoding="utf-8")
    named = ("timeutil.system_zone", "cachedir.cache_folder", "cachedir.racy_cutoff_ns", "lock", "sluglock")
    for module in named:
        assert f"`{module}" in guide


def test_a_probe_is_handed_its_clock() -> None:
    with pytest.raises(TypeError):
        Probe()  # type: ignore[call-arg]  # the point: no default clock inside the core
