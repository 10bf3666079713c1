"""Diagnostics: a problem in a file, at a line and column, with a stable rule id."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    column: int
    severity: Severity
    message: str
    rule: str
    hint: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message} [{self.rule}]"

    def as_dict(self) -> dict[str, object]:
        """The diagnostic in JSON output (keys documented in the README)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "message": self.message,
            "rule": self.rule,
            "hint": self.hint,
        }

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(path: str, line: int, column: int, message: str, rule: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(path, line, column, Severity.ERROR, message, rule, hint)


def warning(
    path: str, line: int, column: int, message: str, rule: str, hint: str | None = None
) -> Diagnostic:
    return Diagnostic(path, line, column, Severity.WARNING, message, rule, hint)
