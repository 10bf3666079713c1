"""The durable-write helper: atomic replace that refuses a changed file, create that never overwrites."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from newscli.core.errors import ArticleError
from newscli.core.writing import durable

NOW = datetime(2026, 11, 29, 12, 0, 0)


class Recorder:
    def __init__(self) -> None:
        self.steps: list[str] = []

    def step(self, name: str, rel: str) -> None:
        self.steps.append(name)


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".newscli-tmp-"))


def test_replace_writes_new_bytes_keeps_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old\r\n")
    path.chmod(0o640)
    snapshot = durable.read(path)
    probe = Recorder()
    durable.replace(snapshot, b"new\r\n", NOW, probe)
    assert path.read_bytes() == b"new\r\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert _temps(tmp_path) == []
    assert probe.steps == [
        "temp-created",
        "temp-written",
        "temp-synced",
        "checked",
        "renamed",
        "folder-synced",
    ]


def test_replace_refuses_a_file_changed_since_it_was_read_and_keeps_the_new_version(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old\n")
    snapshot = durable.read(path)
    path.write_bytes(b"a colleague's save\n")
    with pytest.raises(durable.ChangedError) as caught:
        durable.replace(snapshot, b"mine\n", NOW)
    assert path.read_bytes() == b"a colleague's save\n"
    kept = caught.value.kept
    assert kept is not None
    assert kept.name == "a.md.kept-20261129-120000"
    assert kept.read_bytes() == b"mine\n"
    assert caught.value.exit_code == 1
    assert str(kept) in (caught.value.hint or "")
    assert _temps(tmp_path) == []


def test_replace_refuses_a_file_with_the_same_bytes_but_another_inode(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old\n")
    snapshot = durable.read(path)
    other = tmp_path / "other"
    other.write_bytes(b"old\n")
    os.replace(other, path)  # an editor that saves by rename, with identical bytes
    with pytest.raises(durable.ChangedError):
        durable.replace(snapshot, b"mine\n", NOW)
    assert path.read_bytes() == b"old\n"


def test_replace_refuses_a_moved_file_and_creates_nothing_under_its_name(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old\n")
    snapshot = durable.read(path)
    (tmp_path / "archive").mkdir()
    path.rename(tmp_path / "archive" / "a.md")  # the nightly archive moved it
    with pytest.raises(durable.ChangedError) as caught:
        durable.replace(snapshot, b"mine\n", NOW)
    assert not path.exists()
    assert caught.value.kept is not None
    assert caught.value.kept.read_bytes() == b"mine\n"


def test_two_conflicts_in_one_second_keep_two_copies(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old\n")
    kept = []
    for text in (b"first\n", b"second\n"):
        snapshot = durable.read(path)
        path.write_bytes(b"changed " + text)
        with pytest.raises(durable.ChangedError) as caught:
            durable.replace(snapshot, text, NOW)
        kept.append(caught.value.kept)
    assert kept[0] != kept[1]
    assert [k.read_bytes() for k in kept if k] == [b"first\n", b"second\n"]


def test_read_refuses_a_symbolic_link(tmp_path: Path) -> None:
    (tmp_path / "target.md").write_bytes(b"x\n")
    (tmp_path / "link.md").symlink_to("target.md")
    with pytest.raises(ArticleError, match="symbolic link"):
        durable.read(tmp_path / "link.md")


def test_create_never_overwrites_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "a.md"
    probe = Recorder()
    durable.create(path, b"first\n", probe)
    assert path.read_bytes() == b"first\n"
    assert path.stat().st_mode & 0o777 == 0o644
    assert probe.steps == [
        "temp-created",
        "temp-written",
        "temp-synced",
        "linked",
        "temp-unlinked",
        "folder-synced",
    ]
    with pytest.raises(durable.ExistsError) as caught:
        durable.create(path, b"second\n")
    assert caught.value.exit_code == 2
    assert path.read_bytes() == b"first\n"
    assert _temps(path.parent) == []


def test_create_refuses_a_dangling_symbolic_link_name(tmp_path: Path) -> None:
    (tmp_path / "a.md").symlink_to("nowhere")
    with pytest.raises(durable.ExistsError):
        durable.create(tmp_path / "a.md", b"x\n")
    assert not (tmp_path / "nowhere").exists()


def test_sweep_removes_temporary_files_of_dead_processes_only(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    dead_pid = int(done.stdout)
    tag = durable._host_tag()
    dead = tmp_path / f".newscli-tmp-{dead_pid}-{tag}-abcdef012345"
    live = tmp_path / f".newscli-tmp-{os.getpid()}-{tag}-abcdef012345"
    other_host = tmp_path / f".newscli-tmp-{dead_pid}-00000000-abcdef012345"
    for path in (dead, live, other_host):
        path.write_bytes(b"x")
    durable.create(tmp_path / "a.md", b"new\n")
    assert sorted(_temps(tmp_path)) == sorted([live.name, other_host.name])


def test_remove_name_refuses_unless_the_same_file_stays_under_another_name(tmp_path: Path) -> None:
    old = tmp_path / "old.md"
    old.write_bytes(b"x\n")
    (tmp_path / "copy.md").write_bytes(b"x\n")
    with pytest.raises(ArticleError):
        durable.remove_name(old, tmp_path / "copy.md")  # equal bytes, another file
    with pytest.raises(ArticleError):
        durable.remove_name(old, old)  # its only name
    durable.add_name(old, tmp_path / "new.md")
    durable.remove_name(old, tmp_path / "new.md")
    assert not old.exists()
    assert (tmp_path / "new.md").read_bytes() == b"x\n"


def _folders_cannot_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    """The answer of a file system that cannot sync a folder (as /proc gives): EINVAL for a folder,
    a file synced as ever."""
    import errno
    import stat

    real = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def test_a_proc_folder_really_answers_einval() -> None:
    """What the tests below stand in for, on a real file system: /proc cannot sync a folder."""
    if not Path("/proc/self").is_dir():
        pytest.skip("no /proc here")
    fd = os.open("/proc", os.O_RDONLY | os.O_DIRECTORY)
    try:
        with pytest.raises(OSError, match="Invalid argument") as raised:
            durable.sync_fd(fd)  # the archive's step takes no such answer: the move stops
        assert raised.value.errno == 22
        durable.sync_folder(Path("/proc"))  # a write by name takes it at its word
    finally:
        os.close(fd)


def test_every_write_by_name_goes_on_where_folders_cannot_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _folders_cannot_sync(monkeypatch)
    durable.write_whole(tmp_path / "deep" / "script.zsh", b"script\n")
    assert (tmp_path / "deep" / "script.zsh").read_bytes() == b"script\n"
    durable.create(tmp_path / "a.md", b"new\n")
    durable.replace(durable.read(tmp_path / "a.md"), b"newer\n", NOW)
    assert (tmp_path / "a.md").read_bytes() == b"newer\n"
    durable.make_folder(tmp_path / "archive")
    assert (tmp_path / "archive").is_dir()
