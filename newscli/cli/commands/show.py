"""``newscli show``: one article as a reader sees it, with the notice old news carries."""

from __future__ import annotations

from typing import Annotated

import typer

from newscli.cli import complete
from newscli.cli.options import ArticlesDirOption, ConfigOption, NowOption, make_run


def command(
    ctx: typer.Context,
    article: Annotated[
        str,
        typer.Argument(
            autocompletion=complete.any_slug,
            metavar="SLUG|PATH",
            help="A slug, or the path of an article file.",
            show_default=False,
        ),
    ],
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
) -> None:
    """Show an article as a reader sees it: title, date, the notice when stale, lead, body, links.

    \b
    Examples:
      newscli show boras-demokratiarbete-uppmarksammas-pa-konferens-i-grenoble
      newscli show articles/2026-11-20-julbelysningen-tands-pa-stora-torget.md
    """
    import sys

    from newscli.cli.output import is_terminal, show_paged
    from newscli.cli.render import article as render
    from newscli.core.corpus import load_corpus
    from newscli.core.resolve import find_article
    from newscli.core.staleness import evaluate

    run = make_run(ctx, articles_dir, config, now)
    corpus = load_corpus(run.config)
    found = find_article(article, corpus, run.config)
    verdict = evaluate(found, run.config, run.now, corpus.by_slug())
    language = found.language or run.config.language
    notice = run.config.notice_for(language) if verdict.stale else None
    if is_terminal(sys.stdout):
        show_paged(lambda screen: render.rich(found, verdict, notice, language, screen), pager)
    else:
        render.plain(found, verdict, notice, language, sys.stdout)
