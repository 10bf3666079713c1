"""What the editing commands share on the command line: the options, who, the probe, ``--date``."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Annotated

import typer

from newscli.core.errors import UsageError

if TYPE_CHECKING:
    from newscli.core.archive.probe import Probe

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


def probe(ctx: typer.Context) -> Probe:
    """The test hooks of this run: handed in by a test, else read from the environment, once, here."""
    from newscli.cli.options import GlobalOptions
    from newscli.core.archive.probe import Probe

    base = ctx.find_object(GlobalOptions)
    if base is not None and base.probe is not None:
        return base.probe
    return Probe.from_environment()
