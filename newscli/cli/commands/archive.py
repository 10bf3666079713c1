"""``newscli archive`` and ``newscli restore``: old articles into ``archive/<YYYY>/`` and back, safely."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from newscli.cli.options import ArticlesDirOption, ConfigOption, NowOption, make_run

if TYPE_CHECKING:  # the core is imported when a command runs, to keep start-up fast
    from datetime import datetime

    from newscli.core.archive import ArchiveLog, Folder, Plan, Planned, Recovery, Snapshot
    from newscli.core.config import Config

FORMAT_VERSION = 1
FORMATS = ("text", "json")
# `newscli archive --format json`: the summary's keys (documented in the README).
SUMMARY_KEYS = (
    "format_version",
    "dry_run",
    "now",
    "archive_after",
    "checked",
    "moved",
    "problems",
    "recovered",
)
# `newscli archive --history --format json`.
HISTORY_KEYS = ("format_version", "log", "entries", "unreadable_lines")
ENTRY_KEYS = ("id", "time", "action", "state", "from", "to", "sha256", "reason")

WaitOption = Annotated[
    float,
    typer.Option(
        "--wait",
        min=0,
        help="When another archive or restore is running, wait up to this many seconds (default: exit 75).",
    ),
]


def archive_command(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Say what would move; change nothing at all.")
    ] = False,
    older_than: Annotated[
        str | None,
        typer.Option(
            "--older-than",
            help="Archive what is older than this (e.g. 3y, 18m), not archive_after.",
            show_default=False,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask on a terminal.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only problems (for cron: silent when all is well).")
    ] = False,
    format_: Annotated[
        str, typer.Option("--format", "-f", help="text, or json (a summary on stdout).")
    ] = "text",
    wait: WaitOption = 0.0,
    history: Annotated[
        bool, typer.Option("--history", help="Print the archive log: every move made, oldest first.")
    ] = False,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> None:
    """Move every article due into archive/<YYYY>/, byte for byte. Safe to run from cron.

    Due: published, live, not a draft, not evergreen, older than archive_after (default 2y) or --older-than.

    Each move is logged in .newscli-archive.log in the articles folder; a run cut short is finished next time.

    Nothing is ever overwritten or deleted. Asks first only on a terminal (never with --yes).

    Exit: 0 done or nothing to do; 1 some files not moved (reported); 2 usage or config; 75 lock held.

    \b
    Examples:
      newscli archive --dry-run
      newscli archive --quiet          (from cron)
      newscli archive --history
    """
    from newscli.core.durations import DurationError, parse_duration
    from newscli.core.errors import UsageError

    if format_ not in FORMATS:
        raise UsageError(f"--format {format_!r}: use one of {', '.join(FORMATS)}")
    if history and (dry_run or older_than is not None or yes):
        raise UsageError("--history only reads the log; it takes no --dry-run, --older-than or --yes")
    archive_after = None
    if older_than is not None:
        try:
            archive_after = parse_duration(older_than)
        except DurationError as exc:
            raise UsageError(f"--older-than: {exc}") from None
    run = make_run(ctx, articles_dir, config, now)
    if history:
        _print_history(run.config, format_)
        return

    from newscli.cli.output import stdin_is_terminal
    from newscli.core import archive as core

    effective = archive_after or run.config.archive_after
    with _session(run.config, wait, dry_run) as (folder, log, recovered):
        # A dry run's JSON reports the sha256 of what would move: only then read the files now.
        hashes = log is None and format_ == "json"
        plan = core.plan(folder, run.config, run.now, archive_after, hashes, moving=log is not None)
        _report_recovered(recovered, folder, quiet)
        _report_problems(plan, folder)
        asking = log is not None and plan.moves and not yes and stdin_is_terminal()
        declined = bool(asking) and not _confirm(plan, folder)
        moved: dict[str, str | None]
        if log is None:
            moved, stopped, fatal = {m.src: m.snapshot.sha256 for m in plan.moves}, False, None
        elif declined:
            moved, stopped, fatal = {}, False, None
        else:
            moved, stopped, fatal = _perform(plan, folder, log, quiet)

    rule = f"--older-than {older_than}" if archive_after else f"archive_after {run.config.archive_after}"
    _finish(folder, plan, recovered, moved, dry_run, quiet, format_, (effective.spelling(), rule), run.now)
    if fatal is not None:
        raise fatal
    if stopped:
        from newscli.core.errors import ExitCode

        _say(
            f"interrupted: {len(moved)} of {len(plan.moves)} moved, the rest stay live; run again to continue"
        )
        raise typer.Exit(ExitCode.INTERRUPTED)
    if plan.problems or any(not r.ok for r in recovered):
        from newscli.core.errors import ExitCode

        raise typer.Exit(ExitCode.FILE_ERRORS)


@contextlib.contextmanager
def _session(
    config: Config, wait: float, dry_run: bool
) -> Iterator[tuple[Folder, ArchiveLog | None, list[Recovery]]]:
    """What archive and restore both do first: the lock (shared for a dry run, which writes nothing),
    the log, and finishing or undoing whatever an earlier run left half done."""
    from newscli.core import archive as core
    from newscli.core import lock

    with core.Folder(config.articles_dir) as folder:
        held = lock.acquire(folder.root, wait=wait, shared=dry_run)
        try:
            log = None if dry_run else core.ArchiveLog(folder, config.timezone)
            try:
                yield folder, log, core.recover(folder, log)
            finally:
                if log is not None:
                    log.close()
        finally:
            if held is not None:
                held.release()


def _say(text: str) -> None:
    from newscli.cli.output import message

    message(f"newscli: {text}")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _report_recovered(recovered: list[Recovery], folder: Folder, quiet: bool) -> None:
    from newscli.cli.output import warn

    for item in recovered:
        text = f"{folder.shown(item.src)}: interrupted {item.action}: {item.reason}"
        if not item.ok:
            warn(text)
        elif not quiet:
            _say(text)


def _report_problems(plan: Plan, folder: Folder) -> None:
    from newscli.cli.output import message

    for problem in plan.problems:
        message(f"{folder.shown(problem.rel)}: {problem.reason}")


def _confirm(plan: Plan, folder: Folder) -> bool:
    from newscli.cli.output import message
    from newscli.cli.prompts import confirm

    for item in plan.moves:
        message(f"  {folder.shown(item.src)} -> {folder.shown(item.dst)}")
    question = f"Move {_plural(len(plan.moves), 'article')} into {folder.shown('archive')}/?"
    return confirm(question, default=False)


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


def _perform(
    plan: Plan, folder: Folder, log: ArchiveLog, quiet: bool
) -> tuple[dict[str, str | None], bool, Exception | None]:
    """Every planned move, in batches; a file that cannot move becomes a problem, the run goes on.

    Returns the sha256 of each file moved, by source; whether a signal stopped the run; the
    error that stopped it (the log could not be written).
    """
    import sys

    from newscli.cli.output import is_terminal
    from newscli.core import archive as core

    moved: dict[str, str | None] = {}
    stopped = False
    fatal: Exception | None = None
    progress_wanted = not quiet and is_terminal(sys.stderr) and len(plan.moves) > 1
    size = core.batch_size()
    with _progress(len(plan.moves), progress_wanted) as advance, _signals_deferred() as stop_requested:
        for start in range(0, len(plan.moves), size):
            batch = plan.moves[start : start + size]
            result = core.move_batch(folder, log, "archive", batch, stop_requested)
            for item, outcome in zip(batch, result.outcomes, strict=True):
                if isinstance(outcome, core.Moved):
                    moved[item.src] = outcome.sha256
                elif isinstance(outcome, core.MoveError):
                    _failed(plan, folder, item, outcome.kind, outcome.reason)
                elif isinstance(outcome, OSError):
                    reason = f"{outcome.strerror or outcome}; see the log, and run again"
                    _failed(plan, folder, item, "move-failed", reason)
            if result.fatal is not None:
                fatal = result.fatal  # no move may happen unrecorded: stop here
                break
            if result.stopped or stop_requested():
                stopped = True
                break
            advance(len(batch))
    return moved, stopped, fatal


def _failed(plan: Plan, folder: Folder, item: Planned, kind: str, reason: str) -> None:
    from newscli.cli.output import message
    from newscli.core import archive as core

    plan.problems.append(core.Problem(item.src, kind, reason))
    message(f"{folder.shown(item.src)}: {reason}")


@contextlib.contextmanager
def _progress(total: int, wanted: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal, advanced once per batch (nothing per file)."""
    if not wanted:
        yield lambda done: None
        return
    from rich.progress import Progress

    from newscli.cli.output import console

    with Progress(console=console(stderr=True), transient=True) as progress:
        task = progress.add_task("Archiving", total=total)
        yield lambda done: progress.advance(task, done)


