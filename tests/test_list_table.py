"""`list` on a terminal: one line per article at any width; a path or a slug is never cut or broken."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from archive_support import Forked
from conftest import Invoke, article_text, copy_sample
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from inprocess_support import run_here, run_here_on_a_terminal

from newscli.cli.render.list import SHORTENED, Column, fit

ROOT = Path(__file__).resolve().parent.parent
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b\]8;[^\x1b]*\x1b\\")
NOW = "2026-12-01T09:00:00+01:00"


def run_in_terminal(args: list[str], columns: int, cwd: Path, **env: str) -> str:
    """The command's output as a terminal `columns` wide shows it (a real pseudo-terminal on its
    stdin, stdout and stderr), from newscli run in this process (``run_here``)."""
    shown = run_here_on_a_terminal(cwd, *args, **_terminal_environment(columns, cwd, env)).stdout
    return ANSI.sub("", shown.replace("\r\n", "\n"))


def _terminal_environment(columns: int, cwd: Path, env: dict[str, str]) -> dict[str, str]:
    return {
        "COLUMNS": str(columns),
        "LINES": "500",
        "TERM": "xterm",
        "NEWSCLI_NOW": NOW,
        "NEWSCLI_CACHE_DIR": str(cwd / ".cache"),
        "NO_COLOR": "1",
        **env,
    }


def run_in_terminal_forked(args: list[str], columns: int, cwd: Path, **env: str) -> str:
    """As ``run_in_terminal``, from newscli in a process of its own (forked from this one) started
    on the terminal."""
    import pty

    leader, follower = pty.openpty()
    process = Forked(cwd, tuple(args), None, _terminal_environment(columns, cwd, env), terminal=follower)
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


SUMMARY = re.compile(r"^\d+ (articles|artiklar), ")


def table(output: str) -> tuple[list[str], list[str]]:
    """The screen's lines, and the table's rows: between the heading and the summary."""
    lines = output.split("\n")
    end = next(i for i, line in enumerate(lines) if SUMMARY.match(line))
    return lines, lines[1:end]


def terminal_columns(text: str) -> int:
    """How many columns a terminal gives ``text``, measured apart from rich: East Asian wide and
    full-width characters (CJK, emoji) two, combining marks and format characters none."""
    import unicodedata

    def width(char: str) -> int:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            return 0
        return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1

    return sum(width(char) for char in text)


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


ENGLISH = ("C.UTF-8", ["Title", "Status", "Slug"], {"published", "draft", "scheduled", "stale"})
SWEDISH = ("sv_SE.UTF-8", ["Rubrik", "Status", "Slugg"], {"publicerad", "utkast", "schemalagd", "inaktuell"})


@pytest.mark.parametrize(("language", "heading", "statuses"), [ENGLISH, SWEDISH])
@pytest.mark.parametrize("stale", [False, True])
def test_at_80_columns_each_row_is_a_shortened_title_its_status_and_its_slug_whole(
    sample: Path, language: str, heading: list[str], statuses: set[str], stale: bool
) -> None:
    # The sample's longest slug is 59 characters: the date, age and reason give way, the title
    # shortens, the status word and the slug stay (what show, touch, review... take).
    slugs, _paths = _slugs_and_paths(sample)
    # A process of its own started on the terminal, as a person runs it (the other tests run it here).
    output = run_in_terminal_forked(["list", "--stale"] if stale else ["list"], 80, sample, LANG=language)
    lines, rows = table(output)
    assert lines[0].split() == heading, output
    assert len(rows) == (5 if stale else len(slugs)), output
    for row in rows:
        assert terminal_columns(row.rstrip()) <= 80, row
        words = row.split()
        assert words[-1] in slugs, row  # the row ends in its slug, whole
        assert statuses & set(words), row
        assert "…" in row or len(words) > 3, row  # a title shortened, or short enough already
    assert len({row.split()[-1] for row in rows}) == len(rows)
    assert "boras-demokratiarbete-uppmarksammas-pa-konferens-i-grenoble" in output


def test_where_the_path_does_not_fit_the_slug_is_shown(sample: Path) -> None:
    output = run_in_terminal(["list"], 120, sample)
    assert output.splitlines()[0].split()[-1] == "Slug"
    assert "boras-demokratiarbete-uppmarksammas-pa-konferens-i-grenoble\n" in output
    assert "evergreen: never stale" in output  # the reason is back from about 120 columns
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
    """The command's output where it is not a terminal, from the command line's entry point run in
    this process (``run_here``: the environment and streams of ``run_forked``'s child)."""
    return run_here(folder, *args, NEWSCLI_NOW=NOW, NEWSCLI_CACHE_DIR=str(folder / ".cache"))


def test_columns_on_a_pipe(sample: Path) -> None:
    result = _on_a_pipe(sample, "list", "--columns", "slug,tags,author")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Slug", "Tags", "Author"]
    assert any(line.startswith("120-nya-hyresratter-byggs-pa-hulta") for line in lines)


def test_a_column_named_twice_is_shown_once(sample: Path) -> None:
    # At 80 columns a doubled path pushed the line past the terminal, which broke it across lines.
    result = _on_a_pipe(sample, "list", "--columns", "slug,path,slug,status,path")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split() == ["Slug", "Path", "Status"]
    output = run_in_terminal(["list", "--columns", "slug,status,slug"], 80, sample)
    assert output.splitlines()[0].split() == ["Slug", "Status"]


@pytest.mark.parametrize("locale", ["C.UTF-8", "sv_SE.UTF-8"])
def test_each_example_in_the_help_lists_articles_of_the_sample(
    sample: Path, monkeypatch: pytest.MonkeyPatch, locale: str
) -> None:
    monkeypatch.setenv("LANG", locale)
    shown = _on_a_pipe(sample, "list", "--help").stdout
    examples = [line.split() for line in shown.splitlines() if line.strip().startswith("newscli list ")]
    assert len(examples) >= 4, shown
    for words in examples:
        args = words[2 : words.index(">")] if ">" in words else words[2:]
        result = _on_a_pipe(sample, "list", *args)
        assert result.returncode == 0, (words, result.stderr)
        if "json" in args:
            assert json.loads(result.stdout)["articles"], words
        else:  # a table or CSV starts with its heading; paths have none
            assert result.stdout.splitlines()[0 if "paths" in args else 1 :], (words, result.stdout)


def test_an_unknown_column_is_a_usage_error(sample: Path) -> None:
    result = _on_a_pipe(sample, "list", "--columns", "slug,size")
    assert result.returncode == 2
    assert "--columns" in result.stderr


NATURAL = st.fixed_dictionaries({c: st.integers(1, 120) for c in Column})


@given(NATURAL, st.lists(st.integers(1, 120), min_size=1, max_size=8), st.integers(1, 400))
@settings(deadline=None)  # a shared, loaded machine: timing is not what is tested
def test_fit_keeps_within_the_width_and_never_shortens_a_path_or_slug(
    natural: dict[Column, int], slug_cells: list[int], width: int
) -> None:
    slugs = [max(4, cells) for cells in slug_cells]  # at least the heading's width, as the renderer says
    natural = {**natural, Column.SLUG: max(slugs)}
    layout = fit(natural, width, slugs=slugs)
    size = dict(zip(layout.columns, layout.widths, strict=True))
    assert layout.width <= width
    assert Column.TITLE in size
    assert not {Column.PATH, Column.SLUG} <= set(size)
    for column, cells in size.items():
        if column in SHORTENED:
            assert 1 <= cells <= natural[column]
        elif column is Column.SLUG:  # as wide as a slug: each slug is whole or not shown at all
            assert cells in slugs
            assert cells >= max((w for w in slugs if w <= 60), default=1)
        else:
            assert cells == natural[column]
    # The rule: the status word stays while there is room for it beside a title of one cell; the
    # slug (or the path) while there is room for it beside the status and a title of six cells.
    status = natural[Column.STATUS]
    if status + 2 + 1 <= width:
        assert Column.STATUS in size
    longest = max((w for w in slugs if w <= 60), default=None)
    if longest and status + 2 + longest + 2 + min(natural[Column.TITLE], 6) <= width:
        assert {Column.PATH, Column.SLUG} & set(size)
    if Column.PATH in size:  # the first to give way: shown only beside every other column
        assert set(size) == {Column.DATE, Column.TITLE, Column.STATUS, Column.AGE, Column.REASON, Column.PATH}


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
def test_due_for_archive_is_said_in_the_row_at_120_and_200_columns(
    sample: Path, language: str, due: str
) -> None:
    # On a terminal "due for archive" is in the reason cell: first, so that shortening keeps it.
    slug = "boras-demokratiarbete-uppmarksammas-pa-konferens-i-grenoble"
    for columns in (120, 200):
        screen = run_in_terminal(["list"], columns, sample, LANG=language)
        row = next(line for line in screen.splitlines() if slug in line)
        assert due in row, screen
    # At 80 the reason gives way to the slug; the summary still counts it.
    narrow = run_in_terminal(["list"], 80, sample, LANG=language)
    assert f"1 {due}" in narrow, narrow


# A corpus to break the table: the longest slug `new` makes (80), a 155-character slug, a 299-character
# title, CJK and emoji (two columns a character), combining marks (none), a tab, a CJK folder.
LONG_SLUG = "kommunfullmaktige-beslutar-om-ny-budget-for-skola-vard-och-omsorg-aren-2027-2030"
ABSURD_SLUG = "-".join(["mycket-lang-slugg-som-ingen-terminal-har-plats-for"] * 3)
HOSTILE: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    (
        "2026-10-01",
        LONG_SLUG,
        "Kommunfullmäktige beslutar om ny budget för skola, vård och omsorg åren 2027–2030",
        {},
    ),
    ("2020-01-01", ABSURD_SLUG, " ".join(["Lång"] * 60), {}),
    (
        "2026-09-15",
        "tokyo-systerstad",
        "東京都と姉妹都市協定を締結しました記念式典のお知らせ東京都と姉妹都市協定",
        {"tags": '["bred"]'},
    ),
    (
        "2026-11-25",
        "julmarknad",
        "🎄🎅 Julmarknad på Stora torget 🎉🎉🎉 🎄🎅🎄🎅🎄🎅🎄🎅🎄🎅",
        {"tags": '["bred"]'},
    ),
    (
        "2025-06-01",
        "oppet-hus",
        "O\u0308ppet hus i B\u0336o\u0336r\u0336a\u030as\u0336 med "
        "Z\u0335\u0321a\u0334\u0322l\u0337g\u0338o\u0335 och a\u0308ter",
        {"tags": '["bred"]'},
    ),
    ("2026-11-26", "tabb", "Rubrik\\tmed en tabb i sig", {"evergreen": "true", "tags": '["bred"]'}),
    ("2026-11-27", "ersatt", "Ersatt", {"superseded_by": f'"{LONG_SLUG}"'}),
    ("2024-02-01", "granskad", "Granskad förra månaden", {"reviewed": "2026-11-01"}),
    (
        "2026-11-28",
        "utkast-med-lang-rubrik",
        "Utkast med en ganska lång rubrik om snöröjningen i vinter",
        {"draft": "true"},
    ),
    ("2026-12-24", "julafton-pa-stora-torget", "Julafton på Stora torget", {}),
)


