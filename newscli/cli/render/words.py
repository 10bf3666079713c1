"""Durations and ages in the user's language ("1 year 6 months", "1 år 6 månader")."""

from __future__ import annotations

from newscli.core.durations import Duration
from newscli.i18n import ngettext


def _unit(count: int, unit: str) -> str:
    if unit == "year":
        return ngettext("{count} year", "{count} years", count).format(count=count)
    if unit == "month":
        return ngettext("{count} month", "{count} months", count).format(count=count)
    if unit == "week":
        return ngettext("{count} week", "{count} weeks", count).format(count=count)
    return ngettext("{count} day", "{count} days", count).format(count=count)


def duration_text(duration: Duration) -> str:
    """A threshold as a person reads it: ``1 year 6 months``."""
    parts = [
        _unit(n, unit)
        for n, unit in (
            (duration.years, "year"),
            (duration.months, "month"),
            (duration.weeks, "week"),
            (duration.days, "day"),
        )
        if n
    ]
    return " ".join(parts) if parts else _unit(0, "day")
