"""Options shared by the commands, as reusable ``Annotated`` types (the article a command acts on,
``--by``, ``--date``, …), and the run context they build (the config and now, who, the probe)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer import _click as click  # Typer >= 0.20 vendors click
from typer._click.types import ParamType

# complete's functions, not wrappers here: Typer reads a callback's annotations on every run, and
# this module's are strings it must eval (complete.py's are not, and it imports nothing heavy).
from newscli.cli import complete
from newscli.core.errors import UsageError
from newscli.core.rules.durations import Duration, OwnThreshold
from newscli.core.rules.timeutil import Moment
from newscli.i18n import _

if TYPE_CHECKING:  # config pulls in tomllib and zoneinfo: load it only when a command runs
    from newscli.core.link import Link
    from newscli.core.probe import Probe
    from newscli.core.rules.config import Config


class MomentType(ParamType):
    """A date or date-time option value (``--now``, ``--since``, ``--until``, ``--date``): a Moment,
    as typed; the config's zone, which places it, is not known while the command line is parsed."""

    name = "date"

    def convert(self, value: Any, param: Any, ctx: Any) -> Moment:
        from newscli.core.rules.timeutil import TimeError, parse_moment

        if isinstance(value, Moment):
            return value
        try:
            return parse_moment(str(value))
        except TimeError as exc:
            _fail_where_given(exc, param, ctx)


def _fail_where_given(exc: Exception, param: Any, ctx: Any) -> NoReturn:
    """A usage error (exit 2) that names where the value came from: the environment variable when
    it came from there (NEWSCLI_NOW), else the option, so the person fixes the right place."""
    from typer._click.core import ParameterSource
    from typer._click.exceptions import BadParameter

    named = ctx is not None and param is not None and param.name is not None and param.envvar
    from_environment = named and ctx.get_parameter_source(param.name) is ParameterSource.ENVIRONMENT
    raise BadParameter(
        str(exc), ctx=ctx, param=param, param_hint=str(param.envvar) if from_environment else None
    )


class DurationType(ParamType):
    """A duration option value (``--older-than 3y``): a Duration."""

    name = "duration"

    def convert(self, value: Any, param: Any, ctx: Any) -> Duration:
        from newscli.core.rules.durations import DurationError, parse_duration

        if isinstance(value, Duration):
            return value
        try:
            return parse_duration(str(value))
        except DurationError as exc:
            from newscli.i18n import localize, message_of

            self.fail(localize(message_of(exc)) or "", param, ctx)


class OwnThresholdType(ParamType):
    """An article's own threshold (``new --stale-after 6m``, ``restore --archive-after never``): an
    OwnThreshold, whose text is written into the article; ``never`` only where the key takes it."""

    name = "duration"

    def __init__(self, never: bool = False) -> None:
        self.never = never

    def convert(self, value: Any, param: Any, ctx: Any) -> OwnThreshold:
        from newscli.core.rules.durations import DurationError, parse_own_threshold

        if isinstance(value, OwnThreshold):
            return value
        try:
            return parse_own_threshold(str(value), self.never)
        except DurationError as exc:
            from newscli.i18n import localize, message_of

            self.fail(localize(message_of(exc)) or "", param, ctx)


class LinkType(ParamType):
    """``--link 'Title|URL'``: a Link. The last ``|`` divides them: a title may hold one, a URL not."""

    name = "TITLE|URL"

    def convert(self, value: Any, param: Any, ctx: Any) -> Link:
        from newscli.core.link import Link

        if isinstance(value, Link):
            return value
        title, divider, url = str(value).rpartition("|")
        if not divider or not title.strip() or not url.strip():
            self.fail(_("{item!r} must be 'Title|URL'").format(item=value), param, ctx)
        return Link(title.strip(), url.strip())


# Digits 0-9 only: int() and float() also read other scripts' digits ("١" is 1), which nobody means
# on a command line and no script checking its arguments expects to pass.
_WHOLE = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class CountType(ParamType):
    """A whole number 0 or more (``--limit``), in the digits 0-9."""

    name = "integer"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        if _WHOLE.fullmatch(text) is None:
            self.fail(
                _("{value!r} is not a whole number 0 or more (digits 0-9)").format(value=value), param, ctx
            )
        return int(text)


class SecondsType(ParamType):
    """A finite number of seconds, 0 or more (``--wait``), in the digits 0-9: nan or inf would wait
    forever."""

    name = "seconds"

    def convert(self, value: Any, param: Any, ctx: Any) -> float:
        import math

        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seconds = float(value)
        elif _DECIMAL.fullmatch(str(value).strip()) is not None:
            seconds = float(str(value).strip())
        else:
            seconds = math.nan
        if not math.isfinite(seconds) or seconds < 0:
            self.fail(
                _("{value!r} is not a number of seconds, 0 or more (digits 0-9, e.g. 30 or 2.5)").format(
                    value=value
                ),
                param,
                ctx,
            )
        return seconds


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    PATHS = "paths"


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def _articles_dir(envvar: str | None) -> Any:
    return typer.Option(
        "--articles-dir",
        envvar=envvar,
        help="The articles folder (default: from the config, else ./articles).",
        show_default=False,
    )


def _now(envvar: str | None) -> Any:
    return typer.Option(
        "--now",
        envvar=envvar,
        click_type=MomentType(),
        help="Take this as now (e.g. 2026-11-29 or 2026-11-29T08:00:00+01:00): reproducible results.",
        show_default=False,
    )


