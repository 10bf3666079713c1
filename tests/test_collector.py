"""The cyclic garbage collector is paused once, for a command's run, by one helper in cli/app.py (and
from the start by the console script, newscli/__main__.py, for what comes before the run)."""

from __future__ import annotations

import ast
import gc
from datetime import UTC, datetime
from pathlib import Path

from conftest import Invoke, Write, article_text

from newscli.core.probe import Probe

NEWSCLI = Path(__file__).resolve().parent.parent / "newscli"


def test_only_the_entry_point_touches_the_collector() -> None:
    touching = set()
    for path in NEWSCLI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "gc":
                touching.add(path.relative_to(NEWSCLI).as_posix())
    assert touching == {"cli/app.py", "__main__.py"}


def test_a_command_runs_with_the_collector_paused_and_leaves_it_on(write: Write, cli: Invoke) -> None:
    write("2022-12-07-a.md", article_text(title="A", slug="a", date="2022-12-07"))
    seen: list[bool] = []
    probe = Probe(
        clock=lambda: datetime(2026, 11, 29, tzinfo=UTC),
        on_step=lambda step, rel: seen.append(gc.isenabled()),
    )
    assert gc.isenabled()
    assert cli("archive", "--yes", probe=probe).exit_code == 0
    assert seen
    assert not any(seen)  # paused all through the run, the moves included
    assert gc.isenabled()  # and on again after it
