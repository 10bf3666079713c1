"""core/parallel.py: the second half in a forked child gives exactly what one process gives, and a
child that fails only costs time (the parent does its half too)."""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from typing import IO

import pytest

from newscli.core import parallel


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
