"""Staleness and archiving rules of SPEC.md, as pure functions of an article, the config and ``now``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from newscli.core.article import Summary
from newscli.core.config import Config
from newscli.core.durations import Duration, describe_age
from newscli.i18n import Message


class Status(StrEnum):
    PUBLISHED = "published"
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    STALE = "stale"


@dataclass(frozen=True, slots=True)
class Verdict:
    status: Status
    reference: datetime  # what age runs from: date, or lastmod with stale_from = "lastmod"
    threshold: Duration | None  # None for drafts, scheduled and evergreen articles
    stale_since: datetime | None
    reason: str | None
    archive_due_since: datetime | None  # None when the article can never be archived by age
    # When it becomes (or became) stale if nothing changes in the folder; None when it never will.
    # The site shows the notice on the reader's clock from this moment, between two builds.
    stale_at: datetime | None = None

    @property
    def stale(self) -> bool:
        return self.status is Status.STALE


def reference_time(article: Summary, config: Config) -> datetime:
    if config.stale_from == "lastmod" and article.lastmod is not None:
        return article.lastmod
    return article.date


def threshold_for(article: Summary, config: Config, start: datetime) -> Duration:
    """The article's own threshold, else the tag threshold ending earliest, else the default."""
    if article.stale_after is not None:
        return article.stale_after
    tag_thresholds = [config.stale_after_tags[t] for t in article.tags if t in config.stale_after_tags]
    if tag_thresholds:
        # "Smallest" is by the date each gives from this start: 4w and 1m differ by month length.
        return min(tag_thresholds, key=lambda d: _sort_key(d.add_to_or_none(start)))
    return config.stale_after


def _sort_key(moment: datetime | None) -> tuple[bool, float]:
    return (True, 0.0) if moment is None else (False, moment.timestamp())


def evaluate(
    article: Summary,
    config: Config,
    now: datetime,
    by_slug: Mapping[str, Summary],
    archive_after: Duration | None = None,
) -> Verdict:
    start = reference_time(article, config)
    if article.draft:
        return Verdict(Status.DRAFT, start, None, None, None, None)
    if article.evergreen:
        status = Status.SCHEDULED if article.date > now else Status.PUBLISHED
        return Verdict(status, start, None, None, None, None)

    threshold = threshold_for(article, config, start)
    archive_due_since = (archive_after or config.archive_after).add_to_or_none(start)
    superseded_since: datetime | None = None
    if article.superseded_by:
        successor = by_slug.get(article.superseded_by)
        if successor is None or successor.slug == article.slug:
            superseded_since = article.date
        elif not successor.draft:
            # Stale from the day the replacement is out, not before it is published.
            superseded_since = max(successor.date, article.date)
    aged_since = threshold.add_to_or_none(start)
    moments = [m for m in (superseded_since, aged_since) if m is not None]
    # Never stale before it is published; a draft successor gives no date until it is published.
    stale_at = max(min(moments), article.date) if moments else None
    if article.date > now:
        return Verdict(Status.SCHEDULED, start, None, None, None, None, stale_at)

    candidates: list[tuple[datetime, Message]] = []
    if superseded_since is not None and superseded_since <= now:
        candidates.append((superseded_since, Message("superseded by {slug}", slug=article.superseded_by)))
    if aged_since is not None and aged_since <= now:
        # A reason a person reads: English in JSON, in the user's language in the table (a Message).
        age, limit = describe_age(start, now), threshold.describe()
        if start is not article.date:
            why = Message("last modified {age} ago, threshold {threshold}", age=age, threshold=limit)
        else:
            why = Message("published {age} ago, threshold {threshold}", age=age, threshold=limit)
        candidates.append((aged_since, why))
    if not candidates:
        return Verdict(Status.PUBLISHED, start, threshold, None, None, archive_due_since, stale_at)
    stale_since = min(since for since, _ in candidates)
    reason = candidates[0][1]
    for _, why in candidates[1:]:
        reason = Message("{first}; {second}", first=reason, second=why)
    return Verdict(Status.STALE, start, threshold, stale_since, reason, archive_due_since, stale_since)


def due_for_archive(article: Summary, verdict: Verdict, now: datetime) -> bool:
    return not article.archived and verdict.archive_due_since is not None and verdict.archive_due_since <= now


def archive_due(
    article: Summary, config: Config, now: datetime, archive_after: Duration | None = None
) -> bool:
    """What ``due_for_archive(article, evaluate(...), now)`` says, without the staleness verdict.

    Whether an article is due depends on it alone (not on its successors), and the archive asks it
    of every live article: this skips the threshold and the reason a person reads.
    """
    if article.archived or article.draft or article.date > now or article.evergreen:
        return False
    due_since = (archive_after or config.archive_after).add_to_or_none(reference_time(article, config))
    return due_since is not None and due_since <= now
