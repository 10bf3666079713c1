"""The front matter's fields checked: each key's type and shape, every problem a diagnostic.

``check_fields`` never raises for anything a file holds: a wrong value is reported at its key's line
and left out, and the article is usable (``Fields``) when its title, slug and date are. The usual
values are taken without a call (this runs for every file of every command); the comments say where.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, tzinfo
from typing import Any

from newscli.core.diagnostics import Diagnostic, error
from newscli.core.link import Link
from newscli.core.reading import frontmatter
from newscli.core.reading.model import Fields, Image
from newscli.core.rules.durations import (
    NEVER,
    ArchiveAfter,
    DurationError,
    parse_archive_after,
    parse_duration,
)
from newscli.core.rules.timeutil import in_zone
from newscli.core.text import CONTROL, may_match, visible
from newscli.i18n import Message, message_of

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# BCP 47 in the shape people write it: language, optional script, region and variants.
LANGUAGE_TAG = re.compile(
    r"[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-[A-Za-z0-9]{5,8})*"
)

# str.splitlines() breaks at all of these; a title must hold none of them.
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def is_one_line(text: str) -> bool:
    return _LINE_BREAKS.isdisjoint(text)


def _is_date(value: object) -> bool:
    return isinstance(value, (date, datetime)) and not isinstance(value, time)


def check_fields(
    values: Mapping[str, Any],
    doc: frontmatter.Document,
    shown: str,
    tz: tzinfo,
    plain: bool = False,
) -> tuple[Fields | None, list[Diagnostic]]:
    """Check the front matter's fields; the fields are None when title, slug or date is unusable.
    ``plain``: the file holds no byte that could start a control character in a value (a backslash,
    a C1 character), so its values are not searched for one."""
    problems: list[Diagnostic] = []
    get = values.get

    def report(key: str, message: str, rule: str, hint: str | None = None, table: str | None = None) -> None:
        problems.append(error(shown, frontmatter.key_line(doc, key, table), 1, message, rule, hint))

    def missing(key: str) -> None:
        problems.append(
            error(shown, 1, 1, Message("required key '{key}' is missing", key=key), "field-required")
        )

    def text_field(key: str, required: bool = False) -> str | None:
        value = values.get(key)
        if value is None:
            if required:
                missing(key)
            return None
        if not isinstance(value, str):
            report(
                key,
                Message("'{key}' must be a string, not {type_name}", key=key, type_name=_type_name(value)),
                "field-type",
            )
            return None
        if required and not value.strip():
            report(key, Message("'{key}' is empty", key=key), "field-required")
            return None
        return value

    def date_field(key: str, required: bool = False) -> datetime | None:
        value = values.get(key)
        if value is None:
            if required:
                missing(key)
            return None
        if not _is_date(value):
            hint = None
            if isinstance(value, str):
                hint = Message("write the date without quotes, e.g. {key} = 2022-12-07", key=key)
            report(
                key,
                Message(
                    "'{key}' must be a TOML date or date-time, not {type_name}",
                    key=key,
                    type_name=_type_name(value),
                ),
                "field-type",
                hint,
            )
            return None
        try:
            return in_zone(value, tz)
        except OverflowError:  # e.g. 0001-01-01T00:00:00+14:00 is before year 1 in most zones
            report(
                key,
                Message(
                    "'{key}' {value} is out of range in the configured time zone",
                    key=key,
                    value=value.isoformat(),
                ),
                "field-type",
            )
            return None

    def bool_field(key: str) -> bool:
        value = values.get(key, False)
        if not isinstance(value, bool):
            report(
                key,
                Message(
                    "'{key}' must be true or false, not {type_name}", key=key, type_name=_type_name(value)
                ),
                "field-type",
            )
            return False
        return value

    title = get("title")
    if type(title) is not str or not title or title.isspace():  # else text_field's checks pass
        title = text_field("title", required=True)
    if title is not None and not is_one_line(title):
        report("title", Message("'title' must be one line"), "title-multiline")
        title = None
    if title is not None and len(title) > TITLE_MAX_LENGTH:
        message = Message(
            "'title' is {length} characters long; a headline has at most {limit}",
            length=len(title),
            limit=TITLE_MAX_LENGTH,
        )
        report("title", message, "title-length")
    if (
        not plain
        and may_match(_MAY_HOLD_CONTROL, doc.toml, narrow=True)
        and _MAY_HOLD_CONTROL.search(doc.toml)
    ):
        for key, value in values.items():
            found = next(_controls({key: value}), None)
            if found is not None:
                where = key if isinstance(value, (dict, list)) else None
                text = Message(
                    "{key} holds a control character ({shown}); a terminal would act on it",
                    key=repr(key),
                    shown=visible(found),
                )
                hint = Message("remove the escape sequence; write the text itself")
                report(key, text, "field-control-character", hint, where)
    slug = get("slug")
    if type(slug) is not str or not slug or slug.isspace():  # else text_field's checks pass
        slug = text_field("slug", required=True)
    if slug is not None and not SLUG_PATTERN.fullmatch(slug):
        report(
            "slug",
            Message("slug {slug!r} must be lowercase letters, digits and single hyphens", slug=slug),
            "slug-pattern",
            Message('e.g. slug = "nya-oppettider-pa-biblioteket"'),
        )
        slug = None
    published = date_field("date", required=True)
    lastmod = None if values.get("lastmod") is None else date_field("lastmod")
    if published is not None and lastmod is not None and lastmod < published:
        report("lastmod", Message("'lastmod' is before 'date'"), "lastmod-before-date")

    # Interned: a folder has a few dozen authors and tags, repeated over 100,000 articles.
    # The usual values (a string or absent, true, false or absent) are taken here; anything else
    # goes through the field's check, which reports it: a call less per key of every file.
    value = get("modified_by")
    if value is not None:
        value = sys.intern(value) if type(value) is str else _interned(text_field("modified_by"))
    modified_by = value
    value = get("author")
    if value is not None:
        value = sys.intern(value) if type(value) is str else _interned(text_field("author"))
    author = value
    value = get("lead")
    lead = value if type(value) is str or value is None else text_field("lead")
    value = get("superseded_by")
    superseded_by = value if type(value) is str or value is None else text_field("superseded_by")
    value = get("draft", False)
    draft = value if value is False or value is True else bool_field("draft")
    value = get("evergreen", False)
    evergreen = value if value is False or value is True else bool_field("evergreen")

    tags: tuple[str, ...] = ()
    raw_tags = get("tags")
    if raw_tags is not None:
        # sys.intern takes nothing but a string (else a TypeError): the check and the interning in
        # one pass in C. The readers give plain lists and strings, never subclasses.
        interned: tuple[str, ...] | None
        try:
            interned = tuple(map(sys.intern, raw_tags)) if type(raw_tags) is list else None
        except TypeError:
            interned = None
        if interned is not None:
            tags = interned
        else:
            report(
                "tags", Message("'tags' must be an array of strings, e.g. tags = [\"trafik\"]"), "field-type"
            )

    value = get("language")
    if value is not None:
        value = sys.intern(value) if type(value) is str else _interned(text_field("language"))
    language = value
    if language is not None and not LANGUAGE_TAG.fullmatch(language):
        report(
            "language",
            Message("language {language!r} is not a BCP 47 tag such as sv, en or sv-SE", language=language),
            "language-tag",
        )
        language = None

    stale_after = None
    raw_stale = None if get("stale_after") is None else text_field("stale_after")
    if raw_stale is not None:
        try:
            stale_after = parse_duration(raw_stale)
        except DurationError as exc:
            report("stale_after", Message("'stale_after': {error}", error=message_of(exc)), "duration")

    reviewed = None if get("reviewed") is None else date_field("reviewed")
    value = get("reviewed_by")
    if value is not None:
        value = sys.intern(value) if type(value) is str else _interned(text_field("reviewed_by"))
    reviewed_by = value
    archive_after: ArchiveAfter | None = None
    raw_archive = None if get("archive_after") is None else text_field("archive_after")
    if raw_archive is not None:
        try:
            archive_after = parse_archive_after(raw_archive)
        except DurationError as exc:
            hint = Message('e.g. archive_after = "5y", or "{never}" to keep it live', never=NEVER)
            report(
                "archive_after", Message("'archive_after': {error}", error=message_of(exc)), "duration", hint
            )

    value = get("image")
    image = None if value is None else _image(value, report)
    value = get("links")
    links = () if value is None else _links(value, report)

    if title is None or slug is None or published is None:
        return None, problems
    checked = Fields(
        title,
        slug,
        published,
        lastmod,
        modified_by,
        author,
        tags,
        draft,
        language,
        evergreen,
        stale_after,
        superseded_by,
        reviewed,
        reviewed_by,
        archive_after,
        lead,
        image,
        links,
    )
    return checked, problems


TITLE_MAX_LENGTH = 300  # characters; Hugo takes any, but no headline is longer, and lists show this much
# Only an escape (\u001b, \b, \f, \r ...) or a raw C1 character can put a control character in a
# TOML value (raw C0 characters are TOML errors): most files are passed over with this one search,
# after may_match's quicker look.
_MAY_HOLD_CONTROL = re.compile(r"[\\\x80-\x9f]")


def _controls(value: object) -> Iterator[str]:
    """The control characters (as has_control means them) in the strings of ``value``."""
    if isinstance(value, str):
        yield from CONTROL.findall(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _controls(key)
            yield from _controls(item)
    elif isinstance(value, list):
        for item in value:
            yield from _controls(item)


def _interned(value: str | None) -> str | None:
    return None if value is None else sys.intern(value)


def _type_name(value: object) -> str:
    """The TOML type of ``value`` in words; marked for the catalogue, said in the user's language
    where the message that holds it is shown."""
    if isinstance(value, bool):
        return Message("a boolean")
    if isinstance(value, str):
        return Message("a string")
    if isinstance(value, (int, float)):
        return Message("a number")
    if isinstance(value, list):
        return Message("an array")
    if isinstance(value, dict):
        return Message("a table")
    if isinstance(value, (date, datetime, time)):
        return Message("a date/time")
    return type(value).__name__


def _image(value: object, report: Any) -> Image | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        report("image", Message("'image' must be a table {{src, alt, caption}}"), "field-type", table="image")
        return None
    src, alt, caption = value.get("src"), value.get("alt"), value.get("caption")
    ok = True
    if not isinstance(src, str) or not src.strip():
        report(
            "image", Message("'image' needs 'src', the image's path or URL"), "field-required", table="image"
        )
        ok = False
    if not isinstance(alt, str) or not alt.strip():
        report(
            "image",
            Message("'image' needs 'alt', a text describing the image (required for accessibility)"),
            "image-alt",
            Message('e.g. alt = "Vy över Borås med hus och grönska."'),
            table="image",
        )
        ok = False
    if caption is not None and not isinstance(caption, str):
        report("image", Message("'image.caption' must be a string"), "field-type", table="image")
        caption = None
    if not ok:
        return None
    assert isinstance(src, str)
    assert isinstance(alt, str)
    return Image(src, alt, caption)


def _links(value: object, report: Any) -> tuple[Link, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        report(
            "links", Message("'links' must be an array of tables {{title, url}}"), "field-type", table="links"
        )
        return ()
    links = []
    for number, item in enumerate(value, start=1):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("title"), str)
            or not isinstance(item.get("url"), str)
            or not item["title"].strip()
            or not item["url"].strip()
        ):
            report(
                "links",
                Message("link {number} needs both 'title' and 'url' as strings", number=number),
                "link-fields",
                table="links",
            )
            continue
        links.append(Link(item["title"], item["url"]))
    return tuple(links)