# The environment is read once, before the command: an option given explicitly anywhere wins over it.
GlobalArticlesDirOption = Annotated[Path | None, _articles_dir("NEWSCLI_ARTICLES_DIR")]
GlobalNowOption = Annotated[Moment | None, _now("NEWSCLI_NOW")]
ArticlesDirOption = Annotated[Path | None, _articles_dir(None)]
NowOption = Annotated[Moment | None, _now(None)]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config", help="Use this config file instead of searching for newscli.toml.", show_default=False
    ),
]


# Tab offers the slugs the command finds: live and archived articles (live first when both have one).
TargetArgument = Annotated[
    str,
    typer.Argument(
        autocompletion=complete.any_slug,
        metavar="SLUG|PATH",
        help="A slug, or the path of an article file.",
        show_default=False,
    ),
]
# publish: a draft or scheduled article is never in archive/, so Tab offers live slugs only.
LiveTargetArgument = Annotated[
    str,
    typer.Argument(
        autocompletion=complete.live_slug,
        metavar="SLUG|PATH",
        help="A slug, or the path of an article file.",
        show_default=False,
    ),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Who makes the change (default: $NEWSCLI_USER, else git config user.name, else the login name).",
        show_default=False,
    ),
]


# --date of every editing command is a Moment, as typed: the use case places it in the config's zone
# (core.usecases.editing.when.given_or_now), which is not known while the command line is parsed.
LastmodDateOption = Annotated[
    Moment | None,
    typer.Option(
        "--date",
        click_type=MomentType(),
        help="The time to stamp as lastmod (default: now).",
        show_default=False,
    ),
]
ReviewedDateOption = Annotated[
    Moment | None,
    typer.Option(
        "--date",
        click_type=MomentType(),
        help="The time to stamp as reviewed (default: now).",
        show_default=False,
    ),
]


@dataclass
class GlobalOptions:
    articles_dir: Path | None = None
    config: Path | None = None
    now: Moment | None = None
    # Where the folder came from, as the user knows it: the option, or its environment variable.
    articles_dir_origin: str = "--articles-dir"
    # Test hooks a test hands in (CliRunner.invoke(obj=GlobalOptions(probe=...))); None in normal
    # use, where a command that has hooks builds them from the environment.
    probe: Probe | None = None


def origin(ctx: typer.Context, parameter: str, option: str, envvar: str) -> str:
    """``envvar`` when the value of ``parameter`` came from the environment, else ``option``."""
    from typer._click.core import ParameterSource  # Typer >= 0.20 vendors click

    source = ctx.get_parameter_source(parameter)
    return envvar if source is ParameterSource.ENVIRONMENT else option


@dataclass(frozen=True)
class Run:
    """What a command works with: the effective config and the moment taken as now."""

    config: Config
    now: datetime


def make_run(ctx: typer.Context, articles_dir: Path | None, config: Path | None, now: Moment | None) -> Run:
    """Command-level options win over the same options given before the command."""
    from newscli.core.folder.cachedir import cache_folder
    from newscli.core.rules.config import load_config
    from newscli.core.rules.timeutil import TimeError

    base = ctx.find_object(GlobalOptions) or GlobalOptions()
    folder_origin = "--articles-dir" if articles_dir else base.articles_dir_origin
    folder = articles_dir or base.articles_dir
    # The cache's folder comes from the environment: read here, at the entry point, like the probe.
    settings = load_config(Path.cwd(), config or base.config, folder, folder_origin, cache_folder())
    given = now or base.now
    if given is None:
        return Run(settings, datetime.now(settings.timezone))
    try:
        return Run(settings, given.start(settings.timezone))
    except TimeError as exc:  # a local date-time that is off the calendar in this zone only
        raise UsageError(_("{option}: {problem}").format(option="--now", problem=exc)) from None


@dataclass(frozen=True)
class Columns:
    names: tuple[str, ...]


class ColumnList(ParamType):
    """``--columns date,title,slug``: names from a fixed set, in the order given, each once."""

    name = "COLUMNS"

    def __init__(self, choices: tuple[str, ...]) -> None:
        self.choices = choices

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, Columns):
            return value
        from newscli.i18n import _

        # A column named twice is shown once, where first named (twice is only wider, never more).
        names = tuple(dict.fromkeys(part.strip().lower() for part in str(value).split(",") if part.strip()))
        unknown = [n for n in names if n not in self.choices]
        if unknown or not names:
            self.fail(
                _("{value!r}: use a comma-separated list of {choices}").format(
                    value=value, choices=", ".join(self.choices)
                ),
                param,
                ctx,
            )
        return Columns(names)


def who(by: str | None, articles_dir: Path) -> str:
    """``--by``, else ``NEWSCLI_USER``, else ``git config user.name``, else the login name."""
    import os

    from newscli.core.rules.who import who as resolve

    return resolve(by, os.environ, articles_dir)


def make_probe(ctx: typer.Context) -> Probe:
    """The test hooks of this run (archive, restore, new, the editing commands): a probe a test
    handed in, else the one the environment asks for, read once, here."""
    import os

    base = ctx.find_object(GlobalOptions)
    if base is not None and base.probe is not None:
        return base.probe
    return probe_from(os.environ)


def wall_clock() -> datetime:
    from datetime import UTC

    return datetime.now(UTC)


def probe_from(environ: Mapping[str, str]) -> Probe:
    """The probe ``NEWSCLI_CRASH_AT`` and ``NEWSCLI_ARCHIVE_BATCH`` ask for, with the wall clock."""
    from newscli.core.probe import BATCH_SIZE, Probe

    crash = environ.get("NEWSCLI_CRASH_AT", "")
    batch = environ.get("NEWSCLI_ARCHIVE_BATCH", "")
    return Probe(
        clock=wall_clock,
        crash_at=int(crash) if crash.isdigit() else None,
        batch_size=int(batch) if batch.isdigit() and int(batch) > 0 else BATCH_SIZE,
    )
