"""Configuration: ``newscli.toml`` (or ``[tool.newscli]`` in ``pyproject.toml``), found by walking up.

Every value is checked when loaded; a bad one is a ConfigError that names the file and the key.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from enum import StrEnum
from pathlib import Path
from typing import Any

from newscli.core.errors import ConfigError
from newscli.core.reading import frontmatter
from newscli.core.reading.fields import LANGUAGE_TAG
from newscli.core.rules.durations import Duration, DurationError, parse_duration
from newscli.core.rules.timeutil import TimeError, system_zone, zone
from newscli.i18n import Message, _, message_of

CONFIG_NAME = "newscli.toml"
# A config file is a few hundred bytes (a pyproject.toml a few kilobytes): anything over this is no
# config, and is refused before it is read into memory.
MAX_CONFIG_BYTES = 1024 * 1024
DEFAULT_NOTICE = {
    "sv": (
        "Denna nyhet kan innehålla inaktuell information. Det kan bero på att nyheten är publicerad "
        "för länge sedan eller att ny information har ersatt denna."
    ),
    "en": (
        "This news item may contain outdated information. It may have been published a long time ago, "
        "or newer information may have replaced it."
    ),
}
# The article keys `new` may take from [defaults]; title, slug and date belong to each article.
DEFAULTABLE_KEYS = ("author", "modified_by", "lead", "tags", "language", "draft", "evergreen", "stale_after")
DEFAULT_STALE_AFTER = Duration(years=1)
DEFAULT_ARCHIVE_AFTER = Duration(years=2)
KEYS = (
    "articles_dir",
    "timezone",
    "language",
    "stale_after",
    "stale_from",
    "archive_after",
    "stale_after_tags",
    "extra_keys",
    "defaults",
    "notice",
    "ui_language",
)


class StaleFrom(StrEnum):
    """What an article's age counts from (``stale_from``): its ``date``, or its ``lastmod`` when set."""

    DATE = "date"
    LASTMOD = "lastmod"


@dataclass(frozen=True)
class Config:
    articles_dir: Path
    timezone: tzinfo
    timezone_name: str
    source: Path | None = None  # the file the settings came from, None for built-in defaults
    language: str = "sv"
    stale_after: Duration = DEFAULT_STALE_AFTER
    stale_from: StaleFrom = StaleFrom.DATE
    archive_after: Duration = DEFAULT_ARCHIVE_AFTER
    stale_after_tags: Mapping[str, Duration] = field(default_factory=dict)
    extra_keys: frozenset[str] = frozenset()
    defaults: Mapping[str, Any] = field(default_factory=dict)
    notice: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_NOTICE))
    ui_language: str | None = None  # the language of messages, prompts and help; None: the locale's
    articles_dir_origin: str | None = None  # "--articles-dir" or "NEWSCLI_ARTICLES_DIR" when given so
    # The metadata cache's folder, found by the entry point (cachedir.cache_folder); None: no cache.
    cache_dir: Path | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "stale_from", StaleFrom(self.stale_from))  # checked, whoever built it
        # Tags compare case-insensitively: the thresholds are looked up by casefolded tag.
        if any(tag != tag.casefold() for tag in self.stale_after_tags):
            folded = {tag.casefold(): value for tag, value in self.stale_after_tags.items()}
            object.__setattr__(self, "stale_after_tags", folded)

    def notice_for(self, language: str | None) -> str:
        """The notice in ``language`` (or its primary subtag), else in the configured language."""
        # BCP 47 tags are case-insensitive: "EN", "en-GB" and "En" all get the English notice.
        by_tag = {tag.lower(): text for tag, text in self.notice.items()}
        for candidate in (language, (language or "").split("-")[0], self.language, "sv"):
            if candidate and candidate.lower() in by_tag:
                return by_tag[candidate.lower()]
        return DEFAULT_NOTICE["sv"]