def _finish(
    folder: Folder,
    plan: Plan,
    recovered: list[Recovery],
    moved: dict[str, str | None],
    dry_run: bool,
    quiet: bool,
    format_: str,
    archive_after: tuple[str, str],
    now: datetime,
) -> None:
    import json
    import sys

    from newscli.core.timeutil import rfc3339

    moves = [m for m in plan.moves if m.src in moved]
    if format_ == "json":
        summary = {
            "format_version": FORMAT_VERSION,
            "dry_run": dry_run,
            "now": rfc3339(now),
            "archive_after": archive_after[0],
            "checked": plan.checked,
            "moved": [
                {
                    "from": folder.shown(m.src),
                    "to": folder.shown(m.dst),
                    "slug": m.slug,
                    "sha256": moved[m.src],
                }
                for m in moves
            ],
            "problems": [
                {"path": folder.shown(p.rel), "problem": p.kind, "reason": p.reason} for p in plan.problems
            ],
            "recovered": [
                {
                    "action": r.action,
                    "from": folder.shown(r.src),
                    "to": folder.shown(r.dst),
                    "outcome": r.outcome,
                    "ok": r.ok,
                    "reason": r.reason,
                }
                for r in recovered
            ],
        }
        assert tuple(summary) == SUMMARY_KEYS
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif not quiet:
        for m in moves:
            print(f"{folder.shown(m.src)} -> {folder.shown(m.dst)}")
    if quiet:
        return
    failed = len(plan.problems)
    trouble = f"; {_plural(failed, 'file')} not moved (see above)" if failed else ""
    into = folder.shown("archive") + "/"
    count = _plural(len(moves), "article")
    if dry_run:
        _say(f"dry run: {count} would be moved into {into}{trouble}; nothing changed")
    elif moves:
        _say(f"archived {count} into {into}{trouble}")
    elif not plan.moves and not failed:
        checked = _plural(plan.checked, "live article")
        _say(f"nothing to archive: {checked} checked, none due ({archive_after[1]})")
    else:
        _say(f"nothing was archived{trouble}")


