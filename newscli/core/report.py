"""What a use case tells the command line: a typed report with an outcome.

Each core use case (list, show, validate, create, archive, restore, the editing commands, export)
returns a report; the command renders it and returns it, and ``newscli.cli.app`` turns its
``outcome`` into the exit code, in the one place where exceptions become exit codes too. Refusals
are not outcomes: the core raises a ``NewscliError`` and changes nothing.
"""

from __future__ import annotations

from enum import Enum
from typing import Protocol


class Outcome(Enum):
    DONE = "done"  # everything asked was done, or there was nothing to do
    PARTLY = "partly"  # some files had errors, could not be changed or were skipped; the rest was done
    INTERRUPTED = "interrupted"  # a signal stopped the run between files; what was done is reported
    FAILED = "failed"  # an error stopped the run after part was done; the report's ``error`` says which


class Report(Protocol):
    @property
    def outcome(self) -> Outcome: ...
