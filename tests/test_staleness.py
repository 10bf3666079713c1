"""The staleness and archiving rules of SPEC.md, edge by edge."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newscli.core.reading.model import Article
from newscli.core.rules.config import Config, StaleFrom
from newscli.core.rules.durations import Duration, parse_duration
from newscli.core.rules.staleness import Status, archive_due, due_for_archive, evaluate, threshold_for

STHLM = ZoneInfo("Europe/Stockholm")
CONFIG = Config(
    articles_dir=Path("articles"),
    timezone=STHLM,
    timezone_name="Europe/Stockholm",
    stale_after_tags={
        "pressmeddelande": Duration(months=6),
        "fyra": Duration(weeks=4),
        "manad": Duration(months=1),
    },
)


def at(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=STHLM)


def make(date: str, **fields: object) -> Article:
    base = Article(shown="a.md", archived=False, title="T", slug="a", date=at(date))
    return replace(base, **fields)  # type: ignore[arg-type]


# (case, article date, extra fields, config changes, now, expected status, expected stale_since)
CASES: list[tuple[str, str, dict[str, object], dict[str, object], str, Status, str | None]] = [
    (
        "age equal to threshold is stale",
        "2025-11-29",
        {},
        {},
        "2026-11-29T00:00:00+01:00",
        Status.STALE,
        "2026-11-29T00:00:00+01:00",
    ),
    (
        "one second before the threshold",
        "2025-11-29",
        {},
        {},
        "2026-11-28T23:59:59+01:00",
        Status.PUBLISHED,
        None,
    ),
    (
        "now given in UTC is compared as an instant",
        "2025-11-29",
        {},
        {},
        "2026-11-28T23:00:00+00:00",
        Status.STALE,
        "2026-11-29T00:00:00+01:00",
    ),
    (
        "29 February plus 2 years is 28 February",
        "2024-02-29",
        {},
        {"stale_after": Duration(years=2)},
        "2026-02-28T00:00:00+01:00",
        Status.STALE,
        "2026-02-28T00:00:00+01:00",
    ),
    (
        "29 February plus 2 years, the day before",
        "2024-02-29",
        {},
        {"stale_after": Duration(years=2)},
        "2026-02-27T23:59:59+01:00",
        Status.PUBLISHED,
        None,
    ),
    (
        "31 January plus one month is the end of February",
        "2026-01-31",
        {"stale_after": Duration(months=1)},
        {},
        "2026-02-28T00:00:00+01:00",
        Status.STALE,
        "2026-02-28T00:00:00+01:00",
    ),
    (
        "a month across the DST change keeps the wall clock",
        "2026-03-01T12:00:00",
        {"stale_after": Duration(months=1)},
        {},
        "2026-04-01T12:00:00+02:00",
        Status.STALE,
        "2026-04-01T12:00:00+02:00",
    ),
    (
        "90 days",
        "2026-01-01",
        {"stale_after": Duration(days=90)},
        {},
        "2026-04-01T00:00:00+02:00",
        Status.STALE,
        "2026-04-01T00:00:00+02:00",
    ),
    (
        "draft is never stale",
        "2010-01-01",
        {"draft": True},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.DRAFT,
        None,
    ),
    (
        "future date is scheduled",
        "2026-12-15T08:00:00",
        {},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.SCHEDULED,
        None,
    ),
    (
        "evergreen is never stale",
        "2010-01-01",
        {"evergreen": True},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.PUBLISHED,
        None,
    ),
    (
        "evergreen draft is a draft",
        "2010-01-01",
        {"evergreen": True, "draft": True},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.DRAFT,
        None,
    ),
    (
        "superseded: stale since the successor's date",
        "2026-11-01",
        {"superseded_by": "b"},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.STALE,
        "2026-11-20T00:00:00+01:00",
    ),
    (
        "superseded by an unknown slug: stale at once",
        "2026-11-01",
        {"superseded_by": "missing"},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.STALE,
        "2026-11-01T00:00:00+01:00",
    ),
    (
        "superseded by a draft: not yet",
        "2026-11-01",
        {"superseded_by": "draft"},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.PUBLISHED,
        None,
    ),
    (
        "superseded by a scheduled article: not yet",
        "2026-11-01",
        {"superseded_by": "later"},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.PUBLISHED,
        None,
    ),
    (
        "evergreen wins over superseded",
        "2026-11-01",
        {"superseded_by": "b", "evergreen": True},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.PUBLISHED,
        None,
    ),
    (
        "tag threshold",
        "2026-05-01",
        {"tags": ("pressmeddelande",)},
        {},
        "2026-11-01T00:00:00+01:00",
        Status.STALE,
        "2026-11-01T00:00:00+01:00",
    ),
    (
        "tag threshold, the day before",
        "2026-05-01",
        {"tags": ("pressmeddelande",)},
        {},
        "2026-10-31T23:00:00+01:00",
        Status.PUBLISHED,
        None,
    ),
    (
        "own stale_after beats the tag",
        "2026-05-01",
        {"tags": ("pressmeddelande",), "stale_after": Duration(years=2)},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.PUBLISHED,
        None,
    ),
    (
        "global default 1 year",
        "2025-11-01",
        {"tags": ("okand",)},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.STALE,
        "2026-11-01T00:00:00+01:00",
    ),
    (
        "stale_from lastmod runs from lastmod",
        "2024-01-01",
        {"lastmod": at("2026-06-01")},
        {"stale_from": "lastmod"},
        "2026-11-29T12:00:00+01:00",
        Status.PUBLISHED,
        None,
    ),
    (
        "stale_from lastmod without lastmod runs from date",
        "2024-01-01",
        {},
        {"stale_from": "lastmod"},
        "2026-11-29T12:00:00+01:00",
        Status.STALE,
        "2025-01-01T00:00:00+01:00",
    ),
    (
        "stale_from date ignores lastmod",
        "2024-01-01",
        {"lastmod": at("2026-06-01")},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.STALE,
        "2025-01-01T00:00:00+01:00",
    ),
]

# Reviews and tags in any case, in the same columns.
REVIEW_CASES: list[tuple[str, str, dict[str, object], dict[str, object], str, Status, str | None]] = [
    (
        "a review restarts the count",
        "2022-12-07",
        {"reviewed": at("2026-11-02")},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.PUBLISHED,
        None,
    ),
    (
        "a review counts a full threshold from its own day",
        "2022-12-07",
        {"reviewed": at("2025-11-29")},
        {},
        "2026-11-29T00:00:00+01:00",
        Status.STALE,
        "2026-11-29T00:00:00+01:00",
    ),
    (
        "one second before the reviewed threshold",
        "2022-12-07",
        {"reviewed": at("2025-11-29")},
        {},
        "2026-11-28T23:59:59+01:00",
        Status.PUBLISHED,
        None,
    ),
    (
        "a review before the publication date changes nothing",
        "2025-06-01",
        {"reviewed": at("2025-05-01")},
        {},
        "2026-06-01T00:00:00+02:00",
        Status.STALE,
        "2026-06-01T00:00:00+02:00",
    ),
    (
        "a review older than lastmod changes nothing with stale_from lastmod",
        "2024-01-01",
        {"lastmod": at("2026-06-01"), "reviewed": at("2025-01-01")},
        {"stale_from": "lastmod"},
        "2027-06-01T00:00:00+02:00",
        Status.STALE,
        "2027-06-01T00:00:00+02:00",
    ),
    (
        "a review later than lastmod counts with stale_from lastmod",
        "2024-01-01",
        {"lastmod": at("2025-01-01"), "reviewed": at("2026-06-01")},
        {"stale_from": "lastmod"},
        "2026-11-29T12:00:00+01:00",
        Status.PUBLISHED,
        None,
    ),
    (
        "a review counts over lastmod with stale_from date",
        "2024-01-01",
        {"lastmod": at("2026-10-01"), "reviewed": at("2025-01-01")},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.STALE,
        "2026-01-01T00:00:00+01:00",
    ),
    (
        "a reviewed date-time keeps its time of day",
        "2024-01-01",
        {"reviewed": at("2025-11-29T15:30:00")},
        {},
        "2026-11-29T15:29:59+01:00",
        Status.PUBLISHED,
        None,
    ),
    (
        "a review does not undo superseded_by",
        "2026-11-01",
        {"superseded_by": "b", "reviewed": at("2026-11-25")},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.STALE,
        "2026-11-20T00:00:00+01:00",
    ),
    (
        "a reviewed draft is a draft",
        "2010-01-01",
        {"draft": True, "reviewed": at("2026-11-01")},
        {},
        "2026-11-29T12:00:00+01:00",
        Status.DRAFT,
        None,
    ),
    (
        "a tag threshold counts from the review",
        "2025-01-01",
        {"tags": ("pressmeddelande",), "reviewed": at("2026-05-01")},
        {},
        "2026-11-01T00:00:00+01:00",
        Status.STALE,
        "2026-11-01T00:00:00+01:00",
    ),
    (
        "a tag threshold matches a tag in another case",
        "2026-05-01",
        {"tags": ("Pressmeddelande",)},
        {},
        "2026-11-01T00:00:00+01:00",
        Status.STALE,
        "2026-11-01T00:00:00+01:00",
    ),
    (
        "a config tag in capitals matches the article's lowercase tag",
        "2026-05-01",
        {"tags": ("nyhetsbrev",)},
        {"stale_after_tags": {"NyhetsBrev": Duration(months=6)}},
        "2026-11-01T00:00:00+01:00",
        Status.STALE,
        "2026-11-01T00:00:00+01:00",
    ),
    (
        "a tag matches with Unicode case folding",
        "2026-05-01",
        {"tags": ("ÖPPETTIDER",)},
        {"stale_after_tags": {"öppettider": Duration(months=6)}},
        "2026-11-01T00:00:00+01:00",
        Status.STALE,
        "2026-11-01T00:00:00+01:00",
    ),
]


OTHERS = {
    "b": make("2026-11-20", slug="b"),
    "draft": make("2026-11-20", slug="draft", draft=True),
    "later": make("2026-12-20", slug="later"),
}


@pytest.mark.parametrize(
    ("case", "date", "fields", "config", "now", "status", "since"),
    CASES + REVIEW_CASES,
    ids=[c[0] for c in CASES + REVIEW_CASES],
)
def test_rule(
    case: str,
    date: str,
    fields: dict[str, object],
    config: dict[str, object],
    now: str,
    status: Status,
    since: str | None,
) -> None:
    settings = replace(CONFIG, **config)  # type: ignore[arg-type]
    article = make(date, **fields)
    verdict = evaluate(article, settings, at(now), OTHERS)
    assert verdict.status is status, case
    assert (verdict.stale_since.isoformat() if verdict.stale_since else None) == since, case
    assert (verdict.reason is not None) == verdict.stale
    # stale_at, what the site's reader's clock relies on: stale from that moment, not a moment before.
    if verdict.stale:
        assert verdict.stale_at == verdict.stale_since, case
    if verdict.stale_at is None:
        assert verdict.status is Status.DRAFT or article.evergreen, case
        return
    assert evaluate(article, settings, verdict.stale_at, OTHERS).status is Status.STALE, case
    before = evaluate(article, settings, verdict.stale_at - timedelta(microseconds=1), OTHERS)
    assert before.status is not Status.STALE, case


def test_reason_reads_like_a_person_wrote_it() -> None:
    verdict = evaluate(make("2022-12-07"), CONFIG, at("2026-11-29T12:00:00+01:00"), {})
    assert verdict.reason == "published 3 years 11 months ago, threshold 1 year"
    superseded = evaluate(
        make("2026-11-01", superseded_by="b"), CONFIG, at("2026-11-29T12:00:00+01:00"), OTHERS
    )
    assert superseded.reason == "superseded by b"


def test_lastmod_reason_names_lastmod() -> None:
    config = replace(CONFIG, stale_from=StaleFrom("lastmod"))
    verdict = evaluate(
        make("2020-01-01", lastmod=at("2025-01-15")), config, at("2026-11-29T12:00:00+01:00"), {}
    )
    assert verdict.reason == "last modified 1 year 10 months ago, threshold 1 year"


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2026-01-01", "4w"),  # 4 weeks ends 29 January, a month 1 February
        ("2026-02-01", "4w"),  # February has 28 days: both end 1 March; the first listed wins ties
        ("2026-03-01", "4w"),  # 29 March before 1 April
    ],
)
def test_smallest_tag_threshold_compares_dates(start: str, expected: str) -> None:
    article = make(start, tags=("fyra", "manad"))
    assert threshold_for(article, CONFIG, article.date).spelling() == expected


def test_smallest_tag_threshold_month_beats_thirty_days() -> None:
    config = replace(CONFIG, stale_after_tags={"dagar": parse_duration("30d"), "manad": parse_duration("1m")})
    feb = make("2026-02-01", tags=("dagar", "manad"))
    assert threshold_for(feb, config, feb.date).spelling() == "1m"  # 1 March before 3 March
    jan = make("2026-01-01", tags=("dagar", "manad"))
    assert threshold_for(jan, config, jan.date).spelling() == "30d"  # 31 January before 1 February


@pytest.mark.parametrize(
    ("fields", "now", "due"),
    [
        ({}, "2026-11-29T00:00:00+01:00", True),  # exactly 2 years
        ({}, "2026-11-28T23:59:59+01:00", False),
        ({"draft": True}, "2030-01-01T00:00:00+01:00", False),
        ({"evergreen": True}, "2030-01-01T00:00:00+01:00", False),
        ({"archived": True}, "2030-01-01T00:00:00+01:00", False),
    ],
)
def test_due_for_archive(fields: dict[str, object], now: str, due: bool) -> None:
    article = make("2024-11-29", **fields)
    verdict = evaluate(article, CONFIG, at(now), {})
    assert due_for_archive(article, verdict, at(now)) is due
    assert archive_due(article, CONFIG, at(now)) is due


def test_older_than_overrides_archive_after() -> None:
    article = make("2026-01-01")
    now = at("2026-11-29T12:00:00+01:00")
    verdict = evaluate(article, CONFIG, now, {}, archive_after=Duration(months=6))
    assert due_for_archive(article, verdict, now)
    assert archive_due(article, CONFIG, now, archive_after=Duration(months=6))


def test_thresholds_past_the_year_9999_never_come() -> None:
    article = make("9999-06-01", tags=("pressmeddelande", "manad"))
    now = at("9999-12-30T00:00:00+01:00")
    verdict = evaluate(article, CONFIG, now, {})
    assert verdict.reason == "published 6 months 29 days ago, threshold 1 month"  # 6m and 1m still fit
    old_enough = evaluate(make("9999-06-01"), CONFIG, now, {})  # a year after would be 10000-06-01
    assert old_enough.status is Status.PUBLISHED
    assert verdict.archive_due_since is None
    assert not due_for_archive(article, verdict, now)
    late = evaluate(make("9999-01-01"), replace(CONFIG, stale_after=Duration(years=5)), now, {})
    assert late.status is Status.PUBLISHED


@pytest.mark.parametrize("stale_from", ["date", "lastmod"])
@pytest.mark.parametrize("archive_after", [None, Duration(months=6), Duration(years=5), Duration(days=0)])
def test_archive_due_agrees_with_the_verdict(stale_from: str, archive_after: Duration | None) -> None:
    """The archive's shortcut gives the verdict's answer for every kind of article and moment."""
    config = replace(CONFIG, stale_from=StaleFrom(stale_from))
    kinds: list[dict[str, object]] = [
        {},
        {"draft": True},
        {"evergreen": True},
        {"archived": True},
        {"lastmod": at("2026-06-01")},
        {"lastmod": at("2025-01-31T23:30:00")},
        {"superseded_by": "b"},
        {"superseded_by": "a"},
        {"tags": ("pressmeddelande", "fyra")},
        {"stale_after": Duration(days=1)},
    ]
    successor = make("2026-02-01", slug="b")
    moments = ["2024-11-29", "2024-12-01", "2026-11-29T12:00:00+01:00", "2027-06-01", "2031-01-01"]
    for date in ("2020-02-29", "2024-11-29T23:59:59", "2026-12-01"):
        for fields in kinds:
            article = make(date, **fields)
            for moment in moments:
                now = at(moment)
                verdict = evaluate(article, config, now, {"b": successor}, archive_after)
                expected = due_for_archive(article, verdict, now)
                assert archive_due(article, config, now, archive_after) is expected, (date, fields, moment)


# --- reviewed, per-article archive_after, tags in any case --------------------------------------------

NOW = "2026-11-29T12:00:00+01:00"


@pytest.mark.parametrize(
    ("fields", "config", "reason", "note"),
    [
        (
            {"reviewed": at("2025-06-01"), "reviewed_by": "Anna Berg"},
            {},
            "reviewed 2025-06-01 by Anna Berg, 1 year 5 months ago, threshold 1 year",
            None,
        ),
        (
            {"reviewed": at("2025-06-01")},
            {},
            "reviewed 2025-06-01, 1 year 5 months ago, threshold 1 year",
            None,
        ),
        (
            {"reviewed": at("2026-11-02"), "reviewed_by": "Anna Berg"},
            {},
            None,
            "reviewed 2026-11-02 by Anna Berg; threshold 1 year from then",
        ),
        ({"evergreen": True, "reviewed": at("2026-11-02")}, {}, None, "evergreen: never stale"),
        # A review older than the reference is not what the age counts from: the usual reason.
        (
            {"lastmod": at("2025-01-15"), "reviewed": at("2024-01-01"), "reviewed_by": "Anna Berg"},
            {"stale_from": "lastmod"},
            "last modified 1 year 10 months ago, threshold 1 year",
            None,
        ),
        ({}, {}, "published 3 years 11 months ago, threshold 1 year", None),
    ],
)
def test_reason_says_what_the_age_counts_from(
    fields: dict[str, object], config: dict[str, object], reason: str | None, note: str | None
) -> None:
    verdict = evaluate(make("2022-12-07", **fields), replace(CONFIG, **config), at(NOW), {})  # type: ignore[arg-type]
    assert (verdict.reason, verdict.note) == (reason, note)


def test_a_review_moves_the_age_it_is_sorted_by() -> None:
    reviewed = make("2022-12-07", reviewed=at("2026-11-02"))
    assert evaluate(reviewed, CONFIG, at(NOW), {}).reference == at("2026-11-02")


# (case, article fields, --older-than, now, due)
ARCHIVE_CASES: list[tuple[str, dict[str, object], Duration | None, str, bool]] = [
    ("config's 2 years", {}, None, "2026-11-29T00:00:00+01:00", True),
    ("never: not at 2 years", {"archive_after": "never"}, None, "2026-11-29T00:00:00+01:00", False),
    ("never: not in 50 years", {"archive_after": "never"}, None, "2074-11-29T00:00:00+01:00", False),
    (
        "never beats --older-than",
        {"archive_after": "never"},
        Duration(days=1),
        "2030-01-01T00:00:00+01:00",
        False,
    ),
    (
        "own 5y: not at 2 years",
        {"archive_after": Duration(years=5)},
        None,
        "2026-11-29T00:00:00+01:00",
        False,
    ),
    ("own 5y: at 5 years", {"archive_after": Duration(years=5)}, None, "2029-11-29T00:00:00+01:00", True),
    (
        "own 5y beats --older-than 1y",
        {"archive_after": Duration(years=5)},
        Duration(years=1),
        "2027-01-01",
        False,
    ),
    ("own 6m: sooner than the config", {"archive_after": Duration(months=6)}, None, "2025-05-29", True),
    ("own 6m, the day before", {"archive_after": Duration(months=6)}, None, "2025-05-28T23:59:59", False),
    (
        "a review restarts the archive count",
        {"reviewed": at("2026-01-01")},
        None,
        "2026-11-29T00:00:00+01:00",
        False,
    ),
    ("two years after the review", {"reviewed": at("2026-01-01")}, None, "2028-01-01T00:00:00+01:00", True),
    (
        "evergreen with own 1d",
        {"evergreen": True, "archive_after": Duration(days=1)},
        None,
        "2030-01-01",
        False,
    ),
    ("draft with own 1d", {"draft": True, "archive_after": Duration(days=1)}, None, "2030-01-01", False),
    (
        "archived with own 1d",
        {"archived": True, "archive_after": Duration(days=1)},
        None,
        "2030-01-01",
        False,
    ),
]


@pytest.mark.parametrize(
    ("case", "fields", "older_than", "now", "due"), ARCHIVE_CASES, ids=[c[0] for c in ARCHIVE_CASES]
)
def test_per_article_archive_after(
    case: str, fields: dict[str, object], older_than: Duration | None, now: str, due: bool
) -> None:
    article = make("2024-11-29", **fields)
    verdict = evaluate(article, CONFIG, at(now), {}, older_than)
    assert due_for_archive(article, verdict, at(now)) is due, case
    assert archive_due(article, CONFIG, at(now), older_than) is due, case


@pytest.mark.parametrize("archive_after", [None, "never", Duration(months=6), Duration(years=5)])
@pytest.mark.parametrize("reviewed", [None, "2025-03-01", "2026-11-01T23:30:00"])
def test_archive_due_agrees_with_the_verdict_for_reviews(archive_after: object, reviewed: str | None) -> None:
    """The archive's shortcut still gives the verdict's answer with reviews and own thresholds."""
    for stale_from in ("date", "lastmod"):
        config = replace(CONFIG, stale_from=StaleFrom(stale_from))
        fields: dict[str, object] = {"archive_after": archive_after, "lastmod": at("2025-01-31T23:30:00")}
        if reviewed is not None:
            fields["reviewed"] = at(reviewed)
        article = make("2024-02-29", **fields)
        for moment in ("2025-02-28", "2026-03-01", "2026-11-29T12:00:00+01:00", "2027-11-01", "2031-01-01"):
            now = at(moment)
            for older_than in (None, Duration(years=1)):
                expected = due_for_archive(article, evaluate(article, config, now, {}, older_than), now)
                assert archive_due(article, config, now, older_than) is expected, (stale_from, moment)
