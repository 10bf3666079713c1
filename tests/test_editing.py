"""The editing commands: edit, touch, review, supersede, publish — what they change and what they refuse."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import Invoke, Write, article_text

BOM = "\ufeff"


@pytest.fixture(autouse=True)
def _who(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCLI_USER", "Anna Svensson")


def test_touch_changes_only_its_keys_and_keeps_every_other_byte(cli: Invoke, write: Write) -> None:
    original = (
        f"{BOM}+++\r\n"
        "# a comment\r\n"
        "title = 'Nyhet'   # quoted the other way\r\n"
        'slug = "nyhet"\r\n'
        "date = 2026-11-01\r\n"
        "lastmod   =   2026-11-02 # set by hand\r\n"
        'tags = [\r\n  "a", # first\r\n  "b",\r\n]\r\n'
        "[image]\r\n"
        'src = "x.jpg"\r\n'
        'alt = "X"\r\n'
        "+++\r\n"
        "Brödtext.\r\n"
    )
    path = write("2026-11-01-nyhet.md", original.encode("utf-8"))
    result = cli("touch", "nyhet")
    assert result.exit_code == 0, result.output
    assert result.stdout == "articles/2026-11-01-nyhet.md\n"
    expected = original.replace(
        "lastmod   =   2026-11-02 # set by hand",
        "lastmod   =   2026-11-29T12:00:00+01:00 # set by hand",
    ).replace("]\r\n[image]", ']\r\nmodified_by = "Anna Svensson"\r\n[image]')
    assert path.read_bytes() == expected.encode("utf-8")


def test_touch_adds_missing_keys_before_the_closing_fence(cli: Invoke, write: Write) -> None:
    path = write("a.md", article_text() + "")
    assert cli("touch", "nyhet", "--by", "Bo", "--date", "2026-11-20").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert 'date = 2026-11-01\nlastmod = 2026-11-20\nmodified_by = "Bo"\n+++\n' in text


def test_touch_refuses_a_date_before_the_articles_date(cli: Invoke, write: Write) -> None:
    path = write("a.md", article_text())
    before = path.read_bytes()
    result = cli("touch", "nyhet", "--date", "2026-10-01")
    assert result.exit_code == 2
    assert "before the article's date" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", ["touch", "review"])
def test_a_date_in_the_future_is_refused(cli: Invoke, write: Write, command: str) -> None:
    path = write("a.md", article_text())
    before = path.read_bytes()
    for date in ("2026-11-30", "2026-11-29T12:00:01+01:00", "2027-01-01"):  # now: 2026-11-29T12:00
        result = cli(command, "nyhet", "--date", date)
        assert result.exit_code == 2, (date, result.output)
        assert "is in the future" in result.stderr
    assert path.read_bytes() == before
    assert cli(command, "nyhet", "--date", "2026-11-29").exit_code == 0  # today: midnight, past


def test_review_sets_reviewed_and_leaves_lastmod(cli: Invoke, write: Write) -> None:
    path = write("a.md", article_text(lastmod="2026-11-05"))
    assert cli("review", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "lastmod = 2026-11-05\n" in text
    assert 'reviewed = 2026-11-29T12:00:00+01:00\nreviewed_by = "Anna Svensson"\n' in text


def test_who_comes_from_git_when_nothing_else_names_someone(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    monkeypatch.delenv("NEWSCLI_USER")
    monkeypatch.setenv("HOME", str(site))  # no user-wide git config
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    subprocess.run(["git", "init", "-q", str(site / "articles")], check=True)
    subprocess.run(["git", "-C", str(site / "articles"), "config", "user.name", "Git Person"], check=True)
    path = write("a.md", article_text())
    assert cli("touch", "nyhet").exit_code == 0
    assert 'modified_by = "Git Person"' in path.read_text(encoding="utf-8")
    monkeypatch.setenv("LOGNAME", "login-name")
    subprocess.run(["git", "-C", str(site / "articles"), "config", "--unset", "user.name"], check=True)
    assert cli("touch", "nyhet").exit_code == 0
    assert 'modified_by = "login-name"' in path.read_text(encoding="utf-8")


def test_supersede_sets_old_and_refuses_unknown_self_and_cycles(cli: Invoke, write: Write) -> None:
    old = write("old.md", article_text("Gammal", "gammal", "2026-01-01"))
    new = write("new.md", article_text("Ny", "ny", "2026-11-01"))
    result = cli("supersede", "gammal", "ny")
    assert result.exit_code == 0, result.output
    assert 'superseded_by = "ny"' in old.read_text(encoding="utf-8")
    new_before = new.read_bytes()
    for args, code, words in (
        (("ny", "nyy"), 1, "did you mean ny"),
        (("ny", "ny"), 2, "cannot supersede itself"),
        (("ny", "gammal"), 2, "cycle"),
    ):
        result = cli("supersede", *args)
        assert result.exit_code == code, result.output
        assert words in result.stderr
    assert new.read_bytes() == new_before


def test_supersede_refuses_to_replace_another_successor_without_force(cli: Invoke, write: Write) -> None:
    old = write(
        "2026-01-01-gammal.md", article_text("Gammal", "gammal", "2026-01-01", superseded_by='"mellan"')
    )
    write("2026-02-01-mellan.md", article_text("Mellan", "mellan", "2026-02-01"))
    write("2026-03-01-ny.md", article_text("Ny", "ny", "2026-03-01"))
    before = old.read_bytes()
    result = cli("supersede", "gammal", "ny")
    assert result.exit_code == 2
    assert "gammal is already superseded by mellan; nothing changed" in result.stderr
    assert "newscli supersede gammal ny --force" in result.stderr
    assert old.read_bytes() == before
    again = cli("supersede", "gammal", "mellan")  # what it already says: nothing to do
    assert again.exit_code == 0, again.output
    assert old.read_bytes() == before
    refused = cli("new", "Nyast", "--supersedes", "gammal")
    assert refused.exit_code == 2
    assert "did you mean --supersedes mellan" in refused.stderr
    assert not any(p.name.endswith("-nyast.md") for p in old.parent.iterdir())
    forced = cli("supersede", "gammal", "ny", "--force")
    assert forced.exit_code == 0, forced.output
    assert old.read_text(encoding="utf-8") == before.decode().replace('"mellan"', '"ny"')


def test_publish_removes_draft_sets_date_and_renames(cli: Invoke, write: Write, site: Path) -> None:
    draft = write("2026-12-24-jul.md", article_text("Jul", "jul", "2026-12-24", draft="true"))
    result = cli("publish", "jul")
    assert result.exit_code == 0, result.output
    published = site / "articles" / "2026-11-29-jul.md"
    assert result.stdout == "articles/2026-11-29-jul.md\n"
    assert not draft.exists()
    text = published.read_text(encoding="utf-8")
    assert "draft" not in text
    assert "date = 2026-11-29T12:00:00+01:00\n" in text
    result = cli("publish", "jul")
    assert result.exit_code == 2
    assert "not a draft" in result.stderr


def test_publish_never_overwrites_the_new_name(cli: Invoke, write: Write) -> None:
    draft = write("x.md", article_text("Jul", "jul", "2026-12-24", draft="true"))
    other = write("2026-12-01-jul.md", b"not an article\n")
    before = draft.read_bytes()
    result = cli("publish", "jul", "--date", "2026-12-01")
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert draft.read_bytes() == before
    assert other.read_bytes() == b"not an article\n"


def test_publish_of_a_scheduled_or_published_article_says_which_and_what_to_do(
    cli: Invoke, write: Write
) -> None:
    scheduled = write("2026-12-15-jul.md", article_text("Jul", "jul", "2026-12-15T08:00:00+01:00"))
    published = write("2021-03-15-avfall.md", article_text("Avfall", "avfall", "2021-03-15"))
    before = scheduled.read_bytes(), published.read_bytes()
    result = cli("publish", "jul")
    assert result.exit_code == 2
    assert (
        "jul is not a draft: it is scheduled, and is published by itself on 2026-12-15 08:00" in result.stderr
    )
    assert "`newscli edit jul`" in result.stderr
    assert "touch" not in result.stderr  # a scheduled article has no change to stamp
    result = cli("publish", "avfall")
    assert result.exit_code == 2
    assert "avfall is not a draft: it was already published on 2021-03-15 00:00" in result.stderr
    assert "`newscli touch avfall`" in result.stderr
    assert (scheduled.read_bytes(), published.read_bytes()) == before


def test_publish_finishes_an_interrupted_rename(cli: Invoke, write: Write, site: Path) -> None:
    # What a publish killed between linking the new name and removing the old one leaves.
    old = write("2026-12-24-jul.md", article_text("Jul", "jul", "2026-11-29T12:00:00+01:00"))
    new = site / "articles" / "2026-11-29-jul.md"
    os.link(old, new)
    result = cli("publish", "jul")
    assert result.exit_code == 0, result.output
    assert not old.exists()
    assert new.stat().st_nlink == 1


def test_a_file_changed_meanwhile_is_not_replaced_and_the_new_version_is_kept(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newscli.core.writing import durable

    path = write("a.md", article_text())
    real_replace = durable.replace

    def colleague_saves_first(snapshot: durable.Snapshot, data: bytes, *args: object) -> None:
        path.write_text(article_text(body="Kollegans text.\n"), encoding="utf-8")
        real_replace(snapshot, data, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(durable, "replace", colleague_saves_first)
    result = cli("touch", "nyhet")
    assert result.exit_code == 1
    assert "changed or moved since newscli read it" in result.stderr
    kept = site / "articles" / "a.md.kept-20261129-120000"
    assert f"kept in articles/{kept.name}" in result.stderr
    assert "Kollegans text." in path.read_text(encoding="utf-8")
    assert "modified_by" in kept.read_text(encoding="utf-8")


EDITOR = """\
import sys, pathlib
path = pathlib.Path(sys.argv[1])
text = path.read_text(encoding="utf-8")
path.write_text(text.replace({old!r}, {new!r}), encoding="utf-8")
"""


def _editor(site: Path, old: str, new: str) -> str:
    script = site / "editor.py"
    script.write_text(EDITOR.format(old=old, new=new), encoding="utf-8")
    return f"{sys.executable} {script}"


def test_edit_saves_a_valid_change_and_stamps_it(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("a.md", article_text(body="Gammal text.\r\n"))
    monkeypatch.setenv("EDITOR", _editor(site, "Gammal", "Ny"))
    result = cli("edit", "nyhet")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "Ny text." in text
    assert 'lastmod = 2026-11-29T12:00:00+01:00\nmodified_by = "Anna Svensson"\n+++' in text


def test_edit_unchanged_changes_nothing(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("a.md", article_text())
    before = path.read_bytes(), path.stat().st_mtime_ns
    monkeypatch.setenv("EDITOR", _editor(site, "no such text", "x"))
    result = cli("edit", "nyhet")
    assert result.exit_code == 0
    assert "no change" in result.stderr
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_edit_invalid_on_a_pipe_keeps_the_original_and_the_copy(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("a.md", article_text())
    before = path.read_bytes()
    monkeypatch.setenv("EDITOR", _editor(site, 'title = "Nyhet"', 'title = "Nyhet'))
    result = cli("edit", "nyhet")
    assert result.exit_code == 1
    assert "TOML syntax error" in result.stderr
    kept = site / "articles" / "a.md.kept-20261129-120000"
    assert f"kept in articles/{kept.name}" in result.stderr
    # The problem's line and column are the kept copy's, so the message names the copy.
    assert f"articles/{kept.name}:2:" in result.stderr
    assert "articles/a.md:2:" not in result.stderr
    assert path.read_bytes() == before
    assert 'title = "Nyhet\n' in kept.read_text(encoding="utf-8")


def test_the_question_after_an_invalid_edit_is_asked_in_swedish_and_answered_with_j(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At a terminal an invalid edit asks whether to edit again, [J/n] in Swedish (yes is the
    # default); answering "j" opens the editor again, "n" keeps the original and the copy.
    path = write("a.md", article_text())
    before = path.read_bytes()
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    monkeypatch.setattr("newscli.cli.output.stdin_is_terminal", lambda: True)
    monkeypatch.setenv("EDITOR", _editor(site, 'title = "Nyhet"', 'title = "Nyhet'))
    result = cli("edit", "nyhet", input="j\nn\n")
    assert result.exit_code == 1, result.output
    assert result.stderr.count("Redigera den igen? [J/n]") == 2, result.stderr
    assert "[Y/n]" not in result.stderr
    assert path.read_bytes() == before


BROKEN = article_text().replace('title = "Nyhet"', 'title = "Nyhet')  # a TOML syntax error on line 2


def test_edit_opens_a_broken_file_by_slug_and_saves_it_once_valid(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An editor is how a person fixes broken TOML: the slug is found from the file's name.
    path = write("2026-11-01-nyhet.md", BROKEN)
    monkeypatch.setenv("EDITOR", _editor(site, 'title = "Nyhet\n', 'title = "Nyhet"\n'))
    result = cli("edit", "nyhet")
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert text.startswith('+++\ntitle = "Nyhet"\nslug = "nyhet"\n')
    assert 'lastmod = 2026-11-29T12:00:00+01:00\nmodified_by = "Anna Svensson"\n+++' in text
    assert cli("validate").exit_code == 0


def test_edit_a_broken_file_by_path_keeps_it_until_the_copy_is_valid(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("2026-11-01-nyhet.md", BROKEN)
    monkeypatch.setenv("EDITOR", _editor(site, "Brödtext", "Ny brödtext"))  # the error stays
    result = cli("edit", "articles/2026-11-01-nyhet.md")
    assert result.exit_code == 1
    assert "TOML syntax error" in result.stderr
    assert path.read_text(encoding="utf-8") == BROKEN
    assert (site / "articles" / "2026-11-01-nyhet.md.kept-20261129-120000").exists()


@pytest.mark.parametrize("command", ["touch", "review", "publish"])
def test_a_broken_file_by_slug_is_named_with_its_error_not_unknown(
    cli: Invoke, write: Write, command: str
) -> None:
    path = write("2026-11-01-nyhet.md", BROKEN)
    # A file whose TOML reads but lacks a date claims its slug in its front matter.
    claimed = write("utan-datum.md", '+++\ntitle = "Annan"\nslug = "annan"\n+++\nText\n')
    for slug, shown in (
        ("nyhet", "articles/2026-11-01-nyhet.md:2:"),
        ("annan", "articles/utan-datum.md:1:1"),
    ):
        result = cli(command, slug)
        assert result.exit_code == 1, result.output
        assert "no article with the slug" not in result.stderr
        assert f"newscli: error: {shown}" in result.stderr, result.stderr
        assert f"newscli edit {slug}" in result.stderr or "hint:" in result.stderr
    assert path.read_text(encoding="utf-8") == BROKEN
    assert "lastmod" not in claimed.read_text(encoding="utf-8")


def test_show_names_a_broken_file_by_slug_with_its_error_not_unknown(cli: Invoke, write: Write) -> None:
    write("2026-11-01-nyhet.md", BROKEN)
    result = cli("show", "nyhet")
    assert result.exit_code == 1, result.output
    assert "no article" not in result.stderr
    assert "newscli: error: articles/2026-11-01-nyhet.md:2:" in result.stderr, result.stderr
    assert "newscli edit nyhet" in result.stderr


def test_a_broken_successor_by_slug_is_named_with_its_error_not_unknown(
    cli: Invoke, write: Write, site: Path
) -> None:
    # NEW in supersede, and new --superseded-by: the successor's file has errors, so it is named
    # with its first problem (and the hint to edit it), as touch, review and publish name theirs.
    old = write("2026-01-01-gammal.md", article_text("Gammal", "gammal", "2026-01-01"))
    write("2026-11-01-nyhet.md", BROKEN)
    for args in (
        ["supersede", "gammal", "nyhet"],
        ["new", "Nya regler", "--superseded-by", "nyhet"],
    ):
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "no article" not in result.stderr, args
        assert "newscli: error: articles/2026-11-01-nyhet.md:2:" in result.stderr, (args, result.stderr)
        assert "newscli edit nyhet" in result.stderr, args
    assert "superseded_by" not in old.read_text(encoding="utf-8")
    assert sorted(p.name for p in (site / "articles").iterdir()) == [
        "2026-01-01-gammal.md",
        "2026-11-01-nyhet.md",
    ]


def test_edit_refuses_a_slug_another_article_has(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("b.md", article_text("Annan", "annan"))
    path = write("a.md", article_text())
    before = path.read_bytes()
    monkeypatch.setenv("EDITOR", _editor(site, 'slug = "nyhet"', 'slug = "annan"'))
    result = cli("edit", "nyhet")
    assert result.exit_code == 1
    assert "already used by" in result.stderr
    assert path.read_bytes() == before


def test_edit_without_an_editor_is_a_usage_error(
    cli: Invoke, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("a.md", article_text())
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    result = cli("edit", "nyhet")
    assert result.exit_code == 2
    assert "$EDITOR" in result.stderr


def test_new_supersedes_creates_and_links_in_one_command(cli: Invoke, write: Write) -> None:
    old = write("2026-01-01-gammal.md", article_text("Gammal", "gammal", "2026-01-01"))
    result = cli("new", "Nya regler", "--supersedes", "gammal")
    assert result.exit_code == 0, result.output
    assert result.stdout == "articles/2026-11-29-nya-regler.md\n"
    assert 'superseded_by = "nya-regler"' in old.read_text(encoding="utf-8")


def test_new_supersedes_an_unknown_article_writes_nothing(cli: Invoke, write: Write, site: Path) -> None:
    write("2026-01-01-gammal.md", article_text("Gammal", "gammal", "2026-01-01"))
    result = cli("new", "Nya regler", "--supersedes", "gamal")
    assert result.exit_code == 1
    assert "did you mean gammal" in result.stderr
    assert not (site / "articles" / "2026-11-29-nya-regler.md").exists()


def test_an_unknown_slug_is_exit_1_in_new_as_everywhere(cli: Invoke, write: Write) -> None:
    write("2026-01-01-gammal.md", article_text("Gammal", "gammal", "2026-01-01"))
    for args in (
        ["new", "Nya regler", "--supersedes", "gamal"],
        ["new", "Nya regler", "--superseded-by", "gamal"],
        ["supersede", "gammal", "gamal"],
        ["touch", "gamal"],
        ["show", "gamal"],
    ):
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "did you mean gammal" in result.stderr, args


def test_new_superseded_by_an_unknown_slug_is_refused(cli: Invoke, write: Write, site: Path) -> None:
    write("2026-01-01-gammal.md", article_text("Gammal", "gammal", "2026-01-01"))
    result = cli("new", "Nya regler", "--superseded-by", "gamal")
    assert result.exit_code == 1  # an unknown slug, as with --supersedes and every other command
    assert "no article has that slug" in result.stderr
    assert "did you mean gammal" in result.stderr
    assert sorted(p.name for p in (site / "articles").iterdir()) == ["2026-01-01-gammal.md"]


def test_new_section_and_the_current_subfolder(
    cli: Invoke, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("new", "Trafiknytt", "--section", "trafik").exit_code == 0
    assert (site / "articles" / "trafik" / "2026-11-29-trafiknytt.md").is_file()
    monkeypatch.chdir(site / "articles" / "trafik")
    assert cli("new", "Trafiknytt två").exit_code == 0
    assert (site / "articles" / "trafik" / "2026-11-29-trafiknytt-tva.md").is_file()
    for bad in ("archive", "../ut", ".dold", "_mall"):
        result = cli("new", "X", "--section", bad)
        assert result.exit_code == 2, bad
    assert not (site / "ut").exists()


def test_restore_archive_after_keeps_the_article_live(cli: Invoke, write: Write, site: Path) -> None:
    write("archive/2022/2022-12-07-gammal.md", article_text("Gammal", "gammal", "2022-12-07"))
    result = cli("restore", "gammal", "--archive-after", "never")
    assert result.exit_code == 0, result.output
    restored = site / "articles" / "2022-12-07-gammal.md"
    assert restored.read_text(encoding="utf-8") == article_text("Gammal", "gammal", "2022-12-07").replace(
        "+++\n\nBrödtext", 'archive_after = "never"\n+++\n\nBrödtext'
    )
    result = cli("restore", "gammal", "--archive-after", "soon")
    assert result.exit_code == 2


def test_restore_archive_after_of_a_live_article_says_what_it_does(cli: Invoke, write: Write) -> None:
    path = write("2022-12-07-gammal.md", article_text("Gammal", "gammal", "2022-12-07"))
    dry = cli("restore", "gammal", "--archive-after", "never", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "nothing to move" in dry.stderr
    assert "would set archive_after = 'never'" in dry.stderr
    assert "nothing to do" not in dry.stderr
    result = cli("restore", "gammal", "--archive-after", "never")
    assert result.exit_code == 0, result.output
    assert "is not archived: it is live at articles/2022-12-07-gammal.md; nothing to move" in result.stderr
    assert "set archive_after = 'never' in articles/2022-12-07-gammal.md" in result.stderr
    assert "nothing to do" not in result.stderr  # it did something: the message says so
    assert 'archive_after = "never"' in path.read_text(encoding="utf-8")
    before = path.read_bytes(), path.stat().st_mtime_ns
    again = cli("restore", "gammal", "--archive-after", "never")
    assert again.exit_code == 0, again.output
    assert "with archive_after = 'never'; nothing to do" in again.stderr
    assert "set archive_after" not in again.stderr
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before  # and nothing was done


def test_edit_then_publish_a_draft_leaves_no_stray_modified_by(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", _editor(site, "Brödtext", "Ny brödtext"))
    # A draft dated after now: edit stamps neither lastmod nor modified_by (the pair or nothing).
    later = write("2026-12-03-senare.md", article_text("Senare", "senare", "2026-12-03", draft="true"))
    result = cli("edit", "senare")
    assert result.exit_code == 0, result.output
    text = later.read_text(encoding="utf-8")
    assert "Ny brödtext" in text
    assert "modified_by" not in text
    assert "lastmod" not in text
    # A draft dated before now: edit stamps the pair; publish (date = now) removes the pair.
    write("2026-11-01-tidigare.md", article_text("Tidigare", "tidigare", "2026-11-01", draft="true"))
    assert cli("edit", "tidigare").exit_code == 0
    published = cli("publish", "tidigare", "--now", "2026-11-29T13:00:00+01:00")
    assert published.exit_code == 0, published.output
    text = (site / "articles" / "2026-11-29-tidigare.md").read_text(encoding="utf-8")
    assert "modified_by" not in text
    assert "lastmod" not in text
    assert "draft" not in text


def test_edit_refuses_a_new_slug_while_another_article_names_the_old_one(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # gammal.superseded_by = "nyhet": renamed to "nyheten", it would name no article (validate fails).
    old = write(
        "2026-01-01-gammal.md", article_text("Gammal", "gammal", "2026-01-01", superseded_by='"nyhet"')
    )
    path = write("2026-11-01-nyhet.md", article_text())
    before = {p.name: p.read_bytes() for p in (site / "articles").iterdir()}
    monkeypatch.setenv("EDITOR", _editor(site, 'slug = "nyhet"', 'slug = "nyheten"'))
    result = cli("edit", "nyhet")
    assert result.exit_code == 1, result.output
    assert "the slug nyhet is named by superseded_by in articles/2026-01-01-gammal.md" in result.stderr
    assert "keep the slug nyhet, or change them first" in result.stderr
    assert "your edited copy is kept in" in result.stderr
    after = {p.name: p.read_bytes() for p in (site / "articles").iterdir()}
    kept = [name for name in after if name not in before]
    assert len(kept) == 1, after.keys()
    assert kept[0].startswith("2026-11-01-nyhet.md.kept-")
    assert 'slug = "nyheten"' in after[kept[0]].decode("utf-8")
    del after[kept[0]]
    assert after == before  # the article and the one naming it, byte for byte
    assert path.read_bytes() == before[path.name]
    assert old.read_bytes() == before[old.name]
    assert cli("validate").exit_code == 0


def test_edit_says_in_swedish_which_articles_name_the_old_slug(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    write("2026-01-01-gammal.md", article_text("Gammal", "gammal", "2026-01-01", superseded_by='"nyhet"'))
    write("2026-11-01-nyhet.md", article_text())
    monkeypatch.setenv("EDITOR", _editor(site, 'slug = "nyhet"', 'slug = "nyheten"'))
    result = cli("edit", "nyhet")
    assert result.exit_code == 1, result.output
    assert "sluggen nyhet anges i superseded_by i articles/2026-01-01-gammal.md" in result.stderr


def test_edit_may_change_a_slug_no_article_names(
    cli: Invoke, write: Write, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # gammal is superseded by another article, not by this one: the rename is allowed as before.
    write("2026-01-01-gammal.md", article_text("Gammal", "gammal", "2026-01-01", superseded_by='"annan"'))
    write("2026-10-01-annan.md", article_text("Annan", "annan", "2026-10-01"))
    path = write("2026-11-01-nyhet.md", article_text())
    monkeypatch.setenv("EDITOR", _editor(site, 'slug = "nyhet"', 'slug = "nyheten"'))
    result = cli("edit", "nyhet")
    assert result.exit_code == 0, result.output
    assert 'slug = "nyheten"' in path.read_text(encoding="utf-8")
    assert not [p for p in (site / "articles").iterdir() if ".kept-" in p.name]


def test_the_editing_actions_are_a_strenum_of_their_names() -> None:
    # A closed set of values is a StrEnum (docs/development.md), its values what they say.
    from enum import StrEnum

    from newscli.core.usecases.editing.report import Action

    assert issubclass(Action, StrEnum)
    assert [f"{action}" for action in Action] == [
        "edit",
        "touch",
        "review",
        "supersede",
        "publish",
        "archive-after",
    ]
