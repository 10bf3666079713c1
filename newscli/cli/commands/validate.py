"""``newscli validate``: every problem in every file, compiler style; the gate CI runs."""

from __future__ import annotations

from typing import Annotated

import typer

from newscli.cli.options import ArticlesDirOption, ConfigOption, NowOption, make_run


def command(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Article files or folders to check (default: the whole articles folder, archive/ included).",
            metavar="PATH...",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too (exit 1).")] = False,
    format_: Annotated[
        str, typer.Option("--format", "-f", help="text (path:line:col: ... lines) or json.")
    ] = "text",
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> None:
    """Check articles: every problem in every file, one line each: path:line:col: error|warning: message.

    Exit 0 when clean (warnings allowed unless --strict), 1 when problems were found, 2 on bad usage.
    Duplicate slugs and superseded_by are checked against the whole folder, also when PATHs are given.

    \b
    Examples:
      newscli validate
      newscli validate --strict articles/2026-11-20-julbelysningen-tands-pa-stora-torget.md
      newscli validate --format json
    """
    import sys

    from newscli.cli.output import is_terminal, message
    from newscli.cli.render import validate as render
    from newscli.core.errors import ExitCode, UsageError
    from newscli.core.validate import validate

    if format_ not in render.FORMATS:
        raise UsageError(f"--format {format_!r}: use one of {', '.join(render.FORMATS)}")
    run = make_run(ctx, articles_dir, config, now)
    report = validate(run.config, paths or ())
    if format_ == "json":
        render.json_output(report, sys.stdout)
    elif is_terminal(sys.stdout):
        render.rich(report)
    else:
        render.plain(report, sys.stdout)
    if is_terminal(sys.stderr):
        message(report.summary())
    if report.failed(strict):
        raise typer.Exit(ExitCode.FILE_ERRORS)
