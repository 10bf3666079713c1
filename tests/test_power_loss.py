"""Power loss: the crash states of real runs (recorded with strace) are explored and none loses an article.

The CI part of ``make power-loss`` (which runs every scenario, docs/power-loss.md): the scenarios of
``powerloss.scenarios.QUICK``, the mutants that prove the explorer can fail (one fsync taken out of
a real recording at a time: a file's, a folder's, the log's), and the recorder and model on their own.
"""

from __future__ import annotations

import hashlib
import os
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from powerloss.explore import GIT_DIR, Prepared, Scenario, judge, prepare, without
from powerloss.model import Fs, Op, crash_states, durable_at, under
from powerloss.recorder import parse, strace_path
from powerloss.run import Checker, describe, explore
from powerloss.scenarios import QUICK, SCENARIOS

# Under pytest-xdist this module's tests share a worker: each scenario's real run is recorded once.
pytestmark = pytest.mark.xdist_group("power_loss")

needs_strace = pytest.mark.skipif(
    strace_path() is None and not os.environ.get("NEWSCLI_REQUIRE_STRACE"),
    reason="strace is not installed (apt-get install -y strace; CI installs it)",
)


def _scenario(name: str) -> Scenario:
    return next(s for s in SCENARIOS if s.name == name)


Recorded = Callable[[str], Prepared]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Recorded:
    """A scenario's real run, recorded once for all the tests of this module."""
    done: dict[str, Prepared] = {}

    def get(name: str) -> Prepared:
        if name not in done:
            done[name] = prepare(_scenario(name), tmp_path_factory.mktemp("powerloss"))
        return done[name]

    return get


def _failures(prepared: Prepared, name: str) -> str:
    result = explore(prepared, Checker(1), name)
    shown = "\n".join(describe(prepared, o) for o in result.failures[:5])
    counts = f"lost {result.lost}, duplicated {result.duplicated}, other {result.other}"
    return f"{result.states} states, {counts}\n{shown}"


@needs_strace
@pytest.mark.parametrize("name", QUICK)
def test_no_crash_state_loses_an_article(name: str, recorded: Recorded) -> None:
    prepared = recorded(name)
    result = explore(prepared, Checker(1))
    assert result.states > len([op for op in prepared.ops if op.kind != "fsync"]) // 2
    assert result.ok, _failures(prepared, name)


# One fsync taken out of the real run at a time. Taking a call out of the recording is the same as
# taking it out of the code: nothing newscli does depends on what fsync returns when it succeeds.
MUTANTS = [
    ("archive, a file saved just before (not synced)", "fsync 2022-03-01-a.md", "the file's data"),
    ("archive, batches of 2", "fsync archive/2022", "the destination folder"),
    ("archive, batches of 2", "fsync archive", "the new year folder's name"),
    ("restore", "fsync .newscli-archive.log", "the log's intent record"),
]


@needs_strace
@pytest.mark.parametrize(("name", "label", "what"), MUTANTS, ids=[m[2] for m in MUTANTS])
def test_without_one_fsync_the_explorer_reports_a_loss(
    name: str, label: str, what: str, recorded: Recorded
) -> None:
    prepared = recorded(name)
    start = prepared.recording.pre_ops
    indices = [i for i in range(start, len(prepared.ops)) if prepared.ops[i].label == label]
    assert indices, f"no call {label!r} in {[op.label for op in prepared.ops]}"
    mutant = explore(without(prepared, indices[0]), Checker(1), first_failure=True)
    assert mutant.lost + mutant.duplicated > 0, f"without {label}: {mutant.states} states, none failed"


# -- the recorder and the model on their own -------------------------------------------------------------


def _hex(text: str) -> str:
    return "".join(f"\\x{b:02x}" for b in text.encode())