def find_config(start: Path) -> tuple[Path, Mapping[str, Any]] | None:
    """The nearest ``newscli.toml``, or ``pyproject.toml`` with ``[tool.newscli]``, and its table."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate, _read_toml(candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _tool_table(pyproject, _read_toml(pyproject))
            if table is not None:
                return pyproject, table
    return None


def _tool_table(path: Path, document: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """``[tool.newscli]`` of a pyproject.toml, None when absent; a wrong type is an error naming the key."""
    tool = document.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        message = _("{path}: '{key}' must be a table, got {value}")
        raise ConfigError(message.format(path=path, key="tool", value=repr(tool)))
    table = tool.get("newscli")
    if table is None or isinstance(table, dict):
        return table
    message = _("{path}: '{key}' must be a table, got {value}")
    raise ConfigError(message.format(path=path, key="tool.newscli", value=repr(table)))


def _read_toml(path: Path) -> dict[str, Any]:
    """The file's TOML document, read by the safe read: a link is followed (the user's own config,
    kept elsewhere, is common), but a FIFO is refused rather than waited on and the size is bounded."""
    from newscli.core.reading import saferead

    try:
        data = saferead.read(path, max_bytes=MAX_CONFIG_BYTES, follow=True)[0]
    except saferead.Refused as refused:
        if refused.why is saferead.Why.NOT_REGULAR:
            raise ConfigError(
                Message("{path}: not a regular file (a FIFO, a device, a socket or a folder)", path=path)
            ) from None
        if refused.why is saferead.Why.TOO_LARGE:
            raise ConfigError(
                Message(
                    "{path}: {size:,} bytes, over the {limit:,} a config file may have",
                    path=path,
                    size=refused.size,
                    limit=MAX_CONFIG_BYTES,
                )
            ) from None
        raise ConfigError(Message("{path}: cannot read: {error}", path=path, error=refused.reason)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(Message("{path}: cannot read: {error}", path=path, error=exc)) from None
    # Through the articles' one door: toml-rs where it reads the file, else tomllib, with tomllib's
    # values and errors either way; tomllib is then imported only for a file toml-rs refuses.
    try:
        return frontmatter.read_toml(text)
    except ValueError as exc:
        import tomllib  # loaded already: only tomllib raises here

        if isinstance(exc, tomllib.TOMLDecodeError):
            raise ConfigError(Message("{path}: not valid TOML: {error}", path=path, error=exc)) from None
        raise


def read_config_table(path: Path) -> Mapping[str, Any]:
    """The newscli settings in ``path``: the whole file, or ``[tool.newscli]`` of a pyproject.toml."""
    table: Mapping[str, Any] = _read_toml(path)
    if path.name == "pyproject.toml":
        table = table.get("tool", {}).get("newscli", {})
    return table


def load_config(
    cwd: Path,
    config_path: Path | None = None,
    articles_dir: Path | None = None,
    articles_dir_origin: str = "--articles-dir",
    cache_dir: Path | None = None,
) -> Config:
    """The effective configuration: the file named or found, then the articles folder override;
    ``cache_dir`` is where the entry point found the cache folder (None: no cache)."""
    source: Path | None
    if config_path is not None:
        # os.path, not Path's methods, here and below: they raise a name the file system refuses
        # (ENAMETOOLONG) where these say "no such file" (a config error, not an internal one).
        if os.path.isdir(config_path):
            message = _("--config {path} is a folder; name the config file in it (e.g. {example})")
            raise ConfigError(message.format(path=config_path, example=config_path / CONFIG_NAME))
        if not os.path.exists(config_path):
            raise ConfigError(_("config file {path} does not exist").format(path=config_path))
        table: Mapping[str, Any] = _read_toml(config_path)
        if config_path.name == "pyproject.toml":
            table = _tool_table(config_path, table) or {}
        source = config_path
    else:
        found = find_config(cwd)
        source, table = found if found else (None, {})
    base = source.parent if source is not None else cwd
    config = parse_config(table, base, source)
    if cache_dir is not None:
        config = replace(config, cache_dir=cache_dir)
    if articles_dir is not None:
        config = replace(config, articles_dir=cwd / articles_dir, articles_dir_origin=articles_dir_origin)
    return config


def require_articles_dir(config: Config) -> None:
    """Refuse a missing articles folder, saying where its name came from (an option, the environment,
    a file), so the person fixes the right place."""
    if os.path.isdir(config.articles_dir):
        return
    if config.articles_dir_origin is not None:
        where = config.articles_dir_origin
    elif config.source is not None:
        where = _("articles_dir in {path}").format(path=config.source)
    else:
        where = _("the default")
    if os.path.exists(config.articles_dir):  # a file (or another non-folder) by that name: it does exist
        raise ConfigError(
            _("the articles folder {folder} is not a folder (given by {where})").format(
                folder=config.articles_dir, where=where
            ),
            hint=_("point --articles-dir (or articles_dir in newscli.toml) at the articles folder"),
        )
    raise ConfigError(
        _("the articles folder {folder} does not exist (given by {where})").format(
            folder=config.articles_dir, where=where
        ),
        hint=_("create it, or point --articles-dir (or articles_dir in newscli.toml) at the right folder"),
    )


def parse_config(table: Mapping[str, Any], base: Path, source: Path | None) -> Config:
    where = str(source) if source is not None else Message("configuration")

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(Message("{where}: '{key}' {message}", where=where, key=key, message=message))

    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            suggestion = Message(" (did you mean '{key}'?)", key=close[0]) if close else ""
            raise ConfigError(
                Message(
                    "{where}: unknown key '{key}'{suggestion}; known keys: {items}",
                    where=where,
                    key=key,
                    suggestion=suggestion,
                    items=", ".join(KEYS),
                )
            )

    def string(key: str, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise fail(key, Message("must be a non-empty string, got {value!r}", value=value))
        return value

    def duration(key: str, value: object) -> Duration:
        if not isinstance(value, str):
            raise fail(key, Message('must be a duration string such as "1y", got {value!r}', value=value))
        try:
            return parse_duration(value)
        except DurationError as exc:
            raise fail(key, message_of(exc)) from None

    articles_dir = base / string("articles_dir", "articles")
    if "timezone" in table:
        name = string("timezone", "")
        try:
            tz: tzinfo = zone(name)
        except TimeError as exc:
            raise fail("timezone", str(exc)) from None
    else:
        try:
            tz, name = system_zone()
        except TimeError as exc:
            hint = _('set timezone = "Europe/Stockholm" (or your zone) in newscli.toml, or fix TZ')
            raise ConfigError(str(exc), hint=hint) from None
    language = string("language", "sv")
    if not LANGUAGE_TAG.fullmatch(language):
        raise fail(
            "language",
            Message("must be a BCP 47 language tag such as sv or en, got {language!r}", language=language),
        )
    stale_after = duration("stale_after", table.get("stale_after", "1y"))
    archive_after = duration("archive_after", table.get("archive_after", "2y"))
    spelled_from = string("stale_from", StaleFrom.DATE)
    if spelled_from not in tuple(StaleFrom):
        raise fail(
            "stale_from", Message('must be "date" or "lastmod", got {stale_from!r}', stale_from=spelled_from)
        )
    stale_from = StaleFrom(spelled_from)

    tag_table = table.get("stale_after_tags", {})
    if not isinstance(tag_table, dict):
        raise fail("stale_after_tags", 'must be a table of tag = "duration"')
    # Tags compare case-insensitively, so the table is kept by casefolded tag.
    tag_thresholds: dict[str, Duration] = {}
    spelled: dict[str, str] = {}
    for tag, value in tag_table.items():
        key = tag.casefold()
        if key in spelled:
            message = _(
                "has both {first!r} and {second!r}; tags compare case-insensitively, keep one"
            ).format(first=spelled[key], second=tag)
            raise fail("stale_after_tags", message)
        spelled[key] = tag
        tag_thresholds[key] = duration(f"stale_after_tags.{tag}", value)

    extra = table.get("extra_keys", [])
    if not isinstance(extra, list) or not all(isinstance(k, str) for k in extra):
        raise fail("extra_keys", Message('must be an array of key names, e.g. ["weight"]'))

    defaults = table.get("defaults", {})
    if not isinstance(defaults, dict):
        raise fail("defaults", Message('must be a table, e.g. [defaults] author = "..."'))
    for key, value in defaults.items():
        _check_default(key, value, fail)

    ui_language = table.get("ui_language")
    if ui_language is not None and (
        not isinstance(ui_language, str) or not LANGUAGE_TAG.fullmatch(ui_language)
    ):
        raise fail(
            "ui_language",
            Message("must be a language tag such as sv or en, got {ui_language!r}", ui_language=ui_language),
        )

    notice_table = table.get("notice", {})
    if not isinstance(notice_table, dict) or not all(isinstance(v, str) for v in notice_table.values()):
        raise fail("notice", Message('must be a table of language = "notice text"'))

    return Config(
        articles_dir=articles_dir,
        timezone=tz,
        timezone_name=name,
        source=source,
        language=language,
        stale_after=stale_after,
        stale_from=stale_from,
        archive_after=archive_after,
        stale_after_tags=tag_thresholds,
        extra_keys=frozenset(extra),
        defaults=dict(defaults),
        notice={**DEFAULT_NOTICE, **notice_table},
        ui_language=ui_language,
    )


def _check_default(key: str, value: object, fail: Any) -> None:
    name = f"defaults.{key}"
    if key not in DEFAULTABLE_KEYS:
        raise fail(
            name,
            Message("cannot have a default; keys with defaults: {items}", items=", ".join(DEFAULTABLE_KEYS)),
        )
    if key in ("draft", "evergreen"):
        if not isinstance(value, bool):
            raise fail(name, Message("must be true or false, got {value!r}", value=value))
    elif key == "tags":
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise fail(name, Message("must be an array of strings"))
    elif not isinstance(value, str):
        raise fail(name, Message("must be a string, got {value!r}", value=value))
    elif key == "stale_after":
        try:
            parse_duration(value)
        except DurationError as exc:
            raise fail(name, message_of(exc)) from None
    elif key == "language" and not LANGUAGE_TAG.fullmatch(value):
        raise fail(name, Message("must be a BCP 47 language tag, got {value!r}", value=value))
