from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import Invoke, Write, article_text
from hypothesis import given, settings
from hypothesis import strategies as st

from newscli.cli.render.list import json_record
from newscli.core.usecases.select import Record

# The JSON/CSV contract (docs/commands.md), written out: a key renamed in the code must fail here.
RECORD_KEYS = (
    "path", "slug", "title", "status", "date", "lastmod", "age_days", "stale", "stale_since", "stale_at",
    "reason", "threshold", "due_for_archive", "archived", "draft", "evergreen", "superseded_by", "language",
    "author", "modified_by", "tags", "reviewed", "reviewed_by",
)  # fmt: skip


@pytest.fixture
def corpus(write: Write) -> None:
    write("2022-12-07-gammal.md", article_text("Gammal nyhet", "gammal", "2022-12-07", tags='["demokrati"]'))
    write(
        "2026-11-20-farsk.md",
        article_text("Färsk nyhet", "farsk", "2026-11-20T09:00:00+01:00", author='"Anna"'),
    )
    write("2026-12-03-utkast.md", article_text("Utkast", "utkast", "2026-12-03", draft="true"))
    write("2026-12-15-senare.md", article_text("Senare", "senare", "2026-12-15"))
    write("2026-04-02-press.md", article_text("Press", "press", "2026-04-02", tags='["pressmeddelande"]'))
    write("archive/2020/2020-01-10-arkiv.md", article_text("Arkiverad", "arkiv", "2020-01-10"))
    (Path("newscli.toml")).write_text(
        Path("newscli.toml").read_text(encoding="utf-8") + '[stale_after_tags]\npressmeddelande = "6m"\n',
        encoding="utf-8",
    )


def paths(result_stdout: str) -> list[str]:
    return [line.split("/")[-1] for line in result_stdout.splitlines()]


def test_table_on_a_pipe_is_plain_and_newest_first(corpus: None, cli: Invoke) -> None:
    result = cli("list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Date", "Title", "Status", "Age", "Reason", "Path"]
    assert [line[:10] for line in lines[1:]] == [
        "2026-12-15",
        "2026-12-03",
        "2026-11-20",
        "2026-04-02",
        "2022-12-07",
    ]
    assert "\x1b[" not in result.stdout  # no colour codes on a pipe
    assert "published 3 years 11 months ago, threshold 1 year" in result.stdout
    assert "stale, due for archive" in result.stdout
    assert "scheduled" in lines[1]
    assert "draft" in lines[2]


def test_stale_filter(corpus: None, cli: Invoke) -> None:
    result = cli("list", "--stale", "--format", "paths")
    assert result.exit_code == 0, result.output
    assert paths(result.stdout) == ["2026-04-02-press.md", "2022-12-07-gammal.md"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--drafts"], ["2026-12-03-utkast.md"]),
        (["--archived"], ["2020-01-10-arkiv.md"]),
        (
            ["--all", "--sort", "title"],
            [
                "2020-01-10-arkiv.md",
                "2026-11-20-farsk.md",
                "2022-12-07-gammal.md",
                "2026-04-02-press.md",
                "2026-12-15-senare.md",
                "2026-12-03-utkast.md",
            ],
        ),
        (["--tag", "DEMOKRATI"], ["2022-12-07-gammal.md"]),
        (["--tag", "demokrati", "--tag", "pressmeddelande"], ["2026-04-02-press.md", "2022-12-07-gammal.md"]),
        (["--author", "ann"], ["2026-11-20-farsk.md"]),
        (["--since", "2026-04-02", "--until", "2026-11-20"], ["2026-11-20-farsk.md", "2026-04-02-press.md"]),
        (
            ["--sort", "age"],
            [
                "2022-12-07-gammal.md",
                "2026-04-02-press.md",
                "2026-11-20-farsk.md",
                "2026-12-03-utkast.md",
                "2026-12-15-senare.md",
            ],
        ),
        (["--sort", "date", "--reverse", "--limit", "2"], ["2022-12-07-gammal.md", "2026-04-02-press.md"]),
        (["--limit", "0"], []),
    ],
)
def test_filters_and_sorting(corpus: None, cli: Invoke, args: list[str], expected: list[str]) -> None:
    result = cli("list", "--format", "paths", *args)
    assert result.exit_code == 0, result.output
    assert paths(result.stdout) == expected