@pytest.fixture(scope="module")
def hostile(committed_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    folder = tmp_path_factory.mktemp("hostile")
    shutil.copy2(committed_sample / "newscli.toml", folder / "newscli.toml")
    for date, slug, title, extra in HOSTILE:
        where = folder / "articles" / ("東京" if slug == "tokyo-systerstad" else "")
        where.mkdir(parents=True, exist_ok=True)
        (where / f"{date}-{slug}.md").write_text(article_text(title, slug, date, **extra), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def shipped(committed_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(committed_sample, tmp_path_factory.mktemp("shipped"))


def check_screen(output: str, width: int, slugs: list[str], paths: list[str]) -> list[str]:
    """What must hold at every width: the heading, then one line per article, none wider than the
    terminal (so it never wraps one); a slug whole or not shown (…), a path whole. The heading back."""
    lines, rows = table(output)
    assert len(rows) == len(slugs), output
    for line in [lines[0], *rows]:
        assert terminal_columns(line) <= width, (width, line)
    heading = lines[0].split()
    ends = [row.split()[-1] for row in rows]
    if {"Slug", "Slugg"} & set(heading):
        assert set(ends) <= {*slugs, "…"}, output
        assert {s for s in slugs if len(s) <= 60} <= set(ends), output  # up to 60 always whole
    if {"Path", "Sökväg"} & set(heading):
        assert set(ends) == set(paths), output
    return heading


@pytest.mark.parametrize("language", ["C.UTF-8", "sv_SE.UTF-8"])
@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 160, 200, 250])
def test_a_hostile_corpus_fits_at_every_width(hostile: Path, width: int, language: str) -> None:
    output = run_in_terminal(["list"], width, hostile, LANG=language)
    heading = check_screen(output, width, *_slugs_and_paths(hostile))
    if width >= 80:  # the slug column (a slug too long for it says …, never cut), or the path
        assert {"Slug", "Slugg", "Path", "Sökväg"} & set(heading), output
    if ABSURD_SLUG[:60] in output:  # never a part of it: whole where there is room for it
        assert ABSURD_SLUG in output, output
    if width >= 200:
        assert LONG_SLUG in output, output


@pytest.mark.parametrize("language", ["C.UTF-8", "sv_SE.UTF-8"])
def test_paths_with_wide_characters_are_whole_at_200_columns(hostile: Path, language: str) -> None:
    output = run_in_terminal(["list", "--tag", "bred"], 200, hostile, LANG=language)
    slugs, paths = _slugs_and_paths(hostile)
    wide = [
        i for i, slug in enumerate(slugs) if slug in ("tokyo-systerstad", "julmarknad", "oppet-hus", "tabb")
    ]
    heading = check_screen(output, 200, [slugs[i] for i in wide], [paths[i] for i in wide])
    assert heading[-1] in ("Path", "Sökväg"), output
    assert "articles/東京/2026-09-15-tokyo-systerstad.md" in output


@given(
    width=st.integers(40, 250),
    language=st.sampled_from(["C.UTF-8", "sv_SE.UTF-8"]),
    which=st.sampled_from(["shipped", "hostile"]),
)
@settings(
    deadline=None,  # a shared, loaded machine: timing is not what is tested
    max_examples=30,  # each example is a newscli run on a pseudo-terminal
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # autouse: own HOME each test
)
def test_no_slug_or_path_is_ever_broken_across_lines(
    shipped: Path, hostile: Path, width: int, language: str, which: str
) -> None:
    folder = shipped if which == "shipped" else hostile
    output = run_in_terminal(["list"], width, folder, LANG=language)
    check_screen(output, width, *_slugs_and_paths(folder))
