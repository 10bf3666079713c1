"""The smaller hostile inputs of issue 10, each with its test."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest
from conftest import Invoke, Write, article_text
from test_hostile_log import bounded
from test_hostile_output import run

from newscli.core.rules.durations import DurationError, parse_duration


def test_the_git_mv_hint_is_shell_quoted(site: Path, write: Write, cli: Invoke) -> None:
    name = "it's $(touch pwned) a.md"
    write(name, article_text(title="Nyhet", slug="nyhet", date="2026-11-01"))
    result = cli("validate")
    hint = next(line for line in result.stdout.splitlines() if "git mv" in line)
    command = hint.split("hint: ", 1)[1]
    assert shlex.split(command) == ["git", "mv", f"articles/{name}", "articles/2026-11-01-nyhet.md"]


@pytest.mark.parametrize(
    "name",
    ["2026-11-01-ny\nhet.md", "2026-11-01-\u202edm.teh\x1b[2J.md", "it's \\ \u200b$(touch pwned).md"],
)
def test_the_git_mv_hint_runs_as_shown_for_a_name_shown_escaped(
    site: Path, write: Write, cli: Invoke, name: str
) -> None:
    # The hint is shown as it is, through visible(): a name with a line break or a bidi override is
    # ANSI-C quoted ($'...\x0a...'), so the line holds nothing a terminal acts on and, pasted into
    # bash, still names the file (a plain '...\x0a...' would name a file that does not exist).
    import subprocess

    write(name, article_text(title="Nyhet", slug="nyhet", date="2026-11-01"))
    result = cli("validate")
    hint = next(line for line in result.stdout.splitlines() if "hint: git mv" in line)
    command = hint.split("hint: ", 1)[1]
    assert command.isascii(), command
    assert command.isprintable(), command
    assert command.startswith("git mv $'articles/")
    subprocess.run(["bash", "-c", command.replace("git mv", "mv", 1)], cwd=site, check=True)
    assert sorted(p.name for p in (site / "articles").iterdir()) == ["2026-11-01-nyhet.md"]
    assert not (site / "pwned").exists()


@pytest.mark.parametrize("tag", ["EN", "En", "en-GB", "EN-us"])
def test_language_tags_are_case_insensitive(site: Path, write: Write, cli: Invoke, tag: str) -> None:
    write("2020-01-01-old.md", article_text(title="Old", slug="old", date="2020-01-01", language=f'"{tag}"'))
    shown = cli("show", "old")
    assert "This news item may contain outdated information." in shown.stdout
    assert "Denna nyhet" not in shown.stdout


@pytest.mark.parametrize("text", ["١٢y", "１y", "12٣d", "P١Y"])
def test_durations_take_ascii_digits_only(site: Path, write: Write, cli: Invoke, text: str) -> None:
    with pytest.raises(DurationError):
        parse_duration(text)
    write("2026-11-01-nyhet.md", article_text(stale_after=f'"{text}"'))
    result = cli("validate")
    assert result.exit_code == 1
    assert "[duration]" in result.stdout
    assert cli("archive", "--dry-run", "--older-than", text).exit_code == 2


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-1", "NaN", "1e999", "\u0661", "\u0663.5", "1_0"])
def test_archive_wait_must_be_finite_seconds(site: Path, cli: Invoke, value: str) -> None:
    for command in ("archive", "restore"):
        args = [command, f"--wait={value}"] + (["x"] if command == "restore" else [])
        result = cli(*args)
        assert result.exit_code == 2, (command, result.output)
        assert "--wait" in result.stderr
    assert cli("archive", "--wait", "0.5", "--dry-run").exit_code == 0


@pytest.mark.parametrize("value", ["\u0663", "\uff13", "-1", "+3", "3.0", "x"])
def test_limit_takes_the_digits_0_to_9_only(site: Path, cli: Invoke, value: str) -> None:
    # int() reads "\u0663" (Arabic-Indic three) and "\uff13" (fullwidth three) as 3: nobody means them.
    result = cli("list", "--limit", value)
    assert result.exit_code == 2, result.output
    assert "--limit" in result.stderr
    assert cli("list", "--limit", "3").exit_code == 0


@pytest.fixture
def outside_template(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.md"
    secret.write_text('+++\nauthor = "Hemlig"\n+++\n\nHEMLIG TEXT\n', encoding="utf-8")
    return secret


@pytest.mark.parametrize("where", ["outside", "inside"])
def test_a_template_that_is_a_symbolic_link_is_not_read(
    site: Path, cli: Invoke, outside_template: Path, where: str
) -> None:
    target = outside_template
    if where == "inside":
        target = site / "articles" / "_real-template.md"
        target.write_text(outside_template.read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(target, site / "articles" / "_template.md")
    result = cli("new", "Nyhet")
    assert result.exit_code == 1
    assert "symbolic link" in result.stderr
    assert not list((site / "articles").glob("2026-*.md"))  # nothing written


def test_a_template_that_is_a_fifo_does_not_hang(site: Path) -> None:
    os.mkfifo(site / "articles" / "_template.md")
    assert bounded(["new", "Nyhet"]).code == 1  # bounded: a hang fails the test, never blocks it


def test_validate_never_blocks_on_a_template_fifo(site: Path, write: Write) -> None:
    write("a.md", article_text())
    os.mkfifo(site / "articles" / "_template.md")
    assert bounded(["validate"]).code == 0  # no usable template: nothing to compare bodies with


def test_validate_never_reads_a_template_through_a_link(site: Path, write: Write) -> None:
    outside = site / "outside.md"
    outside.write_text("+++\ntitle = 't'\n+++\n\nHemlig text utanför mappen.\n", encoding="utf-8")
    write("a.md", article_text(body="Hemlig text utanför mappen.\n"))
    os.symlink(outside, site / "articles" / "_template.md")
    # Were the link followed, the body would be reported as the template's placeholder text.
    assert "body-template" not in bounded(["validate"]).out


def test_a_slug_over_the_file_name_limit_is_a_usage_error(site: Path, cli: Invoke) -> None:
    result = cli("new", "Nyhet", "--slug", "a" * 242)
    assert result.exit_code == 2
    assert "at most 241" in result.stderr
    fits = cli("new", "Nyhet", "--slug", "a" * 241)
    assert fits.exit_code == 0, fits.output
    assert len(Path(fits.stdout.strip()).name.encode()) == 255


def test_a_huge_title_is_an_error_and_lists_cut_short(site: Path, write: Write) -> None:
    # 105,000 characters: 350 times the longest title validate takes and a table shows (300), five
    # times the most the table may print (below); a 3 MB title proved nothing more and cost 30 times
    # the CPU (no limit between them: an article may have 16 MB).
    title = "Rubrik " * 15_000
    write("2026-11-01-nyhet.md", article_text(title=title.strip(), slug="nyhet", date="2026-11-01"))
    checked = run(["validate"], False)
    assert checked.code == 1
    assert "[title-length]" in checked.out
    for terminal in (False, True):
        listed = run(["list"], terminal)
        assert listed.code == 1
        # The table shows the first 300 characters: its size does not grow with the title.
        assert len(listed.stdout) < 20_000, len(listed.stdout)
        assert "Rubrik Rubrik" in listed.out
    full = run(["list", "--format", "json"], False)
    assert title.strip() in full.out  # data formats keep the whole title


LONG = "a" * 300  # over the 255 bytes a file name may have: the file system refuses to look it up


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (("show", LONG), f"no article with the slug '{LONG}'"),
        (("touch", LONG), f"no article with the slug '{LONG}'"),
        (("review", LONG), f"no article with the slug '{LONG}'"),
        (("publish", LONG), f"no article with the slug '{LONG}'"),
        (("supersede", "nyhet", LONG), f"no article with the slug '{LONG}'"),
        (("new", "Ny", "--supersedes", LONG), f"no article with the slug '{LONG}'"),
        (("restore", LONG), f"no archived article with the slug '{LONG}'"),
        (("restore", f"{LONG}.md"), f"no file named {LONG}.md in articles/archive/"),
    ],
)
def test_a_name_longer_than_a_file_name_is_an_unknown_slug_not_an_internal_error(
    site: Path, write: Write, cli: Invoke, command: tuple[str, ...], said: str
) -> None:
    write("2026-11-01-nyhet.md", article_text(title="Nyhet", slug="nyhet", date="2026-11-01"))
    result = cli(*command)
    assert said in result.stderr
    assert result.exit_code in (1, 2), result.stderr  # never 70, an internal error


@pytest.mark.parametrize(
    ("command", "code", "said"),
    [
        (("validate", LONG), 2, f"{LONG}: no such file or folder"),
        (("--config", LONG, "list"), 2, f"config file {LONG} does not exist"),
        (("--articles-dir", LONG, "list"), 2, "hint: create it, or point --articles-dir"),
        (("export", "--output", LONG), 1, f"cannot create {LONG}"),
        (("export", "--output", f"{LONG}/x.json"), 2, f"the folder {LONG} does not exist"),
    ],
)
def test_a_path_longer_than_a_file_name_is_said_not_an_internal_error(
    site: Path, write: Write, cli: Invoke, command: tuple[str, ...], code: int, said: str
) -> None:
    write("2026-11-01-nyhet.md", article_text(title="Nyhet", slug="nyhet", date="2026-11-01"))
    result = cli(*command)
    assert said in result.stderr
    assert result.exit_code == code, result.stderr
