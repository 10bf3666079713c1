"""Changing top-level front-matter keys in place, keeping every other byte of the file.

A command owns a few keys (``touch``: ``lastmod`` and ``modified_by``; ``publish``: ``draft`` and
``date``; ...). :func:`apply` changes only the text of those keys' values:

* a key that is set gets its value's text replaced — the key's spelling, the spaces around ``=`` and
  a comment after the value stay; a value spanning lines (a multi-line string or array) is replaced
  whole by a one-line value;
* a key to remove loses its whole statement, line ending included;
* a missing key is added as ``key = value`` in the file's own line ending, before the closing ``+++``
  (or, when the front matter has ``[tables]``, after the last top-level key, since a key written
  after a table header would belong to that table).

Comments, blank lines, key order, quoting, a BOM, CRLF line ends and the body are never touched.

The scanner below finds where each top-level statement starts and where its value ends; it relies
on the text being valid TOML (the caller parsed it first). The result is then checked: it must parse
to exactly the old values with the changes applied, or :class:`EditError` is raised and nothing is
written. Why not tomlkit: measured in docs/editing.md — on 390 edits of the sample's files in
the shapes people write them, it wrote LF line ends into CRLF files (70 of 390) and a blank line
that was not there (8 of 390), and took about three times the CPU time.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from newscli.core.reading import frontmatter
from newscli.i18n import Message

REMOVE = object()  # the value that means "remove this key"

_BARE_KEY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\", "e": "\x1b"}


class EditError(ValueError):
    """The front matter cannot be changed as asked; nothing was written."""


@dataclass(frozen=True)
class Statement:
    """One top-level ``key = value``: offsets into the TOML text."""

    key: str
    dotted: bool
    start: int  # the start of its line
    value_start: int
    value_end: int  # just past the value (before spaces and a comment)
    end: int  # just past its line ending


@dataclass(frozen=True)
class TomlLayout:
    statements: tuple[Statement, ...]
    first_table: int | None  # offset of the first [table] / [[array]] header line, if any


def apply(text: str, changes: Mapping[str, Any]) -> str:
    """``text`` (a whole file, decoded) with ``changes`` made: key -> new value, or REMOVE."""
    doc = frontmatter.split(text)
    fence = (1 if doc.bom else 0) + len(frontmatter.FENCE)
    start = fence + (2 if text.startswith("\r\n", fence) else 1)
    toml = doc.toml
    if text[start : start + len(toml)] != toml:
        raise EditError(Message("front matter not where expected"))  # a split() change this module missed
    try:
        before = tomllib.loads(toml)
    except tomllib.TOMLDecodeError as exc:
        raise EditError(Message("the front matter is not valid TOML: {error}", error=exc)) from None
    new_toml = apply_toml(toml, changes, doc.newline)
    expected = dict(before)
    for key, value in changes.items():
        if value is REMOVE:
            expected.pop(key, None)
        else:
            expected[key] = value
    try:
        after = tomllib.loads(new_toml)
    except tomllib.TOMLDecodeError as exc:
        raise EditError(Message("the change would break the front matter: {error}", error=exc)) from None
    if after != expected:
        raise EditError(Message("the change would alter other keys"))
    return text[:start] + new_toml + text[start + len(toml) :]


def apply_toml(toml: str, changes: Mapping[str, Any], newline: str) -> str:
    """The TOML text with ``changes`` made (see :func:`apply`, which also checks the result)."""
    layout = scan(toml)
    by_key: dict[str, Statement] = {}
    for statement in layout.statements:
        if statement.key in changes and statement.dotted:
            raise EditError(Message("'{key}' is set as a dotted key; change it by hand", key=statement.key))
        by_key.setdefault(statement.key, statement)
    edits: list[tuple[int, int, str]] = []
    added: list[str] = []
    for key, value in changes.items():
        found = by_key.get(key)
        if value is REMOVE:
            if found is not None:
                edits.append((found.start, found.end, ""))
        elif found is not None:
            edits.append((found.value_start, found.value_end, value_text(value)))
        else:
            added.append(f"{key_text(key)} = {value_text(value)}{newline}")
    if added:
        if layout.first_table is None:
            at = len(toml)
        elif layout.statements:
            at = max(s.end for s in layout.statements)
        else:
            at = 0
        prefix = "" if at == 0 or toml[at - 1] == "\n" else newline
        edits.append((at, at, prefix + "".join(added)))
    result = toml
    for begin, finish, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        result = result[:begin] + replacement + result[finish:]
    return result


def value_text(value: Any) -> str:
    """A value as TOML writes it on one line."""
    import tomli_w

    if isinstance(value, list | tuple):
        return "[" + ", ".join(value_text(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds" if value.microsecond else "seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key_text(k)} = {value_text(v)}" for k, v in value.items()) + "}"
    line = tomli_w.dumps({"k": value})
    if not line.startswith("k = ") or line.count("\n") != 1:
        raise EditError(Message("cannot write {value!r} on one line", value=value))
    return line[4:-1]


def key_text(key: str) -> str:
    if key and all(c in _BARE_KEY for c in key):
        return key
    return value_text(key)


def scan(toml: str) -> TomlLayout:
    """Where each top-level statement is; ``toml`` must be valid TOML."""
    statements: list[Statement] = []
    i, n = 0, len(toml)
    while i < n:
        line_start = i
        i = _skip_spaces(toml, i)
        if i >= n:
            break
        c = toml[i]
        if c in "\r\n#":
            i = _line_end(toml, i)
            continue
        if c == "[":
            return TomlLayout(tuple(statements), line_start)
        key, dotted, i = _key(toml, i)
        i = _skip_spaces(toml, i)
        if i >= n or toml[i] != "=":
            raise EditError(Message("unexpected text in the front matter"))
        value_start = _skip_spaces(toml, i + 1)
        value_end = _value_end(toml, value_start)
        end = _line_end(toml, value_end)
        statements.append(Statement(key, dotted, line_start, value_start, value_end, end))
        i = end
    return TomlLayout(tuple(statements), None)


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t":
        i += 1
    return i


def _line_end(text: str, i: int) -> int:
    """Just past the line ending at or after ``i`` (a comment is skipped), or the end of the text."""
    at = text.find("\n", i)
    return len(text) if at == -1 else at + 1


def _key(text: str, i: int) -> tuple[str, bool, int]:
    """The first part of a (possibly dotted) key starting at ``i``, whether it is dotted, and its end."""
    first: str | None = None
    parts = 0
    while True:
        part, i = _key_part(text, i)
        parts += 1
        if first is None:
            first = part
        j = _skip_spaces(text, i)
        if j < len(text) and text[j] == ".":
            i = _skip_spaces(text, j + 1)
            continue
        return first, parts > 1, i


def _key_part(text: str, i: int) -> tuple[str, int]:
    c = text[i]
    if c == '"':
        end = _basic_string_end(text, i)
        return _unescape(text[i + 1 : end - 1]), end
    if c == "'":
        end = text.index("'", i + 1) + 1
        return text[i + 1 : end - 1], end
    j = i
    while j < len(text) and text[j] in _BARE_KEY:
        j += 1
    if j == i:
        raise EditError(Message("unexpected text in the front matter"))
    return text[i:j], j


def _value_end(text: str, i: int) -> int:
    """Just past the value starting at ``i``."""
    c = text[i]
    if c == '"':
        if text.startswith('"""', i):
            return _multiline_end(text, i, '"""')
        return _basic_string_end(text, i)
    if c == "'":
        if text.startswith("'''", i):
            return _multiline_end(text, i, "'''")
        return text.index("'", i + 1) + 1
    if c in "[{":
        return _bracket_end(text, i)
    # A number, boolean, date or time: up to a comment or the line end (a date-time may hold a space).
    j = i
    while j < len(text) and text[j] not in "#\r\n":
        j += 1
    while j > i and text[j - 1] in " \t":
        j -= 1
    return j


