"""Shell completion: slugs for SLUG|PATH arguments, archived slugs for restore, tags for --tag.

Answered from the metadata cache (one stat per file when it is warm), in the folder the command
would use (``--articles-dir`` and ``--config`` given so far count). A completion never prints and
never fails: whatever goes wrong, the answer is simply empty.
"""

# Annotations are objects, not strings (no __future__ import): Typer reads them on every run, and
# each string it must eval, which was a twentieth of a run's start-up (tests/test_startup.py).
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from typer import Context  # a real import: Typer reads the callbacks' annotations to pass ``ctx``
from typer import _click as click  # Typer >= 0.20 vendors click


def _option(ctx: Context, name: str) -> Any:
    """An option's value as given so far: after the command, else before it."""
    here: click.Context | None = ctx
    while here is not None:
        value = here.params.get(name)
        if value is not None:
            return value
        here = here.parent
    return None


def _entries(ctx: Context, live: bool, archived: bool) -> list[tuple[str, list[str]]]:
    from newscli.core.folder import slugindex
    from newscli.core.folder.cachedir import cache_folder
    from newscli.core.rules.config import load_config

    try:
        options = (_option(ctx, "config"), _option(ctx, "articles_dir"))
        config = load_config(Path.cwd(), *options, cache_dir=cache_folder())
        return slugindex.entries(config, live, archived)
    except Exception:  # noqa: BLE001  # completion answers or stays silent; it never shows an error
        return []


def matching(values: Iterable[str], incomplete: str) -> list[str]:
    import os

    from newscli.cli.quickcomplete import bash_word

    found = sorted({v for v in values if v.startswith(incomplete)})
    if os.environ.get("_NEWSCLI_COMPLETE") == "complete_bash":  # bash inserts the words as given
        return [bash_word(v) for v in found]
    return found


def _slugs(ctx: Context, incomplete: str, live: bool, archived: bool) -> list[str]:
    if "/" in incomplete or incomplete.startswith("."):
        return []  # a path: the shell completes file names itself
    return matching((slug for slug, _ in _entries(ctx, live, archived)), incomplete)


def any_slug(ctx: Context, incomplete: str) -> list[str]:
    """Live and archived slugs (``show``)."""
    return _slugs(ctx, incomplete, live=True, archived=True)


def live_slug(ctx: Context, incomplete: str) -> list[str]:
    """Slugs of live articles (the editing commands)."""
    return _slugs(ctx, incomplete, live=True, archived=False)


def archived_slug(ctx: Context, incomplete: str) -> list[str]:
    """Slugs of archived articles (``restore``)."""
    return _slugs(ctx, incomplete, live=False, archived=True)


def tag(ctx: Context, incomplete: str) -> list[str]:
    """Tags in use, as written in the articles (``--tag``)."""
    archived = bool(_option(ctx, "archived") or _option(ctx, "all_"))
    return matching((t for _, tags in _entries(ctx, True, archived) for t in tags), incomplete)


def register_shells() -> None:
    """Typer's completion classes, which read what the installed scripts send, with zsh's and fish's
    descriptions shown as written on one line: Typer passes them through rich, which wraps them at
    80 columns (fish took the second line for a candidate of its own) and takes ``[defaults]`` for
    markup and drops it. Private (``typer._completion_classes``): pyproject pins Typer for it."""
    from typer._click.shell_completion import CompletionItem, add_completion_class
    from typer._completion_classes import FishComplete, ZshComplete, completion_init

    def one_line(text: str) -> str:
        return " ".join(text.split())

    from newscli.cli.quickcomplete import zsh_quote as escape

    class Zsh(ZshComplete):
        def format_completion(self, item: CompletionItem) -> str:
            if item.help:
                return f'"{escape(item.value)}":"{escape(one_line(item.help))}"'
            return f'"{escape(item.value)}"'

    class Fish(FishComplete):
        def format_completion(self, item: CompletionItem) -> str:
            return f"{item.value}\t{one_line(item.help)}" if item.help else item.value

    completion_init()
    add_completion_class(Zsh, "zsh")
    add_completion_class(Fish, "fish")
