"""The closed sets are enums whose values are the contract's strings: pinned here as literals.

JSON (`archive --format json`, `archive --history --format json`), the archive log and the config
say these strings; an enum member renamed keeps them, a value changed breaks this test.
"""

from __future__ import annotations

from pathlib import Path

from newscli.core.archive import MoveAction, MoveState, ProblemKind, RecoveryOutcome
from newscli.core.config import StaleFrom
from newscli.core.durable import Step

REPO = Path(__file__).resolve().parent.parent


def test_the_archive_logs_actions_and_states() -> None:
    assert [a.value for a in MoveAction] == ["archive", "restore"]
    assert [s.value for s in MoveState] == ["intent", "done", "cancelled", "failed"]


def test_the_problems_and_recovery_outcomes_archive_reports_are_the_documented_ones() -> None:
    problems = {
        "symlink", "not-regular", "hard-linked", "unreadable", "too-large", "invalid", "changed",
        "missing", "destination-exists", "unsafe-folder", "move-failed",
    }  # fmt: skip
    outcomes = {"finished", "recorded", "left-in-place", "conflict", "missing", "unsafe", "hidden-file"}
    assert {k.value for k in ProblemKind} == problems
    assert {o.value for o in RecoveryOutcome} == outcomes
    reference = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    for value in problems | outcomes:
        assert f"`{value}`" in reference, value


def test_stale_from_and_the_probes_steps() -> None:
    assert [s.value for s in StaleFrom] == ["date", "lastmod"]
    assert {"temp-created", "temp-synced", "renamed", "folder-synced", "intent", "linked", "done"} <= {
        s.value for s in Step
    }


def test_an_enum_is_written_as_its_string() -> None:
    import json

    from newscli.core.archive.log import Record, log_line

    record = Record(
        "0" * 32, "2026-11-29T03:15:02+01:00", MoveAction.ARCHIVE, MoveState.DONE, "a.md", "archive/2022/a.md"
    )
    line = json.loads(log_line(record))
    assert (line["action"], line["state"]) == ("archive", "done")
    assert (
        json.dumps([ProblemKind.TOO_LARGE, RecoveryOutcome.LEFT_IN_PLACE]) == '["too-large", "left-in-place"]'
    )
    assert f"{StaleFrom.LASTMOD}" == "lastmod"