def test_the_recorder_reads_strace_lines_split_by_threads() -> None:
    root = "/site/articles"
    fs = Fs()
    fs.dirs[0]["a.md"] = 1
    fs.files[1] = bytearray(b"x")
    fs.next_ino = 2
    cwd = f"AT_FDCWD<{_hex('/site')}>"
    here = f"AT_FDCWD<{_hex(root)}>"
    new = _hex(root + "/n.md")
    trace = "\n".join(
        [
            f'10 openat({cwd}, "{new}", O_WRONLY|O_CREAT|O_EXCL, 0644) = 3<{new}>',
            f'10 write(3<{new}>, "{_hex("hello")}", 5) = 5',
            "10 clone3({flags=CLONE_VM|CLONE_FILES|CLONE_THREAD, exit_signal=0}, 88) = 11",
            f"11 fsync(3<{new}> <unfinished ...>",
            f'10 linkat({here}, "{_hex("a.md")}", {here}, "{_hex("b.md")}", 0) = 0',
            "11 <... fsync resumed>)              = 0",
            f'10 unlink("{_hex("/elsewhere/x")}") = 0',
            f'10 renameat({here}, "{_hex("n.md")}", {here}, "{_hex(".t")}") = 0',
            f'10 unlinkat({here}, "{_hex("a.md")}", 0) = -1 ENOENT (No such file or directory)',
        ]
    )
    ops = parse(trace, Path(root), fs, tear=False)
    assert [op.kind for op in ops] == ["create", "write", "link", "fsync", "rename"]
    assert ops[1].data == b"hello"
    assert ops[2].ino == 1
    assert ops[3].ino == ops[0].ino  # the thread's fsync, resumed after the link: in return order


def test_a_rename_is_durable_only_once_both_folders_are_synced() -> None:
    ops = [
        Op("rename", 5, parent=1, name="a", parent2=2, name2="b"),
        Op("fsync", 2),
        Op("write", 5, data=b"x"),
        Op("fsync", 1),
        Op("fsync", 5),
    ]
    assert durable_at(ops) == [3, 5, 4, 5, 5]


def test_a_name_not_synced_may_be_lost_at_the_end() -> None:
    fs = Fs()
    ops = [Op("create", 1, parent=0, name="a.md"), Op("write", 1, data=b"abc"), Op("fsync", 1)]
    states = crash_states(fs, ops, phase=lambda point: point == len(ops))
    finals = [s.tree for s in states if s.point == len(ops)]
    assert {} in finals, "the name of a file synced but not its folder: a state without it"
    assert all(tree.get("a.md") in (None, b"abc") for tree in finals)


def test_judge_counts_a_truncated_article_as_lost() -> None:
    from powerloss.explore import Oracle

    whole = b'+++\ntitle = "A"\nslug = "a"\ndate = 2022-03-01\n+++\n\nText\n'
    oracle = Oracle(
        {"a": ("a.md", whole)}, {"a": ("a.md", whole)}, {"a": 0}, 3, frozenset(), frozenset(), False
    )
    assert judge(oracle, 1, {"a.md": whole}).ok
    assert judge(oracle, 1, {"a.md": whole[:10]}).lost
    assert judge(oracle, 1, {}).lost
    assert judge(oracle, 1, {"a.md": whole, "b.md": whole}).duplicated
    assert judge(oracle, 1, {"a.md": whole, ".newscli-tmp-1": b""}).other


# -- regressions: the states that showed a loss, kept --------------------------------------------------


@needs_strace
def test_new_article_survives_a_power_cut_once_new_has_returned(recorded: Recorded) -> None:
    """Found by the explorer: new fsynced the file but not its folder, so after it said "created"
    a power cut could leave the folder without the article (the state: the crash after new's last
    call, its name not persisted). Fixed by durable.create, which fsyncs the folder."""
    prepared = recorded("new")
    end = len(prepared.ops)
    states = list(crash_states(prepared.initial, prepared.ops, iter([end]), prepared.oracle.phase))
    assert states
    for state in states:
        assert "2026-11-29-nya-oppettider.md" in state.tree, sorted(state.tree)
        assert judge(prepared.oracle, end, state.tree).ok


@needs_strace
def test_new_never_leaves_a_partial_article_under_its_name(recorded: Recorded) -> None:
    """Found by the explorer: new created the article under its real name, then wrote it, so a crash
    could leave an empty or half-written article (the states: the crash after its open(O_CREAT)
    or its first write, the name persisted, the bytes not). Fixed: written to a temporary name,
    fsynced, then linked (durable.create)."""
    prepared = recorded("new")
    whole = prepared.oracle.after["nya-oppettider"][1]
    for state in crash_states(prepared.initial, prepared.ops, phase=prepared.oracle.phase):
        data = state.tree.get("2026-11-29-nya-oppettider.md")
        assert data in (None, whole), f"after call {state.point}: {data!r}"