def _print_history(config: Config, format_: str) -> None:
    import json
    import sys

    from newscli.cli.output import message, warn
    from newscli.core import archive as core

    with core.Folder(config.articles_dir) as folder:
        records, unreadable = core.read_log(folder)
        entries = core.history(records)
        if format_ == "json":
            document = {
                "format_version": FORMAT_VERSION,
                "log": str(folder.root / core.LOG_NAME),
                "entries": [
                    {
                        "id": e.id,
                        "time": e.time,
                        "action": e.action,
                        "state": e.state,
                        "from": folder.shown(e.src),
                        "to": folder.shown(e.dst),
                        "sha256": e.sha256,
                        "reason": e.reason,
                    }
                    for e in entries
                ],
                "unreadable_lines": unreadable,
            }
            json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            for e in entries:
                state = "interrupted" if e.state == "intent" else e.state
                digest = f"  sha256:{e.sha256[:16]}" if e.sha256 else ""
                why = f"  ({e.reason})" if e.reason and e.state != "done" else ""
                paths = f"{folder.shown(e.src)} -> {folder.shown(e.dst)}"
                print(f"{e.time}  {e.action:<7}  {state:<11}  {paths}{digest}{why}")
            if not entries:
                log_name = folder.shown(core.LOG_NAME)
                message(f"newscli: the archive log {log_name} is empty or absent: nothing archived yet")
    if unreadable:
        lines = _plural(unreadable, "line")
        warn(f"{lines} of the archive log could not be read (torn by a crash, or edited); skipped")


