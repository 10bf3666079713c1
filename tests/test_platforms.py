"""The reading commands run where POSIX-only modules do not exist (Windows): they import none.

``new`` and the editing commands take the folder's slug lock (``fcntl``) and need it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Write, article_text

# Run newscli with fcntl, termios and pwd made unimportable, as on Windows.
WITHOUT_POSIX = """
import sys
for name in ("fcntl", "termios", "pwd", "grp", "resource"):
    sys.modules[name] = None
from newscli.cli.app import run
sys.exit(run(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--format", "json"],
        ["show", "nyhet"],
        ["validate"],
        ["--help"],
    ],
)
def test_everyday_commands_need_no_posix_only_module(site: Path, write: Write, args: list[str]) -> None:
    write("2026-11-01-nyhet.md", article_text())
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_POSIX, *args],
        cwd=site,
        env={**os.environ, "NEWSCLI_CACHE_DIR": str(site / "c")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr
