"""Durations and ages in the user's language ("1 year 6 months", "1 år 6 månader")."""

from __future__ import annotations

from datetime import datetime

from newscli.core.durations import Duration, calendar_difference
from newscli.i18n import _, localize


def duration_text(duration: Duration) -> str:
    """A threshold as a person reads it: ``1 year 6 months`` (``1 år 6 månader``)."""
    return localize(duration.describe()) or ""


def short_age(start: datetime, end: datetime) -> str:
    """A compact age for table cells: ``3y 11m``, ``5m 2d``, ``12d`` (``3 år 11 mån`` in Swedish)."""
    if end < start:
        return "-"
    years, months, days = calendar_difference(start, end)
    if years:
        year = _("{count}y").format(count=years)
        return (
            _("{years} {months}").format(years=year, months=_("{count}m").format(count=months))
            if months
            else year
        )
    if months:
        month = _("{count}m").format(count=months)
        return (
            _("{months} {days}").format(months=month, days=_("{count}d").format(count=days))
            if days
            else month
        )
    return _("{count}d").format(count=days)
