"""A cache of what reading each article file found, so repeated runs need one stat per file.

An entry is used only when the file's size, mtime, ctime, inode and device are all unchanged;
ctime cannot be set by programs, so any write, rename or copy over the file misses the cache.
A file whose ctime is less than ``cachedir.RACY_SECONDS`` older than the moment the run began is not
stored at all (as git does with "racily clean" entries): a write in the same clock tick as our
read could otherwise go unnoticed. The cache lives in the user's cache folder (found with
platformdirs), never in the articles folder, so a read-only articles folder works, and every
failure to read or write it only means a slower run. ``NEWSCLI_CACHE=0`` turns it off;
``NEWSCLI_CACHE_DIR`` moves it.

The cache holds data only: plain tuples of strings, numbers, booleans and None in ``marshal``
format, turned back into values by a :class:`Codec` that checks the type of every one. Unlike a
pickle, loading it never calls, imports or runs anything (marshal builds plain values; anything
else fails the check and is never used), so a cache folder others can write to (a shared
``NEWSCLI_CACHE_DIR`` or home) can at worst make a run slower or, if forged, report wrong front
matter for an unchanged file; it can never act as the user. marshal, not JSON: JSON took twice as
long to parse (25 against 53 ms for 10,000 summaries), which the warm ``list`` would have paid.
Values are stored by column (all titles, then all dates, ...): a column's types are checked in
one C-level pass and the records rebuilt with ``zip``, where checking and rebuilding each record
in Python cost more than reading the file.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, tzinfo
from itertools import chain
from pathlib import Path
from typing import Any, Generic, TypeVar

from newscli import __version__
from newscli.core.folder.cachedir import racy_cutoff_ns, replace_quietly
from newscli.core.reading import saferead

# A cache file larger than this is not read (a miss): 32 MB at 100,000 articles of the benchmark's
# corpus (list's and validate's alike), so 8 times that leaves room for longer front matter or
# far more articles, and still stops a stray huge file before it is read into memory.
MAX_CACHE_BYTES = 256 * 1024 * 1024
_CHUNK = 5000
CACHE_FORMAT = 3  # 3: marshal of plain tuples after a header (2 was a pickle)
Key = tuple[int, int, int, int, int]
T = TypeVar("T")


def stat_key(info: os.stat_result) -> Key:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def file_key(fspath: str) -> Key | None:
    """The key of a file the cache may answer for; None for what must be read every time: a
    symbolic link (its target may change) or a file that cannot be stat'ed."""
    try:
        info = os.lstat(fspath)
    except OSError:
        return None
    return None if stat.S_ISLNK(info.st_mode) else stat_key(info)


class BadEntry(ValueError):
    """Cache data that is not what the codec writes: treated as no entry."""


# What decoding foreign data may raise; each only means the entries are read from their files.
DECODE_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError)


@dataclass(frozen=True)
class Codec(Generic[T]):
    """How a batch of values of one kind becomes plain data and back.

    ``decode(data, n)`` gives the n values ``encode`` wrote, in order, and raises one of
    DECODE_ERRORS for data it did not write; ``encode`` raises TypeError for values it cannot
    store (the batch is then not cached).
    """

    schema: str  # part of the cache's identity: a change of layout never meets an old file
    encode: Callable[[Sequence[T]], Any]
    decode: Callable[[Any, int], list[T]]