def test_json_contract(corpus: None, cli: Invoke) -> None:
    result = cli("list", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"format_version", "now", "articles", "problems"}
    assert document["format_version"] == 1
    assert document["now"] == "2026-11-29T12:00:00+01:00"
    for article in document["articles"]:
        assert tuple(article) == RECORD_KEYS
    old = next(a for a in document["articles"] if a["slug"] == "gammal")
    assert old == {
        "path": "articles/2022-12-07-gammal.md",
        "slug": "gammal",
        "title": "Gammal nyhet",
        "status": "stale",
        "date": "2022-12-07T00:00:00+01:00",
        "lastmod": None,
        "age_days": 1453,
        "stale": True,
        "stale_since": "2023-12-07T00:00:00+01:00",
        "stale_at": "2023-12-07T00:00:00+01:00",
        "reason": "published 3 years 11 months ago, threshold 1 year",
        "threshold": "1y",
        "due_for_archive": True,
        "archived": False,
        "draft": False,
        "evergreen": False,
        "superseded_by": None,
        "language": None,
        "author": None,
        "modified_by": None,
        "tags": ["demokrati"],
        "reviewed": None,
        "reviewed_by": None,
    }


def test_csv_contract(corpus: None, cli: Invoke) -> None:
    result = cli("list", "--format", "csv", "--stale")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == ("format_version", *RECORD_KEYS)
    assert [r["slug"] for r in rows] == ["press", "gammal"]
    assert rows[0]["format_version"] == "1"
    assert rows[0]["tags"] == "pressmeddelande"
    assert rows[0]["stale"] == "true"
    assert rows[0]["lastmod"] == ""


