"""Questions on a terminal: in the user's language, asked again until answered, Ctrl-C always stops.

Prompts go to stderr (stdout is for data). Ctrl-C raises KeyboardInterrupt and end of input
(Ctrl-D) EOFError; newscli.cli.app turns either into one line and exit 130.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from newscli.i18n import _, localize

Check = Callable[[str], str | None]  # the answer's problem, or None when it will do


def _read(question: str) -> str:
    sys.stderr.write(question)
    sys.stderr.flush()
    return input()  # input() rather than sys.stdin.readline(): line editing where readline is present


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
