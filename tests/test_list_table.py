"""`list` on a terminal: one line per article at any width; a path or a slug is never cut or broken."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from archive_support import Forked
from conftest import Invoke, copy_sample
from hypothesis import given, settings
from hypothesis import strategies as st

from newscli.cli.render.list import SHORTENED, Column, fit

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b\]8;[^\x1b]*\x1b\\")
NOW = "2026-12-01T09:00:00+01:00"


def run_in_terminal(args: list[str], columns: int, cwd: Path, **env: str) -> str:
    """The command's output as a terminal `columns` wide shows it (a real pseudo-terminal), from
    newscli in a process of its own (forked from this one)."""
    import pty

    leader, follower = pty.openpty()
    environment = {
        "COLUMNS": str(columns),
        "LINES": "500",
        "TERM": "xterm",
        "NEWSCLI_NOW": NOW,
        "NEWSCLI_CACHE_DIR": str(cwd / ".cache"),
        "NO_COLOR": "1",
        **env,
    }
    process = Forked(cwd, tuple(args), None, environment, terminal=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(leader)
    return ANSI.sub("", b"".join(chunks).decode("utf-8").replace("\r\n", "\n"))


@pytest.fixture
def sample(committed_sample: Path, tmp_path: Path) -> Path:
    return copy_sample(committed_sample, tmp_path)


def _slugs_and_paths(folder: Path) -> tuple[list[str], list[str]]:
    files = sorted(p for p in (folder / "articles").rglob("*.md") if not p.name.startswith("_"))
    slugs = [re.sub(r"^\d{4}-\d\d-\d\d-", "", p.stem) for p in files]
    return slugs, [str(p.relative_to(folder)) for p in files]


@pytest.mark.parametrize("columns", [40, 60, 80, 100, 120, 160, 200, 300])
def test_one_line_per_article_and_nothing_cut(sample: Path, columns: int) -> None:
    from rich.cells import cell_len

    output = run_in_terminal(["list"], columns, sample)
    slugs, paths = _slugs_and_paths(sample)
    lines = output.split("\n")
    end = next(i for i, line in enumerate(lines) if line.startswith(f"{len(slugs)} articles, 5 stale"))
    lines = lines[: end + 1]
    assert len(lines) == 1 + len(slugs) + 1, output  # heading, one line each, the summary
    assert all(cell_len(line.rstrip()) <= columns for line in lines), output
    heading = lines[0].split()
    if "Slug" in heading:
        assert all(f"{slug}\n" in output or f"{slug} " in output for slug in slugs), output
    if "Path" in heading:
        assert all(path in output for path in paths), output
    assert not ({"Slug", "Path"} & set(heading)) or "…" not in "".join(
        line.split()[-1] for line in lines[1:-1]
    )


def test_at_80_columns_titles_are_shortened_and_the_reason_stays(sample: Path) -> None:
    output = run_in_terminal(["list", "--stale"], 80, sample)
    heading = output.splitlines()[0].split()
    assert heading == ["Date", "Title", "Status", "Age", "Reason"]
    assert "Borås demokratiarbete" in output
    assert "…" in output


def test_where_the_path_does_not_fit_the_slug_is_shown(sample: Path) -> None:
    output = run_in_terminal(["list"], 120, sample)
    assert output.splitlines()[0].split()[-1] == "Slug"
    assert "boras-demokratiarbete-uppmarksammas-pa-konferens-i-grenoble\n" in output
    wide = run_in_terminal(["list"], 200, sample)
    assert wide.splitlines()[0].split()[-1] == "Path"
    assert "articles/trafik/2026-08-17-vagarbete-stanger-allegatan-under-tre-veckor.md" in wide


def test_evergreen_says_why_it_is_not_stale(sample: Path) -> None:
    output = run_in_terminal(["list", "--columns", "slug,status,reason"], 100, sample)
    line = next(line for line in output.splitlines() if line.startswith("sa-sorterar-du-ditt-avfall"))
    assert "published" in line
    assert "evergreen: never stale" in line


def test_columns_are_drawn_as_asked(sample: Path) -> None:
    output = run_in_terminal(["list", "--columns", "slug,date"], 80, sample)
    assert output.splitlines()[0].split() == ["Slug", "Date"]
    assert "boras-demokratiarbete-uppmarksammas-pa-konferens-i-grenoble  2022-12-07" in output


def _on_a_pipe(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSCLI_NOW": NOW, "NEWSCLI_CACHE_DIR": str(folder / ".cache")}
    command = [sys.executable, "-m", "newscli", *args]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, check=False)


def test_columns_on_a_pipe(sample: Path) -> None:
    result = _on_a_pipe(sample, "list", "--columns", "slug,tags,author")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Slug", "Tags", "Author"]
    assert any(line.startswith("120-nya-hyresratter-byggs-pa-hulta") for line in lines)


def test_an_unknown_column_is_a_usage_error(sample: Path) -> None:
    result = _on_a_pipe(sample, "list", "--columns", "slug,size")
    assert result.returncode == 2
    assert "--columns" in result.stderr


NATURAL = st.fixed_dictionaries({c: st.integers(1, 120) for c in Column})


@given(NATURAL, st.integers(1, 400))
@settings(deadline=None)  # a shared, loaded machine: timing is not what is tested
def test_fit_keeps_within_the_width_and_never_shortens_a_path_or_slug(
    natural: dict[Column, int], width: int
) -> None:
    layout = fit(natural, width)
    assert layout.width <= width or layout.columns == (Column.TITLE,)
    for column, size in zip(layout.columns, layout.widths, strict=True):
        if column in SHORTENED:
            assert 1 <= size <= natural[column]
        else:
            assert size == natural[column]
    assert not {Column.PATH, Column.SLUG} <= set(layout.columns)
    assert Column.TITLE in layout.columns


@given(NATURAL, st.integers(1, 400))
@settings(deadline=None)  # a shared, loaded machine: timing is not what is tested
def test_fit_with_chosen_columns_keeps_them_in_order(natural: dict[Column, int], width: int) -> None:
    chosen = [Column.SLUG, Column.TITLE, Column.DATE]
    layout = fit(natural, width, chosen)
    assert list(layout.columns) == chosen
    assert layout.widths[0] == natural[Column.SLUG]


def test_the_columns_help_names_every_column_in_both_languages(
    site: Path, cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ["date", "title", "status", "age", "reason", "path", "slug", "author", "tags"]
    assert cli("list", "--columns", ",".join(names)).exit_code == 0
    for locale, heading in (("C.UTF-8", "The table's columns"), ("sv_SE.UTF-8", "Tabellens kolumner")):
        monkeypatch.setenv("LANG", locale)
        shown = " ".join(cli("list", "--help").stdout.split())
        assert ", ".join(names) in shown
        assert heading in shown


def test_chosen_columns_wider_than_the_terminal_are_not_cut(sample: Path) -> None:
    # date + the 59-character slug + "scheduled" + gaps is wider than 80: nothing may be cut.
    output = run_in_terminal(["list", "--columns", "date,slug,status"], 80, sample)
    assert "2022-12-07  boras-demokratiarbete-uppmarksammas-pa-konferens-i-grenoble  stale" in output
    assert "2026-12-15  snorojning-sa-prioriterar-vi-gatorna-i-vinter" in output
    assert "scheduled" in output


@pytest.mark.parametrize(
    ("language", "due"), [("C.UTF-8", "due for archive"), ("sv_SE.UTF-8", "ska arkiveras")]
)
def test_due_for_archive_is_said_in_the_row_at_80_and_200_columns(
    sample: Path, language: str, due: str
) -> None:
    # On a terminal "due for archive" is in the reason cell: first, so that shortening keeps it.
    for columns in (80, 200):
        screen = run_in_terminal(["list"], columns, sample, LANG=language)
        row = next(line for line in screen.splitlines() if line.startswith("2022-12-07"))
        assert due in row, screen
