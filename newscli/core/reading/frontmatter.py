"""Splitting a file into TOML front matter and Markdown body, keeping line numbers; reading the TOML.

The format is Hugo's and Zola's: a first line ``+++``, TOML, a line ``+++``, then the body.
A UTF-8 BOM and CRLF line ends are tolerated.

Two TOML readers, one door (``read_toml``): toml-rs (compiled, TOML 1.0.0 mode) where its wheel is
installed, else the standard library's ``tomllib``, which is also the reference. A document toml-rs
refuses is read again by ``tomllib``, which decides and says where the error is; toml-rs is never
given a document it could crash on (deep nesting overflows its stack), one that starts with a
byte order mark (it skips one; TOML does not), nor anything on a thread other than the main one
(a thread's smaller stack overflows sooner). tests/test_toml_conformance.py runs the TOML test
suite through each reader.
"""

from __future__ import annotations

import math
import re
import sys
import threading
from _thread import get_ident
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Any

from newscli.core.errors import UsageError
from newscli.i18n import Message, _

if TYPE_CHECKING:  # imported where used: with toml-rs, only a document it refuses needs tomllib
    import tomllib

FENCE = "+++"
_NEWLINE_FENCE = "\n" + FENCE
BOM = "\ufeff"
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TYPOGRAPHIC_QUOTES = "\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb"


