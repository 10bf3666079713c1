"""Splitting a file into TOML front matter and Markdown body, keeping line numbers.

The format is Hugo's and Zola's: a first line ``+++``, TOML, a line ``+++``, then the body.
A UTF-8 BOM and CRLF line ends are tolerated.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

from newscli.core import fasttoml
from newscli.i18n import Message

FENCE = "+++"
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


@dataclass(frozen=True)
class Document:
    """A file split in two; ``toml_line`` is the file line where the TOML text starts."""

    toml: str
    body: str
    toml_line: int
    body_line: int
    bom: bool
    newline: str


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
    if not text.strip():
        raise FrontMatterError(Message("file is empty"), "file-empty")
    first_nl = text.find("\n")
    newline = "\r\n" if first_nl > 0 and text[first_nl - 1] == "\r" else "\n"
    opened = _fence_end(text, 0)
    if opened is None:
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
    hit = text.find("\n" + FENCE, opened - 1) if opened < len(text) else -1
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


def parse_toml(doc: Document) -> dict[str, Any]:
    """The front matter as a dict; TOML errors carry the file's own line and column."""
    fast = fasttoml.loads(doc.toml)
    if fast is not None:
        return fast
    try:
        return tomllib.loads(doc.toml)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(exc, doc) from None
    except RecursionError:
        # tomllib recurses per nesting level; thousands of '[' exhaust the stack.
        raise _limit_error(doc, _OPENERS, "arrays or inline tables nested too deeply") from None
    except ValueError:
        # tomllib lets Python's int() limit through: an integer of more than 4300 digits.
        raise _limit_error(doc, _DIGITS, "a number with too many digits") from None


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


def key_line(doc: Document, key: str, table: str | None = None) -> int:
    """The file line on which top-level ``key`` is set (or ``[table]`` opens), else the first TOML line."""
    patterns = [re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*[=.]")]
    if table is not None:
        patterns.insert(0, re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?"))
    lines = doc.toml.split("\n")
    for pattern in patterns:
        for number, line in enumerate(lines):
            if pattern.match(line):
                return doc.toml_line + number
    return doc.toml_line


def position_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset, for encoding errors."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column
