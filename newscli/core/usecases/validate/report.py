"""What ``validate`` answers: every problem found, counted, and the JSON it is shown as.

The report is plain data; the command's renderer says it, and ``cli/app.py`` maps its outcome
(``failed``: errors, or with ``--strict`` any warning) to the exit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newscli.core.diagnostics import Diagnostic
from newscli.core.report import Outcome
from newscli.core.text import plural

FORMAT_VERSION = 1
REPORT_KEYS = ("format_version", "files_checked", "files_with_problems", "errors", "warnings", "diagnostics")


@dataclass(frozen=True)
class ValidateReport:
    diagnostics: tuple[Diagnostic, ...]  # sorted by path, line, column
    files_checked: int
    files_with_problems: int
    strict: bool = False  # warnings count as failures too

    @property
    def outcome(self) -> Outcome:
        return Outcome.PARTLY if self.failed(self.strict) else Outcome.DONE

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    def failed(self, strict: bool) -> bool:
        """Exit 1: errors, or with ``--strict`` any warning too."""
        return self.errors > 0 or (strict and self.warnings > 0)

    def as_dict(self) -> dict[str, Any]:
        """The JSON output (version FORMAT_VERSION, keys REPORT_KEYS; documented in the README)."""
        return {
            "format_version": FORMAT_VERSION,
            "files_checked": self.files_checked,
            "files_with_problems": self.files_with_problems,
            "errors": self.errors,
            "warnings": self.warnings,
            "diagnostics": [d.as_dict() for d in self.diagnostics],
        }

    def summary(self) -> str:
        """``3 errors, 1 warning in 2 of 48 files``, or ``no problems in 48 files``."""
        files = plural(self.files_checked, "file")
        if not self.diagnostics:
            return f"no problems in {files}"
        counts = [plural(n, noun) for n, noun in ((self.errors, "error"), (self.warnings, "warning")) if n]
        return f"{', '.join(counts)} in {self.files_with_problems} of {files}"
