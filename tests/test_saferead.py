"""The one safe read: what it refuses, and why, on real files in a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newscli.core.reading import saferead


def refusal(path: Path, **options: object) -> str:
    with pytest.raises(saferead.Refused) as caught:
        saferead.read(path, **options)  # type: ignore[arg-type]  # each test passes valid options
    return caught.value.why.value


def test_reads_a_regular_file_with_its_identity(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"+++\ntitle = 'x'\n+++\n")
    data, info = saferead.read(path)
    assert data == b"+++\ntitle = 'x'\n+++\n"
    assert (info.st_ino, info.st_size) == (path.stat().st_ino, len(data))


def test_never_follows_a_symbolic_link_unless_asked(tmp_path: Path) -> None:
    target = tmp_path / "target.md"
    target.write_bytes(b"text")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert refusal(link) == "link"
    assert saferead.read(link, follow=True)[0] == b"text"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    assert refusal(fifo) == "not-regular"


def test_pipes_reads_a_pipe_to_its_end_within_the_bound(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, b"x" * 5000)
    os.close(write_end)
    try:
        assert refusal(Path(f"/dev/fd/{read_end}"), follow=True) == "not-regular"
        assert refusal(Path(f"/dev/fd/{read_end}"), follow=True, pipes=True, max_bytes=4999) == "too-large"
    finally:
        os.close(read_end)
    read_end, write_end = os.pipe()
    os.write(write_end, b"x" * 5000)
    os.close(write_end)
    try:
        assert saferead.read(f"/dev/fd/{read_end}", follow=True, pipes=True, max_bytes=5000)[0] == b"x" * 5000
    finally:
        os.close(read_end)


def test_pipes_one_byte_over_the_bound_is_refused(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.write(write_end, b"x")
    os.close(write_end)
    try:
        assert refusal(Path(f"/dev/fd/{read_end}"), follow=True, pipes=True, max_bytes=0) == "too-large"
    finally:
        os.close(read_end)


def test_pipes_never_waits_for_a_writer_of_a_named_pipe(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    assert saferead.read(fifo, pipes=True)[0] == b""
    (tmp_path / "folder").mkdir()
    assert refusal(tmp_path / "folder", pipes=True) == "not-regular"


def test_a_folder_is_not_regular(tmp_path: Path) -> None:
    (tmp_path / "folder.md").mkdir()
    assert refusal(tmp_path / "folder.md") == "not-regular"


def test_bounded_size_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * 11)
    with pytest.raises(saferead.Refused) as caught:
        saferead.read(path, max_bytes=10)
    assert (caught.value.why.value, caught.value.size) == ("too-large", 11)
    assert saferead.read(path, max_bytes=None)[0] == b"x" * 11
    assert refusal(tmp_path / "absent.md") == "missing"


def test_relative_to_a_folder_descriptor_and_checked_against_the_expected_file(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"a")
    (tmp_path / "b.md").write_bytes(b"b")
    folder = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        expected = os.stat("a.md", dir_fd=folder, follow_symlinks=False)
        assert saferead.read("a.md", dir_fd=folder, expect=expected, settled=True)[0] == b"a"
        with pytest.raises(saferead.Refused) as caught:
            saferead.read("b.md", dir_fd=folder, expect=expected)
        assert caught.value.why.value == "replaced"
    finally:
        os.close(folder)
