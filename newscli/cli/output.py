"""Where output goes: data on stdout, messages on stderr; colours only on a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:  # rich is imported only by the commands that draw with it
    from rich.console import Console


def is_terminal(stream: IO[str] | None = None) -> bool:
    """True when ``stream`` (default stdout) is an interactive terminal."""
    stream = sys.stdout if stream is None else stream
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    terminal = is_terminal(stream)
    return Console(
        file=stream,
        force_terminal=terminal,
        no_color=not terminal or "NO_COLOR" in os.environ,
        highlight=False,
        soft_wrap=not terminal,
        width=None if terminal else 10_000,
    )


def message(text: str) -> None:
    """A line for the person running the command, on stderr; control characters shown, not sent."""
    from newscli.core.text import visible

    print(visible(text), file=sys.stderr)


def line(text: str) -> None:
    """A line of human-readable data on stdout, control characters shown visibly (``\x1b``), a
    line break in it too (``\x0a``): one line, whatever a file name holds."""
    from newscli.core.text import visible_line

    print(visible_line(text))


def dump_json(document: object, out: IO[str] | None = None, indent: int | None = 2) -> None:
    """``document`` as JSON and a newline: UTF-8 as written, with every control character and any
    lone surrogate (a file name that is not UTF-8) escaped as JSON escapes them."""
    import json

    from newscli.core.text import json_safe

    out = sys.stdout if out is None else out
    out.write(json_safe(json.dumps(document, ensure_ascii=False, indent=indent)))
    out.write("\n")


def error(text: str, hint: str | None = None) -> None:
    """``text`` and ``hint`` as given, or as Messages said in the user's language."""
    from newscli.i18n import _

    message(_("newscli: error: {message}").format(message=_said(text)))
    if hint:
        message(_("  hint: {hint}").format(hint=_said(hint)))


def warn(text: str) -> None:
    """``text`` as given, or as a Message said in the user's language."""
    from newscli.i18n import _

    message(_("newscli: warning: {message}").format(message=_said(text)))


def _said(text: str) -> str:
    """One translation: a Message is said in the user's language; a plain string is already in it
    (``_()`` was called where it was made) or is what a person or a file gave, and is shown as it
    is, even when it happens to be a word of the catalogue."""
    from newscli.i18n import Message, localize

    return (localize(text) or "") if isinstance(text, Message) else text


def show_paged(draw: Callable[[Console], None], use_pager: bool = True) -> None:
    """Draw on the terminal; through ``$PAGER`` (``less -R`` by default, like git) when it is longer
    than the screen. ``PAGER=cat`` or an empty ``PAGER`` never pages."""
    import io

    screen = console()
    if not use_pager:
        draw(screen)
        return
    from rich.console import Console

    buffer = io.StringIO()
    draw(
        Console(
            file=buffer,
            force_terminal=True,
            no_color=screen.no_color,
            highlight=False,
            width=screen.width,
            color_system=screen.color_system,  # type: ignore[arg-type]  # rich returns the name it takes
        )
    )
    text = buffer.getvalue()
    command = os.environ.get("PAGER", "less -R")
    if text.count("\n") < screen.height or not command.strip() or command.strip() == "cat":
        sys.stdout.write(text)
        return
    _through_pager(text, command)


def _through_pager(text: str, command: str) -> None:
    import shlex
    import signal
    import subprocess

    environment = dict(os.environ)
    environment.setdefault("LESS", "FRX")  # as git does: quit at the end, keep colours, leave the text
    environment.setdefault("LV", "-c")
    if "LESSCHARSET" not in environment and "LESSCHARDEF" not in environment:
        # The text is UTF-8 whatever the locale says: less would show å as <C3><A5> where the
        # locale named (sv_SE.UTF-8, say) is not installed.
        environment["LESSCHARSET"] = "utf-8"
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the pager while it runs
    try:
        try:
            pager = subprocess.Popen(
                shlex.split(command), stdin=subprocess.PIPE, env=environment, encoding="utf-8"
            )
        except (OSError, ValueError):  # no such pager: the text as it is
            sys.stdout.write(text)
            return
        assert pager.stdin is not None
        try:
            pager.stdin.write(text)
            pager.stdin.close()
        except BrokenPipeError:
            pass  # the reader quit the pager before the end: nothing wrong
        pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