class FrontMatterError(ValueError):
    """The file's structure is wrong; ``line``/``column`` are the file's own (1-based)."""

    def __init__(self, message: str, rule: str, line: int = 1, column: int = 1, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.line = line
        self.column = column
        self.hint = hint


# Not frozen, though nothing changes it once made: a frozen dataclass sets each field through
# object.__setattr__ (a call that builds a tuple), and every file read makes one.
@dataclass
class Document:
    """A file split in two; ``toml_line`` is the file line where the TOML text starts."""

    toml: str
    body: str
    toml_line: int
    body_line: int
    bom: bool
    newline: str
    # Where each key and [table] first starts a line, built on the first key_line() call: one pass
    # over the text for a whole file's problems, not one per problem (32,000 keys took minutes).
    _starts: dict[str, dict[str, int]] = field(default_factory=dict, compare=False, repr=False)


def _fence_end(text: str, start: int) -> int | None:
    """Index just past a ``+++`` line starting at ``start`` (its line end included), else None."""
    if not text.startswith(FENCE, start):
        return None
    after = start + len(FENCE)
    if after == len(text):
        return after
    if text.startswith("\n", after):
        return after + 1
    if text.startswith("\r\n", after):
        return after + 2
    return None


def split(text: str) -> Document:
    """Split decoded file text; raise FrontMatterError for a missing or unterminated block."""
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    first_nl = text.find("\n")
    newline = "\r\n" if first_nl > 0 and text[first_nl - 1] == "\r" else "\n"
    opened = _fence_end(text, 0)
    if opened is None:
        # Only a file that does not open with '+++' can be empty; isspace() is strip()'s test
        # without copying the whole file.
        if not text or text.isspace():
            raise FrontMatterError(Message("file is empty"), "file-empty")
        first = text.split("\n", 1)[0].rstrip("\r")
        if first.strip() == "---":
            raise FrontMatterError(
                Message("front matter uses YAML '---' fences; newscli articles use TOML between '+++' lines"),
                "frontmatter-yaml",
                hint=Message(
                    "replace the '---' lines with '+++' and write the keys as TOML (key = \"value\")"
                ),
            )
        if first.strip() == FENCE:
            raise FrontMatterError(
                Message("the opening '+++' must stand alone at the start of the line"), "frontmatter-missing"
            )
        raise FrontMatterError(
            Message("no front matter: the first line must be '+++'"),
            "frontmatter-missing",
            hint=Message("start the file with a '+++' line, the TOML keys, then another '+++' line"),
        )
    # The first line that starts with '+++' ends the front matter, as in Hugo; find it in one call
    # (opened - 1 is the newline that ended the opening fence).
    hit = text.find(_NEWLINE_FENCE, opened - 1) if opened < len(text) else -1
    if hit != -1:
        pos = hit + 1
        close = _fence_end(text, pos)
        if close is not None:
            toml_text = text[opened:pos]
            body_line = 2 + toml_text.count("\n") + 1
            return Document(toml_text, text[close:], 2, body_line, bom, newline)
        # Even inside a TOML multi-line string: reading on would pass a file Hugo reads differently.
        raise FrontMatterError(
            Message("a line starting with '+++' ends the front matter for Hugo: it must be '+++' alone"),
            "frontmatter-fence",
            2 + text.count("\n", opened, pos),
            len(FENCE) + 1,
            hint=Message(
                "remove what follows '+++' on this line (spaces too), or do not start a line with '+++'"
            ),
        )
    raise FrontMatterError(
        Message("front matter is not closed: no '+++' line after the opening one"),
        "frontmatter-unterminated",
        hint=Message("add a line '+++' between the TOML keys and the body"),
    )


# --- the TOML readers -------------------------------------------------------------------------


class TomlReader(StrEnum):
    """Which TOML reader reads front matter (``NEWSCLI_TOML_READER``, by these values)."""

    AUTO = "auto"  # toml-rs where it is installed, else tomllib
    TOML_RS = "toml-rs"
    PYTHON = "python"  # tomllib alone


# More brackets than this and toml-rs is not asked: nesting thousands deep overflows its stack
# (a crash, not an error), and front matter has a dozen or two.
_MAX_BRACKETS = 256
Loads = Callable[..., dict[str, Any]]  # (text, parse_float=...) -> values, as tomllib.loads
_MAIN_THREAD = threading.main_thread().ident
_reader: list[Loads | None] = []  # the compiled reader, or None for tomllib only; empty until chosen
# One choice for the whole process, made at the entry point (cli/app.py): both readers give the same
# values and errors (the conformance tests hold them to it), so the choice changes no result, only
# speed; it is a switch here rather than a parameter of every function that reads an article.
_wanted = TomlReader.AUTO


def reader_named(name: str) -> TomlReader:
    """The reader ``NEWSCLI_TOML_READER`` names; a name that is none is a usage error."""
    try:
        return TomlReader(name)
    except ValueError:
        raise UsageError(
            Message(
                "NEWSCLI_TOML_READER={name!r}: use one of {items}",
                name=name,
                items=", ".join(reader.value for reader in TomlReader),
            ),
            hint=Message("auto (the default) takes toml-rs where it is installed, else Python's tomllib"),
        ) from None


def use_reader(reader: TomlReader) -> None:
    """Choose the TOML reader; toml-rs when it is not installed is a usage error."""
    global _wanted
    if reader is not _wanted:
        _wanted = reader
        _reader.clear()
    if reader is TomlReader.TOML_RS and compiled_reader() is None:
        raise UsageError(
            Message("NEWSCLI_TOML_READER=toml-rs, but toml-rs is not installed"),
            hint=Message("pip install toml-rs, or leave NEWSCLI_TOML_READER unset"),
        )


def reader_name() -> str:
    """The reader in use, for reports: ``toml-rs 0.4.3`` or ``python (tomllib)``."""
    if compiled_reader() is None:
        return "python (tomllib)"
    import toml_rs

    return f"toml-rs {toml_rs.__version__}"


def compiled_reader() -> Loads | None:
    """toml-rs's ``loads`` in TOML 1.0.0 mode, or None (not installed, or the python reader chosen).
    Not guarded: everything but the conformance tests goes through ``read_toml``."""
    if not _reader:
        loads = None
        if _wanted is not TomlReader.PYTHON:
            try:
                import toml_rs
            except ImportError:  # no wheel for this platform: tomllib reads everything
                pass
            else:
                # 1.0.0: the TOML Hugo reads; the default (1.1) accepts more than Hugo does.
                loads = partial(toml_rs.loads, toml_version="1.0.0")
        _reader.append(loads)
    return _reader[0]


def read_toml(text: str, parse_float: Callable[[str], Any] = float) -> dict[str, Any]:
    """The one door of both readers: ``tomllib.loads``' result and errors, faster where possible.

    ``parse_float`` gets each float's text, as ``tomllib`` gives it, from either reader. Checks on
    the values read belong after this call (``parse_toml``), so that both readers pass them.
    """
    compiled = compiled_reader()
    if (
        compiled is not None
        # Only on the main thread: toml-rs recurses on the thread's own stack, and 256 nested
        # brackets overflow a thread's stack of 256 KiB (a crash, seen; threads elsewhere get as
        # little as 128 KiB). The main thread's stack is the process's (8 MiB, and it grows).
        and get_ident() == _MAIN_THREAD
        and not text.startswith(BOM)
        and text.count("[") + text.count("{") <= _MAX_BRACKETS
        # Only a text this long can hold an integer past Python's digit limit, which tomllib
        # refuses and toml-rs reads (front matter is a kilobyte or two).
        and (len(text) <= sys.get_int_max_str_digits() or not sys.get_int_max_str_digits())
    ):
        try:
            return compiled(text, parse_float=parse_float)
        except BaseException as exc:  # a refusal, even a Rust panic (pyo3's PanicException is one)
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            # tomllib, the reference, decides, and says where the error is.
    import tomllib  # here: with toml-rs, a run that reads no refused document never needs it (3 ms)

    return tomllib.loads(text, parse_float=parse_float)


def parse_toml(doc: Document) -> dict[str, Any]:
    """The front matter as a dict; TOML errors carry the file's own line and column.

    Whichever reader answered, the values then pass ``check_numbers``: the one place that refuses
    what Hugo cannot build (integers beyond 64 bits, floats that overflow).
    """
    try:
        values = read_toml(doc.toml)
    except RecursionError:
        # tomllib recurses per nesting level; thousands of '[' exhaust the stack.
        raise _limit_error(doc, _OPENERS, "arrays or inline tables nested too deeply") from None
    except ValueError as exc:
        import tomllib  # loaded already: only tomllib raises a ValueError here

        if isinstance(exc, tomllib.TOMLDecodeError):
            raise toml_error(exc, doc) from None
        # tomllib lets Python's int() limit through: an integer of more than 4300 digits.
        raise _limit_error(doc, _DIGITS, "a number with too many digits") from None
    check_numbers(values, doc)
    return values


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1  # TOML 1.0: an integer outside these is an error


class OverflowedFloat(float):
    """A float whose text is finite but too large for 64 bits (``1e309``): Hugo refuses it.

    tomllib hands it over (through ``parse_float``) in place of the infinity Python would make of
    it, so ``check_numbers`` can tell it from TOML's own ``inf``, which is valid.
    """


def parse_float(text: str) -> float:
    value = float(text)
    if math.isinf(value) and "inf" not in text:
        return OverflowedFloat(value)
    return value


_INFINITY = "infinity"  # _number_problem's answer for an infinity some reader may have made of 1e309


def check_numbers(values: dict[str, Any], doc: Document) -> None:
    """Raise FrontMatterError for a number Hugo cannot build, at its top-level key's line.

    Any reader's result may come here. An infinity is TOML's ``inf`` or an overflowing literal
    that a reader turned into one; only then (rarely) is the text read again with tomllib, whose
    ``parse_float`` tells the two apart.
    """
    if _NOT_NUMBERS.issuperset(map(type, values.values())):
        return  # only strings, booleans and dates (a file without tags): one test in C
    reference: dict[str, Any] | None = None
    for key, value in values.items():
        if type(value) in _NOT_NUMBERS:  # most values: no call
            continue
        problem = _number_problem(value)
        if problem == _INFINITY:
            if reference is None:
                import tomllib

                reference = tomllib.loads(doc.toml, parse_float=parse_float)
            problem = _number_problem(reference.get(key))
            if problem == _INFINITY:
                problem = None  # TOML's own inf
        if problem is not None:
            table = key if isinstance(value, (dict, list)) else None
            message = _("'{key}': {problem}; Hugo cannot build this file").format(key=key, problem=problem)
            hint = _("TOML numbers must fit in 64 bits: integers -2^63 to 2^63-1, floats up to about 1.8e308")
            raise FrontMatterError(message, "toml-number", key_line(doc, key, table), 1, hint)


# Types a value of which is never a number problem: most values are strings and dates, and they
# are done with one look-up instead of a chain of isinstance calls (this walk runs on every file).
_NOT_NUMBERS = frozenset({str, bool, datetime, date, time})


def _number_problem(value: object) -> str | None:
    if type(value) in _NOT_NUMBERS:  # bool cannot be subclassed: its type says it
        return None
    if isinstance(value, int):
        if INT64_MIN <= value <= INT64_MAX:
            return None
        return _("the integer {value} does not fit in 64 bits").format(value=_short_number(value))
    if isinstance(value, OverflowedFloat):
        return _("the number is too large for a 64-bit float")
    if isinstance(value, float):
        return _INFINITY if math.isinf(value) else None
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, list):
        return None
    infinity = None
    for item in value:
        if type(item) in _NOT_NUMBERS:  # a tag, a link's title: no call for each
            continue
        problem = _number_problem(item)
        if problem == _INFINITY:
            infinity = problem  # a real problem further on still wins
        elif problem is not None:
            return problem
    return infinity