class FileCache(Generic[T]):
    """Per-file results for one articles folder and one set of settings that shape them, kept in
    ``folder`` (None: no cache, every file is read).

    Entries are taken out as they are used; a run that must write the cache reads the file again
    for the entries it kept.
    """

    def __init__(self, folder: Path | None, articles_dir: Path, settings: str, codec: Codec[T]) -> None:
        self.racy_ns = racy_cutoff_ns()  # as the run began: a file changed after it is not kept
        self.codec = codec
        self.entries: dict[str, tuple[Key, T]] = {}
        self.stored = 0  # entries in the cache file when it was read
        self.hits: list[str] = []
        self.updates: dict[str, tuple[Key, T] | None] = {}  # None: drop (too fresh to trust)
        self.path: Path | None = None
        if folder is None:
            return
        # marshal's format may change with Python's version: part of the identity too.
        python = f"{sys.version_info[0]}.{sys.version_info[1]}/{marshal.version}"
        identity = "\0".join(
            (__version__, str(CACHE_FORMAT), python, codec.schema, os.path.realpath(articles_dir), settings)
        )
        import hashlib  # here: a run without the cache hashes nothing; its import is 2-3 ms

        digest = hashlib.sha256(identity.encode()).hexdigest()
        self.header = ("newscli-cache", CACHE_FORMAT, digest)
        self.path = folder / (digest[:24] + ".cache")
        self.entries = self._read()
        self.stored = len(self.entries)

    def _read(self) -> dict[str, tuple[Key, T]]:
        """Every entry, decoded; {} for a missing, foreign or damaged file."""
        assert self.path is not None
        entries: dict[str, tuple[Key, T]] = {}
        try:
            # Through the safe read: a FIFO or a link planted in a shared cache folder must not
            # hang a run (a cron archive holding its lock) or lead it elsewhere; refused, it is a miss.
            with (
                saferead.opened(self.path, max_bytes=MAX_CACHE_BYTES) as (fd, info),
                open(fd, "rb", closefd=False) as handle,
            ):
                left = info.st_size
                first = True
                # Records: an 8-byte length, then that many bytes of marshal; read one at a time, so
                # that a cache of 100,000 entries is never in memory twice (as bytes and as values).
                while head := handle.read(8):
                    size = int.from_bytes(head, "little")
                    left -= 8 + size
                    if left < 0:
                        return {}  # cut short (a full disk), or not a cache: a full read
                    data = handle.read(size)
                    record = marshal.loads(data)
                    del data
                    if first:
                        if record != self.header:
                            return {}
                        first = False
                        continue
                    # A chunk: (names, keys, values as the codec wrote them). A name or key of
                    # another type only never matches a file; the values are checked by the codec.
                    names, keys, values = record
                    if len(names) != len(keys):
                        return {}
                    decoded = self.codec.decode(values, len(names))
                    entries.update(zip(names, zip(keys, decoded, strict=True), strict=True))
        except (
            saferead.Refused,
            OSError,
            EOFError,
            *DECODE_ERRORS,
        ):  # missing, foreign, damaged: a full read
            return {}
        return entries

    def get(self, name: str, key: Key) -> T | None:
        entry = self.entries.pop(name, None)
        if entry is None or entry[0] != key:
            return None
        self.hits.append(name)
        return entry[1]

    def keep(self, name: str) -> None:
        """Leave ``name``'s entry as it is (the file was read another way this run)."""
        if self.entries.pop(name, None) is not None:
            self.hits.append(name)

    def forget(self, name: str) -> None:
        """Drop ``name``'s entry: the file is about to change or move, so it could only be stale."""
        self.entries.pop(name, None)
        self.updates[name] = None

    def put(self, name: str, key: Key, value: T) -> None:
        fresh = key[2] > self.racy_ns
        self.updates[name] = None if fresh else (key, value)  # a fresh file's timestamps are not trusted

    def _storable(self, value: T) -> bool:
        try:
            self.codec.encode([value])
        except TypeError:
            return False
        return True

    def save(self) -> None:
        """Write the cache if anything changed or went away; never raises."""
        if self.path is None or (not self.updates and len(self.hits) == self.stored):
            return
        kept = {name: entry for name, entry in self.updates.items() if entry is not None}
        if self.hits:
            old = self._read()  # given back entry by entry during the run
            kept.update((name, old[name]) for name in self.hits if name in old)
        if not kept and not self.stored:
            return  # nothing worth keeping yet (every file too fresh): leave no file behind
        chunks: list[Any] = []
        names = list(kept)
        # In chunks: one dump of 100,000 entries would be one huge bytes object in memory.
        for start in range(0, len(names), _CHUNK):
            part = names[start : start + _CHUNK]
            try:
                encoded = self.codec.encode([kept[name][1] for name in part])
            except TypeError:
                # A value this codec cannot hold (rare: one odd file): store the others, and that
                # file is read again next time, rather than no cache or a wrong one.
                part = [name for name in part if self._storable(kept[name][1])]
                try:
                    encoded = self.codec.encode([kept[name][1] for name in part])
                except TypeError:
                    return
            chunks.append((tuple(part), tuple(kept[name][0] for name in part), encoded))
        records: list[Any] = [self.header, *chunks]
        # A value marshal cannot write (ValueError): no cache this time, the next run reads the files.
        with contextlib.suppress(ValueError):
            replace_quietly(self.path, _framed(records))


def _framed(records: list[Any]) -> Iterator[bytes]:
    for record in records:
        data = marshal.dumps(record)
        yield len(data).to_bytes(8, "little") + data


# -- codecs of the values articles are made of, column by column ---------------------------------------

Column = Callable[[Any, int], tuple[Any, ...]]  # a stored column of n values -> the values, checked


