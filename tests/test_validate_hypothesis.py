"""Never a traceback: arbitrary bytes and arbitrary front matter give diagnostics, not exceptions."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Iterable
from datetime import UTC, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import tomli_w
from conftest import Invoke
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newscli.cli.render import validate as render
from newscli.core.diagnostics import Diagnostic
from newscli.core.reading.article import load_bytes
from newscli.core.reading.model import Loaded
from newscli.core.rules.config import load_config
from newscli.core.usecases.validate.run import validate

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LINE = re.compile(r"^[^\n]+:\d+:\d+: (?:error|warning): [^\n]+ \[[a-z0-9-]+\]$")
RULE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Reused site folder across examples: each example rewrites every file it reads, so none leaks.
# Hypothesis's usual 100 examples a run (200 until the suite had to fit 40 s): the explicit examples
# below stay, and each run draws new ones.
SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# --- strategies

ZONES = st.sampled_from([None, UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12)), STOCKHOLM])
DATES = st.one_of(st.dates(), st.datetimes(timezones=ZONES))
SCALARS = st.one_of(
    st.text(max_size=20),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.booleans(),
    DATES,
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
SLUGS = st.sampled_from(["a", "b", "c", "Ogiltig slug", ""])
FIELDS: dict[str, st.SearchStrategy[Any]] = {
    "title": st.text(max_size=30),
    "slug": SLUGS,
    "date": DATES,
    "lastmod": DATES,
    "modified_by": st.text(max_size=10),
    "author": st.text(max_size=10),
    "lead": st.text(max_size=30),
    "tags": st.lists(st.text(max_size=8), max_size=3),
    "draft": st.booleans(),
    "language": st.sampled_from(["sv", "en", "sv-SE", "svenska", ""]),
    "evergreen": st.booleans(),
    "stale_after": st.sampled_from(["1y", "90d", "1y6m", "P1Y6M", "3 månader", "", "9" * 5000]),
    "superseded_by": SLUGS,
    "image": st.fixed_dictionaries({}, optional={"src": st.text(max_size=8), "alt": st.text(max_size=8)}),
    "links": st.lists(
        st.fixed_dictionaries({}, optional={"title": st.text(max_size=8), "url": st.text(max_size=8)}),
        max_size=3,
    ),
}
# Each known key either well typed or anything at all, plus unknown keys.
FRONT_MATTER = st.tuples(
    st.fixed_dictionaries({}, optional={key: s | VALUES for key, s in FIELDS.items()}),
    st.dictionaries(st.text(max_size=8), VALUES, max_size=3),
).map(lambda pair: {**pair[1], **pair[0]})


def article_bytes(front_matter: dict[str, Any], body: str) -> bytes:
    return f"+++\n{tomli_w.dumps(front_matter)}+++\n{body}".encode()


FILES = st.one_of(
    st.binary(max_size=200),
    st.binary(max_size=200).map(lambda b: b"+++\n" + b + b"\n+++\n"),
    st.text(max_size=200).map(lambda t: f"+++\n{t}\n+++\n".encode()),
    st.builds(article_bytes, FRONT_MATTER, st.text(max_size=40)),
)

# --- invariants


def check_positions(diagnostics: Iterable[Diagnostic], data: bytes) -> None:
    """Every problem points inside the file, says what it is on one line, and has a rule id."""
    lines = data.split(b"\n")
    for diagnostic in diagnostics:
        assert 1 <= diagnostic.line <= len(lines), diagnostic
        width = len(lines[diagnostic.line - 1].decode("utf-8", errors="replace"))
        assert 1 <= diagnostic.column <= width + 1, diagnostic
        assert diagnostic.message
        assert "\n" not in diagnostic.message
        assert "\r" not in diagnostic.message
        assert RULE.fullmatch(diagnostic.rule), diagnostic


def read(data: bytes) -> Loaded:
    loaded = load_bytes(data, "2026-11-01-a.md", "2026-11-01-a.md", False, STOCKHOLM)
    # An unusable file always says why.
    assert loaded.article is not None or loaded.errors, loaded
    check_positions(loaded.diagnostics, data)
    return loaded


@SETTINGS
@given(FILES)
@example(b"+++\na = " + b"[" * 5000 + b"]" * 5000 + b"\n+++\n")
@example(b"+++\na = " + b"1" * 5000 + b"\n+++\n")
@example(b'+++\ntitle = "a"\nslug = "a"\ndate = 0001-01-01T00:00:00+14:00\n+++\n')
@example(b'+++\ntitle = "a"\nslug = "a"\ndate = 9999-12-31T23:59:59-12:00\n+++\n')
@example(b'+++\ntitle = "a"\nslug = "a"\ndate = 2026-01-01\nstale_after = "' + b"1" * 5000 + b'd"\n+++\n')
@example(b"\xef\xbb\xbf+++\r\n+++\r\n")
@example(b"+++\n\xef\xbb\xbfa = 1\n+++\n")
@example(b"+++\na = '''\n+++ x\n'''\n+++\n")
def test_reader_gives_diagnostics_for_any_bytes(data: bytes) -> None:
    read(data)


@SETTINGS
@given(FRONT_MATTER, st.text(max_size=40))
def test_reader_gives_diagnostics_for_any_front_matter(front_matter: dict[str, Any], body: str) -> None:
    read(article_bytes(front_matter, body))


NAMES = ["2026-11-01-a.md", "2026-11-02-b.md", "nyhet.md", "archive/2020/2020-01-01-c.md"]
# Files across live and archive, so that duplicate slugs and superseded_by cycles come up.
FOLDERS = st.lists(FILES, min_size=1, max_size=len(NAMES))


def fill(site: Path, contents: list[bytes]) -> None:
    articles = site / "articles"
    shutil.rmtree(articles)
    for name, data in zip(NAMES, contents, strict=False):
        path = articles / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@SETTINGS
@given(FOLDERS)
def test_validate_gives_diagnostics_for_any_files(site: Path, contents: list[bytes]) -> None:
    fill(site, contents)
    report = validate(load_config(site))
    assert report.files_checked == len(contents)
    text, document = io.StringIO(), io.StringIO()
    render.plain(report, text)
    render.json_output(report, document)
    lines = [line for line in text.getvalue().splitlines() if not line.startswith(render.HINT_PREFIX)]
    assert all(LINE.match(line) for line in lines), text.getvalue()
    assert len(lines) == len(json.loads(document.getvalue())["diagnostics"])
    for name, data in zip(NAMES, contents, strict=False):
        check_positions((d for d in report.diagnostics if d.path == f"articles/{name}"), data)


# Each run through Typer costs milliseconds of set-up: fewer examples, the same property.
@settings(SETTINGS, max_examples=50)
@given(FOLDERS, st.booleans())
def test_validate_command_gives_diagnostics_for_any_files(
    site: Path, cli: Invoke, contents: list[bytes], strict: bool
) -> None:
    fill(site, contents)
    text = cli("validate", *(["--strict"] if strict else []))
    document = json.loads(cli("validate", "--format", "json").stdout)
    lines = [line for line in text.stdout.splitlines() if not line.startswith("  hint: ")]
    assert all(LINE.match(line) for line in lines), text.stdout
    assert len(lines) == len(document["diagnostics"])
    assert document["files_checked"] == len(contents)
    failed = document["errors"] or (strict and document["warnings"])
    assert text.exit_code == (1 if failed else 0), text.output


@pytest.mark.parametrize("name", NAMES)
def test_names_used_above_are_article_files(site: Path, cli: Invoke, name: str) -> None:
    # Guards the property test: a name discovery skipped would be checked by nobody.
    path = site / "articles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    result = cli("validate", "--format", "json")
    assert json.loads(result.stdout)["files_checked"] == 1
