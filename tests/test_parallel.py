"""core/folder/parallel.py: the second half in a forked child gives exactly what one process gives, and a
child that fails only costs time (the parent does its half too)."""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import pytest

from newscli.core.folder import parallel


@pytest.fixture(autouse=True)
def parallel_from_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)


needs_fork = pytest.mark.skipif(not parallel.can_fork(), reason="forks only on Linux with two cores")


@needs_fork
def test_on_both_cores_keeps_the_order() -> None:
    def work(items: Sequence[int]) -> list[tuple[int, int]]:
        return [(n, n * n) for n in items]

    assert parallel.on_both_cores(work, range(11)) == [(n, n * n) for n in range(11)]


@needs_fork
def test_then_runs_in_the_parent_on_each_half_in_order() -> None:
    parent = os.getpid()
    seen: list[tuple[int, list[int]]] = []

    def then(part: Sequence[int], results: list[int]) -> list[str]:
        seen.append((os.getpid(), list(part)))
        return [f"{n}:{r}" for n, r in zip(part, results, strict=True)]

    done = parallel.on_both_cores_then(lambda items: [n * n for n in items], then, range(11))
    assert done == [f"{n}:{n * n}" for n in range(11)]
    assert seen == [(parent, list(range(5))), (parent, list(range(5, 11)))]


@needs_fork
def test_a_child_whose_result_cannot_be_sent_costs_only_time() -> None:
    parent = os.getpid()

    def work(items: Sequence[int]) -> list[object]:
        if os.getpid() == parent:
            return list(items)
        return [lambda: None for _ in items]  # pickle refuses a lambda: the child exits 1

    assert parallel.on_both_cores(work, list(range(10))) == list(range(10))


def write_numbers(items: Sequence[int], out: IO[str], follows: bool) -> None:
    out.write(("," if follows else "") + ",".join(str(n) for n in items))


@needs_fork
def test_write_on_both_cores_writes_as_one_process_does() -> None:
    one, two = io.StringIO(), io.StringIO()
    write_numbers(range(13), one, False)
    parallel.write_on_both_cores(write_numbers, range(13), two)
    assert two.getvalue() == one.getvalue() == ",".join(str(n) for n in range(13))


def write_words(items: Sequence[int], out: IO[str], follows: bool) -> None:
    out.write(("," if follows else "") + ",".join(f"nyhet-ö-{n}" for n in items))


@needs_fork
@pytest.mark.parametrize(("mode", "encoding"), [("w", "utf-8"), ("a", "utf-8"), ("w", "latin-1")])
def test_the_childs_half_lands_after_the_parents_in_a_real_file(
    tmp_path: Path, mode: str, encoding: str
) -> None:
    # A UTF-8 file is given the child's half by the kernel (sendfile); a file in append mode (which
    # sendfile refuses) and another encoding go through Python: the same text every way.
    expected = ",".join(f"nyhet-ö-{n}" for n in range(4001))
    target = tmp_path / "out.json"
    target.write_text("före:", encoding=encoding)
    with target.open(mode, encoding=encoding, newline="") as out:
        out.write("[")
        parallel.write_on_both_cores(write_words, range(4001), out)
        out.write("]")
    start = "före:" if mode == "a" else ""
    assert target.read_text(encoding=encoding) == f"{start}[{expected}]"


@needs_fork
def test_the_childs_half_goes_through_a_pipe_whole() -> None:
    expected = ",".join(f"nyhet-ö-{n}" for n in range(4001))
    read_end, write_end = os.pipe()
    reader = os.fork()
    if reader == 0:  # drains the pipe into nothing but a length, so the writer never blocks for good
        os.close(write_end)
        size = 0
        while chunk := os.read(read_end, 1 << 16):
            size += len(chunk)
        os._exit(0 if size == len(expected.encode()) + 2 else 1)
    os.close(read_end)
    with os.fdopen(write_end, "w", encoding="utf-8", newline="") as out:
        out.write("[")
        parallel.write_on_both_cores(write_words, range(4001), out)
        out.write("]")
    _, status = os.waitpid(reader, 0)
    assert status == 0


@needs_fork
def test_a_child_that_fails_to_write_costs_only_time() -> None:
    parent = os.getpid()

    def work(items: Sequence[int], out: IO[str], follows: bool) -> None:
        if os.getpid() != parent:
            out.write("half-written")
            raise OSError("disk full")
        write_numbers(items, out, follows)

    out = io.StringIO()
    parallel.write_on_both_cores(work, range(9), out)
    assert out.getvalue() == ",".join(str(n) for n in range(9))


def test_few_items_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 100)
    parent = os.getpid()
    assert parallel.on_both_cores(lambda items: [os.getpid() for _ in items], range(10)) == [parent] * 10
