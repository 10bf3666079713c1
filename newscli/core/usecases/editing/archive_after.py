"""An article's own ``archive_after``, as typed: what ``restore --archive-after`` sets on the article."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from newscli.core.rules.config import Config
from newscli.core.usecases.editing.report import Action, EditReport
from newscli.core.usecases.editing.target import open_target, write_changes

if TYPE_CHECKING:
    from newscli.core.probe import Probe
    from newscli.core.rules.durations import OwnThreshold


def archive_after(name: str, value: OwnThreshold, config: Config, now: datetime, probe: Probe) -> EditReport:
    """Set the article's own ``archive_after`` (a duration, or ``never``), as it was typed."""
    target = open_target(name, config)
    changes = write_changes(target, {"archive_after": value.text}, now, probe)
    return EditReport(Action.ARCHIVE_AFTER, target.path, target.article.slug, changes)
