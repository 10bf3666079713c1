"""Every command has help, and every command and option is documented (README and docs/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.core import TyperGroup
from typer.main import get_command
from typer.testing import CliRunner

from newscli.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS_DOC = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")


def _group() -> TyperGroup:
    group = get_command(app)
    assert isinstance(group, TyperGroup)
    return group


GROUP = _group()
COMMANDS = sorted(GROUP.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"Usage: newscli {name}" in result.stdout
    assert GROUP.commands[name].help


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_documented(name: str) -> None:
    assert re.search(rf"^#+ `newscli {name}\b", COMMANDS_DOC, re.MULTILINE), f"no heading for {name}"
    assert f"`newscli {name}" in README, f"{name} is not in the README's command table"


@pytest.mark.parametrize(
    ("name", "option"),
    [
        (name, opt)
        for name in COMMANDS
        for param in GROUP.commands[name].params
        for opt in param.opts
        if opt.startswith("--") and opt != "--help"
    ],
)
def test_option_is_documented(name: str, option: str) -> None:
    assert option in COMMANDS_DOC, f"{name} {option} is not documented in docs/commands.md"


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"], catch_exceptions=False)
    assert result.exit_code == 0
    assert re.fullmatch(r"newscli \d+\.\d+\.\d+\n", result.stdout)


# Click wraps help at the terminal's width less 2, at most 78 (its max_width of 80): an 80-column
# terminal and every wider one get 78, a 70-column one 68, a 60-column one 58. In-process, each
# width handed to the formatter directly (CliRunner fixes 80 columns otherwise); wider widths too,
# for the day the cap changes.
HELP_WIDTHS = (58, 68, 78, 98, 118)


def _broken_option_names(shown: str) -> list[str]:
    return [line for line in shown.splitlines() if re.search(r"--[\w-]*-$", line)]


@pytest.mark.parametrize("language", ["C.UTF-8", "sv_SE.UTF-8"])
def test_help_never_breaks_an_option_name_across_lines(
    monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    # Click's wrapping breaks a line after a hyphen: "--no-" at the end of one line, "pager" on the
    # next (show --help at 80 columns), so the option could not be read, searched or copied whole.
    monkeypatch.setenv("LANG", language)
    broken = []
    for width in HELP_WIDTHS:
        for name in ["", *COMMANDS]:
            args = [name, "--help"] if name else ["--help"]
            result = CliRunner().invoke(app, args, catch_exceptions=False, terminal_width=width)
            assert result.exit_code == 0, result.output
            broken += [f"{width} {name}: {line}" for line in _broken_option_names(result.stdout)]
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("language", ["C.UTF-8", "sv_SE.UTF-8"])
def test_help_at_the_entry_point_takes_its_width_from_the_terminal(tmp_path: Path, language: str) -> None:
    """The width above reaches the help as a real start gives it: COLUMNS, read by Click. show --help
    at 80 columns, where the bug was seen; at 60 its text is wrapped onto more lines."""
    from archive_support import run_forked

    shown = {
        columns: run_forked(tmp_path, "show", "--help", LANG=language, COLUMNS=str(columns)).stdout
        for columns in (60, 80)
    }
    assert _broken_option_names(shown[80]) == []
    assert len(shown[60].splitlines()) > len(shown[80].splitlines())


@pytest.mark.parametrize("name", ["archive", "restore"])
def test_the_wait_option_says_its_default_once(tmp_path: Path, name: str) -> None:
    # Its help says it in words, "(default: exit 75)"; Click added "[default: 0.0]" after it.
    from archive_support import run_forked

    shown = " ".join(run_forked(tmp_path, name, "--help", LANG="C.UTF-8").stdout.split())
    assert "(default: exit 75)." in shown
    assert "[default: 0.0]" not in shown
