"""``newscli show``: one article as a reader sees it, with the notice old news carries."""

# Annotations are objects, not strings (no __future__ import): Typer reads them on every run, and
# each string it must eval, which was a twentieth of a run's start-up (tests/test_startup.py).
from typing import Annotated

import typer

from newscli.cli.options import ArticlesDirOption, ConfigOption, NowOption, TargetArgument, make_run
from newscli.core.report import Report  # Typer reads the return annotation at start-up: a small module


def command(
    ctx: typer.Context,
    article: TargetArgument,
    pager: Annotated[
        bool,
        typer.Option(
            "--pager/--no-pager",
            # The default said in words: Click's "[default: pager]" names the flag, not what it does.
            help="On a terminal, page through $PAGER (default: less -R) when longer than the screen. "
            "On by default; --no-pager turns it off.",
            show_default=False,
        ),
    ] = True,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> Report:
    """Show an article as a reader sees it: title, date, the notice when stale, lead, body, links.

    \b
    Examples:
      newscli show boras-demokratiarbete-uppmarksammas-pa-konferens-i-grenoble
      newscli show articles/2026-11-20-julbelysningen-tands-pa-stora-torget.md
    """
    import sys

    from newscli.cli.output import is_terminal, show_paged
    from newscli.cli.render import article as render
    from newscli.core.usecases.show import show_article

    run = make_run(ctx, articles_dir, config, now)
    report = show_article(run.config, run.now, article)
    if is_terminal(sys.stdout):
        show_paged(lambda screen: render.rich(report, screen), pager)
    else:
        render.plain(report, sys.stdout)
    return report
