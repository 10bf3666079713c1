"""Reading one article file safely: its bytes (bounded, no FIFO, no link out of the folder),
decoded, split, parsed, and its fields checked; never an exception for anything the file holds.

The model it gives is in ``model``, the field checks in ``fields``.
"""

from __future__ import annotations

import os
from datetime import tzinfo
from pathlib import Path

from newscli.core.diagnostics import error
from newscli.core.reading import frontmatter, saferead
from newscli.core.reading.fields import check_fields
from newscli.core.reading.model import Loaded
from newscli.i18n import Message

MAX_ARTICLE_BYTES = saferead.MAX_ARTICLE_BYTES  # the bound every read of an article has


def is_below(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or inside it (both real paths, as os.path.realpath gives them)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class FileProblem(Exception):
    def __init__(self, message: str, rule: str):
        super().__init__(message)
        self.message = message
        self.rule = rule


def read_bytes(path: str | Path, root: Path | None) -> bytes:
    """The file's bytes, refusing what is not a regular file, a symlink out of ``root``, or huge.

    ``root`` None means the user named the path explicitly, so a symlink may point anywhere.
    """
    try:
        try:
            # Not following saves a stat per file: only a symbolic link is refused, and then checked.
            return saferead.read(path, follow=root is None)[0]
        except saferead.Refused as refused:
            if root is None or refused.why is not saferead.Why.LINK or not os.path.islink(path):
                raise
        # realpath, not Path.resolve(): a loop of links must be a file error, not a RuntimeError.
        target = os.path.realpath(path)
        if not is_below(target, os.path.realpath(root)):
            # A Message: English in JSON, said in the user's language where it is shown.
            message = Message(
                "symbolic link to {target}, outside the articles folder; not read", target=target
            )
            raise FileProblem(message, "file-not-regular")
        return saferead.read(path, follow=True)[0]
    except saferead.Refused as refused:
        raise file_problem(refused) from None


def file_problem(refused: saferead.Refused) -> FileProblem:
    if refused.why is saferead.Why.NOT_REGULAR:
        return FileProblem(
            Message("not a regular file (FIFO, device or socket); not read"), "file-not-regular"
        )
    if refused.why is saferead.Why.TOO_LARGE:
        return FileProblem(
            Message(
                "file is {size:,} bytes, over the {limit:,} bytes an article may have",
                size=refused.size,
                limit=MAX_ARTICLE_BYTES,
            ),
            "file-too-large",
        )
    return FileProblem(Message("cannot read: {reason}", reason=refused.reason), "file-unreadable")


def load(
    path: str, shown: str, archived: bool, tz: tzinfo, root: Path | None, quick_look: bool = False
) -> Loaded:
    """Read and check one file; never raises for anything the file contains."""
    try:
        data = read_bytes(path, root)
    except FileProblem as problem:
        return Loaded(shown, path, archived, None, (error(shown, 1, 1, problem.message, problem.rule),))
    return load_bytes(data, path, shown, archived, tz, quick_look)


def load_bytes(
    data: bytes, path: str, shown: str, archived: bool, tz: tzinfo, quick_look: bool = False
) -> Loaded:
    """The file's bytes parsed and checked. ``quick_look`` (validate, which also searches every
    body): one look at the whole file's bytes for anything that could start a control character
    first, which spares both searches in nine files in ten; without it the front matter alone is
    searched, which is cheaper where the body is not (list)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = frontmatter.position_of_byte(data, exc.start)
        message = Message("not UTF-8: byte 0x{byte:02x} cannot be decoded", byte=data[exc.start])
        hint = Message("save the file as UTF-8 (in most editors: Save as, Encoding UTF-8)")
        return Loaded(
            shown, path, archived, None, (error(shown, line, column, message, "file-encoding", hint),)
        )
    try:
        doc = frontmatter.split(text)
        values = frontmatter.parse_toml(doc)
    except frontmatter.FrontMatterError as exc:
        diag = error(shown, exc.line, exc.column, exc.message, exc.rule, exc.hint)
        return Loaded(shown, path, archived, None, (diag,))
    plain = quick_look and not may_hold_control(data)
    # Only an escape (a backslash) or a C1 character (0xC2 0x80-0x9F in UTF-8) can put a control
    # character in a value: two byte searches in C (memchr) spare the front matter's own search in
    # 98 files in 100.
    no_escapes = plain or (b"\\" not in data and b"\xc2" not in data)
    fields, diagnostics = check_fields(values, doc, shown, tz, no_escapes)
    return Loaded(shown, path, archived, fields, tuple(diagnostics), doc, values, plain)


# The bytes with which, in UTF-8, a control character (C0 but tab and line feed, a CR, DEL, C1 as
# 0xC2 0x80-0x9F) or a backslash (a TOML escape can make any character) starts.
_CONTROL_STARTS = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, 0xC2, ord("\\")])


def may_hold_control(data: bytes) -> bool:
    """False when no value or body of the file can hold a control character: one pass in C over
    the raw bytes (nine files in ten), where the checks of the front matter's values and of the
    body would each first copy their text to UTF-8."""
    return len(data.translate(None, _CONTROL_STARTS)) != len(data)
