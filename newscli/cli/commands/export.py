"""``newscli export``: the data file the site (``site/``) is built from."""

# Annotations are objects, not strings (no __future__ import): Typer reads them on every run, and
# each string it must eval, which was a twentieth of a run's start-up (tests/test_startup.py).
from pathlib import Path
from typing import Annotated

import typer

from newscli.cli.options import ArticlesDirOption, ConfigOption, NowOption, make_run
from newscli.core.report import Report  # Typer reads the return annotation at start-up: a small module


def command(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the data file here (default: site/data/newscli.json beside newscli.toml).",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only problems (for cron: silent when all is well).")
    ] = False,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> Report:
    """Write the site's data file: per article the status, reason, stale_at, notice and successor.

    The Hugo site in site/ shows the notice from these decisions, taken at one moment ("now", to
    the second, written into the file): build it with hugo --clock set to that moment (make site
    does). Live and archived articles alike.

    Exit: 0 written; 1 written, but some files had errors (named; an unreadable one is left out and
    the site's build then stops naming it); 2 usage or config.

    \b
    Examples:
      newscli export
      newscli export --output /srv/site/data/newscli.json --quiet
    """
    from newscli.cli.render import export as render
    from newscli.core.usecases.export import DEFAULT_OUTPUT, export

    run = make_run(ctx, articles_dir, config, now)
    if output is None:
        base = run.config.source.parent if run.config.source is not None else Path.cwd()
        output = base / DEFAULT_OUTPUT
    report = export(run.config, run.now, output)
    render.summary(report, quiet)
    return report
