"""The editing use cases: edit, touch, review, supersede, publish, and an article's own archive_after.

Each one reads the article once (:func:`newscli.core.writing.durable.read`), changes only the keys it owns
(:mod:`newscli.core.writing.keyedit`, every other byte kept), and writes through
:func:`newscli.core.writing.durable.replace`, which refuses — changing nothing, keeping the new version as a
named copy — when the file changed or moved since it was read. Each returns an :class:`EditReport`.
Refusals raise a ``NewscliError`` before anything is written.

``publish`` renames the file to the new date's name without ever overwriting: the new content
replaces the draft under its old name, the new name is ``link()``-ed to it, then the old name is
removed. A run killed between those steps leaves the published article under one name or two
names of the same file; the next ``publish`` of that slug finishes the rename.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscli.core.diagnostics import Diagnostic
from newscli.core.errors import ArticleError, NotFoundError, UsageError
from newscli.core.reading.article import Article, Loaded, load_bytes
from newscli.core.report import Outcome
from newscli.core.rules.config import Config
from newscli.core.rules.timeutil import in_zone
from newscli.core.writing import durable, keyedit
from newscli.i18n import localize, message_of

if TYPE_CHECKING:
    from newscli.core.folder.corpus import Corpus
    from newscli.core.probe import Probe
    from newscli.core.rules.durations import OwnThreshold
    from newscli.core.rules.timeutil import Moment


class Action(Enum):
    EDIT = "edit"
    TOUCH = "touch"
    REVIEW = "review"
    SUPERSEDE = "supersede"
    PUBLISH = "publish"
    ARCHIVE_AFTER = "archive-after"


@dataclass(frozen=True)
class Change:
    """One key as it was and as it is now; None means absent."""

    key: str
    old: Any
    new: Any


@dataclass(frozen=True)
class EditReport:
    action: Action
    path: Path  # where the article is now
    slug: str
    changes: tuple[Change, ...] = ()
    renamed_from: Path | None = None
    unchanged: bool = False  # edit: the copy was closed without a change
    finished: bool = False  # publish: an interrupted publish was completed, nothing else done
    problems: tuple[Diagnostic, ...] = ()  # edit: why the edited copy was not saved
    kept: Path | None = None  # edit: where the edited copy was kept
    notes: tuple[str, ...] = ()
    outcome: Outcome = Outcome.DONE


@dataclass(frozen=True)
class EditTarget:
    """The article a command acts on, as read: the snapshot the write is checked against."""

    path: Path
    snapshot: durable.Snapshot
    loaded: Loaded
    text: str
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def article(self) -> Article:
        # open_target refuses files without one, except edit's (with_errors): read by .slug, .loaded
        assert self.loaded.article is not None
        return self.loaded.article

    @property
    def slug(self) -> str:
        """The article's slug; for a file with errors (``edit`` opens one), the one it claims."""
        if self.loaded.article is not None:
            return self.loaded.article.slug
        claimed = self.values.get("slug")
        return claimed if isinstance(claimed, str) else _slug_of_name(self.path.name)


