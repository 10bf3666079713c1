"""The shipped sample works from a fresh clone, as the README's quick start says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newscli.cli.app import app

BORAS = "boras-demokratiarbete-uppmarksammas-pa-konferens-i-grenoble"


@pytest.fixture
def in_repo(shipped_sample: Path) -> Path:
    """The committed sample as a fresh clone has it (a copy: the checkout's may have been changed)."""
    return shipped_sample


def test_sample_lists_boras_as_stale_with_reason(in_repo: None) -> None:
    result = CliRunner().invoke(app, ["list", "--stale"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if "Grenoble" in line)
    assert line.startswith("2022-12-07")
    assert "published 3 years 11 months ago, threshold 1 year" in line


def test_sample_has_every_status(in_repo: None) -> None:
    result = CliRunner().invoke(app, ["list", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    articles = json.loads(result.stdout)["articles"]
    statuses = {a["status"] for a in articles}
    assert statuses == {"published", "draft", "scheduled", "stale"}
    assert any(a["evergreen"] for a in articles)
    assert any(a["superseded_by"] and a["stale"] for a in articles)
    assert any("pressmeddelande" in a["tags"] and a["stale"] for a in articles)


def test_sample_show_prints_swedish_notice(in_repo: None) -> None:
    result = CliRunner().invoke(app, ["show", BORAS], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Denna nyhet kan innehålla inaktuell information." in result.stdout
    assert "Vy över Borås." in result.stdout
    assert "IOPD" in result.stdout


def test_installed_program_runs_as_a_subprocess(in_repo: Path) -> None:
    """The console script and `python -m newscli` as a user runs them: exit codes, streams, no traceback."""
    env = {**os.environ, "NEWSCLI_NOW": "2026-11-29T12:00:00+01:00"}
    env.pop("NEWSCLI_ARTICLES_DIR", None)
    script = Path(sys.executable).with_name("newscli")
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True, env=env, check=False)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("newscli ")
    listed = subprocess.run(
        [sys.executable, "-m", "newscli", "list", "--stale", "--format", "paths"],
        capture_output=True,
        text=True,
        cwd=in_repo,
        env=env,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert f"articles/2022-12-07-{BORAS}.md" in listed.stdout.splitlines()
    bad = subprocess.run(
        [sys.executable, "-m", "newscli", "list", "--now", "yesterday"],
        capture_output=True,
        text=True,
        cwd=in_repo,
        env=env,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert "Invalid value for '--now': not a date or date-time: 'yesterday'" in bad.stderr
    assert "Traceback" not in bad.stderr
