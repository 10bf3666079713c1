"""tests/inprocess_support.py itself: a run in the test's process that never ends fails the test, as
``run_forked``'s child is killed after its timeout, and leaves the process as it found it."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import inprocess_support
import pytest
from inprocess_support import run_here_on_a_terminal


def test_a_run_that_never_ends_fails_the_test_instead_of_blocking_the_suite(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``new`` on a terminal asks for the title, and nobody answers: forked, the child was killed
    after its timeout; in the test's process nothing else would have ended the wait."""
    monkeypatch.setattr(inprocess_support, "TIMEOUT", 0.5)  # the wait never ends: not a time asserted
    handler = signal.getsignal(signal.SIGALRM)
    with pytest.raises(subprocess.TimeoutExpired):
        run_here_on_a_terminal(site, "new")
    assert list((site / "articles").iterdir()) == []
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is handler


def test_a_run_that_ends_is_not_interrupted(site: Path) -> None:
    done = run_here_on_a_terminal(site, "list")
    assert done.returncode == 0, done.stdout
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
