"""The metadata cache: it may make a run faster, never different."""

from __future__ import annotations

import marshal
import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from conftest import Invoke, Write, article_text

from newscli.core.folder import cache, cachedir


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are seconds old at once: the racy window is shifted, not waited out."""
    monkeypatch.setattr(cachedir, "RACY_SECONDS", -3600.0)


def test_same_output_with_and_without_cache(
    site: Path, write: Write, cli: Invoke, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in range(1, 10):
        write(f"2024-01-0{day}-n{day}.md", article_text(f"Nyhet {day}", f"n{day}", f"2024-01-0{day}"))
    first = cli("list", "--format", "json")
    assert list((site / "cache").iterdir())  # the cache was written
    second = cli("list", "--format", "json")
    monkeypatch.setenv("NEWSCLI_CACHE", "0")
    uncached = cli("list", "--format", "json")
    assert first.stdout == second.stdout == uncached.stdout


def test_a_change_with_the_same_size_and_mtime_is_seen(
    site: Path, write: Write, cli: Invoke, settled: None
) -> None:
    path = write("2024-01-01-a.md", article_text("Aaaa", "a", "2024-01-01"))
    assert "Aaaa" in cli("list").stdout
    before = path.stat()
    path.write_text(article_text("Bbbb", "a", "2024-01-01"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime: only ctime moved
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    out = cli("list").stdout
    assert "Bbbb" in out
    assert "Aaaa" not in out


def test_a_replaced_file_is_seen(site: Path, write: Write, cli: Invoke, settled: None) -> None:
    path = write("2024-01-01-a.md", article_text("Aaaa", "a", "2024-01-01"))
    cli("list")
    other = site / "new.md"
    other.write_text(article_text("Cccc", "a", "2024-01-01"), encoding="utf-8")
    os.replace(other, path)
    assert "Cccc" in cli("list").stdout


def test_fresh_files_are_not_cached(site: Path, write: Write, cli: Invoke) -> None:
    write("2024-01-01-a.md", article_text("Aaaa", "a", "2024-01-01"))
    assert cli("list").exit_code == 0
    assert not (site / "cache").exists() or not any((site / "cache").iterdir())


def test_unwritable_cache_folder_is_only_slower(site: Path, write: Write, cli: Invoke, settled: None) -> None:
    write("2024-01-01-a.md", article_text("Aaaa", "a", "2024-01-01"))
    (site / "cache").write_text("a file where the folder should be", encoding="utf-8")
    result = cli("list")
    assert result.exit_code == 0, result.output
    assert "Aaaa" in result.stdout


def test_damaged_cache_is_ignored(site: Path, write: Write, cli: Invoke, settled: None) -> None:
    write("2024-01-01-a.md", article_text("Aaaa", "a", "2024-01-01"))
    cli("list")
    for entry in (site / "cache").iterdir():
        entry.write_bytes(b"\x80\x05garbage")
    result = cli("list")
    assert result.exit_code == 0, result.output
    assert "Aaaa" in result.stdout


def test_deleted_files_leave_the_cache(site: Path, write: Write, cli: Invoke, settled: None) -> None:
    path = write("2024-01-01-a.md", article_text("Aaaa", "a", "2024-01-01"))
    write("2024-01-02-b.md", article_text("Bbbb", "b", "2024-01-02"))
    cli("list")
    path.unlink()
    out = cli("list").stdout
    assert "Aaaa" not in out
    assert "Bbbb" in out


def test_validate_same_report_with_and_without_cache(
    site: Path, write: Write, cli: Invoke, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("2024-01-01-a.md", article_text("A", "dubbel", "2024-01-01", superseded_by='"saknas"'))
    write("2024-01-02-b.md", article_text("B", "dubbel", "2024-01-02", titel='"x"'))
    write("2024-01-03-c.md", "+++\ntitle = “Citat”\n+++\n")
    write("archive/2020/2020-01-01-d.md", article_text("D", "d", "2020-01-01", draft="true"))
    first = cli("validate", "--format", "json")
    second = cli("validate", "--format", "json")
    named = cli("validate", "articles/2024-01-02-b.md")
    monkeypatch.setenv("NEWSCLI_CACHE", "0")
    uncached = cli("validate", "--format", "json")
    assert first.exit_code == second.exit_code == uncached.exit_code == 1
    assert first.stdout == second.stdout == uncached.stdout
    for rule in ("slug-duplicate", "superseded-unknown", "key-unknown", "toml-syntax", "draft-archived"):
        assert rule in first.stdout
    assert "also used by articles/2024-01-01-a.md" in named.stdout  # others come from the cache


def test_validate_sees_a_change(site: Path, write: Write, cli: Invoke, settled: None) -> None:
    path = write("2024-01-01-a.md", article_text("A", "a", "2024-01-01", lead='"Ingress."'))
    assert cli("validate").exit_code == 0
    path.write_text(article_text("A", "a", "2024-01-01", lead="3"), encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 1
    assert "'lead' must be a string" in result.stdout


def test_cache_written_in_chunks_reads_back_whole(
    site: Path, write: Write, cli: Invoke, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "_CHUNK", 2)
    for day in range(1, 8):
        write(f"2024-01-0{day}-n{day}.md", article_text(f"Nyhet {day}", f"n{day}", f"2024-01-0{day}"))
    first = cli("list", "--format", "json").stdout
    (entry,) = (p for p in (site / "cache").iterdir() if p.suffix != ".slugs")  # not completion's index
    header, *chunks = _records(entry)
    assert header[:2] == ("newscli-cache", 3)
    assert [len(names) for names, _, _ in chunks] == [2, 2, 2, 1]  # four chunks, every entry
    assert cli("list", "--format", "json").stdout == first


@pytest.mark.parametrize("command", [("validate", "--format", "json"), ("list", "--all", "--format", "json")])
def test_reading_on_two_cores_gives_exactly_what_one_gives(
    site: Path, write: Write, cli: Invoke, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    from newscli.core.folder import parallel

    for day in range(1, 10):
        write(
            f"2024-01-0{day}-n{day}.md", article_text(f"N {day}", f"n{day}", f"2024-01-0{day}", lead='"L."')
        )
    write("2024-02-01-dubbel.md", article_text("D", "n1", "2024-02-01", titel='"x"'))
    write("2024-02-02-trasig.md", "+++\ntitle = “Citat”\n+++\n")
    old = article_text("G", "gammal", "2020-01-01", superseded_by='"n2"')
    write("archive/2020/2020-01-01-gammal.md", old)
    monkeypatch.setenv("NEWSCLI_CACHE", "0")
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 10**9)
    one = cli(*command)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    two = cli(*command)
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    assert "toml-syntax" in two.stdout
    assert ("slug-duplicate" if command[0] == "validate" else '"gammal"') in two.stdout


def _records(path: Path) -> list[Any]:
    """The cache file's records: each an 8-byte length, then that many bytes of marshal."""
    data, at, found = path.read_bytes(), 0, []
    while at < len(data):
        size = int.from_bytes(data[at : at + 8], "little")
        found.append(marshal.loads(data[at + 8 : at + 8 + size]))
        at += 8 + size
    return found


