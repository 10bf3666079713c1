"""``newscli archive`` and ``newscli restore``: old articles into ``archive/<YYYY>/`` and back, safely."""

# Annotations are objects, not strings (no __future__ import): Typer reads them on every run, and
# each string it must eval, which was a twentieth of a run's start-up (tests/test_startup.py).
import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from newscli.cli import complete
from newscli.cli.options import (
    ArticlesDirOption,
    ConfigOption,
    DurationType,
    NowOption,
    OwnThresholdType,
    ReportFormat,
    SecondsType,
    make_probe,
    make_run,
)
from newscli.core.report import Report  # Typer reads the return annotation at start-up: a small module
from newscli.core.rules.durations import Duration, OwnThreshold
from newscli.i18n import Message

if TYPE_CHECKING:  # the core is imported when a command runs, to keep start-up fast
    from newscli.core.usecases.archive import ArchiveReport, Planned, Problem
    from newscli.core.usecases.archive.archiving import MoveWatch


WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        click_type=SecondsType(),
        help="When another archive or restore is running, wait up to this many seconds (default: exit 75).",
        show_default=False,  # the help says it in words
    ),
]


def archive_command(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Say what would move; change nothing at all.")
    ] = False,
    older_than: Annotated[
        Duration | None,
        typer.Option(
            "--older-than",
            click_type=DurationType(),
            help="Archive what is older than this (e.g. 3y, 18m), not archive_after.",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask on a terminal.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only problems (for cron: silent when all is well).")
    ] = False,
    format_: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text, or json (a summary on stdout).")
    ] = ReportFormat.TEXT,
    wait: WaitOption = 0.0,
    commit: Annotated[
        bool,
        typer.Option(
            "--commit",
            help="Inside a git work tree, commit exactly the moves and the log (refused when "
            "those paths have staged changes); nothing moved, no commit.",
        ),
    ] = False,
    history: Annotated[
        bool, typer.Option("--history", help="Print the archive log: every move made, oldest first.")
    ] = False,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> Report:
    """Move every article due into archive/<YYYY>/, byte for byte. Safe to run from cron.

    Due: published, live, not a draft, not evergreen, older than archive_after (default 2y) or --older-than.

    Each move is logged in .newscli-archive.log in the articles folder; a run cut short is finished next time.

    Nothing is ever overwritten or deleted. Asks first only on a terminal (never with --yes).

    Exit: 0 done or nothing to do; 1 some files not moved (reported); 2 usage or config; 75 lock held.

    \b
    Examples:
      newscli archive --dry-run
      newscli archive --quiet          (from cron)
      newscli archive --commit --quiet (the nightly pipeline, in a git clone)
      newscli archive --history
    """
    from newscli.cli.render import archive as render
    from newscli.core.errors import UsageError
    from newscli.core.usecases.archive import ArchiveRequest, archive, read_history

    if history and (dry_run or older_than is not None or yes):
        raise UsageError(
            Message("--history only reads the log; it takes no --dry-run, --older-than or --yes")
        )
    if commit and (dry_run or history):
        raise UsageError(Message("--commit commits the moves made; it takes no --dry-run or --history"))
    run = make_run(ctx, articles_dir, config, now)
    as_json = format_ is ReportFormat.JSON
    if history:
        past = read_history(run.config)
        render.history(past, as_json)
        return past

    # JSON gives each move's sha256, also in a dry run; the text lists paths only.
    request = ArchiveRequest(dry_run, older_than, wait, with_sha256=as_json)
    with make_probe(ctx) as probe:
        if commit:
            from newscli.core.usecases.archive.committing import archive_and_commit

            report = archive_and_commit(
                run.config, run.now, request, probe, _Watcher(quiet, yes), booted=_booted()
            )
        else:
            report = archive(run.config, run.now, request, probe, _Watcher(quiet, yes))
    render.archive_summary(report, quiet, as_json)
    return report


