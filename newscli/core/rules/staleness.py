"""Staleness and archiving rules of SPEC.md, as pure functions of an article, the config and ``now``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from newscli.core.reading.model import Summary
from newscli.core.rules.config import Config, StaleFrom
from newscli.core.rules.durations import NEVER, Duration, age_message, calendar_difference, said
from newscli.i18n import Message
from newscli.i18n import later as _  # reasons are Messages: English in JSON, translated where shown


class Status(StrEnum):
    PUBLISHED = "published"
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    STALE = "stale"


class Verdict(NamedTuple):
    """An article's status and its times. A named tuple, not a frozen dataclass: as immutable, and
    made in a quarter of the time (a frozen dataclass sets each field through object.__setattr__),
    which was 2 µs of each article's 13 in ``list``."""

    status: Status
    reference: datetime  # what age runs from: date (or lastmod), or reviewed when later
    threshold: Duration | None  # None for drafts, scheduled and evergreen articles
    stale_since: datetime | None
    reason: str | None
    archive_due_since: datetime | None  # None when the article can never be archived by age
    # When it becomes (or became) stale if nothing changes in the folder; None when it never will.
    # The site shows the notice on the reader's clock from this moment, between two builds.
    stale_at: datetime | None = None
    note: str | None = None  # why a published article is not stale: evergreen, or reviewed

    @property
    def stale(self) -> bool:
        return self.status is _STALE


class Since(StrEnum):
    """Which of the article's times its age runs from."""

    DATE = "date"
    LASTMOD = "lastmod"
    REVIEWED = "reviewed"


# Members as module names where each article is judged: on Python 3.11 reading one off its class
# (Status.STALE) goes through EnumType's __getattr__ hook, 0.1-0.25 µs, several times an article.
_DRAFT, _SCHEDULED, _PUBLISHED, _STALE = Status.DRAFT, Status.SCHEDULED, Status.PUBLISHED, Status.STALE
_DATE, _LASTMOD, _REVIEWED = Since.DATE, Since.LASTMOD, Since.REVIEWED
_FROM_LASTMOD = StaleFrom.LASTMOD


def reference(article: Summary, config: Config) -> tuple[datetime, Since]:
    """What age runs from: ``date`` (or ``lastmod`` with stale_from = "lastmod"), or ``reviewed``
    when that is later: a review confirms the article as of that day."""
    start, since = article.date, _DATE
    if config.stale_from is _FROM_LASTMOD and article.lastmod is not None:
        start, since = article.lastmod, _LASTMOD
    if article.reviewed is not None and article.reviewed > start:
        return article.reviewed, _REVIEWED
    return start, since


def reference_time(article: Summary, config: Config) -> datetime:
    return reference(article, config)[0]


def describe_reference(article: Summary, config: Config) -> str:
    """The reference time for a person: ``reviewed 2026-11-02 by Anna``, ``last modified
    2026-06-01``, ``published 2022-12-07``."""
    start, since = reference(article, config)
    day = start.date().isoformat()
    if since is Since.REVIEWED:
        if article.reviewed_by:
            return _("reviewed {date} by {who}").format(date=day, who=article.reviewed_by)
        return _("reviewed {date}").format(date=day)
    if since is Since.LASTMOD:
        return _("last modified {date}").format(date=day)
    return _("published {date}").format(date=day)


def threshold_for(article: Summary, config: Config, start: datetime) -> Duration:
    """The article's own threshold, else the tag threshold ending earliest, else the default.

    Tags compare case-insensitively: the config's ``[stale_after_tags]`` keys are casefolded."""
    if article.stale_after is not None:
        return article.stale_after
    table = config.stale_after_tags
    if not table:
        return config.stale_after
    tag_thresholds = [table[key] for tag in article.tags if (key := tag.casefold()) in table]
    if len(tag_thresholds) > 1:
        # "Smallest" is by the date each gives from this start: 4w and 1m differ by month length.
        return min(tag_thresholds, key=lambda d: _sort_key(d.add_to_or_none(start)))
    return tag_thresholds[0] if tag_thresholds else config.stale_after


def _sort_key(moment: datetime | None) -> tuple[bool, float]:
    return (True, 0.0) if moment is None else (False, moment.timestamp())


