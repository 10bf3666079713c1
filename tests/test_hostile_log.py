"""The archive log under hostile content: nothing in it can crash or hang a run; a damaged line is
reported and skipped; every file name the archive writes to it reads back."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from conftest import Invoke, Write, article_text
from test_hostile_output import Ran, run

LOG = ".newscli-archive.log"
OLD = "2022-12-07"  # due on 2026-11-29 (archive_after 2y)


def bounded(args: list[str]) -> Ran:
    """``run`` with an alarm: a hang fails the test instead of blocking the suite (no timing is
    asserted). In the main thread: a signal interrupts a blocking open() of a FIFO."""

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"newscli {' '.join(args)} hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(120)
    try:
        return run(args, False)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


DAMAGED = [
    b"[" * 3000,
    b'{"v": 1, "id": ' + b"[" * 3000 + b"]" * 3000 + b"}",
    b"{" * 5000,
    b'{"v": 1, "id": "' + b"\xff\xfe" + b'"}',
    b"\x00\x00\x00garbage",
    b'{"v": 1, "time": 5, "id": "00000000000000000000000000000000", "action": "archive"}',
    b'{"v": 1, "time": "t", "id": "0123456789abcdef0123456789abcdef", "action": "archive", '
    b'"state": "intent", "from": "../../etc/passwd.md", "to": "archive/2020/x.md"}',
    b"[]",
    b'"text"',
]


@pytest.mark.parametrize("line", DAMAGED, ids=range(len(DAMAGED)))
def test_a_damaged_line_is_reported_and_skipped(site: Path, write: Write, line: bytes) -> None:
    write(f"{OLD}-a.md", article_text(title="A", slug="a", date=OLD))
    (site / "articles" / LOG).write_bytes(line + b"\n")
    for args in (["archive", "--dry-run"], ["archive", "--history"], ["archive", "--yes"], ["restore", "a"]):
        ran = bounded(args)
        assert ran.code == 0, (args, ran.err)
        assert "internal error" not in ran.err
        assert "1 line of the archive log could not be read" in ran.err, args
    assert (site / "articles" / "2022-12-07-a.md").is_file()  # archived, then restored
    history = json.loads(bounded(["archive", "--history", "--format", "json"]).out)
    assert history["unreadable_lines"] == 1
    assert [e["action"] for e in history["entries"]] == ["archive", "restore"]


@pytest.mark.parametrize("name", [LOG, ".newscli-archive.lock"])
def test_a_fifo_in_place_of_the_log_or_lock_never_hangs(site: Path, write: Write, name: str) -> None:
    write(f"{OLD}-a.md", article_text(title="A", slug="a", date=OLD))
    os.mkfifo(site / "articles" / name)
    for args in (["archive", "--dry-run"], ["archive", "--history"], ["archive", "--yes"], ["restore", "a"]):
        ran = bounded(args)
        assert "internal error" not in ran.err, args
        if name == LOG:
            assert ran.code == 1, (args, ran.err)
            assert "not a regular file" in ran.err, args
    assert (site / "articles" / f"{OLD}-a.md").is_file() or (site / "articles" / "archive").is_dir()


def test_a_folder_in_place_of_the_log(site: Path, write: Write) -> None:
    write(f"{OLD}-a.md", article_text(title="A", slug="a", date=OLD))
    (site / "articles" / LOG).mkdir()
    for args in (["archive", "--dry-run"], ["archive", "--history"], ["archive", "--yes"]):
        ran = bounded(args)
        assert ran.code == 1, (args, ran.err)
        assert "internal error" not in ran.err
    assert (site / "articles" / f"{OLD}-a.md").is_file()  # nothing moved unrecorded


def test_a_log_over_the_bound_is_refused_unread_and_kept(site: Path, write: Write) -> None:
    write(f"{OLD}-a.md", article_text(title="A", slug="a", date=OLD))
    log = site / "articles" / LOG
    log.write_bytes(b'{"v": 1}\n')
    os.truncate(log, 128 * 1024 * 1024 + 1)  # sparse: a planted huge file, over the bound by one byte
    for args in (["archive", "--dry-run"], ["archive", "--history"], ["archive", "--yes"], ["restore", "a"]):
        ran = bounded(args)
        assert ran.code == 1, (args, ran.err)
        assert "internal error" not in ran.err
        said = "134,217,729 bytes, over the 134,217,728 a log may have; nothing moved"
        assert said in ran.err, (args, ran.err)
    assert (site / "articles" / f"{OLD}-a.md").is_file()  # nothing moved
    assert log.stat().st_size == 128 * 1024 * 1024 + 1  # nor the log written to: kept as it was
    assert log.read_bytes()[:9] == b'{"v": 1}\n'


@pytest.mark.parametrize("name", ["a\\b.md", "back\\slash\\.md", "trafik\\2022\\x.md"])
def test_file_names_with_a_backslash_round_trip(site: Path, write: Write, cli: Invoke, name: str) -> None:
    write(f"trafik/{name}", article_text(title="B", slug="bs", date=OLD))
    moved = cli("archive", "--yes")
    assert moved.exit_code == 0, moved.output
    archived = site / "articles" / "archive" / "2022" / name
    assert archived.is_file()
    history = json.loads(cli("archive", "--history", "--format", "json").stdout)
    assert history["unreadable_lines"] == 0
    assert [(e["from"], e["to"]) for e in history["entries"]] == [
        (f"articles/trafik/{name}", f"articles/archive/2022/{name}")
    ]
    restored = cli("restore", "bs")
    assert restored.exit_code == 0, restored.output
    assert (site / "articles" / "trafik" / name).is_file()  # back in its own folder, from the log


def test_an_interrupted_move_of_a_backslash_name_is_recovered(site: Path, write: Write, cli: Invoke) -> None:
    name = "a\\b.md"
    path = write(name, article_text(title="B", slug="bs", date=OLD))
    (site / "articles" / "archive" / "2022").mkdir(parents=True)
    os.link(path, site / "articles" / "archive" / "2022" / name)  # linked, not yet unlinked: a crash here
    intent = {
        "v": 1,
        "time": "2026-11-29T03:00:00+01:00",
        "id": "0123456789abcdef0123456789abcdef",
        "action": "archive",
        "state": "intent",
        "from": name,
        "to": f"archive/2022/{name}",
    }
    (site / "articles" / LOG).write_text(json.dumps(intent) + "\n", encoding="utf-8")
    result = cli("archive", "--yes")
    assert result.exit_code == 0, result.output
    assert "interrupted archive" in result.stderr
    assert not path.exists()
    assert (site / "articles" / "archive" / "2022" / name).is_file()
