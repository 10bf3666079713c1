"""The file's name: one a list of paths can hold, and ``YYYY-MM-DD-<slug>.md`` from its fields."""

from __future__ import annotations

import os
import posixpath

from newscli.core.diagnostics import Diagnostic, error, warning
from newscli.core.reading.model import Loaded
from newscli.core.rules.naming import NAME_PATTERN, day_name
from newscli.core.text import shell_word, unsafe_in_name
from newscli.i18n import Message


def name_problems(item: Loaded, name: str) -> list[Diagnostic]:
    """A name (the file's own: ``name``) that is safe to list, one a line; and
    ``YYYY-MM-DD-<slug>.md`` from the date and slug (only its shape when those are unusable)."""
    unsafe = _unsafe_name(item)
    return unsafe + _name_pattern(item, name, item.shown)


def _unsafe_name(item: Loaded) -> list[Diagnostic]:
    # The path as shown, from the articles folder or the current one: a line break in a folder's
    # name splits `list --format paths` just as one in the file's own name does.
    char = unsafe_in_name(item.shown)
    if char is None:
        return []
    message = Message(
        "the path holds a control character or line break ({char!r}): a list of paths, one a line, "
        "cannot hold it",
        char=char,
    )
    hint = Message("rename it (git mv) to YYYY-MM-DD-<slug>.md: letters, digits and hyphens")
    return [error(item.shown, 1, 1, message, "filename-control-character", hint)]


def _name_pattern(item: Loaded, name: str, shown: str) -> list[Diagnostic]:
    if item.fields is not None:
        expected = day_name(item.fields.date.date(), item.fields.slug)  # the date is in the zone already
        if name == expected:
            return []
        message = Message(
            "file name {name!r} does not match the date and slug: expected {expected!r}",
            name=name,
            expected=expected,
        )
        # Quoted for the shell: a name may hold a space, a quote or $(...), and people paste this.
        target = posixpath.join(posixpath.dirname(shown), expected)
        hint = f"git mv {shell_word(shown)} {shell_word(target)}"
        return [warning(shown, 1, 1, message, "filename-pattern", hint)]
    # A name of the right shape passes, and so does a folder that could not be listed.
    if NAME_PATTERN.fullmatch(name) or (item.data is None and os.path.isdir(item.fspath)):
        return []
    return [
        warning(
            shown,
            1,
            1,
            Message("file name {name!r} is not YYYY-MM-DD-<slug>.md", name=name),
            "filename-pattern",
        )
    ]