@needs_strace
def test_new_into_a_new_section_folder_survives_a_power_cut_once_new_has_returned(recorded: Recorded) -> None:
    """Found by the explorer: new --section made the folder with mkdir but never fsynced its parent,
    so after new said "created" a power cut could lose the folder's name and the article with it
    (the state: the crash after new's last call, ``mkdir skola`` not persisted). Fixed in
    durable.create: each folder it makes has its parent fsynced before anything goes in it."""
    prepared = recorded("new --section, a folder not yet made")
    end = len(prepared.ops)
    states = list(crash_states(prepared.initial, prepared.ops, iter([end]), prepared.oracle.phase))
    assert states
    for state in states:
        assert "skola/2026-11-29-ny-skola.md" in state.tree, sorted(state.tree)


def _git_object(tree: dict[str, bytes | str | None], sha: str) -> bytes | None:
    """A loose object of a crash state, decompressed; None when it is missing or not whole."""
    data = tree.get(f".git/objects/{sha[:2]}/{sha[2:]}")
    if not isinstance(data, bytes):
        return None
    try:
        return zlib.decompress(data)
    except zlib.error:
        return None


def _whole(tree: dict[str, bytes | str | None], sha: str) -> bool:
    """The object and everything it refers to are there and whole."""
    body = _git_object(tree, sha)
    if body is None:
        return False
    kind, _, content = body.partition(b"\0")
    if kind.startswith(b"commit"):
        return _whole(tree, content.split(b"\n", 1)[0].removeprefix(b"tree ").decode())
    if kind.startswith(b"tree"):
        while content:
            _mode_name, _, rest = content.partition(b"\0")
            if not _whole(tree, rest[:20].hex()):
                return False
            content = rest[20:]
    return True


def _index_objects(data: bytes) -> list[str]:
    """The objects a git index (version 2, as git writes it) names; its checksum must hold."""
    assert data[:4] == b"DIRC", data[:12]
    assert hashlib.sha1(data[:-20]).digest() == data[-20:], "a torn index"  # git names its index by SHA-1
    count = int.from_bytes(data[8:12], "big")
    names, at = [], 12
    for _ in range(count):
        names.append(data[at + 40 : at + 60].hex())
        length = int.from_bytes(data[at + 60 : at + 62], "big") & 0xFFF
        at += (62 + length + 8) // 8 * 8
    return names


@needs_strace
def test_archive_commit_never_leaves_the_branch_on_a_commit_not_on_the_disk(recorded: Recorded) -> None:
    """Found by the explorer: ``git commit`` leaves its objects and its branch to the page cache, so
    a power cut could keep the branch's new value and lose the commit's objects or leave them empty
    (the states: the crash after git's last call, the link or the write of an object not persisted):
    every later git command failed on a broken HEAD. Then the work tree's index, kept while an object
    it names was not (its folder's name lost): git crashed on it. Fixed in committing.py: the commit
    is built in an index of its own, its objects made durable, then the work tree's index updated
    and made durable, and only then is the branch moved to it."""
    prepared = recorded("archive --commit")
    start = prepared.initial.tree()
    git = under(prepared.initial, prepared.ops, GIT_DIR)
    heads = 0
    for state in crash_states(prepared.initial, prepared.ops, phase=prepared.oracle.phase, outside=git):
        index = state.tree.get(".git/index")
        assert isinstance(index, bytes)
        for sha in _index_objects(index):
            assert _whole(state.tree, sha), (
                f"after call {state.point}: the index names {sha}, not on the disk"
            )
        head = state.tree.get(".git/refs/heads/main")
        assert isinstance(head, bytes), sorted(state.tree)
        sha = head.strip().decode()
        if head == start[".git/refs/heads/main"]:
            continue
        heads += 1
        assert len(sha) == 40, f"after call {state.point}: the branch holds {head!r}"
        assert _whole(state.tree, sha), f"after call {state.point}: {sha} is not whole on the disk"
    assert heads, "no state with the branch moved"