def record_codec(cls: type, skip: int, tz: tzinfo) -> Codec[tuple[Any, ...]]:
    """Records of dataclass ``cls``'s fields after the first ``skip``, stored as one column each.

    Each field's codec is chosen from its annotation; a field of a type this module does not know
    fails here, at once, rather than write something it could not read back.
    """
    chosen = [field_codec(str(f.type), tz) for f in fields(cls)[skip:]]
    count = len(chosen)
    encoders = [encode for _, encode, _ in chosen]
    columns = [column for _, _, column in chosen]
    schema = f"{cls.__name__}(" + ",".join(name for name, _, _ in chosen) + ")"

    def encode(records: Sequence[tuple[Any, ...]]) -> tuple[tuple[Any, ...], ...]:
        for record in records:
            if len(record) != count:
                raise TypeError("a record of another shape")
        if not records:
            return tuple(() for _ in encoders)
        return tuple(
            tuple(map(enc, values)) for enc, values in zip(encoders, zip(*records, strict=True), strict=True)
        )

    def decode(data: Any, n: int) -> list[tuple[Any, ...]]:
        if type(data) is not tuple or len(data) != count:
            raise BadEntry("not records of this shape")
        if n == 0:
            return []
        return list(
            zip(*[column(values, n) for column, values in zip(columns, data, strict=True)], strict=True)
        )

    return Codec(schema, encode, decode)


def field_codec(annotation: str, tz: tzinfo) -> tuple[str, Callable[[Any], Any], Column]:
    """(schema, encode one value, decode a column) of one field, by its annotation."""
    optional = annotation.endswith(" | None")
    base = annotation.removesuffix(" | None")
    plain = {"str": str, "int": int, "bool": bool}.get(base)
    if plain is not None:
        allowed = frozenset({plain, type(None)} if optional else {plain})

        def same(value: Any) -> Any:
            if type(value) not in allowed:
                raise TypeError(f"not a {annotation}")
            return value

        def plain_column(values: Any, n: int) -> tuple[Any, ...]:
            _column(values, n)
            if not set(map(type, values)) <= allowed:  # every value's type, in one C-level pass
                raise BadEntry(f"not a column of {annotation}")
            return values  # type: ignore[no-any-return]  # checked to be a tuple just above

        return annotation, same, plain_column
    converters = _converters(tz)
    if base not in converters:
        raise TypeError(f"the cache cannot store a field of type {annotation}: add a codec in cache.py")
    name, encode, decode, column = converters[base]
    if not optional:
        return name, encode, column

    def optional_encode(value: Any) -> Any:
        return None if value is None else encode(value)

    def optional_column(values: Any, n: int) -> tuple[Any, ...]:
        _column(values, n)
        return tuple([None if value is None else decode(value) for value in values])

    return name + "?", optional_encode, optional_column


def _column(values: Any, n: int) -> None:
    if type(values) is not tuple or len(values) != n:
        raise BadEntry("not a column of this many values")


def _converters(tz: tzinfo) -> dict[str, tuple[str, Callable[[Any], Any], Callable[[Any], Any], Column]]:
    """(schema, encode one, decode one, decode a column) of each type stored converted."""
    found: dict[str, tuple[str, Callable[[Any], Any], Callable[[Any], Any], Column]] = {}
    encode_datetime, decode_datetime = datetime_codec(tz)

    def datetime_column(values: Any, n: int) -> tuple[Any, ...]:
        # Articles share dates (a day's news, the same lastmod): a datetime is immutable, so one
        # object serves every entry of the column that stored the same fields.
        _column(values, n)
        seen: dict[Any, datetime] = {}
        made = []
        for value in values:
            found = seen.get(value)
            if found is None:
                found = seen[value] = decode_datetime(value)
            made.append(found)
        return tuple(made)

    found["datetime"] = ("datetime", encode_datetime, decode_datetime, datetime_column)
    for name, codec in (
        ("Duration", _duration_codec()),
        ("ArchiveAfter", _archive_after_codec()),
        ("tuple[Diagnostic, ...]", diagnostics_codec()),
    ):
        encode, decode = codec

        found[name] = (name, encode, decode, _mapped(decode))

    def strings_column(values: Any, n: int) -> tuple[Any, ...]:
        _column(values, n)
        if not set(map(type, values)) <= {tuple}:
            raise BadEntry("not a column of tuples")
        if not set(map(type, chain.from_iterable(values))) <= {str}:
            raise BadEntry("not a column of tuples of strings")
        return values  # type: ignore[no-any-return]  # checked to be a tuple just above

    found["tuple[str, ...]"] = ("tuple[str, ...]", _strings, _strings, strings_column)
    return found


def _mapped(decode: Callable[[Any], Any]) -> Column:
    def column(values: Any, n: int) -> tuple[Any, ...]:
        _column(values, n)
        return tuple(map(decode, values))

    return column


def _strings(value: Any) -> tuple[str, ...]:
    if type(value) is not tuple:
        raise TypeError("not a tuple")
    "".join(value)  # TypeError for anything but strings, at C speed
    return value


Pair = tuple[Callable[[Any], Any], Callable[[Any], Any]]  # (encode one value, decode one value)


