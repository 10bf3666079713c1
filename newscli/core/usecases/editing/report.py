"""What an editing command did: the one report the five commands (and restore's archive_after) return."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from newscli.core.diagnostics import Diagnostic
from newscli.core.report import Outcome


class Action(StrEnum):
    EDIT = "edit"
    TOUCH = "touch"
    REVIEW = "review"
    SUPERSEDE = "supersede"
    PUBLISH = "publish"
    ARCHIVE_AFTER = "archive-after"


@dataclass(frozen=True)
class Change:
    """One key as it was and as it is now; None means absent."""

    key: str
    old: Any
    new: Any


@dataclass(frozen=True)
class EditReport:
    action: Action
    path: Path  # where the article is now
    slug: str
    changes: tuple[Change, ...] = ()
    renamed_from: Path | None = None
    unchanged: bool = False  # edit: the copy was closed without a change
    finished: bool = False  # publish: an interrupted publish was completed, nothing else done
    problems: tuple[Diagnostic, ...] = ()  # edit: why the edited copy was not saved
    kept: Path | None = None  # edit: where the edited copy was kept
    notes: tuple[str, ...] = ()
    outcome: Outcome = Outcome.DONE
