"""``newscli validate``: every problem in every file, compiler style; the gate CI runs."""

# Annotations are objects, not strings (no __future__ import): Typer reads them on every run, and
# each string it must eval, which was a twentieth of a run's start-up (tests/test_startup.py).
from typing import Annotated

import typer

from newscli.cli.options import ArticlesDirOption, ConfigOption, NowOption, ReportFormat, make_run
from newscli.core.report import Report  # Typer reads the return annotation at start-up: a small module


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
        ReportFormat, typer.Option("--format", "-f", help="text (path:line:col: ... lines) or json.")
    ] = ReportFormat.TEXT,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> Report:
    """Check articles: every problem in every file, one line each: path:line:col: error|warning: message.

    Exit 0 when clean (warnings allowed unless --strict), 1 when problems were found, 2 on bad usage.
    Duplicate slugs and superseded_by are checked against the whole folder, also when PATHs are given.

    \b
    Examples:
      newscli validate
      newscli validate --strict articles/2026-11-20-julbelysningen-tands-pa-stora-torget.md
      newscli validate --format json
    """
    from newscli.cli.render import validate as render
    from newscli.core.usecases.validate.run import validate

    run = make_run(ctx, articles_dir, config, now)
    report = validate(run.config, paths or (), strict=strict)
    render.report(report, format_)
    return report