def _write_records(path: Path, records: list[Any]) -> None:
    with path.open("wb") as handle:
        for record in records:
            data = marshal.dumps(record)
            handle.write(len(data).to_bytes(8, "little") + data)


class _Payload:
    """What a forged pickle would run on loading: it must never be loaded."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch ran-code",))


def test_the_cache_holds_only_data(site: Path, write: Write, cli: Invoke, settled: None) -> None:
    """A cache folder others can write to must not let them run code, nor break a run."""
    write("2024-01-01-a.md", article_text("Aaaa", "a", "2024-01-01"))
    first = cli("list", "--format", "json").stdout
    (entry,) = (p for p in (site / "cache").iterdir() if p.suffix != ".slugs")  # not completion's index
    header, chunk = _records(entry)
    names, keys, (mask, columns, problems, claimed) = chunk
    assert names == ("2024-01-01-a.md",)
    assert columns[0] == ("Aaaa",)  # plain data, a column per field
    assert columns[2] == ((2024, 1, 1, 0, 0, 0, 0),)
    entry.write_bytes(pickle.dumps(_Payload()))
    assert cli("list", "--format", "json").stdout == first
    assert not (site / "ran-code").exists()
    forged = (mask, (columns[0], columns[1], ({"not": "a date"},), *columns[3:]), problems, claimed)
    _write_records(entry, [header, (names, keys, forged)])  # right key, wrong shape: read the file
    assert cli("list", "--format", "json").stdout == first
    _write_records(entry, [header, (names, keys, (mask, (([1],), *columns[1:]), problems, claimed))])
    assert cli("list", "--format", "json").stdout == first


def test_cache_folder_is_the_platforms(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSCLI_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(site / "xdg"))
    assert cachedir.cache_folder() == site / "xdg" / "newscli"
    monkeypatch.setenv("NEWSCLI_CACHE_DIR", str(site / "own"))
    assert cachedir.cache_folder() == site / "own"
    monkeypatch.setenv("NEWSCLI_CACHE", "0")
    assert cachedir.cache_folder() is None


def test_a_folder_of_only_broken_files_is_cached_too(
    site: Path, write: Write, cli: Invoke, settled: None
) -> None:
    write("2024-01-01-a.md", "+++\ntitle = “Citat”\n+++\n")  # no summary at all: an empty column
    first = cli("list", "--format", "json")
    assert first.exit_code == 1, first.output
    assert list((site / "cache").iterdir())
    again = cli("list", "--format", "json")
    assert (again.exit_code, again.stdout, again.stderr) == (1, first.stdout, first.stderr)


def _cached_names(site: Path) -> set[str]:
    """The file names every cache file of the test's cache folder holds an entry for."""
    names: set[str] = set()
    for entry in (site / "cache").iterdir():
        if entry.suffix == ".cache":
            for record_names, _keys, _values in _records(entry)[1:]:
                names.update(record_names)
    return names