def archive_threshold(article: Summary, config: Config, override: Duration | None = None) -> Duration | None:
    """The archiving threshold that applies: the article's own ``archive_after`` (None for
    ``never``), else ``override`` (``archive --older-than``), else the config's.

    The article's own wins over ``--older-than``: it is a decision about that article (often made by
    ``restore --archive-after``), which a nightly run with a site-wide option must not undo."""
    own = article.archive_after
    if own == NEVER:
        return None
    if isinstance(own, Duration):
        return own
    return override or config.archive_after


def evaluate(
    article: Summary,
    config: Config,
    now: datetime,
    by_slug: Mapping[str, Summary],
    archive_after: Duration | None = None,
) -> Verdict:
    start, since = reference(article, config)
    if article.draft:
        return Verdict(_DRAFT, start, None, None, None, None)
    if article.evergreen:
        if article.date > now:
            return Verdict(_SCHEDULED, start, None, None, None, None)
        return Verdict(_PUBLISHED, start, None, None, None, None, note=Message("evergreen: never stale"))

    threshold = threshold_for(article, config, start)
    archive_after = archive_threshold(article, config, archive_after)
    archive_due_since = archive_after.add_to_or_none(start) if archive_after is not None else None
    superseded_since: datetime | None = None
    if article.superseded_by:
        successor = by_slug.get(article.superseded_by)
        if successor is None or successor.slug == article.slug:
            superseded_since = article.date
        elif not successor.draft:
            # Stale from the day the replacement is out, not before it is published.
            superseded_since = max(successor.date, article.date)
    aged_since = threshold.add_to_or_none(start)
    # Never stale before it is published; a draft successor gives no date until it is published.
    if superseded_since is None or aged_since is None:  # most articles: no list, no min()
        first = aged_since if superseded_since is None else superseded_since
    else:
        first = min(superseded_since, aged_since)
    stale_at = max(first, article.date) if first is not None else None
    if article.date > now:
        return Verdict(_SCHEDULED, start, None, None, None, None, stale_at)

    candidates: list[tuple[datetime, str]] = []  # Messages: English in JSON, translated where shown
    if superseded_since is not None and superseded_since <= now:
        candidates.append((superseded_since, _("superseded by {slug}").format(slug=article.superseded_by)))
    if aged_since is not None and aged_since <= now:
        candidates.append((aged_since, _age_reason(article, config, since, start, now, threshold)))
    if not candidates:
        note = None
        if since is _REVIEWED:
            note = _("{reviewed}; threshold {threshold} from then").format(
                reviewed=describe_reference(article, config), threshold=threshold.describe()
            )
        return Verdict(_PUBLISHED, start, threshold, None, None, archive_due_since, stale_at, note)
    stale_since, reason = candidates[0]
    if len(candidates) > 1:
        stale_since = min(stale_since, candidates[1][0])
        reason = Message("{first}; {second}", first=reason, second=candidates[1][1])
    return Verdict(_STALE, start, threshold, stale_since, reason, archive_due_since, stale_since)


# The reasons "published 3 years 2 months ago, threshold 1 year", made once each per process and
# shared: the same few ages and thresholds recur over thousands of articles (a Message is never
# changed once made).
# Keyed by the threshold's numbers and the Since's text: their own hashes are Python functions,
# which took longer than the rest of the look-up.
_REASONS: dict[tuple[str, tuple[int, int, int], int, int, int, int], Message] = {}


def _age_reason(
    article: Summary, config: Config, since: Since, start: datetime, now: datetime, threshold: Duration
) -> str:
    difference = calendar_difference(start, now)
    if since is _REVIEWED:  # names the reviewer: not shared
        return _("{reviewed}, {age} ago, threshold {threshold}").format(
            reviewed=describe_reference(article, config),
            age=age_message(difference),
            threshold=threshold.describe(),
        )
    key = (str(since), said(difference), threshold.years, threshold.months, threshold.weeks, threshold.days)
    reason = _REASONS.get(key)
    if reason is None:
        age, described = age_message(difference), threshold.describe()
        if since is Since.LASTMOD:
            reason = _("last modified {age} ago, threshold {threshold}").format(age=age, threshold=described)
        else:
            reason = _("published {age} ago, threshold {threshold}").format(age=age, threshold=described)
        _REASONS[key] = reason
    return reason


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
    threshold = archive_threshold(article, config, archive_after)
    if threshold is None:
        return False
    due_since = threshold.add_to_or_none(reference_time(article, config))
    return due_since is not None and due_since <= now
