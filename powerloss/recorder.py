"""Record the file-system calls of a real run with ``strace -f`` and turn them into model operations.

Only calls on names inside ``root`` (the articles folder) become operations; the rest of what the
process does (Python's imports, the cache in NEWSCLI_CACHE_DIR, the terminal) is left out. strace
is run with ``-y`` (every descriptor printed with its path), ``-xx`` (every string in hex, so no
byte of a name or of written data is ever ambiguous) and a string limit larger than any article.

The recording checks itself: the model folder after all its operations must equal the real folder
after the run, byte for byte; a call the recorder does not understand on a file inside the folder
(``writev``, ``mmap``-ed writes, ...) would make them differ, and the recording is refused.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from powerloss.model import Fs, Op, read_tree

SYSCALLS = (
    "open,openat,creat,write,pwrite64,writev,pwritev,pwritev2,ftruncate,truncate,"
    "rename,renameat,renameat2,link,linkat,unlink,unlinkat,mkdir,mkdirat,rmdir,"
    "fsync,fdatasync,sync,syncfs,close,dup,dup2,dup3,fcntl,lseek,clone,clone3,fork,vfork,"
    "symlink,symlinkat,copy_file_range,sendfile,fallocate,chdir,fchdir"
)
STRING_LIMIT = 4 * 1024 * 1024

_LINE = re.compile(r"^(\d+)\s+(.*)$")
_CALL = re.compile(r"^(\w+)\((.*)$", re.S)
_RESUMED = re.compile(r"^<\.\.\. (\w+) resumed>(.*)$", re.S)
_HEX = re.compile(rb"\\x([0-9a-f]{2})")
_ALL_HEX = re.compile(r"(?:\\x[0-9a-f]{2})*")
_SYNTAX = re.compile(r'[()\[\]{}<>,"]')
_RETURN = re.compile(r"^(.*)\)\s+= (.*)$", re.S)
_FD = re.compile(r"^(-?\d+|AT_FDCWD)<(.*)>$", re.S)


class RecordingError(Exception):
    """The run could not be recorded faithfully."""


def strace_path() -> str | None:
    return shutil.which("strace")


@functools.cache
def _filter_flags(strace: str) -> tuple[str, ...]:
    """``--seccomp-bpf`` where this strace has it (5.3 and later): the kernel then stops the traced
    process only at the calls asked for, not at every call Python's start-up makes, which made a
    recorded run about five times slower. The trace is the same; ``record``'s replay check proves it."""
    probe = [strace, "--seccomp-bpf", "-f", "-qq", "-e", "trace=openat", "-o", os.devnull, "--", "true"]
    try:
        done = subprocess.run(probe, capture_output=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return ("--seccomp-bpf",) if done.returncode == 0 else ()


def _unhex(text: str) -> bytes:
    if _ALL_HEX.fullmatch(text):  # what -xx prints: every byte as \xNN, decoded at C speed
        return bytes.fromhex(text.replace("\\x", ""))
    return _HEX.sub(lambda m: bytes([int(m.group(1), 16)]), text.encode("ascii"))


def _split_args(text: str) -> list[str]:
    """Top-level arguments: with -xx strings hold only \\xNN, so brackets and commas are syntax."""
    args: list[str] = []
    depth = 0
    in_string = False
    start = 0
    # Only these characters can change the state: the rest (a written file's bytes, thousands of
    # \xNN, most of a trace) is skipped by the regular-expression engine, not looked at one by one.
    for match in _SYNTAX.finditer(text):
        i, char = match.start(), match.group()
        if char == '"':
            in_string = not in_string
        elif in_string:
            continue
        elif char in "([{<":
            depth += 1
        elif char in ")]}>":
            depth -= 1
        elif char == "," and depth == 0:
            args.append(text[start:i].strip())
            start = i + 1
    tail = text[start:].strip()
    if tail:
        args.append(tail)
    return args


def _string(arg: str) -> bytes:
    if not arg.startswith('"'):
        raise RecordingError(f"expected a string, got {arg[:40]!r}")
    end = arg.rindex('"')
    if arg[end + 1 :].startswith("..."):
        raise RecordingError("a string was cut short by strace's limit")
    return _unhex(arg[1:end])


def _fd(arg: str) -> tuple[int | None, str | None]:
    """A descriptor argument: its number (None for AT_FDCWD) and the path strace printed for it."""
    match = _FD.match(arg)
    if match is None:
        return (int(arg) if arg.lstrip("-").isdigit() else None), None
    number, path = match.groups()
    return (None if number == "AT_FDCWD" else int(number)), os.fsdecode(_unhex(path))


@dataclass
class OpenFile:
    """An open file description: shared by dup'ed descriptors and by threads."""

    ino: int
    pos: int
    append: bool


@dataclass
class Recording:
    command: list[str]
    root: Path
    initial: Fs
    ops: list[Op]
    final: Fs
    returncode: int
    stdout: str
    stderr: str
    pre_ops: int = 0  # operations put first by the scenario (a save not yet synced), not by the run


@dataclass
class _Tracer:
    root: str
    fs: Fs
    tear: bool
    ops: list[Op] = field(default_factory=list)
    tables: dict[int, dict[int, OpenFile]] = field(default_factory=dict)
    cwd: str = "/"  # of the process started (children inherit it; chdir is followed)
    cwds: dict[int, str] = field(default_factory=dict)

    # -- paths ---------------------------------------------------------------------------------

    def rel(self, path: str) -> str | None:
        """The path relative to the root, or None when it is outside."""
        path = os.path.normpath(path)
        if path == self.root:
            return ""
        if path.startswith(self.root + "/"):
            return path[len(self.root) + 1 :]
        return None

    def path(self, pid: int, name: bytes) -> str:
        """A name given to a call without a folder descriptor: relative to the process's cwd."""
        return os.path.join(self.cwds.get(pid, self.cwd), os.fsdecode(name))

    def _chdir(self, pid: int, args: list[str], result: str) -> None:
        self.cwds[pid] = os.path.normpath(self.path(pid, _string(args[0])))

    def _fchdir(self, pid: int, args: list[str], result: str) -> None:
        _, path = _fd(args[0])
        if path is not None:
            self.cwds[pid] = path

    def resolve(self, dirfd_arg: str | None, name: bytes) -> str:
        text = os.fsdecode(name)
        if text.startswith("/") or dirfd_arg is None:
            return text
        _, base = _fd(dirfd_arg)
        if base is None:
            raise RecordingError(f"a relative name {text!r} against a descriptor without a path")
        return os.path.join(base, text)

    def split(self, rel: str) -> tuple[int, str]:
        parent, _, name = rel.rpartition("/")
        ino = self.fs.lookup(parent)
        if ino is None or ino not in self.fs.dirs:
            raise RecordingError(f"the folder of {rel!r} is not in the model")
        return ino, name

    def table(self, pid: int) -> dict[int, OpenFile]:
        return self.tables.setdefault(pid, {})

    def emit(self, op: Op) -> None:
        self.fs.apply(op)
        if op.kind == "write" and self.tear and len(op.data) > 1:
            half = len(op.data) // 2
            first, second = op.data[:half], op.data[half:]
            self.ops.append(Op("write", op.ino, offset=op.offset, data=first, label=op.label + " (1st half)"))
            self.ops.append(
                Op("write", op.ino, offset=op.offset + half, data=second, label=op.label + " (2nd half)")
            )
        else:
            self.ops.append(op)

    # -- calls ---------------------------------------------------------------------------------

    def call(self, pid: int, name: str, args: list[str], ret: str) -> None:
        result = ret.split(" ", 1)[0]
        if result.startswith("-1") or result == "?":
            return  # failed: changed nothing
        handler = getattr(self, "_" + name, None)
        if handler is not None:
            handler(pid, args, result)

    def _ret_fd(self, result: str) -> tuple[int, str | None]:
        number, path = _fd(result)
        assert number is not None
        return number, path

    def _open_common(self, pid: int, path: str, flags: str, result: str) -> None:
        number, opened = self._ret_fd(result)
        rel = self.rel(opened or path)
        if rel is None:
            self.table(pid).pop(number, None)
            return
        ino = self.fs.lookup(rel)
        if ino is None:
            if "O_CREAT" not in flags:
                raise RecordingError(f"{rel!r} opened but not in the model")
            parent, base = self.split(rel)
            ino = self.fs.new_ino()
            self.emit(Op("create", ino, parent, base, label=f"creat {rel}"))
        elif "O_TRUNC" in flags and ino in self.fs.files and self.fs.files[ino]:
            self.emit(Op("truncate", ino, size=0, label=f"truncate {rel} to 0"))
        self.table(pid)[number] = OpenFile(ino, 0, "O_APPEND" in flags)

    def _openat(self, pid: int, args: list[str], result: str) -> None:
        path = self.resolve(args[0], _string(args[1]))
        self._open_common(pid, path, args[2], result)

    def _open(self, pid: int, args: list[str], result: str) -> None:
        self._open_common(pid, self.path(pid, _string(args[0])), args[1], result)

    def _creat(self, pid: int, args: list[str], result: str) -> None:
        self._open_common(pid, self.path(pid, _string(args[0])), "O_CREAT|O_TRUNC", result)

    def _file(self, pid: int, arg: str) -> tuple[OpenFile | None, str | None]:
        """The open file of a descriptor argument inside the root (None, rel) when not known."""
        number, path = _fd(arg)
        rel = None if path is None else self.rel(path.removesuffix(" (deleted)"))
        if rel is None or path is None or path.endswith(" (deleted)"):
            return None, None
        known = self.table(pid).get(number) if number is not None else None
        if known is None:
            ino = self.fs.lookup(rel)
            if ino is None:
                raise RecordingError(f"descriptor for {rel!r} not in the model")
            known = OpenFile(ino, 0, False)
            if number is not None:
                self.table(pid)[number] = known
        return known, rel

    def _write(self, pid: int, args: list[str], result: str) -> None:
        handle, rel = self._file(pid, args[0])
        if handle is None:
            return
        data = _string(args[1])[: int(result)]
        offset = len(self.fs.files.get(handle.ino, b"")) if handle.append else handle.pos
        handle.pos = offset + len(data)
        self.emit(Op("write", handle.ino, offset=offset, data=data, label=f"write {len(data)} B to {rel}"))

    def _pwrite64(self, pid: int, args: list[str], result: str) -> None:
        handle, rel = self._file(pid, args[0])
        if handle is None:
            return
        data = _string(args[1])[: int(result)]
        offset = int(args[3])
        self.emit(Op("write", handle.ino, offset=offset, data=data, label=f"pwrite {len(data)} B to {rel}"))

    def _unsupported(self, pid: int, args: list[str], result: str) -> None:
        handle, rel = self._file(pid, args[0])
        if handle is not None:
            raise RecordingError(f"a call the recorder does not model, on {rel!r}")

    _writev = _pwritev = _pwritev2 = _fallocate = _unsupported

    def _copy_file_range(self, pid: int, args: list[str], result: str) -> None:
        self._unsupported(pid, args[2:], result)

    def _sendfile(self, pid: int, args: list[str], result: str) -> None:
        self._unsupported(pid, args, result)

    def _ftruncate(self, pid: int, args: list[str], result: str) -> None:
        handle, rel = self._file(pid, args[0])
        if handle is not None:
            self.emit(Op("truncate", handle.ino, size=int(args[1]), label=f"truncate {rel}"))

    def _truncate(self, pid: int, args: list[str], result: str) -> None:
        rel = self.rel(self.path(pid, _string(args[0])))
        if rel is not None:
            ino = self.fs.lookup(rel)
            if ino is None:
                raise RecordingError(f"{rel!r} truncated but not in the model")
            self.emit(Op("truncate", ino, size=int(args[1]), label=f"truncate {rel}"))

    def _lseek(self, pid: int, args: list[str], result: str) -> None:
        handle, _ = self._file(pid, args[0])
        if handle is not None:
            handle.pos = int(result)

    def _fsync(self, pid: int, args: list[str], result: str) -> None:
        _number, path = _fd(args[0])
        rel = None if path is None else self.rel(path)
        if rel is None:
            return
        ino = self.fs.lookup(rel)
        if ino is None:
            raise RecordingError(f"fsync of {rel!r}, not in the model")
        self.ops.append(Op("fsync", ino, label=f"fsync {rel or '.'}"))

    _fdatasync = _fsync

    def _sync(self, pid: int, args: list[str], result: str) -> None:
        self.ops.append(Op("sync", label="sync"))

    _syncfs = _sync

    def _close(self, pid: int, args: list[str], result: str) -> None:
        number, _ = _fd(args[0])
        if number is not None:
            self.table(pid).pop(number, None)

    def _dup_to(self, pid: int, old: str, new: int) -> None:
        number, _ = _fd(old)
        table = self.table(pid)
        if number is not None and number in table:
            table[new] = table[number]
        else:
            table.pop(new, None)

    def _dup(self, pid: int, args: list[str], result: str) -> None:
        self._dup_to(pid, args[0], self._ret_fd(result)[0])

    def _dup2(self, pid: int, args: list[str], result: str) -> None:
        self._dup_to(pid, args[0], self._ret_fd(result)[0])

    _dup3 = _dup2

    def _fcntl(self, pid: int, args: list[str], result: str) -> None:
        if len(args) > 1 and args[1].startswith("F_DUPFD"):
            self._dup_to(pid, args[0], self._ret_fd(result)[0])

    def _clone(self, pid: int, args: list[str], result: str) -> None:
        child = int(result)
        self.cwds.setdefault(child, self.cwds.get(pid, self.cwd))
        parent = self.table(pid)
        own = self.tables.get(child, {})
        if "CLONE_FILES" in " ".join(args):
            parent.update(own)  # anything the child opened before its parent saw it start
            self.tables[child] = parent
        else:
            copied = dict(parent)
            copied.update(own)
            self.tables[child] = copied

    _clone3 = _fork = _vfork = _clone

    def _two_names(self, kind: str, old: str, new: str) -> None:
        """A rename or a link from ``old`` to ``new``: both inside the folder, or neither."""
        src, dst = self.rel(old), self.rel(new)
        if src is None and dst is None:
            return
        if src is None or dst is None:
            raise RecordingError(f"a {kind} across the edge of the folder: {old!r} -> {new!r}")
        ino = self.fs.lookup(src)
        if ino is None:
            raise RecordingError(f"{src!r} {kind}d but not in the model")
        parent2, name2 = self.split(dst)
        label = f"{kind} {src} -> {dst}"
        if kind == "link":
            self.emit(Op("link", ino, parent2, name2, label=label))
        else:
            parent, name = self.split(src)
            self.emit(Op("rename", ino, parent, name, parent2, name2, label=label))

    def _rename(self, pid: int, args: list[str], result: str) -> None:
        self._two_names("rename", self.path(pid, _string(args[0])), self.path(pid, _string(args[1])))

    def _renameat(self, pid: int, args: list[str], result: str) -> None:
        old = self.resolve(args[0], _string(args[1]))
        new = self.resolve(args[2], _string(args[3]))
        if len(args) > 4 and args[4] not in ("0", ""):
            raise RecordingError(f"renameat2 with flags {args[4]} is not modelled")
        self._two_names("rename", old, new)

    _renameat2 = _renameat

    def _link(self, pid: int, args: list[str], result: str) -> None:
        self._two_names("link", self.path(pid, _string(args[0])), self.path(pid, _string(args[1])))

    def _linkat(self, pid: int, args: list[str], result: str) -> None:
        if "AT_EMPTY_PATH" in args[4]:
            raise RecordingError("linkat with AT_EMPTY_PATH is not modelled")
        self._two_names(
            "link", self.resolve(args[0], _string(args[1])), self.resolve(args[2], _string(args[3]))
        )

    def _unlink_common(self, path: str, folder: bool) -> None:
        rel = self.rel(path)
        if rel is None:
            return
        ino = self.fs.lookup(rel)
        if ino is None:
            raise RecordingError(f"{rel!r} removed but not in the model")
        parent, name = self.split(rel)
        kind = "rmdir" if folder else "unlink"
        self.emit(Op(kind, ino, parent, name, label=f"{kind} {rel}"))

    def _unlink(self, pid: int, args: list[str], result: str) -> None:
        self._unlink_common(self.path(pid, _string(args[0])), False)

    def _unlinkat(self, pid: int, args: list[str], result: str) -> None:
        self._unlink_common(self.resolve(args[0], _string(args[1])), "AT_REMOVEDIR" in args[2])

    def _rmdir(self, pid: int, args: list[str], result: str) -> None:
        self._unlink_common(self.path(pid, _string(args[0])), True)

    def _mkdir_common(self, path: str) -> None:
        rel = self.rel(path)
        if rel is None:
            return
        parent, name = self.split(rel)
        ino = self.fs.new_ino()
        self.emit(Op("mkdir", ino, parent, name, label=f"mkdir {rel}"))

    def _mkdir(self, pid: int, args: list[str], result: str) -> None:
        self._mkdir_common(self.path(pid, _string(args[0])))

    def _mkdirat(self, pid: int, args: list[str], result: str) -> None:
        self._mkdir_common(self.resolve(args[0], _string(args[1])))

    def _symlink_common(self, target: bytes, path: str) -> None:
        rel = self.rel(path)
        if rel is None:
            return
        raise RecordingError(f"a symbolic link made at {rel!r} is not modelled")

    def _symlink(self, pid: int, args: list[str], result: str) -> None:
        self._symlink_common(_string(args[0]), self.path(pid, _string(args[1])))

    def _symlinkat(self, pid: int, args: list[str], result: str) -> None:
        self._symlink_common(_string(args[0]), self.resolve(args[1], _string(args[2])))


def parse(trace: str, root: Path, initial: Fs, tear: bool = True, cwd: Path | None = None) -> list[Op]:
    """The operations inside ``root`` of an ``strace -f -y -xx`` output, in the order they returned.

    ``cwd``: the folder the traced process started in, for the names given without a folder.
    """
    tracer = _Tracer(os.path.normpath(str(root)), initial.copy(), tear)
    tracer.cwd = os.path.abspath(cwd) if cwd is not None else os.getcwd()
    unfinished: dict[int, tuple[str, str]] = {}
    for line in trace.splitlines():
        match = _LINE.match(line)
        if match is None:
            continue
        pid, rest = int(match.group(1)), match.group(2)
        if rest.startswith(("+++", "---")):
            continue
        resumed = _RESUMED.match(rest)
        if resumed is not None:
            name, tail = resumed.groups()
            started = unfinished.pop(pid, None)
            if started is None:
                continue
            rest = started[1] + tail
        else:
            call = _CALL.match(rest)
            if call is None:
                continue
            name, tail = call.groups()
            if tail.endswith("<unfinished ...>"):
                unfinished[pid] = (name, tail[: -len("<unfinished ...>")].rstrip())
                continue
            rest = tail
        returned = _RETURN.match(rest)
        if returned is None:
            continue  # no return value (exit, or a process killed mid-call)
        tracer.call(pid, name, _split_args(returned.group(1)), returned.group(2))
    return tracer.ops


def record(
    command: Sequence[str],
    root: Path,
    cwd: Path,
    env: Mapping[str, str],
    trace_file: Path,
    tear: bool = True,
) -> Recording:
    """Run ``command`` under strace in ``cwd``; its operations inside ``root`` and the check above."""
    strace = strace_path()
    if strace is None:
        raise RecordingError("strace is not installed (apt-get install -y strace)")
    root = root.resolve()
    initial = read_tree(root)
    argv = [strace, *_filter_flags(strace), "-f", "-qq", "-y", "-xx", "-s", str(STRING_LIMIT)]
    argv += ["-e", f"trace={SYSCALLS}"]
    argv += ["-o", str(trace_file), "--", *command]
    done = subprocess.run(argv, cwd=cwd, env=dict(env), capture_output=True, text=True, check=False)
    trace = trace_file.read_text(encoding="ascii", errors="replace")
    ops = parse(trace, root, initial, tear, cwd)
    final = read_tree(root)
    replayed = initial.copy()
    for op in ops:
        replayed.apply(op)
    if replayed.tree() != final.tree():
        model, real = replayed.tree(), final.tree()
        differ = sorted(k for k in set(model) | set(real) if model.get(k, 0) != real.get(k, 0))
        raise RecordingError(f"the recorded operations do not give the folder the run left: {differ[:5]}")
    return Recording(list(command), root, initial, ops, final, done.returncode, done.stdout, done.stderr)
