"""``edit`` never loses the person's edited text: whatever fails once the editor has closed, the
copy is kept (beside the article, else in its private temporary folder) and newscli says where.
And a broken file closed without change is said to be still broken (exit 1)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from archive_support import read_only, start_forked
from conftest import Invoke, Write, article_text

KEPT = "a.md.kept-20261129-120000"  # NOW in conftest, in the config's zone


@pytest.fixture(autouse=True)
def temp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The editor's private folder under the test's own temporary folder (forked children too)."""
    monkeypatch.setenv("NEWSCLI_USER", "Anna Svensson")
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


def editor(site: Path, body: str) -> str:
    """An editor: a Python script whose ``body`` acts on ``path``, the copy it was given."""
    script = site / "editor.py"
    script.write_text(
        f"import os, sys, pathlib\npath = pathlib.Path(sys.argv[1])\n{body}\n", encoding="utf-8"
    )
    return f"{sys.executable} {script}"


CHANGE = 'path.write_text(path.read_text(encoding="utf-8").replace("Brödtext", "Min text"), encoding="utf-8")'


def left_copies(temp: Path) -> list[Path]:
    return sorted(temp.glob("newscli-edit-*/*"))


def test_an_editor_that_fails_after_a_change_keeps_the_copy_beside_the_article(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch, temp: Path
) -> None:
    path = write("a.md", article_text())
    before = path.read_bytes()
    monkeypatch.setenv("EDITOR", editor(site, CHANGE + "\nsys.exit(3)"))
    result = cli("edit", "nyhet")
    assert result.exit_code == 1
    assert "the editor exited with status 3; the article was not changed" in result.stderr
    assert f"newscli: your edited copy is kept in articles/{KEPT}" in result.stderr
    assert path.read_bytes() == before
    assert "Min text" in (site / "articles" / KEPT).read_text(encoding="utf-8")
    assert left_copies(temp) == []  # kept durably beside the article: the private folder goes


def test_an_editor_that_fails_without_a_change_keeps_nothing(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch, temp: Path
) -> None:
    write("a.md", article_text())
    monkeypatch.setenv("EDITOR", editor(site, "sys.exit(3)"))
    result = cli("edit", "nyhet")
    assert result.exit_code == 1
    assert "edited copy" not in result.stderr
    assert sorted(p.name for p in (site / "articles").iterdir()) == ["a.md"]
    assert left_copies(temp) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_place_of_the_copy_is_refused_not_waited_on_and_the_folder_stays(
    write: Write, site: Path, monkeypatch: pytest.MonkeyPatch, temp: Path
) -> None:
    path = write("a.md", article_text())
    before = path.read_bytes()
    monkeypatch.setenv("EDITOR", editor(site, "path.unlink()\nos.mkfifo(path)"))
    ran = start_forked(site, "edit", "nyhet").wait(timeout=60)  # a plain read waits for a writer
    assert ran.returncode == 1, ran.stderr
    (copy,) = left_copies(temp)
    assert f"cannot read the edited copy {copy}: it is no longer a regular file" in ran.stderr
    assert f"newscli: your edited copy is left in {copy}" in ran.stderr
    assert path.read_bytes() == before


def test_a_copy_over_the_bound_is_refused_and_left_where_it_is(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch, temp: Path
) -> None:
    path = write("a.md", article_text())
    before = path.read_bytes()
    grow = 'with path.open("a", encoding="utf-8") as f:\n    f.write("x" * (17 * 1024 * 1024))'
    monkeypatch.setenv("EDITOR", editor(site, grow))
    result = cli("edit", "nyhet")
    assert result.exit_code == 1
    (copy,) = left_copies(temp)
    assert "over the 16,777,216 an article may have" in result.stderr
    assert f"newscli: your edited copy is left in {copy}" in result.stderr
    assert copy.stat().st_size > 17 * 1024 * 1024  # the person's text, whole
    assert path.read_bytes() == before


def test_a_symbolic_link_in_place_of_the_copy_is_not_followed(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch, temp: Path
) -> None:
    path = write("a.md", article_text())
    before = path.read_bytes()
    other = site / "other.md"
    other.write_text(article_text(title="Elsewhere"), encoding="utf-8")
    monkeypatch.setenv("EDITOR", editor(site, f"path.unlink()\npath.symlink_to({str(other)!r})"))
    result = cli("edit", "nyhet")
    assert result.exit_code == 1
    assert "it was replaced by a symbolic link" in result.stderr
    (copy,) = left_copies(temp)
    assert f"newscli: your edited copy is left in {copy}" in result.stderr
    assert path.read_bytes() == before


def test_an_article_folder_that_cannot_be_written_leaves_the_copy_in_the_private_folder(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch, temp: Path
) -> None:
    path = write("a.md", article_text())
    before = path.read_bytes()
    monkeypatch.setenv("EDITOR", editor(site, CHANGE))
    with read_only(site / "articles"):
        result = cli("edit", "nyhet")
    assert result.exit_code == 1
    assert "cannot write in" in result.stderr
    (copy,) = left_copies(temp)
    assert f"newscli: your edited copy is left in {copy}" in result.stderr
    assert "Min text" in copy.read_text(encoding="utf-8")
    assert path.read_bytes() == before


def test_the_question_ended_by_ctrl_d_keeps_the_invalid_copy(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch, temp: Path
) -> None:
    path = write("a.md", article_text())
    before = path.read_bytes()
    monkeypatch.setattr("newscli.cli.output.stdin_is_terminal", lambda: True)
    breaks = 'path.write_text(path.read_text(encoding="utf-8").replace(\'title = "Nyhet"\', \'title = "Ny\'))'
    monkeypatch.setenv("EDITOR", editor(site, breaks))
    result = cli("edit", "nyhet", input="")  # the question "Edit it again?" meets the end of input
    assert result.exit_code == 130
    assert "newscli: interrupted" in result.stderr
    assert f"newscli: your edited copy is kept in articles/{KEPT}" in result.stderr
    assert 'title = "Ny\n' in (site / "articles" / KEPT).read_text(encoding="utf-8")
    assert path.read_bytes() == before
    assert left_copies(temp) == []


def test_a_broken_file_closed_without_change_is_said_to_be_still_broken(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = article_text().replace('title = "Nyhet"', 'title = "Nyhet')  # a TOML syntax error, line 2
    path = write("2026-11-01-nyhet.md", broken)
    monkeypatch.setenv("EDITOR", editor(site, "pass"))
    result = cli("edit", "nyhet")
    assert result.exit_code == 1  # as validate says of it: exit 0 would tell a script it is fixed
    assert "articles/2026-11-01-nyhet.md:2:" in result.stderr
    assert "TOML syntax error" in result.stderr
    assert "no change; articles/2026-11-01-nyhet.md was left as it was, and still has the errors above" in (
        result.stderr
    )
    assert path.read_text(encoding="utf-8") == broken
    assert sorted(p.name for p in (site / "articles").iterdir()) == ["2026-11-01-nyhet.md"]


def test_a_valid_file_closed_without_change_is_still_exit_0(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("a.md", article_text())
    monkeypatch.setenv("EDITOR", editor(site, "pass"))
    result = cli("edit", "nyhet")
    assert result.exit_code == 0
    assert "newscli: no change; articles/a.md was left as it was\n" in result.stderr
