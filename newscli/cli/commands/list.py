"""``newscli list``: the articles with their status, newest first."""

# Annotations are objects, not strings (no __future__ import): Typer reads them on every run, and
# each string it must eval, which was a twentieth of a run's start-up (tests/test_startup.py).
from typing import Annotated

import typer

from newscli.cli import complete
from newscli.cli.options import (
    ArticlesDirOption,
    ColumnList,
    Columns,
    ConfigOption,
    CountType,
    ListFormat,
    MomentType,
    NowOption,
    make_run,
)
from newscli.core.report import Report  # Typer reads the return annotation at start-up: a small module
from newscli.core.rules.timeutil import Moment
from newscli.core.usecases.query import SortKey
from newscli.i18n import Message, _

# The table's column names (newscli.cli.render.list.Column); spelled here so --help loads no renderer.
COLUMN_NAMES = ("date", "title", "status", "age", "reason", "path", "slug", "author", "tags")


def command(
    ctx: typer.Context,
    stale: Annotated[
        bool, typer.Option("--stale", help="Only articles readers now see as outdated.")
    ] = False,
    drafts: Annotated[bool, typer.Option("--drafts", help="Only drafts.")] = False,
    archived: Annotated[bool, typer.Option("--archived", help="Only archived articles (archive/).")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Live and archived articles.")] = False,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            autocompletion=complete.tag,
            help="Only articles with this tag; repeat for any of several.",
            show_default=False,
        ),
    ] = None,
    author: Annotated[
        str | None, typer.Option(help="Only articles whose author contains this text.", show_default=False)
    ] = None,
    since: Annotated[
        Moment | None,
        typer.Option(
            click_type=MomentType(), help="Only articles published on or after this date.", show_default=False
        ),
    ] = None,
    until: Annotated[
        Moment | None,
        typer.Option(
            click_type=MomentType(),
            help="Only articles published on or before this date (the whole day).",
            show_default=False,
        ),
    ] = None,
    sort: Annotated[
        SortKey, typer.Option(help="Sort by date (newest first), title, or age (oldest first).")
    ] = SortKey.DATE,
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    limit: Annotated[
        int | None,
        typer.Option(click_type=CountType(), help="Show at most this many.", show_default=False),
    ] = None,
    format_: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table, json, csv or paths.")
    ] = ListFormat.TABLE,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="With --format csv: for Excel (UTF-8 with BOM, ';' between cells, CRLF, a tag per line).",
        ),
    ] = False,
    columns: Annotated[
        Columns | None,
        typer.Option(
            "--columns",
            click_type=ColumnList(COLUMN_NAMES),
            # One literal, so the catalogue holds it (a test checks it names every column).
            help="The table's columns, comma-separated, from: date, title, status, age, reason, path, "
            "slug, author, tags (default: as many as fit, one line per article).",
            show_default=False,
        ),
    ] = None,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> Report:
    """List articles: date, title, status (published, draft, scheduled, stale), age, reason, path.

    \b
    Examples:
      newscli list --stale
      newscli list --columns date,slug,status
      newscli list --tag trafik --format json
      newscli list --format csv --excel > artiklar.csv
      newscli list --all --since 2022-01-01 --format paths
    """
    from newscli.cli.render import list as render
    from newscli.core.errors import UsageError
    from newscli.core.rules.timeutil import TimeError
    from newscli.core.usecases.query import ListQuery
    from newscli.core.usecases.select import list_articles

    if excel:
        if format_ not in (ListFormat.TABLE, ListFormat.CSV):
            raise UsageError(
                _("--excel goes with --format csv, not --format {format}").format(format=format_.value)
            )
        format_ = ListFormat.CSV
    run = make_run(ctx, articles_dir, config, now)
    query = ListQuery(
        stale, drafts, archived, all_, tuple(tag or ()), author, since, until, sort, reverse, limit
    )
    try:
        report = list_articles(run.config, run.now, query)
    except TimeError as exc:  # a bound that is off the calendar in the configured zone only
        raise UsageError(Message("--since/--until: {error}", error=exc)) from None
    chosen = [render.Column(name) for name in columns.names] if columns else None
    render.listing(report, format_, chosen, excel)
    return report
