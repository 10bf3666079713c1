"""Every command has help, and every command and option is documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.core import TyperGroup
from typer.main import get_command
from typer.testing import CliRunner

from newscli.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


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
def test_command_is_in_readme(name: str) -> None:
    assert re.search(rf"^#+ `newscli {name}\b", README, re.MULTILINE), f"no README heading for {name}"


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
def test_option_is_in_readme(name: str, option: str) -> None:
    assert option in README, f"{name} {option} is not documented in the README"


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"], catch_exceptions=False)
    assert result.exit_code == 0
    assert re.fullmatch(r"newscli \d+\.\d+\.\d+\n", result.stdout)