def _slug_of_name(name: str) -> str:
    import re

    return re.sub(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-", "", name.removesuffix(".md"))


def locate(name: str, config: Config) -> Path:
    """The file a user named by slug (live before archived) or by path."""
    from newscli.core.folder.corpus import load_corpus
    from newscli.core.folder.resolve import looks_like_path

    if looks_like_path(name):
        return Path(name)
    corpus = load_corpus(config)
    summary = corpus.by_slug().get(name)
    if summary is not None:
        return Path(summary.path)
    broken = file_with_errors(name, corpus)
    if broken is None:
        raise _unknown_slug(name, [a.slug for a in corpus.articles], config)
    return broken


def file_with_errors(slug: str, corpus: Corpus) -> Path | None:
    """The file with errors that is the article ``slug``: its front matter claims the slug, or
    (TOML too broken to read) its name is ``YYYY-MM-DD-<slug>.md``. Such a file is there to be
    fixed (``edit`` opens it; the others say what is wrong), not an unknown slug."""
    from newscli.i18n import Message

    candidates = [
        entry
        for entry in corpus.failed
        if entry.summary is None
        and (entry.claimed_slug == slug or _slug_of_name(os.path.basename(entry.shown)) == slug)
    ]
    live = [entry for entry in candidates if not entry.archived] or candidates
    if len(live) > 1:
        raise UsageError(
            Message(
                "several files with errors may be the article {slug}: {paths}; name one by its path",
                slug=slug,
                paths=", ".join(entry.shown for entry in live),
            )
        )
    return Path(live[0].shown) if live else None


def _unknown_slug(name: str, slugs: Sequence[str], config: Config) -> NotFoundError:
    from newscli.core.folder.resolve import unknown_slug

    return unknown_slug(name, slugs, config)


def open_target(name: str, config: Config, with_errors: bool = False) -> EditTarget:
    """Read the article once; refuse a file newscli cannot change safely.

    ``with_errors`` (``edit``: an editor is how a person fixes a broken file) takes a file whose
    front matter has errors too; the others refuse it with its first problem, as validate says it.
    """
    from newscli.core.reading.article import MAX_ARTICLE_BYTES
    from newscli.i18n import _

    path = locate(name, config)
    if not path.name.endswith(".md"):
        raise UsageError(_("{path} is not an article file (*.md)").format(path=path))
    from newscli.core.folder.discover import shown_path

    snapshot = durable.read(path, max_bytes=MAX_ARTICLE_BYTES)
    loaded = load_bytes(snapshot.data, str(path), shown_path(path), False, config.timezone)
    if loaded.article is None or loaded.data is None:
        if with_errors:
            # Never written as it is: edit writes the person's valid copy.
            text = snapshot.data.decode("utf-8", errors="replace")
            return EditTarget(path, snapshot, loaded, text, loaded.data or {})
        first = loaded.errors[0]
        raise ArticleError(
            first.message,
            path=first.path,
            line=first.line,
            column=first.column,
            hint=first.hint
            or _(
                "the file has errors: fix them first (`newscli edit {name}` opens it and saves it only "
                "when it is valid; `newscli validate {path}` lists every problem)"
            ).format(name=name, path=shown_path(path)),
        )
    return EditTarget(path, snapshot, loaded, snapshot.data.decode("utf-8"), loaded.data)


def to_the_second(moment: datetime) -> datetime:
    """A time as it is written into an article: to the second, with its offset."""
    return moment.replace(microsecond=0)


def given_or_now(when: Moment | None, now: datetime, config: Config) -> date | datetime:
    """The time a command writes (``new``'s date, touch's lastmod, review's reviewed, publish's
    date): ``--date`` as the person gave it, placed in the config's zone (a bare date stays a TOML
    date), else now; to the second either way."""
    from newscli.core.rules.timeutil import TimeError

    if when is None:
        return to_the_second(now)
    try:
        return when.written(config.timezone)
    except TimeError as exc:  # a date-time off the calendar in this zone only
        from newscli.i18n import _

        raise UsageError(_("{option}: {problem}").format(option="--date", problem=exc)) from None


def write_changes(
    target: EditTarget, changes: Mapping[str, Any], now: datetime, probe: Probe, text: str | None = None
) -> tuple[Change, ...]:
    """Make ``changes`` to the file (or to ``text``, an edited version of it) and replace it."""
    from newscli.i18n import _

    base = target.text if text is None else text
    try:
        new_text = keyedit.apply(base, changes)
    except keyedit.EditError as exc:
        raise ArticleError(
            _("cannot change {keys} in {path}: {reason}").format(
                keys=", ".join(changes), path=target.path, reason=localize(message_of(exc))
            ),
            hint=_("change it by hand, then run `newscli touch`"),
        ) from None
    durable.replace(target.snapshot, new_text.encode("utf-8"), now, probe)
    before = target.values
    return tuple(
        Change(key, before.get(key), None if value is keyedit.REMOVE else value)
        for key, value in changes.items()
    )


def _check_not_before_date(target: EditTarget, moment: datetime, key: str, config: Config) -> None:
    from newscli.i18n import _

    if in_zone(moment, config.timezone) < target.article.date:
        raise UsageError(
            _("{key} {moment} would be before the article's date {date}").format(
                key=key, moment=moment.isoformat(), date=target.article.date.isoformat()
            ),
            hint=_("give a later --date"),
        )


# The keys each stamping command owns: the time, and who.
_STAMPS = {Action.TOUCH: ("lastmod", "modified_by"), Action.REVIEW: ("reviewed", "reviewed_by")}


def touch(
    name: str, config: Config, now: datetime, who: str, when: Moment | None, probe: Probe
) -> EditReport:
    """Stamp ``lastmod`` (now, or ``when``) and ``modified_by``."""
    return _stamp(Action.TOUCH, name, config, now, who, when, probe)


def review(
    name: str, config: Config, now: datetime, who: str, when: Moment | None, probe: Probe
) -> EditReport:
    """Stamp ``reviewed`` and ``reviewed_by``; ``lastmod`` stays as it is."""
    return _stamp(Action.REVIEW, name, config, now, who, when, probe)


def _stamp(
    action: Action,
    name: str,
    config: Config,
    now: datetime,
    who: str,
    when: Moment | None,
    probe: Probe,
) -> EditReport:
    time_key, who_key = _STAMPS[action]
    moment = given_or_now(when, now, config)
    target = open_target(name, config)
    if in_zone(moment, config.timezone) > now:
        from newscli.i18n import _

        # "Senast ändrad" or "granskad" in the future is a typo, never a plan: nothing does it later.
        raise UsageError(
            _("--date {moment} is in the future: {key} says when it happened").format(
                moment=moment.isoformat(), key=time_key
            ),
            hint=_("give today's date or an earlier one, or leave --date out for now"),
        )
    _check_not_before_date(target, in_zone(moment, config.timezone), time_key, config)
    changes = write_changes(target, {time_key: moment, who_key: who}, now, probe)
    return EditReport(action, target.path, target.article.slug, changes)


def successor_slug(name: str, config: Config) -> str:
    """The slug of the article named by slug or path: it must exist and be readable."""
    from newscli.core.folder.corpus import load_corpus
    from newscli.core.folder.resolve import looks_like_path

    if looks_like_path(name):
        return open_target(name, config).article.slug
    corpus = load_corpus(config)
    if name not in corpus.by_slug():
        refuse_with_errors(name, corpus, config)
        raise _unknown_slug(name, [a.slug for a in corpus.articles], config)
    return name


def refuse_with_errors(slug: str, corpus: Corpus, config: Config) -> None:
    """A successor named by slug whose file has errors: named with its first problem (as
    ``open_target`` says it), never "no article with the slug"."""
    if file_with_errors(slug, corpus) is not None:
        open_target(slug, config)  # raises: the file's first problem and the hint to edit it


def check_succession(old_slug: str, new_slug: str, config: Config) -> None:
    """Refuse an article superseding itself, or a chain of successors that would come back to it."""
    from newscli.core.folder.corpus import load_corpus
    from newscli.i18n import _

    if old_slug == new_slug:
        raise UsageError(
            _("an article cannot supersede itself ({slug})").format(slug=old_slug),
            hint=_("name the newer article that replaces it"),
        )
    table = load_corpus(config).by_slug()
    seen = [new_slug]
    current = table.get(new_slug)
    while current is not None and current.superseded_by:
        if current.superseded_by == old_slug:
            chain = " -> ".join([old_slug, *seen, old_slug])
            raise UsageError(
                _("that would make a cycle of successors: {chain}").format(chain=chain),
                hint=_("an article cannot be replaced by one it replaces"),
            )
        if current.superseded_by in seen:
            break  # an existing cycle not through OLD: validate reports it
        seen.append(current.superseded_by)
        current = table.get(current.superseded_by)


def supersede(
    old: str, new: str, config: Config, now: datetime, probe: Probe, force: bool = False
) -> EditReport:
    """Set OLD's ``superseded_by`` to NEW's slug; one that names another article is replaced only
    with ``force``."""
    new_slug = successor_slug(new, config)
    target = open_target(old, config)
    check_succession(target.article.slug, new_slug, config)
    current = target.article.superseded_by
    if current == new_slug:
        return EditReport(Action.SUPERSEDE, target.path, target.article.slug, unchanged=True)
    if current is not None and not force:
        check_not_superseded(target, hint=_replace_hint(target.article.slug, current, new_slug))
    changes = write_changes(target, {"superseded_by": new_slug}, now, probe)
    return EditReport(Action.SUPERSEDE, target.path, target.article.slug, changes)


def check_not_superseded(target: EditTarget, hint: str) -> None:
    """Refuse to point an article that is already superseded at another successor: the link it has
    is an editor's decision, not to be undone by the way."""
    from newscli.i18n import _

    current = target.article.superseded_by
    if current is not None:
        raise UsageError(
            _("{slug} is already superseded by {current}; nothing changed").format(
                slug=target.article.slug, current=current
            ),
            hint=hint,
        )


def _replace_hint(old: str, current: str, new: str) -> str:
    from newscli.i18n import _

    return _(
        "`newscli supersede {old} {new} --force` points it at {new} instead; or, if {new} replaces "
        "{current} too, `newscli supersede {current} {new}`"
    ).format(old=old, current=current, new=new)


def archive_after(name: str, value: OwnThreshold, config: Config, now: datetime, probe: Probe) -> EditReport:
    """Set the article's own ``archive_after`` (a duration, or ``never``), as it was typed."""
    target = open_target(name, config)
    changes = write_changes(target, {"archive_after": value.text}, now, probe)
    return EditReport(Action.ARCHIVE_AFTER, target.path, target.article.slug, changes)


# publish ------------------------------------------------------------------------------------------


def publish(name: str, config: Config, now: datetime, when: Moment | None, probe: Probe) -> EditReport:
    """A draft becomes published: ``draft`` removed, ``date`` set, the file renamed to the date."""
    from newscli.core.rules.config import require_articles_dir
    from newscli.core.writing.sluglock import slug_lock

    require_articles_dir(config)
    moment = given_or_now(when, now, config)
    with slug_lock(config.articles_dir):
        target = open_target(name, config)
        if not target.article.draft:
            return _finish_publish(target, config, now, probe)
        values: dict[str, Any] = {"draft": keyedit.REMOVE, "date": moment}
        lastmod = target.article.lastmod
        if lastmod is not None and lastmod < in_zone(moment, config.timezone):
            # Edits made to the draft are not a change readers saw: a lastmod before the new date
            # would be invalid ("Senast ändrad" before publication), so it goes, and with it who
            # made them ("Ändrad av" without "Senast ändrad" says nothing true).
            values["lastmod"] = keyedit.REMOVE
            if "modified_by" in target.values:
                values["modified_by"] = keyedit.REMOVE
        new_path = target.path.with_name(_file_name(moment, target.article.slug, config))
        if new_path != target.path and os.path.lexists(new_path):
            raise durable.ExistsError(new_path)
        _check_slug_free(target, config)
        changes = write_changes(target, values, now, probe)
        if new_path == target.path:
            return EditReport(Action.PUBLISH, target.path, target.article.slug, changes)
        durable.add_name(target.path, new_path, probe)
        durable.remove_name(target.path, new_path, probe)
        return EditReport(Action.PUBLISH, new_path, target.article.slug, changes, renamed_from=target.path)


def _file_name(moment: datetime | date, slug: str, config: Config) -> str:
    day = in_zone(moment, config.timezone).date() if isinstance(moment, datetime) else moment
    return f"{day.isoformat()}-{slug}.md"


def _check_slug_free(target: EditTarget, config: Config) -> None:
    """Refuse when another file claims the draft's slug (publishing would make it live twice)."""
    from newscli.core.folder.corpus import load_corpus
    from newscli.i18n import _

    mine = os.path.realpath(target.path)
    for slug, shown in load_corpus(config).slugs():
        if slug == target.article.slug and os.path.realpath(shown) != mine:
            raise UsageError(
                _("the slug {slug} is already used by {path}").format(slug=slug, path=shown),
                hint=_("give the draft another slug, or edit the existing article"),
            )


def _finish_publish(target: EditTarget, config: Config, now: datetime, probe: Probe) -> EditReport:
    """A published article: finish a publish that was interrupted, or refuse."""
    from newscli.i18n import _

    article = target.article
    expected = target.path.with_name(_file_name(article.date, article.slug, config))
    others = _other_names(target.path, target.snapshot)
    if target.path != expected and expected in others:
        durable.remove_name(target.path, expected, probe)  # killed before the old name went
        return EditReport(Action.PUBLISH, expected, article.slug, renamed_from=target.path, finished=True)
    if target.path == expected and others:
        for other in others:
            durable.remove_name(other, expected, probe)
        return EditReport(Action.PUBLISH, expected, article.slug, renamed_from=others[0], finished=True)
    if target.path != expected and "draft" not in target.values and _newly_published(target):
        # Killed after the new content replaced the draft, before the new name was made.
        durable.add_name(target.path, expected, probe)
        durable.remove_name(target.path, expected, probe)
        return EditReport(Action.PUBLISH, expected, article.slug, renamed_from=target.path, finished=True)
    when = article.date.strftime("%Y-%m-%d %H:%M")
    if article.date > now:
        raise UsageError(
            _("{slug} is not a draft: it is scheduled, and is published by itself on {date}").format(
                slug=article.slug, date=when
            ),
            hint=_(
                "nothing to publish; to publish it at another time, change its date (`newscli edit {slug}`)"
            ).format(slug=article.slug),
        )
    raise UsageError(
        _("{slug} is not a draft: it was already published on {date}").format(slug=article.slug, date=when),
        hint=_("nothing to publish; after changing it, `newscli touch {slug}` stamps the change").format(
            slug=article.slug
        ),
    )


def _newly_published(target: EditTarget) -> bool:
    """The file's name is a date-slug name of another day: what an interrupted publish leaves."""
    import re

    return (
        re.fullmatch(
            r"[0-9]{4}-[0-9]{2}-[0-9]{2}-" + re.escape(target.article.slug) + r"\.md", target.path.name
        )
        is not None
    )


def _other_names(path: Path, snapshot: durable.Snapshot) -> list[Path]:
    """Other article names of the same file in its folder (hard links a killed publish left)."""
    if snapshot.nlink < 2:
        return []
    found = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return []
    for entry in entries:
        if entry.name == path.name or not entry.name.endswith(".md"):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (snapshot.dev, snapshot.ino):
            found.append(Path(entry.path))
    return sorted(found)


# edit ---------------------------------------------------------------------------------------------

Editor = Callable[[Path], None]
AskAgain = Callable[[Sequence[Diagnostic]], bool]


def edit(
    name: str,
    config: Config,
    now: datetime,
    who: str,
    open_editor: Editor,
    ask_again: AskAgain,
    probe: Probe,
    stamp_change: bool = True,
) -> EditReport:
    """The user edits a copy; a changed and valid copy is stamped and replaces the article.

    ``stamp_change`` False (``new --edit``: the article was just made) saves the copy as it is.

    An invalid copy never replaces it: ``ask_again`` (a terminal asks the person) decides whether the
    editor opens again on the same copy; if not, the copy is kept beside the article and reported.
    Whatever fails once the editor has run, a changed copy is kept too, and the error says where.
    """
    import shutil
    import tempfile

    target = open_target(name, config, with_errors=True)
    folder = Path(tempfile.mkdtemp(prefix="newscli-edit-"))
    keep_folder = False
    try:
        copy = folder / target.path.name
        copy.write_bytes(target.snapshot.data)
        try:
            return _edit_copy(copy, target, config, now, who, open_editor, ask_again, probe, stamp_change)
        except BaseException as exc:
            # Whatever stopped the run once the editor has run (a copy that cannot be read, a
            # folder that cannot be written, Ctrl-C at the question, a bug), the person's edit
            # is not lost. Set first: should keeping fail too, the private folder stays.
            keep_folder = True
            keep_folder = _keep_after_failure(exc, copy, target, now, probe)
            raise
    finally:
        if not keep_folder:
            shutil.rmtree(folder, ignore_errors=True)


def _edit_copy(
    copy: Path,
    target: EditTarget,
    config: Config,
    now: datetime,
    who: str,
    open_editor: Editor,
    ask_again: AskAgain,
    probe: Probe,
    stamp_change: bool,
) -> EditReport:
    import dataclasses

    from newscli.core.folder.discover import shown_path

    while True:
        open_editor(copy)
        data = _read_copy(copy)
        if data == target.snapshot.data:
            # Closed unchanged: nothing is written. A broken file is still broken: said, exit 1.
            broken = target.loaded.errors
            outcome = Outcome.PARTLY if broken else Outcome.DONE
            return EditReport(
                Action.EDIT, target.path, target.slug, unchanged=True, problems=broken, outcome=outcome
            )
        problems = check_edited(data, target, config)
        if not problems:
            break
        if not ask_again(problems):
            kept = durable.kept_name(target.path, now)
            kept = _keep_copy(kept, data, probe)
            # The lines and columns are the kept copy's: name it, not the unchanged original.
            kept_shown = shown_path(kept)
            problems = [dataclasses.replace(problem, path=kept_shown) for problem in problems]
            return EditReport(
                Action.EDIT,
                target.path,
                target.slug,
                problems=tuple(problems),
                kept=kept,
                outcome=Outcome.PARTLY,
            )
    text = data.decode("utf-8")
    edited = load_bytes(data, str(target.path), str(target.path), False, config.timezone)
    assert edited.article is not None  # check_edited passed
    assert edited.data is not None
    changes: dict[str, Any] = {}
    notes: tuple[str, ...] = ()
    moment = to_the_second(now)
    if not stamp_change:
        pass
    elif in_zone(moment, config.timezone) >= edited.article.date:
        changes = {"lastmod": moment, "modified_by": who}
    else:
        from newscli.i18n import _

        # The pair or nothing: "Ändrad av" without "Senast ändrad" would be a stray.
        notes = (_("lastmod and modified_by were not stamped: the article's date is after now"),)
    written = write_changes(target, changes, now, probe, text=text)
    before = edited.data
    stamped = tuple(Change(c.key, before.get(c.key), c.new) for c in written)
    return EditReport(Action.EDIT, target.path, edited.article.slug, stamped, notes=notes)


def _read_copy(copy: Path) -> bytes:
    """The edited copy, by the one safe read: an editor (or anything else) that left a FIFO, a link
    or a huge file in its place is refused, never waited on or followed."""
    from newscli.core.reading import saferead
    from newscli.core.reading.article import MAX_ARTICLE_BYTES
    from newscli.i18n import _

    try:
        return saferead.read(copy, max_bytes=MAX_ARTICLE_BYTES)[0]
    except saferead.Refused as refused:
        why = {
            saferead.Why.MISSING: _("the editor removed it"),
            saferead.Why.LINK: _("it was replaced by a symbolic link"),
            saferead.Why.NOT_REGULAR: _("it is no longer a regular file"),
            saferead.Why.TOO_LARGE: _("it is {size:,} bytes, over the {limit:,} an article may have").format(
                size=refused.size, limit=MAX_ARTICLE_BYTES
            ),
        }.get(refused.why, refused.reason)
        raise ArticleError(
            _("cannot read the edited copy {copy}: {reason}; the article was not changed").format(
                copy=copy, reason=why
            )
        ) from None


def _keep_after_failure(
    exc: BaseException, copy: Path, target: EditTarget, now: datetime, probe: Probe
) -> bool:
    """Keep the edited copy after ``exc`` and say where in a note on ``exc`` (``cli/app.py`` prints
    an error's notes); True when it stays in the private temporary folder, which must then not be
    removed. Beside the article when it can be read and written there (durable, and where the
    other kept copies are), else in the private folder, whatever it holds."""
    from newscli.core.errors import NewscliError
    from newscli.core.folder.discover import shown_path
    from newscli.core.reading import saferead
    from newscli.core.reading.article import MAX_ARTICLE_BYTES
    from newscli.i18n import _

    if isinstance(exc, durable.ChangedError) and exc.kept is not None:
        return False  # the edited version is already kept beside the article, and the error says where
    try:
        data = saferead.read(copy, max_bytes=MAX_ARTICLE_BYTES)[0]
    except saferead.Refused as refused:
        if refused.why is saferead.Why.MISSING:
            return False  # nothing there to keep
        exc.add_note(_("newscli: your edited copy is left in {copy}").format(copy=copy))
        return True
    if data == target.snapshot.data:
        return False  # not changed: nothing of the person's is in it
    try:
        kept = _keep_copy(durable.kept_name(target.path, now), data, probe)
    except (NewscliError, OSError):
        exc.add_note(_("newscli: your edited copy is left in {copy}").format(copy=copy))
        return True
    exc.add_note(_("newscli: your edited copy is kept in {kept}").format(kept=shown_path(kept)))
    return False


def _keep_copy(path: Path, data: bytes, probe: Probe) -> Path:
    for attempt in range(1, 1000):
        candidate = path if attempt == 1 else path.with_name(f"{path.name}-{attempt}")
        try:
            durable.create(candidate, data, probe)
        except durable.ExistsError:
            continue
        return candidate
    from newscli.i18n import _

    raise ArticleError(_("cannot keep the edited copy beside {path}").format(path=path))


def check_edited(data: bytes, target: EditTarget, config: Config) -> list[Diagnostic]:
    """What stops the edited copy from replacing the article: its errors, a slug another file has,
    or a changed slug that other articles' ``superseded_by`` still names."""
    from newscli.core.diagnostics import error
    from newscli.core.folder.corpus import load_corpus
    from newscli.core.folder.discover import shown_path
    from newscli.i18n import _

    shown = shown_path(target.path)
    loaded = load_bytes(data, str(target.path), shown, False, config.timezone)
    problems = list(loaded.errors)
    # A file that had errors claimed no slug newscli could check: check the one it has now.
    changed = target.loaded.article is None or (
        loaded.article is not None and loaded.article.slug != target.slug
    )
    if loaded.article is not None and changed:
        mine = os.path.realpath(target.path)
        corpus = load_corpus(config)
        for slug, other in corpus.slugs():
            if slug == loaded.article.slug and os.path.realpath(other) != mine:
                message = _("the slug {slug} is already used by {path}").format(slug=slug, path=other)
                problems.append(error(shown, 1, 1, message, "slug-duplicate"))
                break
        old = target.loaded.article.slug if target.loaded.article is not None else None
        # Another article's superseded_by names the old slug: renamed, it would name no article
        # (validate's superseded-unknown, in CI). Archived ones count too: validate checks them.
        referring = sorted(
            a.shown
            for a in corpus.articles
            if old is not None and a.superseded_by == old and os.path.realpath(a.path) != mine
        )
        if referring:
            message = _(
                "the slug {old} is named by superseded_by in {paths}: changed to {new}, they would "
                "name no article; keep the slug {old}, or change them first"
            ).format(old=old, new=loaded.article.slug, paths=", ".join(referring))
            problems.append(error(shown, 1, 1, message, "superseded-unknown"))
    return problems
