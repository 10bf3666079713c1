"""``new --supersedes OLD`` and ``new --superseded-by NEWER``: the links a new article makes, checked first.

Both are checked before anything is written (:func:`check_links`): a typo would make an article
stale at once, and a link that makes a cycle or undoes an editor's link is refused as ``supersede``
refuses it. OLD is linked once the new file exists (:func:`link_older`); should that fail, the new
article stays, as created, and the report says why OLD was not linked.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscli.core.errors import NewscliError, UsageError
from newscli.core.rules.config import Config

if TYPE_CHECKING:
    from newscli.core.folder.resolve import CorpusOnce
    from newscli.core.probe import Probe
    from newscli.core.usecases.create.request import CreateReport
    from newscli.core.usecases.editing.target import EditTarget


def check_links(values: Mapping[str, Any], supersedes: str | None, config: Config) -> EditTarget | None:
    """Refuse the new article's links before it is written; the article it supersedes, as read."""
    from newscli.core.folder.resolve import CorpusOnce
    from newscli.core.usecases.editing.supersede import check_not_superseded, check_succession
    from newscli.core.usecases.editing.target import open_target

    corpus = CorpusOnce(config)
    old: EditTarget | None = None
    if supersedes is not None:
        old = open_target(supersedes, config, corpus=corpus)  # refused before anything is written
        check_succession(old.article.slug, values["slug"], corpus)
        if old.article.superseded_by is not None:
            from newscli.i18n import _

            check_not_superseded(
                old,
                hint=_(
                    "did you mean --supersedes {current}, the article that replaced it? (or run "
                    "`newscli supersede {old} {new} --force` after `new`)"
                ).format(current=old.article.superseded_by, old=old.article.slug, new=values["slug"]),
            )
        if values.get("superseded_by") == old.article.slug:
            from newscli.i18n import _

            raise UsageError(
                _("the new article cannot both replace {slug} and be replaced by it").format(
                    slug=old.article.slug
                )
            )
    if values.get("superseded_by"):
        check_successor(values["superseded_by"], corpus, config)
    return old


def check_successor(slug: str, corpus: CorpusOnce, config: Config) -> None:
    """``--superseded-by``: the successor must exist (a typo would make the new article stale at once)."""
    import difflib

    from newscli.i18n import _

    table = corpus.get().by_slug()
    if slug in table:
        return
    from newscli.core.errors import NotFoundError
    from newscli.core.folder.resolve import file_with_errors
    from newscli.core.usecases.editing.target import open_target

    if file_with_errors(slug, corpus.get()) is not None:
        open_target(slug, config, corpus=corpus)  # raises: the file's first problem, the hint to edit it
    close = difflib.get_close_matches(slug, list(table), n=1, cutoff=0.6)
    # An unknown slug is exit 1 here as in every command (supersede, new --supersedes, show...).
    raise NotFoundError(
        _("--superseded-by '{slug}': no article has that slug").format(slug=slug),
        hint=(
            _("did you mean {slug}?").format(slug=close[0])
            if close
            else _("to say this new article replaces an older one, use --supersedes OLD")
        ),
    )


def link_older(
    report: CreateReport, old: EditTarget, path: Path, config: Config, now: datetime, probe: Probe
) -> CreateReport:
    """OLD superseded by the new article at ``path``; a refusal is the report's, the article stays."""
    from newscli.core.usecases.editing.supersede import supersede

    try:
        linked = supersede(str(old.path), str(path), config, now, probe)
    except NewscliError as exc:
        return dataclasses.replace(report, superseded_error=exc)
    return dataclasses.replace(report, superseded=linked)
