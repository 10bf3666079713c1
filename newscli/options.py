"""Options shared by every command, as reusable ``Annotated`` types, and the run context they build."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newscli.errors import UsageError

if TYPE_CHECKING:  # config pulls in tomllib and zoneinfo: load it only when a command runs
    from newscli.config import Config

ArticlesDirOption = Annotated[
    Path | None,
    typer.Option(
        "--articles-dir",
        envvar="NEWSCLI_ARTICLES_DIR",
        help="The articles folder (default: from the config, else ./articles).",
        show_default=False,
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config", help="Use this config file instead of searching for newscli.toml.", show_default=False
    ),
]
NowOption = Annotated[
    str | None,
    typer.Option(
        "--now",
        envvar="NEWSCLI_NOW",
        help="Take this as now (e.g. 2026-11-29 or 2026-11-29T08:00:00+01:00): reproducible results.",
        show_default=False,
    ),
]


@dataclass
class GlobalOptions:
    articles_dir: Path | None = None
    config: Path | None = None
    now: str | None = None


@dataclass(frozen=True)
class Run:
    """What a command works with: the effective config and the moment taken as now."""

    config: Config
    now: datetime


def make_run(ctx: typer.Context, articles_dir: Path | None, config: Path | None, now: str | None) -> Run:
    """Command-level options win over the same options given before the command."""
    from newscli.config import load_config
    from newscli.timeutil import TimeError, parse_datetime

    base = ctx.find_object(GlobalOptions) or GlobalOptions()
    settings = load_config(Path.cwd(), config or base.config, articles_dir or base.articles_dir)
    now_text = now or base.now
    if now_text:
        try:
            moment = parse_datetime(now_text, settings.timezone)
        except TimeError as exc:
            raise UsageError(f"--now: {exc}") from None
    else:
        moment = datetime.now(settings.timezone)
    return Run(settings, moment)