def test_terminal_table_has_colour_and_summary(
    corpus: None, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newscli.cli.output.is_terminal", lambda stream=None: True)
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("list")
    assert result.exit_code == 0, result.output
    assert "\x1b[" in result.stdout
    assert "5 articles, 2 stale, 1 due for archive, threshold 1 year" in result.stdout


def test_no_color_is_respected(corpus: None, cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newscli.cli.output.is_terminal", lambda stream=None: True)
    monkeypatch.setenv("NO_COLOR", "1")
    result = cli("list")
    assert "\x1b[3" not in result.stdout
    assert "\x1b[1;31" not in result.stdout
    assert "5 articles, 2 stale" in result.stdout


def test_unreadable_files_are_reported_not_skipped(corpus: None, write: Write, cli: Invoke) -> None:
    write("2026-01-01-trasig.md", "+++\ntitle = \n+++\n")
    write("2026-01-02-latin1.md", '+++\ntitle = "Bl\xe5b\xe4r"\n+++\n'.encode("latin-1"))
    result = cli("list", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert len(document["articles"]) == 5
    assert {p["path"] for p in document["problems"]} == {
        "articles/2026-01-01-trasig.md",
        "articles/2026-01-02-latin1.md",
    }
    assert "articles/2026-01-01-trasig.md:2:" in result.stderr
    assert "2 files have errors (2 not listed); run `newscli validate`" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sort", "size"], "--sort"),
        (["--format", "xml"], "--format"),
        (["--since", "förra veckan"], "--since"),
        (["--now", "nu"], "--now"),
    ],
)
def test_bad_arguments(corpus: None, cli: Invoke, args: list[str], message: str) -> None:
    result = cli("list", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_global_options_before_the_command(corpus: None, cli: Invoke) -> None:
    result = cli("--now", "2023-01-01", "list", "--stale", "--format", "paths")
    assert result.exit_code == 0, result.output
    assert paths(result.stdout) == []


def test_json_written_in_chunks_stays_one_document(
    corpus: None, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newscli.cli.render.list._CHUNK", 2)
    document = json.loads(cli("list", "--format", "json").stdout)
    assert [a["slug"] for a in document["articles"]] == ["senare", "utkast", "farsk", "press", "gammal"]


def test_a_successor_in_the_archive_still_dates_the_staleness(write: Write, cli: Invoke) -> None:
    write("2026-03-10-gamla.md", article_text("Gamla", "gamla", "2026-03-10", superseded_by='"nya"'))
    write("archive/2026/2026-09-01-nya.md", article_text("Nya", "nya", "2026-09-01"))
    live = json.loads(cli("list", "--format", "json").stdout)["articles"]
    every = json.loads(cli("list", "--all", "--format", "json").stdout)["articles"]
    (old,) = [a for a in live if a["slug"] == "gamla"]
    (same,) = [a for a in every if a["slug"] == "gamla"]
    assert old["stale_since"] == same["stale_since"] == "2026-09-01T00:00:00+02:00"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--until", "9999-12-31"], 0),
        (["--since", "9999-12-31T23:59:59-12:00"], 2),
        (["--now", "0001-01-01T00:00:00+14:00"], 2),
        (["--now", "9999-12-31T23:59:59-12:00"], 2),
    ],
)
def test_dates_at_the_ends_of_the_calendar(corpus: None, cli: Invoke, args: list[str], code: int) -> None:
    result = cli("list", "--format", "paths", *args)
    assert result.exit_code == code, result.output
    if code == 2:
        assert "not a date or date-time" in result.stderr


def test_csv_for_excel(corpus: None, write: Write, site: Path) -> None:
    import subprocess
    import sys

    write("2026-11-01-formel.md", article_text("=SUMMA(A1)", "formel", "2026-11-01", tags='["a;b", "c"]'))
    result = subprocess.run(
        [sys.executable, "-m", "newscli", "list", "--format", "csv", "--excel"],
        cwd=site,
        capture_output=True,
        check=True,
    )
    data = result.stdout
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 7  # header and six articles, no bare LF between rows
    text = data[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0][:3] == ["format_version", "path", "slug"]
    formula = next(r for r in rows if r[2] == "formel")
    assert formula[3] == "'=SUMMA(A1)"
    assert formula[rows[0].index("tags")].split("\n") == ["a;b", "c"]


def test_excel_is_for_csv(corpus: None, cli: Invoke) -> None:
    result = cli("list", "--format", "json", "--excel")
    assert result.exit_code == 2
    assert "--excel" in result.stderr


def test_stale_at_says_when_an_article_becomes_stale(write: Write, cli: Invoke) -> None:
    """The JSON key the site's reader's clock relies on; pinned as literals, in format_version 1."""
    write("a.md", article_text("Färsk", "farsk", "2026-11-01"))
    write("b.md", article_text("Gammal", "gammal", "2022-12-07"))
    write("c.md", article_text("Utkast", "utkast", "2026-11-01", draft="true"))
    write("d.md", article_text("Alltid", "alltid", "2020-01-01", evergreen="true"))
    write("e.md", article_text("Ersatt", "ersatt", "2026-11-01", superseded_by='"kommande"'))
    write("f.md", article_text("Kommande", "kommande", "2026-12-24T10:00:00+01:00"))
    write("g.md", article_text("Väntar", "vantar", "2026-11-02", superseded_by='"utkast"'))
    document = json.loads(cli("list", "--format", "json").stdout)
    assert document["format_version"] == 1
    stale_at = {a["slug"]: a["stale_at"] for a in document["articles"]}
    assert stale_at == {
        "farsk": "2027-11-01T00:00:00+01:00",  # the threshold, 1 year, still ahead
        "gammal": "2023-12-07T00:00:00+01:00",  # became stale: the same as stale_since
        "utkast": None,
        "alltid": None,
        "ersatt": "2026-12-24T10:00:00+01:00",  # the day its scheduled successor is out
        "kommande": "2027-12-24T10:00:00+01:00",  # scheduled: a year after it is published
        "vantar": "2027-11-02T00:00:00+01:00",  # a draft successor gives no date; the threshold does
    }
    rows = list(csv.DictReader(io.StringIO(cli("list", "--format", "csv").stdout)))
    assert {r["slug"]: r["stale_at"] for r in rows}["utkast"] == ""
    assert {r["slug"]: r["stale_at"] for r in rows}["gammal"] == "2023-12-07T00:00:00+01:00"


# --- reviews, evergreen and tags in any case


def test_tag_filter_and_tag_threshold_ignore_case(corpus: None, write: Write, cli: Invoke) -> None:
    write(
        "2026-05-01-versaler.md",
        article_text("Versaler", "versaler", "2026-05-01", tags='["Pressmeddelande"]'),
    )
    result = cli("list", "--format", "json", "--tag", "PRESSMEDDELANDE")
    records = {a["slug"]: a for a in json.loads(result.stdout)["articles"]}
    assert set(records) == {"press", "versaler"}
    # [stale_after_tags] says pressmeddelande = "6m": the capitalised tag gets it too.
    assert records["versaler"]["threshold"] == "6m"
    assert records["versaler"]["stale"] is True


def test_reviewed_article_says_why_it_is_not_stale(corpus: None, write: Write, cli: Invoke) -> None:
    write(
        "2023-03-01-granskad.md",
        article_text("Granskad", "granskad", "2023-03-01", reviewed="2026-11-02", reviewed_by='"Anna Berg"'),
    )
    write("2020-01-01-alltid.md", article_text("Alltid", "alltid", "2020-01-01", evergreen="true"))
    write(
        "2023-03-02-gammal-granskning.md",
        article_text("Förr granskad", "gammal-granskning", "2023-03-02", reviewed="2025-06-01"),
    )
    result = cli("list")
    assert result.exit_code == 0, result.output
    lines = {line.split()[1]: line for line in result.stdout.splitlines()[1:]}
    assert lines["Granskad"].endswith(
        "  reviewed 2026-11-02 by Anna Berg; threshold 1 year from then  articles/2023-03-01-granskad.md"
    )
    assert "evergreen: never stale" in lines["Alltid"]
    assert "reviewed 2025-06-01, 1 year 5 months ago, threshold 1 year" in lines["Förr"]
    assert "27d" in lines["Granskad"]  # the age counts from the review

    records = {a["slug"]: a for a in json.loads(cli("list", "--format", "json").stdout)["articles"]}
    reviewed = records["granskad"]
    assert (reviewed["status"], reviewed["reason"]) == ("published", None)
    assert (reviewed["reviewed"], reviewed["reviewed_by"]) == ("2026-11-02T00:00:00+01:00", "Anna Berg")
    assert reviewed["age_days"] == 27
    assert (
        records["gammal-granskning"]["reason"] == "reviewed 2025-06-01, 1 year 5 months ago, threshold 1 year"
    )
    assert (records["gammal-granskning"]["reviewed"], records["gammal-granskning"]["reviewed_by"]) == (
        "2025-06-01T00:00:00+02:00",
        None,
    )
    assert records["alltid"]["reason"] is None


def test_reviewed_keys_in_csv(corpus: None, write: Write, cli: Invoke) -> None:
    write(
        "2023-03-01-granskad.md",
        article_text(
            "Granskad", "granskad", "2023-03-01", reviewed="2026-11-02T10:30:00", reviewed_by='"Anna"'
        ),
    )
    rows = {r["slug"]: r for r in csv.DictReader(io.StringIO(cli("list", "--format", "csv").stdout))}
    assert (rows["granskad"]["reviewed"], rows["granskad"]["reviewed_by"]) == (
        "2026-11-02T10:30:00+01:00",
        "Anna",
    )
    assert (rows["farsk"]["reviewed"], rows["farsk"]["reviewed_by"]) == ("", "")


_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
_MAYBE = st.none() | _TEXT


@settings(deadline=None)  # no time limit: tests never assert speed, and the machine may be loaded
@given(
    st.tuples(
        _TEXT, _TEXT, _TEXT, _TEXT, _TEXT, _MAYBE, st.none() | st.integers(-(10**6), 10**6), st.booleans(),
        _MAYBE, _MAYBE, _MAYBE, _MAYBE, st.booleans(), st.booleans(), st.booleans(), st.booleans(),
        _MAYBE, _MAYBE, _MAYBE, _MAYBE, st.lists(_TEXT, max_size=4).map(tuple), _MAYBE, _MAYBE,
    )
)  # fmt: skip
def test_json_record_is_what_json_dumps_writes(values: tuple[object, ...]) -> None:
    # list writes each article's line field by field, for speed: it must stay the text json.dumps
    # writes of the same record (any character: quotes, controls, surrogates, other scripts).
    made = Record(*values)  # type: ignore[arg-type]  # hypothesis gives each field its own type
    assert json_record(made) == json.dumps(made._asdict(), ensure_ascii=False)