def test_validate_caches_files_with_warnings_and_says_them_in_swedish_from_the_cache(
    site: Path, write: Write, cli: Invoke, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warning is a Message (translated where shown): it used to make the whole cache unwritable."""
    write("2024-01-01-a.md", article_text("A", "a", "2024-01-01", athor='"x"'))  # key-unknown, lead-missing
    write("2024-01-02-b.md", article_text("B", "b", "2024-01-02", lead='"Ingress."'))
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    first = cli("validate")
    assert "okänd nyckel 'athor'" in first.stdout
    assert _cached_names(site) >= {"2024-01-01-a.md", "2024-01-02-b.md"}
    again = cli("validate")
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    monkeypatch.setenv("NEWSCLI_CACHE", "0")
    assert cli("validate").stdout == first.stdout


def test_a_file_whose_problem_cannot_be_stored_leaves_the_others_cached(
    site: Path, write: Write, cli: Invoke, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A message holding a value the cache does not store (here the duration's error itself, as
    # messages once held it) keeps only that file out of the cache: it is read every time.
    from newscli.core.reading import fields

    monkeypatch.setattr(fields, "message_of", lambda exc: exc)
    write("2024-01-01-a.md", article_text("A", "a", "2024-01-01", stale_after='"sju veckor"'))
    write("2024-01-02-b.md", article_text("B", "b", "2024-01-02"))
    first = cli("list", "--format", "json")
    assert "stale_after" in first.stderr
    assert "2024-01-02-b.md" in _cached_names(site)
    assert "2024-01-01-a.md" not in _cached_names(site)
    again = cli("list", "--format", "json")
    assert (again.exit_code, again.stdout, again.stderr) == (first.exit_code, first.stdout, first.stderr)


def test_a_bad_duration_is_cached_and_said_in_swedish_from_the_cache(
    site: Path, write: Write, cli: Invoke, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("2024-01-01-a.md", article_text("A", "a", "2024-01-01", stale_after='"sju veckor"'))
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    first = cli("validate")
    assert "'stale_after': inte en varaktighet: 'sju veckor'" in first.stdout
    assert "2024-01-01-a.md" in _cached_names(site)
    assert cli("validate").stdout == first.stdout


def test_a_packed_summary_is_its_articles_summary() -> None:
    """What list stores and rebuilds of a file (its checked fields, cut to a summary's) is field for
    field the summary of the article that show reads from the same file."""
    from zoneinfo import ZoneInfo

    from newscli.core.folder.corpus import entry_of, pack, packed_of
    from newscli.core.folder.discover import Found
    from newscli.core.reading.article import load_bytes

    text = article_text(
        "Rubrik",
        "rubrik",
        "2024-03-01T08:00:00+01:00",
        lastmod="2024-03-02",
        modified_by='"Ana"',
        author='"Bo"',
        lead='"Ingress"',
        tags='["trafik", "skola"]',
        draft="true",
        language='"sv"',
        evergreen="true",
        stale_after='"6m"',
        superseded_by='"annan"',
        reviewed="2024-04-01",
        reviewed_by='"Cy"',
        archive_after='"5y"',
        image='{src = "a.jpg", alt = "Alt"}',
    )
    loaded = load_bytes(text.encode(), "a.md", "a.md", False, ZoneInfo("Europe/Stockholm"))
    assert loaded.article is not None
    assert not loaded.diagnostics
    entry = entry_of(Found("a.md", "a.md", False, "a.md"), pack(loaded))
    assert packed_of(entry) == pack(loaded)  # what the cache stores of a file read on two cores
    assert entry.summary == loaded.article.summary()
    assert entry.summary.reviewed_by == "Cy"
    assert entry.summary.tags == ("trafik", "skola")