def datetime_codec(tz: tzinfo) -> Pair:
    """An aware date-time in ``tz`` as its wall-clock fields ``(y, m, d, H, M, S, us)`` (and a
    ``1`` after them for the second of two equal wall times at a DST change).

    Rebuilt by the constructor, which checks every field: the same wall time, fold and zone as
    written (twice as fast as ``fromtimestamp``). A date-time in another zone is not stored.
    """

    def encode(value: datetime) -> Any:
        if type(value) is not datetime or value.tzinfo is not tz:
            raise TypeError("only date-times in the configured zone are cached")
        fields = (
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
        )
        return (*fields, 1) if value.fold else fields

    def decode(data: Any) -> datetime:
        if type(data) is tuple:
            if len(data) == 7:
                return datetime(*data, tz)  # seven ints, each checked by datetime itself
            if len(data) == 8 and data[7] == 1:
                y, m, d, hh, mm, ss, us, _ = data
                return datetime(y, m, d, hh, mm, ss, us, tz, fold=1)
        raise BadEntry("not a date-time")

    return encode, decode


def _duration_codec() -> Pair:
    from newscli.core.rules.durations import Duration

    def encode(value: Any) -> Any:
        if type(value) is not Duration:
            raise TypeError("not a Duration")
        return (value.years, value.months, value.weeks, value.days)

    def decode(data: Any) -> Any:
        if type(data) is not tuple or len(data) != 4 or any(type(n) is not int for n in data):
            raise BadEntry("not a duration")
        return Duration(*data)

    return encode, decode


def _archive_after_codec() -> Pair:
    """An article's own archive_after: a Duration as the Duration codec stores it, or "never"."""
    from newscli.core.rules.durations import NEVER

    encode_duration, decode_duration = _duration_codec()

    def encode(value: Any) -> Any:
        return NEVER if value == NEVER else encode_duration(value)

    def decode(data: Any) -> Any:
        return NEVER if data == NEVER else decode_duration(data)

    return encode, decode


def diagnostics_codec() -> Pair:
    """A tuple of Diagnostic as a tuple of ``(path, line, column, severity, message, rule, hint)``;
    a message or hint that is a Message (said in the user's language where it is shown) is kept
    whole, as ``message_codec`` stores it."""
    from newscli.core.diagnostics import Diagnostic, Severity

    encode_text, decode_text = message_codec()

    def encode(value: Any) -> Any:
        return tuple(
            (d.path, d.line, d.column, d.severity.value, encode_text(d.message), d.rule, encode_text(d.hint))
            for d in value
        )

    def decode(data: Any) -> Any:
        if data == ():
            return ()  # nearly every file
        if type(data) is not tuple:
            raise BadEntry("not a tuple of diagnostics")
        result = []
        for item in data:
            path, line, column, severity, message, rule, hint = item
            if not (type(path) is str and type(line) is int and type(column) is int and type(rule) is str):
                raise BadEntry("not a diagnostic")
            message, hint = decode_text(message), decode_text(hint)
            if message is None:
                raise BadEntry("a diagnostic without a message")
            result.append(Diagnostic(path, line, column, Severity(severity), message, rule, hint))
        return tuple(result)

    return encode, decode


# The values a Message's placeholders may hold in the cache: what marshal stores as it is. A
# tuple in their place is a Message inside the Message (a duration inside a reason).
_PLAIN_PARAMS = frozenset({str, int, float, bool, type(None)})


def message_codec() -> Pair:
    """A text of a diagnostic: a plain string (or None) as it is; a Message as ``(english,
    template, plural, count, ((name, value), ...))``, so that it is said in Swedish from the cache
    too. A Message holding any other value (an exception, say) cannot be stored: TypeError, and
    the file it came from is read again next time (``FileCache.save``)."""
    from newscli.i18n import Message, restore_message

    def encode(value: Any) -> Any:
        kind = type(value)
        if kind is str or value is None:
            return value
        if kind is not Message:
            raise TypeError("only str and Message texts are cached")
        params = []
        for name, param in value.params.items():
            if type(param) not in _PLAIN_PARAMS:
                param = encode(param)  # a Message, or TypeError
            params.append((name, param))
        return (str.__str__(value), value.template, value.plural_form, value.number, tuple(params))

    def decode(data: Any) -> Any:
        if data is None or type(data) is str:
            return data
        if type(data) is not tuple or len(data) != 5:
            raise BadEntry("not a text")
        english, template, plural_form, number, params = data
        if not (
            type(english) is str
            and type(template) is str
            and (plural_form is None or type(plural_form) is str)
            and (number is None or type(number) is int)
            and type(params) is tuple
        ):
            raise BadEntry("not a message")
        values: dict[str, object] = {}
        for pair in params:
            if type(pair) is not tuple or len(pair) != 2 or type(pair[0]) is not str:
                raise BadEntry("not a message's placeholder")
            name, param = pair
            values[name] = param if type(param) in _PLAIN_PARAMS else decode(param)
        return restore_message(english, template, plural_form, number, values)

    return encode, decode
