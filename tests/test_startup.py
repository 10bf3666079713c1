"""What a run does before it reads the first file (issue 14): guards for what start-up was spared."""

from __future__ import annotations
import __future__

import importlib
import pkgutil

import pytest

import newscli.cli.commands

# The modules whose functions Typer reads on a run: every command's, the group's callback and the
# callbacks of their options (app), the completion callbacks (complete).
READ_BY_TYPER = (
    "newscli.cli.app",
    "newscli.cli.complete",
    *(f"newscli.cli.commands.{info.name}" for info in pkgutil.iter_modules(newscli.cli.commands.__path__)),
)


@pytest.mark.parametrize("name", READ_BY_TYPER)
def test_typer_is_given_annotations_not_strings(name: str) -> None:
    """Typer reads each signature it builds a command from with ``eval`` on every string annotation
    (twice: inspect.signature and typing.get_type_hints), which parses it anew on every run: a
    twentieth of the start-up of ``list``. Evaluated once when the module is compiled, they cost
    nothing; a name known only to the type checker is quoted where it is used, off Typer's path."""
    module = importlib.import_module(name)
    assert getattr(module, "annotations", None) is not __future__.annotations, (
        f"{name}: no 'from __future__ import annotations' (see this test's docstring)"
    )
