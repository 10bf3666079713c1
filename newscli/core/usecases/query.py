"""What ``newscli list`` is asked for, as plain data: light enough to import when options are declared."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from newscli.core.rules.timeutil import Moment


class SortKey(StrEnum):
    DATE = "date"  # newest first
    TITLE = "title"  # A to Ö
    AGE = "age"  # oldest first


@dataclass(frozen=True)
class ListQuery:
    stale: bool = False
    drafts: bool = False
    archived: bool = False
    all: bool = False
    tags: Sequence[str] = ()
    author: str | None = None
    since: Moment | None = None
    until: Moment | None = None  # a bare date covers its whole day
    sort: SortKey = SortKey.DATE
    reverse: bool = False
    limit: int | None = None
