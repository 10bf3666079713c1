"""publish: a draft becomes published — ``draft`` removed, ``date`` set, the file renamed to the date.

The rename never overwrites: the new content replaces the draft under its old name, the new name is
``link()``-ed to it, then the old name is removed. A run killed between those steps leaves the
published article under one name or two names of the same file; the next ``publish`` of that slug
finishes the rename (:func:`_finish_publish`). The whole runs under the folder's slug lock, as
``new`` does, so the slug cannot become live twice.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscli.core.errors import UsageError
from newscli.core.rules.config import Config
from newscli.core.rules.naming import file_name, is_dated_name, slug_taken
from newscli.core.rules.timeutil import in_zone
from newscli.core.usecases.editing.report import Action, EditReport
from newscli.core.usecases.editing.target import EditTarget, open_target, write_changes
from newscli.core.usecases.editing.when import given_or_now
from newscli.core.writing import durable, keyedit

if TYPE_CHECKING:
    from newscli.core.folder.corpus import Corpus
    from newscli.core.probe import Probe
    from newscli.core.rules.timeutil import Moment


def publish(name: str, config: Config, now: datetime, when: Moment | None, probe: Probe) -> EditReport:
    """A draft becomes published: ``draft`` removed, ``date`` set, the file renamed to the date."""
    from newscli.core.folder.resolve import CorpusOnce
    from newscli.core.rules.config import require_articles_dir
    from newscli.core.writing.sluglock import slug_lock

    require_articles_dir(config)
    moment = given_or_now(when, now, config)
    with slug_lock(config.articles_dir):
        corpus = CorpusOnce(config)  # read under the lock: no other new or publish changes it
        target = open_target(name, config, corpus=corpus)
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
        new_path = target.path.with_name(file_name(moment, target.article.slug, config.timezone))
        if new_path != target.path and os.path.lexists(new_path):
            raise durable.ExistsError(new_path)
        _check_slug_free(target, corpus.get())
        changes = write_changes(target, values, now, probe)
        if new_path == target.path:
            return EditReport(Action.PUBLISH, target.path, target.article.slug, changes)
        durable.add_name(target.path, new_path, probe)
        durable.remove_name(target.path, new_path, probe)
        return EditReport(Action.PUBLISH, new_path, target.article.slug, changes, renamed_from=target.path)


def _check_slug_free(target: EditTarget, corpus: Corpus) -> None:
    """Refuse when another file claims the draft's slug (publishing would make it live twice)."""
    from newscli.i18n import Message

    taken = slug_taken(target.article.slug, corpus.slugs(), mine=target.path)
    if taken is not None:
        raise UsageError(taken, hint=Message("give the draft another slug, or edit the existing article"))


def _finish_publish(target: EditTarget, config: Config, now: datetime, probe: Probe) -> EditReport:
    """A published article: finish a publish that was interrupted, or refuse."""
    from newscli.i18n import _

    article = target.article
    expected = target.path.with_name(file_name(article.date, article.slug, config.timezone))
    others = _other_names(target.path, target.snapshot)
    if target.path != expected and expected in others:
        durable.remove_name(target.path, expected, probe)  # killed before the old name went
        return EditReport(Action.PUBLISH, expected, article.slug, renamed_from=target.path, finished=True)
    if target.path == expected and others:
        for other in others:
            durable.remove_name(other, expected, probe)
        return EditReport(Action.PUBLISH, expected, article.slug, renamed_from=others[0], finished=True)
    # Under a name of another day (what an interrupted publish leaves):
    dated = is_dated_name(target.path.name, article.slug)
    if target.path != expected and "draft" not in target.values and dated:
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
