"""Domain exceptions and the exit codes they map to.

The core raises these; ``newscli.cli.app`` turns each into a one-line message and an exit code,
in one place, so no traceback reaches a user.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FILE_ERRORS = 1  # some files had errors, could not be moved, or were skipped as unsafe; output unwritable
    USAGE = 2  # bad usage or bad configuration
    INTERNAL = 70  # a bug in newscli (EX_SOFTWARE)
    LOCKED = 75  # another archive run holds the lock (EX_TEMPFAIL)
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    BROKEN_PIPE = 141  # the reader of the output went away, e.g. `| head` (128 + SIGPIPE, as a shell says)


class NewscliError(Exception):
    """Base of every error a user can cause; the message is shown as is."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(NewscliError):
    """A bad argument or option value."""


class ConfigError(NewscliError):
    """A bad configuration file or value; the message names the key."""


class ArticleError(NewscliError):
    """An article file that cannot be read, parsed or written."""

    exit_code = ExitCode.FILE_ERRORS

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int = 1,
        column: int = 1,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class NotFoundError(NewscliError):
    """A slug or path the user named does not exist."""

    exit_code = ExitCode.FILE_ERRORS


class LockHeldError(NewscliError):
    """Another archive run holds the lock."""

    exit_code = ExitCode.LOCKED