def _booted() -> float | None:
    """When this machine started, in seconds since the epoch (None where the system cannot say)."""
    import time

    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    return None if boottime is None else time.time() - time.clock_gettime(boottime)


class _Watcher:
    """The terminal side of a run: recovery and problems as soon as known, the question, progress, signals."""

    def __init__(self, quiet: bool, yes: bool) -> None:
        self.quiet = quiet
        self.yes = yes
        self.base = ""  # how the articles folder is shown, known once planned

    def planned(self, report: "ArchiveReport", moves: "Sequence[Planned]") -> bool:
        from newscli.cli.output import message, stdin_is_terminal
        from newscli.cli.render import archive as render

        self.base = report.base
        render.recovered(report.base, report.recovered, self.quiet)
        for item in report.problems:
            render.problem(report.base, item)
        if report.dry_run or not moves or self.yes or not stdin_is_terminal():
            return True
        lines, question = render.moves_asked(report.base, moves)
        for line in lines:
            message(line)
        from newscli.cli.prompts import confirm

        return confirm(question, default=False)

    def failed(self, problem: "Problem") -> None:
        from newscli.cli.render import archive as render

        render.problem(self.base, problem)

    @contextlib.contextmanager
    def moving(self, total: int) -> "Iterator[MoveWatch]":
        import sys

        from newscli.cli.output import is_terminal

        wanted = not self.quiet and is_terminal(sys.stderr) and total > 1
        with _progress(total, wanted) as advance, _signals_deferred() as stop_requested:
            yield _Watch(advance, stop_requested)


class _Watch:
    def __init__(self, advance: Callable[[int], None], stop_requested: Callable[[], bool]) -> None:
        self.advance = advance
        self.stop_requested = stop_requested


@contextlib.contextmanager
def _signals_deferred() -> Iterator[Callable[[], bool]]:
    """Ctrl-C or SIGTERM (systemd, a shutdown) lets the current move finish, then stops the run."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return
    caught: list[int] = []

    def note(signum: int, frame: object) -> None:
        caught.append(signum)

    previous = {sig: signal.signal(sig, note) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield lambda: bool(caught)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def _progress(total: int, wanted: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal, advanced once per batch (nothing per file)."""
    if not wanted:
        yield lambda done: None
        return
    from rich.progress import Progress

    from newscli.cli.output import console
    from newscli.i18n import _

    with Progress(console=console(stderr=True), transient=True) as progress:
        task = progress.add_task(_("Archiving"), total=total)
        yield lambda done: progress.advance(task, done)


def restore_command(
    ctx: typer.Context,
    article: Annotated[
        str,
        typer.Argument(
            autocompletion=complete.archived_slug,
            metavar="SLUG|PATH",
            help="The slug of an archived article, or its path.",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Say where it would go; change nothing.")
    ] = False,
    wait: WaitOption = 0.0,
    archive_after: Annotated[
        OwnThreshold | None,
        typer.Option(
            "--archive-after",
            click_type=OwnThresholdType(never=True),
            metavar="DURATION|never",
            help="Keep it live: set the article's own archive_after (e.g. 5y, or never).",
            show_default=False,
        ),
    ] = None,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> Report:
    """Move an archived article back to its live place, byte for byte, and print its path.

    The live place is where the archive log says it was, else the articles folder itself.

    Nothing is overwritten. Warns when the article is still due for archiving, and how to keep it live.

    \b
    Examples:
      newscli restore SLUG
      newscli restore articles/archive/2022/FILE.md
      newscli restore FILE.md
    """
    from newscli.cli.render import archive as render
    from newscli.core.usecases.archive import restore

    run = make_run(ctx, articles_dir, config, now)
    with make_probe(ctx) as probe:
        report = restore(
            run.config,
            run.now,
            article,
            dry_run,
            wait,
            probe,
            lambda base, items: render.recovered(base, items, quiet=False),
            archive_after,
        )
    render.restored(report)
    return report
