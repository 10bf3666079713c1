"""Questions on a terminal: in the user's language, asked again until answered, Ctrl-C always stops.

Prompts go to stderr (stdout is for data). Ctrl-C raises KeyboardInterrupt and end of input
(Ctrl-D) EOFError; newscli.cli.app turns either into one line and exit 130.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from newscli.i18n import _, localize

Check = Callable[[str], str | None]  # the answer's problem, or None when it will do


def _read(question: str) -> str:
    sys.stderr.write(question)
    sys.stderr.flush()
    fd = _terminal()
    return input() if fd is None else _typed_line(fd)


def _terminal() -> int | None:
    """The descriptor of standard input when it is a terminal (on POSIX), else None."""
    if os.name != "posix":
        return None
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, ValueError, OSError):  # replaced (a test's input) or closed
        return None
    return fd if os.isatty(fd) else None


def _typed_line(fd: int) -> str:
    """One line typed at the terminal, without its newline; EOFError on Ctrl-D at its start.

    Waits in short ``select`` calls rather than one blocking read (as ``input()`` does): Python only
    notes a signal when it comes and raises KeyboardInterrupt at its next step, so a Ctrl-C that came
    after the question was written but before the read began was noted and never acted on: the read
    waited for ever (under load, tests/test_terminal.py's Ctrl-C test hung). The terminal still
    edits the line (erase, kill) and echoes it, as it did for ``input()``.
    """
    import select

    typed = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 0.1)  # each return is a step: a noted Ctrl-C stops here
        if not ready:
            continue
        chunk = os.read(fd, 4096)
        if not chunk:  # Ctrl-D: at the start of a line the end of input, else the end of this line
            if not typed:
                raise EOFError
            break
        typed += chunk
        if typed.endswith(b"\n"):
            typed = typed[:-1]
            break
    return typed.decode(sys.stdin.encoding or "utf-8", "replace")


def ask(question: str, check: Check | None = None) -> str:
    """``question``, asked again at once while ``check`` finds a problem with the answer."""
    while True:
        answer = _read(f"{question}: ")
        problem = check(answer) if check else None
        if problem is None:
            return answer
        sys.stderr.write(f"  {localize(problem)}\n")


def yes_words() -> frozenset[str]:
    # The words the user's language says yes with; y and yes are understood everywhere.
    return frozenset(_("y|yes").split("|")) | {"y", "yes"}


def no_words() -> frozenset[str]:
    return frozenset(_("n|no").split("|")) | {"n", "no"}


def confirm(question: str, default: bool = False) -> bool:
    """A yes/no question, ``[y/N]`` in English, ``[j/N]`` in Swedish; an empty answer is ``default``."""
    yes, no = _("y"), _("n")
    choices = f"{yes.upper()}/{no}" if default else f"{yes}/{no.upper()}"
    while True:
        answer = _read(f"{question} [{choices}] ").strip().casefold()
        if not answer:
            return default
        if answer in yes_words():
            return True
        if answer in no_words():
            return False
        sys.stderr.write("  " + _("answer {yes} or {no}").format(yes=yes, no=no) + "\n")
