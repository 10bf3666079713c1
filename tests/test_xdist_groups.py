"""The suite's xdist scheduler (tests/xdist_groups.py) keeps a marked module's tests on one worker:
every ``xdist_group`` mark in the suite is one it reads, and a test's scope is its module's group,
else the test itself (load-balanced one by one, as xdist's own loadgroup does)."""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest
from xdist_groups import ModuleGroups, module_group

TESTS = Path(__file__).resolve().parent


def _marked_groups(source: str) -> list[str]:
    """The group names of every ``xdist_group(...)`` call in a module's ``pytestmark``, read with
    the parser (whatever the line's shape: a list of marks, a keyword name), not the scheduler's
    pattern."""
    names = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.Assign) or not any(
            isinstance(t, ast.Name) and t.id == "pytestmark" for t in node.targets
        ):
            continue
        for call in ast.walk(node.value):
            if (
                isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and call.func.attr == "xdist_group"
            ):
                arg = call.args[0] if call.args else next(k.value for k in call.keywords if k.arg == "name")
                assert isinstance(arg, ast.Constant)
                names.append(str(arg.value))
    return names


def _unread_marks(folder: Path) -> list[str]:
    """The modules whose group the scheduler would not see: their tests would be spread over both
    workers, each making the module's expensive fixtures."""
    unread = []
    for path in sorted(folder.glob("test_*.py")):
        for name in _marked_groups(path.read_text(encoding="utf-8")):
            if module_group(path) != name:
                unread.append(f"{path.name}: {name}")
    return unread


def test_the_scheduler_reads_every_group_mark_of_the_suite() -> None:
    assert _marked_groups((TESTS / "test_power_loss.py").read_text(encoding="utf-8")) == ["power_loss"]
    assert _unread_marks(TESTS) == []


def test_a_mark_the_scheduler_cannot_read_is_reported(tmp_path: Path) -> None:
    (tmp_path / "test_listed.py").write_text(
        'import pytest\npytestmark = [pytest.mark.xdist_group("big"), pytest.mark.slow]\n', encoding="utf-8"
    )
    (tmp_path / "test_plain.py").write_text(
        'import pytest\npytestmark = pytest.mark.xdist_group("ok")\n', encoding="utf-8"
    )
    assert _unread_marks(tmp_path) == ["test_listed.py: big"]


def _scheduler(root: Path) -> ModuleGroups:
    # Only _split_scope is asked: it reads the root from the config, nothing of a running session.
    scheduler: ModuleGroups = ModuleGroups.__new__(ModuleGroups)
    scheduler.config = SimpleNamespace(rootpath=root)
    return scheduler


@pytest.mark.parametrize(
    ("nodeid", "scope"),
    [
        ("tests/test_grouped.py::test_a", "big"),
        ("tests/test_grouped.py::test_b[x@y]", "big"),  # an '@' in a parameter is no group
        ("tests/test_grouped.py::Case::test_c", "big"),
        ("tests/test_plain.py::test_a", "tests/test_plain.py::test_a"),
        ("tests/test_plain.py::test_a@other", "other"),  # xdist's own renaming, where it works
        ("tests/test_gone.py::test_a", "tests/test_gone.py::test_a"),  # unreadable: ungrouped
    ],
)
def test_a_tests_scope_is_its_modules_group_else_itself(tmp_path: Path, nodeid: str, scope: str) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_grouped.py").write_text(
        'import pytest\n\npytestmark = pytest.mark.xdist_group("big")\n', encoding="utf-8"
    )
    (tmp_path / "tests" / "test_plain.py").write_text("def test_a() -> None:\n    pass\n", encoding="utf-8")
    assert _scheduler(tmp_path)._split_scope(nodeid) == scope