def _short_number(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else f"{text[:20]}...({len(text)} digits)"


def toml_error(exc: tomllib.TOMLDecodeError, doc: Document) -> FrontMatterError:
    text = str(exc)
    match = _TOML_POSITION.search(text)
    message = _TOML_POSITION.sub("", text).strip()
    if match:
        line, column = int(match.group(1)), int(match.group(2))
    else:  # "at end of document"
        message = message.replace("(at end of document)", "").strip()
        line = doc.toml.count("\n") + 1
        column = len(doc.toml.rsplit("\n", 1)[-1]) + 1
    hint = None
    lines = doc.toml.split("\n")
    bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if any(q in bad_line for q in _TYPOGRAPHIC_QUOTES):
        hint = 'typographic quotes (\u201c\u201d) do not delimit TOML strings: use straight quotes "'
        quote_at = min(bad_line.find(q) for q in _TYPOGRAPHIC_QUOTES if q in bad_line)
        column = quote_at + 1
    elif BOM in bad_line:  # e.g. two files pasted together: the second one's BOM is now mid-file
        hint = "delete the invisible byte order mark (U+FEFF); only the very start of a file may have one"
        column = bad_line.find(BOM) + 1
    return FrontMatterError(
        Message("TOML syntax error: {value}{message}", value=message[:1].lower(), message=message[1:]),
        "toml-syntax",
        line + doc.toml_line - 1,
        column,
        hint,
    )


_OPENERS = re.compile(r"[\[{]+")
_DIGITS = re.compile(r"[0-9][0-9_]*")


def _limit_error(doc: Document, pattern: re.Pattern[str], what: str) -> FrontMatterError:
    """A value tomllib cannot hold, placed at the longest run of ``pattern`` (where it must be)."""
    spot = max(pattern.finditer(doc.toml), key=lambda m: len(m.group()), default=None)
    at = spot.start() if spot is not None else 0
    line = doc.toml.count("\n", 0, at) + doc.toml_line
    column = at - (doc.toml.rfind("\n", 0, at) + 1) + 1
    return FrontMatterError(Message("TOML syntax error: {what}", what=what), "toml-syntax", line, column)


# A line that starts a key (bare or quoted, before "=" or ".") or a [table] / [[table]] header.
_LINE_START = re.compile(
    r"\s*(?:\[\[?\s*([^\]\s]*)\s*\]|(?:([A-Za-z0-9_-]+)|\"([^\"\n]*)\"|'([^'\n]*)')\s*[=.])"
)


def key_line(doc: Document, key: str, table: str | None = None) -> int:
    """The file line on which top-level ``key`` is set (or ``[table]`` opens), else the first TOML line."""
    if not doc._starts:
        keys: dict[str, int] = {}
        tables: dict[str, int] = {}
        for number, line in enumerate(doc.toml.split("\n")):
            match = _LINE_START.match(line)
            if match is None:
                continue
            header, bare, double, single = match.groups()
            if header is not None:
                tables.setdefault(header, number)
            else:
                keys.setdefault(next(k for k in (bare, double, single) if k is not None), number)
        doc._starts.update(keys=keys, tables=tables)
    found = doc._starts["tables"].get(table) if table is not None else None
    if found is None:
        found = doc._starts["keys"].get(key)
    return doc.toml_line + (found or 0)


def position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset, for encoding errors."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column
