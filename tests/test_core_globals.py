"""The core reads neither the environment nor the clock, but where docs/development.md says it does.

The command-line side reads them at the entry point and hands them down (``make_run``'s now and
cache folder, ``make_probe``'s hooks and wall clock); a new read inside ``newscli/core`` fails here
until it is either handed in or added to the documented list (and to this test).
"""

from __future__ import annotations

import ast

import pytest
from source_support import NEWSCLI, modules_under

from newscli.core.probe import Probe

CORE = NEWSCLI / "core"

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


def _reads_in(tree: ast.Module) -> set[str]:
    """The environment and clock reads in one module, however the name was imported."""
    imported = {  # `from os import environ`, `from datetime import datetime as dt`: the same reads
        alias.asname or alias.name: f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module in ("os", "time", "datetime")
        for alias in node.names
    }
    imported.update(  # `import os as system`: the module under another name
        (alias.asname, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.asname and alias.name in ("os", "time", "datetime")
    )
    found = set()
    for node in ast.walk(tree):
        name = _dotted(node) if isinstance(node, (ast.Attribute, ast.Name)) else None
        if name is None:
            continue
        head, dot, rest = name.partition(".")
        name = imported.get(head, head) + dot + rest
        # `import datetime` then datetime.datetime.now(): the class's read, as CLOCK names it
        name = (
            name.removeprefix("datetime.")
            if name.startswith(("datetime.datetime.", "datetime.date."))
            else name
        )
        if name in ENVIRONMENT or name in CLOCK:
            found.add(name)
    return found


def _reads() -> set[tuple[str, str]]:
    return {
        (path.relative_to(CORE).as_posix(), name)
        for path, tree in modules_under(CORE)
        for name in _reads_in(tree)
    }


@pytest.mark.parametrize(
    ("source", "read"),
    [
        ("import os\nos.environ.get('X')", "os.environ"),
        ("from os import environ\nenviron['X']", "os.environ"),
        ("from os import getenv as g\ng('X')", "os.getenv"),
        ("import os as system\nsystem.environ['X']", "os.environ"),
        ("import time as clock\nclock.monotonic()", "time.monotonic"),
        ("import time\ntime.time_ns()", "time.time_ns"),
        ("from time import monotonic\nmonotonic()", "time.monotonic"),
        ("from datetime import datetime\ndatetime.now()", "datetime.now"),
        ("from datetime import datetime as dt\ndt.now()", "datetime.now"),
        ("import datetime\ndatetime.datetime.now()", "datetime.now"),
        ("import datetime\ndatetime.date.today()", "date.today"),
        ("from datetime import date\ndate.today()", "date.today"),
    ],
)
def test_a_read_is_seen_however_its_name_was_imported(source: str, read: str) -> None:
    assert _reads_in(ast.parse(source)) == {read}


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
