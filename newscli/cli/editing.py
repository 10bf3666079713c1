"""What the editing commands share on the command line: the options, who, the probe, ``--date``."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Annotated

import typer

from newscli.core.errors import UsageError

if TYPE_CHECKING:
    from newscli.core.durable import Probe

CRASH_ENV = "NEWSCLI_CRASH_AT"

TargetArgument = Annotated[
    str,
    typer.Argument(metavar="SLUG|PATH", help="A slug, or the path of an article file.", show_default=False),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Who makes the change (default: $NEWSCLI_USER, else git config user.name, else the login name).",
        show_default=False,
    ),
]


def parse_when(option: str, text: str | None, tz: tzinfo) -> datetime | date | None:
    """A ``--date`` value: a bare date stays a TOML date, a date-time keeps its offset."""
    from newscli.core.timeutil import TimeError, parse_datetime

    if text is None:
        return None
    try:
        moment = parse_datetime(text, tz)
    except TimeError as exc:
        raise UsageError(f"{option}: {exc}") from None
    return moment.date() if len(text.strip()) == 10 else moment.replace(microsecond=0)


def who(by: str | None, run_articles_dir: object) -> str:
    """``--by``, else ``NEWSCLI_USER``, else ``git config user.name``, else the login name."""
    import os
    from pathlib import Path

    from newscli.core.who import who as resolve

    return resolve(by, os.environ, Path(str(run_articles_dir)))


class _CrashProbe:
    """Kills the process with SIGKILL at the k-th step (``NEWSCLI_CRASH_AT=k``): crash tests."""

    def __init__(self, crash_at: int) -> None:
        self.crash_at = crash_at
        self.steps_taken = 0

    def step(self, name: str, rel: str) -> None:
        import os
        import signal

        self.steps_taken += 1
        if self.steps_taken == self.crash_at:
            os.kill(os.getpid(), signal.SIGKILL)  # a real crash: no cleanup, no flush, no finally


def probe(ctx: typer.Context) -> Probe:
    """The test hooks of this run: handed in by a test, else read from the environment, once, here."""
    import os

    from newscli.cli.options import GlobalOptions
    from newscli.core.durable import NO_PROBE

    base = ctx.find_object(GlobalOptions)
    given = getattr(base, "probe", None)
    if given is not None:
        return given  # type: ignore[no-any-return]  # GlobalOptions.probe, where it exists
    crash = os.environ.get(CRASH_ENV, "")
    return _CrashProbe(int(crash)) if crash.isdigit() else NO_PROBE
