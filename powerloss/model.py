"""A model file system (names and inodes), the operations a recording holds, and the crash states.

The model (docs/power-loss.md says it in words):

* Every operation is on inodes: a data operation (``write``, ``truncate``) changes one file's bytes;
  an entry operation (``create``, ``mkdir``, ``link``, ``unlink``, ``rmdir``, ``rename``) changes the
  names in one folder (``rename``: in two).
* A data operation is durable once an ``fsync``/``fdatasync`` of its file has returned after it; an
  entry operation once an ``fsync`` of its folder has (a ``rename`` needs both folders'); ``sync``
  makes everything durable. Nothing else is promised: in particular an ``fsync`` of a new file does
  not make its name durable (POSIX does not say it does, whatever ext4 does).
* At a crash after the k-th operation, every durable operation persisted, and any subset of the
  others may have persisted too, in any order; a persisted subset is applied in program order. A
  write may also be torn in two (its halves are separate operations, see ``tear``), a missing first
  half reading as zeros.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import random
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ENTRY_KINDS = frozenset({"create", "mkdir", "link", "unlink", "rmdir", "rename"})
DATA_KINDS = frozenset({"write", "truncate"})
BARRIER_KINDS = frozenset({"fsync", "sync"})
# Up to this many operations not yet durable, every subset of them is a crash state; beyond it a
# bounded family (see subsets()), since 2**n states would not finish.
EXHAUSTIVE_LIMIT = 8
SAMPLED_SUBSETS = 24


@dataclass(frozen=True)
class Op:
    """One operation. ``ino``: the file or folder acted on; ``parent``/``name``: the entry changed."""

    kind: str
    ino: int = -1
    parent: int = -1
    name: str = ""
    parent2: int = -1
    name2: str = ""
    offset: int = 0
    data: bytes = b""
    size: int = 0
    label: str = ""  # what it was, for people: the call and the paths relative to the root

    def needs(self) -> tuple[tuple[str, int], ...]:
        """What must be synced for this operation to be durable."""
        if self.kind in DATA_KINDS:
            return (("data", self.ino),)
        if self.kind == "rename":
            return (("dir", self.parent), ("dir", self.parent2))
        if self.kind in ENTRY_KINDS:
            return (("dir", self.parent),)
        return ()


@dataclass
class Fs:
    """Folders (inode -> name -> inode), files (inode -> bytes) and symbolic links (inode -> target)."""

    dirs: dict[int, dict[str, int]] = field(default_factory=lambda: {0: {}})
    files: dict[int, bytearray] = field(default_factory=dict)
    symlinks: dict[int, str] = field(default_factory=dict)
    next_ino: int = 1

    ROOT = 0

    def copy(self) -> Fs:
        return Fs(
            {ino: dict(entries) for ino, entries in self.dirs.items()},
            {ino: bytearray(data) for ino, data in self.files.items()},
            dict(self.symlinks),
            self.next_ino,
        )

    def new_ino(self) -> int:
        self.next_ino += 1
        return self.next_ino - 1

    def lookup(self, rel: str) -> int | None:
        ino = self.ROOT
        for part in [p for p in rel.split("/") if p and p != "."]:
            entries = self.dirs.get(ino)
            if entries is None or part not in entries:
                return None
            ino = entries[part]
        return ino

    def apply(self, op: Op) -> None:
        kind = op.kind
        if kind in ("create", "mkdir", "link"):
            self.dirs.setdefault(op.parent, {})[op.name] = op.ino
            if kind == "mkdir":
                self.dirs.setdefault(op.ino, {})
            elif kind == "create":
                self.files.setdefault(op.ino, bytearray())
        elif kind in ("unlink", "rmdir"):
            entries = self.dirs.setdefault(op.parent, {})
            if entries.get(op.name) == op.ino:
                del entries[op.name]
        elif kind == "rename":
            entries = self.dirs.setdefault(op.parent, {})
            if entries.get(op.name) == op.ino:
                del entries[op.name]
            self.dirs.setdefault(op.parent2, {})[op.name2] = op.ino
        elif kind == "write":
            data = self.files.setdefault(op.ino, bytearray())
            if op.offset > len(data):
                data.extend(bytes(op.offset - len(data)))  # a hole reads as zeros
            data[op.offset : op.offset + len(op.data)] = op.data
        elif kind == "truncate":
            data = self.files.setdefault(op.ino, bytearray())
            if op.size < len(data):
                del data[op.size :]
            else:
                data.extend(bytes(op.size - len(data)))

    def hard_links(self) -> dict[str, str]:
        """Each file name that shares its inode with a name before it (in sorted order): that name."""
        result: dict[str, str] = {}
        by_ino: dict[int, list[str]] = {}
        stack = [("", self.ROOT)]
        while stack:
            prefix, ino = stack.pop()
            for name, child in self.dirs.get(ino, {}).items():
                rel = prefix + name
                if child in self.dirs:
                    stack.append((rel + "/", child))
                elif child in self.files:
                    by_ino.setdefault(child, []).append(rel)
        for names in by_ino.values():
            names.sort()
            for rel in names[1:]:
                result[rel] = names[0]
        return result

    def tree(self) -> dict[str, bytes | str | None]:
        """Every name reachable from the root: bytes for a file, None for a folder, str for a link."""
        result: dict[str, bytes | str | None] = {}
        stack = [("", self.ROOT)]
        seen = {self.ROOT}
        while stack:
            prefix, ino = stack.pop()
            for name, child in sorted(self.dirs.get(ino, {}).items()):
                rel = prefix + name
                if child in self.dirs:
                    result[rel] = None
                    if child not in seen:  # a folder reachable twice (never in practice): once
                        seen.add(child)
                        stack.append((rel + "/", child))
                elif child in self.symlinks:
                    result[rel] = self.symlinks[child]
                else:
                    result[rel] = bytes(self.files.get(child, b""))
        return result


def tree_key(tree: dict[str, bytes | str | None], links: dict[str, str]) -> str:
    digest = hashlib.sha256()
    for rel in sorted(links):
        digest.update(f"{rel}\0={links[rel]}\0".encode("utf-8", "surrogateescape"))
    for rel in sorted(tree):
        value = tree[rel]
        digest.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        if value is None:
            digest.update(b"d\0")
        elif isinstance(value, str):
            digest.update(b"l" + value.encode("utf-8", "surrogateescape") + b"\0")
        else:
            digest.update(b"f" + hashlib.sha256(value).digest())
    return digest.hexdigest()


def read_tree(root: Path) -> Fs:
    """The model of a folder on disk; hard links share an inode."""
    fs = Fs()
    by_real: dict[tuple[int, int], int] = {}

    def walk(path: Path, ino: int) -> None:
        for entry in sorted(os.scandir(path), key=lambda e: e.name):
            info = entry.stat(follow_symlinks=False)
            real = (info.st_dev, info.st_ino)
            if real in by_real:
                fs.dirs[ino][entry.name] = by_real[real]
                continue
            child = fs.new_ino()
            by_real[real] = child
            fs.dirs[ino][entry.name] = child
            if entry.is_symlink():
                fs.symlinks[child] = os.readlink(entry.path)
            elif entry.is_dir(follow_symlinks=False):
                fs.dirs[child] = {}
                walk(Path(entry.path), child)
            else:
                fs.files[child] = bytearray(Path(entry.path).read_bytes())

    walk(root, Fs.ROOT)
    return fs


def materialise(tree: dict[str, bytes | str | None], links: dict[str, str], root: Path) -> None:
    """Write a tree into the empty folder ``root``; ``links`` names made hard links, as they were."""
    root.mkdir(parents=True, exist_ok=True)
    for rel in sorted(tree):  # parents sort before their children
        value = tree[rel]
        path = root / rel
        if value is None:
            path.mkdir(exist_ok=True)
        elif isinstance(value, str):
            path.symlink_to(value)
        elif rel in links:
            os.link(root / links[rel], path)
        else:
            path.write_bytes(value)


def durable_at(ops: Sequence[Op]) -> list[int]:
    """For each operation, the index of the barrier after which it is durable (len(ops): never)."""
    n = len(ops)
    result = [n] * n
    pending: dict[tuple[str, int], list[int]] = {}
    waiting: dict[int, set[tuple[str, int]]] = {}
    for index, op in enumerate(ops):
        if op.kind == "sync":
            for indices in pending.values():
                for i in indices:
                    result[i] = index
                    waiting.pop(i, None)
            pending.clear()
            continue
        if op.kind == "fsync":
            for need in (("data", op.ino), ("dir", op.ino)):
                for i in pending.pop(need, []):
                    left = waiting[i]
                    left.discard(need)
                    if not left:
                        result[i] = index
                        del waiting[i]
            continue
        needs = set(op.needs())
        if needs:
            waiting[index] = needs
            for need in needs:
                pending.setdefault(need, []).append(index)
    return result


def subsets(unforced: Sequence[int], seed: int) -> Iterator[frozenset[int]]:
    """The persisted subsets of the operations not yet durable.

    All of them up to EXHAUSTIVE_LIMIT; beyond, the in-order prefixes, each one alone, all but each
    one, and a seeded sample: what a crash may persist when nothing orders them.
    """
    count = len(unforced)
    if count <= EXHAUSTIVE_LIMIT:
        for size in range(count + 1):
            for chosen in itertools.combinations(unforced, size):
                yield frozenset(chosen)
        return
    everything = frozenset(unforced)
    for end in range(count + 1):
        yield frozenset(unforced[:end])
    for i in unforced:
        yield frozenset({i})
        yield everything - {i}
    rng = random.Random(seed)
    for _ in range(SAMPLED_SUBSETS):
        yield frozenset(i for i in unforced if rng.random() < 0.5)


@dataclass(frozen=True)
class CrashState:
    point: int  # operations issued before the crash
    persisted: frozenset[int]  # the ones not yet durable that persisted anyway
    tree: dict[str, bytes | str | None]
    links: dict[str, str]  # name -> an earlier name of the same file (hard links)
    key: str


def under(initial: Fs, ops: Sequence[Op], folder: str) -> frozenset[int]:
    """The indices of the operations on files and folders under ``folder`` (e.g. git's ``.git``)."""
    top = initial.lookup(folder)
    inside: set[int] = set()
    stack = [] if top is None else [top]
    while stack:  # the folder and everything in it at the start
        ino = stack.pop()
        inside.add(ino)
        stack += initial.dirs.get(ino, {}).values()
    found = set()
    for index, op in enumerate(ops):
        if op.kind in ENTRY_KINDS and op.parent in inside:
            inside.add(op.ino)
        if op.ino in inside or op.parent in inside:
            found.add(index)
    return frozenset(found)


def outside_family(outside: Sequence[int], finished: bool) -> Iterator[frozenset[int]]:
    """The persisted subsets of the unsynced operations of a program newscli runs but that is not
    under test (git): in order, every prefix (a crash at each of its calls); at the call before a
    ``sync`` and once it has finished, also all of them but any one. Not every subset: git makes
    some 60 unsynced calls in a row."""
    for end in range(len(outside) + 1):
        yield frozenset(outside[:end])
    if finished:
        everything = frozenset(outside)
        for i in outside:
            yield everything - {i}


def crash_states(
    initial: Fs,
    ops: Sequence[Op],
    points: Iterator[int] | None = None,
    phase: Callable[[int], Hashable] = lambda point: None,
    outside: frozenset[int] = frozenset(),
) -> Iterator[CrashState]:
    """Every distinct state a crash may leave, at the earliest point that gives it.

    Distinct: by content, and by ``phase`` (what else the check depends on, e.g. whether the run
    had finished), so a state judged differently at two points is judged at both. ``outside``: the
    indices of the operations of a program not under test (git), explored as ``outside_family`` says.
    """
    durable = durable_at(ops)
    last_outside = max(outside, default=-1)
    seen: set[tuple[str, Hashable]] = set()
    for point in points if points is not None else range(len(ops) + 1):
        unforced = [i for i in range(point) if durable[i] >= point and ops[i].kind not in BARRIER_KINDS]
        theirs = [i for i in unforced if i in outside]
        ours = [i for i in unforced if i not in outside]
        for own in subsets(ours, seed=point):
            before_sync = point < len(ops) and ops[point].kind == "sync"
            for other in outside_family(theirs, finished=point > last_outside or before_sync):
                chosen = own | other
                fs = initial.copy()
                for i in range(point):
                    if durable[i] < point or i in chosen:
                        fs.apply(ops[i])
                tree, links = fs.tree(), fs.hard_links()
                key = tree_key(tree, links)
                if (key, phase(point)) in seen:
                    continue
                seen.add((key, phase(point)))
                yield CrashState(point, chosen, tree, links, key)
