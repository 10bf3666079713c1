"""The cyclic garbage collector is paused once, for a command's run, by one helper in cli/app.py (and
from the start by the console script, newscli/__main__.py, for what comes before the run)."""

from __future__ import annotations

import ast
import gc
from datetime import UTC, datetime

from conftest import Invoke, Write, article_text
from source_support import NEWSCLI, newscli_modules

from newscli.core.probe import Probe


def test_only_the_entry_point_touches_the_collector() -> None:
    touching = set()
    for path, tree in newscli_modules():
        names = {"gc"} | {  # `import gc as collector` too
            alias.asname
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
            if alias.name == "gc" and alias.asname
        }
        for node in ast.walk(tree):
            used = (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in names
            )
            if used or (isinstance(node, ast.ImportFrom) and node.module == "gc"):
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
