"""Text for people: the English plural several modules build, and text from files and file names
made safe to show (the one definition of what a terminal must never receive raw, and the one
function that shows it visibly instead).

English is the source language; a message translated through gettext takes its plural forms from
the catalogue (``ngettext``) instead.

A title, a path or a message may hold control characters (ESC starts the sequences that clear the
screen, retitle the window or write the clipboard) or, from a file name that is not UTF-8, lone
surrogates (Python's surrogateescape). Every renderer and every message passes its text through
``visible``; JSON goes through ``json_safe``, which escapes the same characters as JSON escapes.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls; and lone surrogates (undecodable file names).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\ud800-\udfff]")  # the encoder escapes C0 itself


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte surrogateescape could not decode: show that byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character but tab and newline shown as ``\\x1b`` and the like
    (a CRLF line end stays a line end); linear, and the same object back when nothing is unsafe."""
    if _UNSAFE.search(text) is None:
        return text
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return _UNSAFE.sub(_escape, text)


def has_control(text: str) -> bool:
    """True when ``text`` holds a control character other than tab and newline."""
    return CONTROL.search(text) is not None


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


_DEL_AND_C1 = bytes(range(0x7F, 0xA0))


def may_hold_c1(text: str) -> bool:
    """False when ``text`` surely holds no DEL, C1 control or lone surrogate; True when it may.

    A quick look before an exact one: a regular expression walks a kilobyte in some 10 µs, this
    in about 1 (a Latin-1 text is copied to bytes and the bytes 0x7F-0x9F deleted, in C). A text
    with characters past U+00FF is looked at as UTF-8, where DEL is the byte 0x7F, every C1
    control starts with 0xC2 (as U+0080-U+00BF all do) and every surrogate with 0xED (as
    U+D000-U+DFFF all do): True when any of the three bytes is there.
    """
    try:
        data = text.encode("latin-1")
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
        return b"\x7f" in data or b"\xc2" in data or b"\xed" in data
    return len(data.translate(None, _DEL_AND_C1)) != len(data)


def json_safe(encoded: str) -> str:
    """JSON text from ``json.dumps(..., ensure_ascii=False)`` with DEL, C1 controls and lone
    surrogates also written as ``\\uXXXX`` escapes: still the same JSON value (a non-UTF-8 file
    name reads back as the same surrogates), and valid UTF-8 that no terminal acts on."""
    if not may_hold_c1(encoded) or _JSON_UNSAFE.search(encoded) is None:
        return encoded
    return _JSON_UNSAFE.sub(_json_escape, encoded)


def plural(n: int, word: str) -> str:
    """``1 file``, ``2 files``: the count and the word, with an English ``s`` unless n is 1."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
