"""Text for people: the English plural several modules build, and text from files and file names
made safe to show (the one definition of what a terminal must never receive raw, and the one
function that shows it visibly instead).

English is the source language; a message translated through gettext takes its plural forms from
the catalogue (``ngettext``) instead.

A title, a path or a message may hold control characters (ESC starts the sequences that clear the
screen, retitle the window or write the clipboard), invisible format characters (the bidi overrides
and isolates reorder what follows them on the screen, "Trojan Source"; zero-width spaces hide) or,
from a file name that is not UTF-8, lone surrogates (Python's surrogateescape). Every renderer and
every message passes its text through ``visible``; JSON goes through ``json_safe``, which escapes
the same characters as JSON escapes.
"""

from __future__ import annotations

import functools
import re

# C0 controls but tab and newline, DEL, C1 controls: what validate calls a control character.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible format characters (Unicode's Cf, and the line and paragraph separators): the bidi marks,
# embeddings, overrides and isolates, zero-width spaces, the soft hyphen, a BOM inside text, the tag
# characters. Not the zero-width (non-)joiner: they only shape the letters beside them (Persian,
# Indic scripts, emoji sequences) and move nothing.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)


class _Patterns:
    """The character classes of what is unsafe, each compiled when first used: a class with ranges
    past Latin-1 takes 0.3 ms to compile, and a run uses one or two of the four (list's JSON the
    last, validate the second)."""

    @functools.cached_property
    def unsafe(self) -> re.Pattern[str]:
        # ...and lone surrogates (undecodable file names).
        return re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_FORMAT}]")

    @functools.cached_property
    def line_unsafe(self) -> re.Pattern[str]:
        # ...and, in what must stay on one line (a path, a table row), the line ends and tab too.
        return re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\ud800-\\udfff{_FORMAT}]")

    @functools.cached_property
    def name_unsafe(self) -> re.Pattern[str]:
        # What a file name must not hold: a control character (tab and line ends too) or a format one.
        return re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_FORMAT}]")

    @functools.cached_property
    def json_unsafe(self) -> re.Pattern[str]:
        return re.compile(f"[\\x7f-\\x9f\\ud800-\\udfff{_FORMAT}]")  # the encoder escapes C0 itself


_P = _Patterns()


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte surrogateescape could not decode: show that byte
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with every control character but tab and newline shown as ``\\x1b`` and the like,
    every invisible format character as ``\\u202e`` (a CRLF line end stays a line end); linear, and
    the same object back when nothing is unsafe."""
    if _P.unsafe.search(text) is None:
        return text
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return _P.unsafe.sub(_escape, text)


def visible_line(text: str) -> str:
    """``visible``, and a line break or tab shown too (``\\x0a``): for what must stay one line, a
    path on a line of its own above all (``list --format paths``, ``validate``'s ``path:line:``)."""
    if _P.line_unsafe.search(text) is None:
        return text
    return _P.line_unsafe.sub(_escape, text)


def shell_word(text: str) -> str:
    """``text`` as one shell word, for a command a hint prints. A name holding a character a terminal
    would act on or hide (a line break, ESC, a bidi override, an undecodable byte) is written in
    ANSI-C quoting (``$'a\\nb'``, bash and zsh): shown as it is, it holds nothing a terminal acts on,
    and pasted, it still names the file."""
    import shlex

    if _P.line_unsafe.search(text) is None:
        return shlex.quote(text)
    return "$'" + _P.line_unsafe.sub(_ansi_c, text.replace("\\", "\\\\").replace("'", "\\'")) + "'"


def _ansi_c(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x80:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a name that is not UTF-8 (surrogateescape): that byte
        return f"\\x{code - 0xDC00:02x}"
    # Always four (or eight) digits: the shell reads no following letter as part of the escape.
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def unsafe_in_name(name: str) -> str | None:
    """The first control character (a line break or tab too) or invisible format character in a
    file name, if any: such a name breaks a list of paths, one a line, or hides what it is."""
    if name.isascii() and name.isprintable():  # in C: ASCII's only unprintables are C0 and DEL
        return None
    match = _P.name_unsafe.search(name)
    return None if match is None else match.group()


def has_control(text: str) -> bool:
    """True when ``text`` holds a control character other than tab and newline."""
    return CONTROL.search(text) is not None


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # JSON spells a character beyond the BMP as a pair
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def may_match(pattern: re.Pattern[str], text: str, narrow: bool = False) -> bool:
    """False when ``pattern`` surely matches nowhere in ``text``; True when it may (then the pattern
    itself decides). Every match of ``pattern`` must start with a character that matches it alone
    (a character class, or alternatives that each start with one); ``narrow`` promises that all
    of those are below U+0100.

    A quick look before the exact one: a regular expression walks a kilobyte in some 10 µs, this
    in about 1. The text is copied to bytes and the bytes those characters are deleted, in C: as
    Latin-1, or (``narrow``, for a text with characters past U+00FF) as UTF-8, where a character
    U+0080-U+00FF starts with the byte 0xC2 or 0xC3 and is counted by that byte.
    """
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        if not narrow:
            return True
        data = text.encode("utf-8", "surrogatepass")
        return len(data.translate(None, _utf8_starts(pattern))) != len(data)
    return len(data.translate(None, _latin1_members(pattern))) != len(data)


@functools.cache
def _latin1_members(pattern: re.Pattern[str]) -> bytes:
    """The characters U+0000-U+00FF that ``pattern`` matches, as bytes (made once per pattern)."""
    return bytes(code for code in range(256) if pattern.fullmatch(chr(code)))


@functools.cache
def _utf8_starts(pattern: re.Pattern[str]) -> bytes:
    """The first bytes, in UTF-8, of the characters U+0000-U+00FF that ``pattern`` matches."""
    return bytes(sorted({chr(code).encode("utf-8")[0] for code in _latin1_members(pattern)}))


def json_safe(encoded: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)`` with DEL, C1 controls, invisible
    format characters and lone surrogates also written as ``\\uXXXX`` escapes: still the same JSON
    value (a non-UTF-8 file name reads back as the same surrogates), and valid UTF-8 that no
    terminal acts on."""
    if not may_match(_P.json_unsafe, encoded) or _P.json_unsafe.search(encoded) is None:
        return encoded
    return _P.json_unsafe.sub(_json_escape, encoded)


def plural(n: int, word: str) -> str:
    """``1 file``, ``2 files``: the count and the word, with an English ``s`` unless n is 1."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
