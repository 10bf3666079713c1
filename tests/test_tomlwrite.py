"""new writes the shipped sample's style, and what it writes reads back as the same values."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from conftest import Invoke
from hypothesis import given
from hypothesis import strategies as st

from newscli.core.writing.tomlwrite import dumps


def test_new_writes_the_samples_style(site: Path, cli: Invoke) -> None:
    result = cli(
        "new", "Stil", "--tag", "a", "--tag", "b c", "--date", "2026-11-29T08:30:00+01:00",
        "--image", "/b.jpg", "--image-alt", "Vy", "--link", "Ett|https://a.se", "--link", "Två|https://b.se",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = Path(result.stdout.strip()).read_text(encoding="utf-8")
    assert "date = 2026-11-29T08:30:00+01:00\n" in text
    assert 'tags = ["a", "b c"]\n' in text
    assert '\n[image]\nsrc = "/b.jpg"\nalt = "Vy"\n' in text
    assert text.count("\n[[links]]\ntitle = ") == 2
    assert "{" not in text.split("+++")[1]


SCALARS = st.one_of(
    st.text(max_size=20),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.dates(),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)).map(
        lambda d: d.replace(microsecond=0, tzinfo=timezone(timedelta(hours=1)))
    ),
)
KEYS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=8)
VALUES = st.one_of(
    SCALARS,
    st.lists(st.text(max_size=10), max_size=4),
    st.dictionaries(KEYS, SCALARS, max_size=3),
    st.lists(st.dictionaries(KEYS, SCALARS, min_size=1, max_size=3), min_size=1, max_size=3),
    st.dictionaries(KEYS, st.dictionaries(KEYS, SCALARS, max_size=2), max_size=2),
)


@given(st.dictionaries(KEYS, VALUES, max_size=6))
def test_round_trip(values: dict[str, object]) -> None:
    assert tomllib.loads(dumps(values)) == values


def test_a_bare_date_stays_a_date() -> None:
    assert dumps({"date": date(2026, 11, 29)}) == "date = 2026-11-29\n"
