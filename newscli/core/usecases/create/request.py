"""What ``new`` is asked (:class:`Request`, as the command line gave it) and what it did."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newscli.core.diagnostics import Diagnostic, Severity
from newscli.core.errors import NewscliError
from newscli.core.report import Outcome

if TYPE_CHECKING:
    from newscli.core.link import Link
    from newscli.core.rules.durations import OwnThreshold
    from newscli.core.rules.timeutil import Moment
    from newscli.core.usecases.editing.report import EditReport


@dataclass
class Request:
    """What the user asked for; None means "not given" so defaults and templates may fill it."""

    title: str
    slug: str | None = None
    date: Moment | None = None  # as given: placed in the config's zone when written
    lead: str | None = None
    author: str | None = None
    tags: list[str] | None = None
    draft: bool | None = None
    evergreen: bool | None = None
    language: str | None = None
    stale_after: OwnThreshold | None = None
    superseded_by: str | None = None
    modified_by: str | None = None
    image: str | None = None  # --image, --image-alt, --image-caption as given
    image_alt: str | None = None
    image_caption: str | None = None
    links: Sequence[Link] = ()
    body_file: str | None = None  # --body-file as given: a path, or "-" for standard input


@dataclass(frozen=True)
class CreateReport:
    """What ``new`` did: the file it made and, with ``--supersedes``, the older article it linked."""

    path: Path
    slug: str
    superseded: EditReport | None = None  # OLD, now superseded by the new article
    superseded_error: NewscliError | None = None  # why OLD could not be linked (the article exists)
    edited: EditReport | None = None  # --edit: what became of the edit right after creating
    edit_error: NewscliError | None = None  # why the editor step failed (the article exists, as created)
    # --edit: validate's findings on the file as it is after the editor (every rule, both severities)
    checked: tuple[Diagnostic, ...] = ()
    # No body was given: the file's body is the template's, and it holds placeholder text
    placeholder_body: bool = False

    @property
    def outcome(self) -> Outcome:
        if (
            self.superseded_error is not None
            or self.edit_error is not None
            or any(d.severity is Severity.ERROR for d in self.checked)
        ):
            return Outcome.PARTLY
        return self.edited.outcome if self.edited is not None else Outcome.DONE