def restore_command(
    ctx: typer.Context,
    article: Annotated[
        str,
        typer.Argument(
            metavar="SLUG|PATH", help="The slug of an archived article, or its path.", show_default=False
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Say where it would go; change nothing.")
    ] = False,
    wait: WaitOption = 0.0,
    articles_dir: ArticlesDirOption = None,
    config: ConfigOption = None,
    now: NowOption = None,
) -> None:
    """Move an archived article back to its live place, byte for byte, and print its path.

    The live place is where the archive log says it was, else the articles folder itself.

    Nothing is overwritten. Warns when the article is still due for archiving, and how to keep it live.

    \b
    Examples:
      newscli restore SLUG
      newscli restore articles/archive/2022/FILE.md
      newscli restore FILE.md
    """
    from pathlib import PurePosixPath

    from newscli.core import archive as core
    from newscli.core.errors import ArticleError

    run = make_run(ctx, articles_dir, config, now)
    with _session(run.config, wait, dry_run) as (folder, log, recovered):
        _report_recovered(recovered, folder, quiet=False)
        named = _named_rel(article, folder)
        finished = next(
            (
                r
                for r in recovered
                if r.action == "restore"
                and r.ok
                and r.outcome in ("finished", "recorded")
                and (r.src == named if named else r.slug == article)
            ),
            None,
        )
        src = named or _archived_by_slug(article, run.config, folder)
        if finished is not None:  # a restore of this very article was interrupted: now done
            src, dst = finished.src, finished.dst
        elif not core.is_archived_rel(src):  # already live: restoring is idempotent
            dst = src
        else:
            data, snapshot = _read(folder, src)
            dst = core.live_place(core.read_log(folder)[0], src) or PurePosixPath(src).name
            slug = _slug_of(data, src, folder, run.config)
            try:
                if log is None:
                    core.check_destination(folder, dst, snapshot)
                else:
                    core.move(folder, log, "restore", src, dst, slug, snapshot)
            except core.MoveError as exc:
                raise ArticleError(f"{folder.shown(src)}: {exc.reason}") from None
            except OSError as exc:
                raise ArticleError(
                    f"{folder.shown(src)}: {exc.strerror or exc}; run it again to finish or undo"
                ) from None
        if not (dry_run and finished is None and src != dst):
            data = _read(folder, dst)[0]

    print(folder.shown(dst))
    paths = f"{folder.shown(src)} -> {folder.shown(dst)}"
    if src == dst:
        _say(f"{article} is not archived: it is live at {folder.shown(dst)}; nothing to do")
    else:
        _say(f"dry run: would restore {paths}; nothing changed" if dry_run else f"restored {paths}")
    _warn_if_due(data, dst, folder, run.config, run.now)
    if any(not r.ok for r in recovered):
        from newscli.core.errors import ExitCode

        raise typer.Exit(ExitCode.FILE_ERRORS)


def _read(folder: Folder, rel: str) -> tuple[bytes, Snapshot]:
    from newscli.core import archive as core
    from newscli.core.errors import ArticleError

    parent, _, name = rel.rpartition("/")
    try:
        with folder.dir(parent) as dir_fd:
            if dir_fd is None:
                raise core.MoveError("missing", "no such file")
            return core.read_file(dir_fd, name)
    except core.MoveError as exc:
        raise ArticleError(f"{folder.shown(rel)}: {exc.reason}") from None


def _slug_of(data: bytes, rel: str, folder: Folder, config: Config) -> str:
    from newscli.core.article import load_bytes

    loaded = load_bytes(data, str(folder.root / rel), folder.shown(rel), True, config.timezone)
    return loaded.article.slug if loaded.article is not None else ""


def _warn_if_due(data: bytes, rel: str, folder: Folder, config: Config, now: datetime) -> None:
    from newscli.core.article import load_bytes
    from newscli.core.staleness import due_for_archive, evaluate

    loaded = load_bytes(data, str(folder.root / rel), folder.shown(rel), False, config.timezone)
    if loaded.article is None:
        return
    # Whether it is due depends on the article alone, not on its successors: no corpus needed.
    verdict = evaluate(loaded.article, config, now, {})
    if due_for_archive(loaded.article, verdict, now):
        _warn_still_due(loaded.article.slug, config, verdict.reference)


def _warn_still_due(slug: str, config: Config, reference: datetime) -> None:
    from newscli.cli.output import message, warn

    since = "last modified" if config.stale_from == "lastmod" else "published"
    warn(
        f"{slug} is still due for archiving ({since} {reference.date().isoformat()}, "
        f"archive_after {config.archive_after}): the next `newscli archive` moves it back"
    )
    if config.stale_from == "lastmod":
        message("  to keep it live: set `evergreen = true` in its front matter, or update its `lastmod`")
    else:
        message(
            "  to keep it live: set `evergreen = true` in its front matter, or update its `lastmod` "
            'and set `stale_from = "lastmod"` in newscli.toml'
        )


def _named_rel(name: str, folder: Folder) -> str | None:
    """The archived file a user named by path (or bare file name), relative to the folder; None for a slug."""
    import os

    from newscli.core import archive as core
    from newscli.core.discover import find_articles
    from newscli.core.errors import UsageError
    from newscli.core.resolve import looks_like_path

    if not looks_like_path(name):
        return None
    archive_shown = folder.shown("archive") + "/"
    path = Path(name)
    if "/" not in name and not path.exists():
        # A bare file name, as `ls articles/archive/2022` shows it: look for it in the archive.
        found = [f.rel for f in find_articles(folder.root, live=False, archived=True) if f.path.name == name]
        if len(found) > 1:
            listed = ", ".join(folder.shown(rel) for rel in found)
            raise UsageError(f"several archived files are named {name}: {listed}; name one by its path")
        if not found:
            raise UsageError(f"no file named {name} in {archive_shown}")
        return found[0]
    try:
        # realpath, not resolve(): a loop of links must not be a RuntimeError; the file is not followed.
        real_parent = Path(os.path.realpath(os.path.dirname(os.path.abspath(path))))
        rel = (real_parent / path.name).relative_to(os.path.realpath(folder.root)).as_posix()
    except (ValueError, OSError):
        rel = ""
    if not core.is_archived_rel(rel):
        raise UsageError(f"{name} is not in the archive folder {archive_shown}")
    if not core.safe_rel(rel):
        raise UsageError(f"{name} is not an article file (*.md, no name starting with . or _)")
    return rel


def _archived_by_slug(name: str, config: Config, folder: Folder) -> str:
    """The archived file with slug ``name`` (else the live one), relative to the articles folder."""
    import difflib

    from newscli.core.corpus import load_corpus
    from newscli.core.errors import NotFoundError, UsageError

    corpus = load_corpus(config, live=True, archived=True)
    archived = [a for a in corpus.articles if a.archived and a.slug == name]
    if len(archived) > 1:
        paths = ", ".join(a.shown for a in archived)
        raise UsageError(f"several archived articles have the slug {name!r}: {paths}; name the file instead")
    if not archived:
        archived = [a for a in corpus.articles if not a.archived and a.slug == name][:1]
    if not archived:
        slugs = sorted({a.slug for a in corpus.articles if a.archived})
        close = difflib.get_close_matches(name, slugs, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else "`newscli list --archived` shows archived articles"
        where = folder.shown("archive") + "/"
        raise NotFoundError(f"no archived article with the slug {name!r} in {where}", hint=hint)
    import os

    found = Path(archived[0].path)
    real_parent = Path(os.path.realpath(found.parent))
    try:
        return (real_parent / found.name).relative_to(os.path.realpath(folder.root)).as_posix()
    except ValueError:  # never followed out of the folder; a last guard all the same
        raise UsageError(f"{archived[0].shown} is not inside {folder.shown('.')}") from None
