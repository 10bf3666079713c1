"""``newscli list``: the articles with their status, newest first."""

from __future__ import annotations

from typing import Annotated

import typer

from newscli.cli import complete
from newscli.cli.options import ArticlesDirOption, ColumnList, Columns, ConfigOption, NowOption, make_run
from newscli.i18n import _

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
        str | None, typer.Option(help="Only articles published on or after this date.", show_default=False)
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            help="Only articles published on or before this date (the whole day).", show_default=False
        ),
    ] = None,
    sort: Annotated[
        str, typer.Option(help="Sort by date (newest first), title, or age (oldest first).")
    ] = "date",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the order.")] = False,
    limit: Annotated[
        int | None, typer.Option(min=0, help="Show at most this many.", show_default=False)
    ] = None,
    format_: Annotated[str, typer.Option("--format", "-f", help="table, json, csv or paths.")] = "table",
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
            help=(
                "The table's columns, comma-separated, from: " + ", ".join(COLUMN_NAMES) + " "
                "(default: as many as fit, one line per article)."
            ),
            show_default=False,
        ),
    ] = None,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> None:
    """List articles: date, title, status (published, draft, scheduled, stale), age, reason, path.

    \b
    Examples:
      newscli list --stale
      newscli list --columns date,slug,status
      newscli list --tag trafik --format json
      newscli list --format csv --excel > artiklar.csv
      newscli list --archived --since 2020-01-01 --format paths
    """
    import sys

    from newscli.cli.output import is_terminal, message
    from newscli.cli.render import list as render
    from newscli.core.corpus import load_corpus, successors
    from newscli.core.errors import ExitCode, UsageError
    from newscli.core.select import SORT_KEYS, Filters, rows, sort_rows
    from newscli.core.timeutil import TimeError, parse_datetime

    if sort not in SORT_KEYS:
        raise UsageError(f"--sort {sort!r}: use one of {', '.join(SORT_KEYS)}")
    if format_ not in render.FORMATS:
        raise UsageError(f"--format {format_!r}: use one of {', '.join(render.FORMATS)}")
    if excel:
        if format_ not in ("table", "csv"):
            raise UsageError(
                _("--excel goes with --format csv, not --format {format}").format(format=format_)
            )
        format_ = "csv"
    run = make_run(ctx, articles_dir, config, now)
    bounds = []
    for flag, text in (("--since", since), ("--until", until)):
        try:
            bounds.append(parse_datetime(text, run.config.timezone) if text else None)
        except TimeError as exc:
            raise UsageError(f"{flag}: {exc}") from None
    start, end = bounds
    if end is not None and until is not None and len(until.strip()) == 10:
        end = end.replace(hour=23, minute=59, second=59, microsecond=999999)  # a bare date: its whole day

    live, in_archive = not archived or all_, archived or all_
    corpus = load_corpus(run.config, live=live, archived=in_archive)
    filters = Filters(stale, drafts, archived, all_, tuple(tag or ()), author, start, end)
    by_slug = successors(corpus, run.config, live, in_archive)
    selected = sort_rows(rows(corpus, run.config, run.now, filters, by_slug), sort, reverse)
    if limit is not None:
        selected = selected[:limit]

    problems = [d for item in corpus.failed for d in item.errors]
    out = sys.stdout
    if format_ == "json":
        render.json_output(selected, run.now, [d.as_dict() for d in problems], out)
    elif format_ == "csv":
        if excel and hasattr(out, "reconfigure"):
            out.reconfigure(encoding="utf-8", newline="")  # CRLF as written, UTF-8 on every platform
        render.csv_output(selected, run.now, out, excel)
    elif format_ == "paths":
        render.paths_output(selected, out)
    elif is_terminal(out):
        chosen = [render.Column(name) for name in columns.names] if columns else None
        render.rich_table(selected, run.now, render.summary(selected, run.config.stale_after), chosen)
    else:
        shown = [render.Column(name) for name in columns.names] if columns else render.DEFAULT_COLUMNS
        render.plain_table(selected, run.now, out, shown)

    if problems:
        failed = corpus.failed
        skipped = sum(1 for item in failed if item.summary is None)
        for item in failed:
            message(str(item.errors[0]))
        noun = "file has" if len(failed) == 1 else "files have"
        message(
            f"newscli: {len(failed)} {noun} errors ({skipped} not listed); "
            "run `newscli validate` for every problem"
        )
        raise typer.Exit(ExitCode.FILE_ERRORS)