def _basic_string_end(text: str, i: int) -> int:
    j = i + 1
    while text[j] != '"':
        j += 2 if text[j] == "\\" else 1
    return j + 1


def _multiline_end(text: str, i: int, quote: str) -> int:
    j = i + 3
    while True:
        if quote == '"""' and text[j] == "\\":
            j += 2
            continue
        if text.startswith(quote, j):
            end = j + 3
            while end < len(text) and text[end] == quote[0] and end - j < 5:
                end += 1  # up to two quotes may end the content: """a"""" is a"
            return end
        j += 1


def _bracket_end(text: str, i: int) -> int:
    depth = 0
    j = i
    while True:
        c = text[j]
        if c in "[{":
            depth += 1
            j += 1
        elif c in "]}":
            depth -= 1
            j += 1
            if depth == 0:
                return j
        elif c in "\"'":
            j = _value_end(text, j)
        elif c == "#":
            j = text.find("\n", j)
        else:
            j += 1


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body
    out = []
    j = 0
    while j < len(body):
        c = body[j]
        if c != "\\":
            out.append(c)
            j += 1
            continue
        code = body[j + 1]
        if code in _ESCAPES:
            out.append(_ESCAPES[code])
            j += 2
        elif code in "uU":
            width = 4 if code == "u" else 8
            out.append(chr(int(body[j + 2 : j + 2 + width], 16)))
            j += 2 + width
        elif code == "x":
            out.append(chr(int(body[j + 2 : j + 4], 16)))
            j += 4
        else:
            out.append(code)
            j += 2
    return "".join(out)
