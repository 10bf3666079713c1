"""``newscli validate``: every problem in every file, in one pass over the folder (no output here).

The field rules live in ``newscli.core.reading.article`` (every command reads articles through them); this
module adds the warnings and the rules that need the whole folder: duplicate slugs and
``superseded_by``. Each file is read once; key lines are looked up only for a problem.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscli.core.diagnostics import Diagnostic, error, warning
from newscli.core.errors import UsageError
from newscli.core.folder.corpus import load_one
from newscli.core.folder.discover import ARCHIVE_DIR, Found, find_articles, shown_root
from newscli.core.reading.article import KNOWN_KEYS, SLUG_PATTERN, Loaded, is_below
from newscli.core.reading.frontmatter import Document, key_line
from newscli.core.report import Outcome
from newscli.core.rules.config import Config, require_articles_dir
from newscli.core.rules.tags import Kind, Variant, repeated, variants
from newscli.core.rules.template import TEMPLATE_NAME, Placeholders, read_placeholders
from newscli.core.text import may_match, plural, shell_word, unsafe_in_name, visible
from newscli.i18n import Message

if TYPE_CHECKING:
    from datetime import tzinfo

    from newscli.core.folder.cache import Codec, FileCache, Key

FORMAT_VERSION = 1
REPORT_KEYS = ("format_version", "files_checked", "files_with_problems", "errors", "warnings", "diagnostics")
FILE_NAME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md")
_CHAIN_SHOWN = 6  # slugs named in a cycle message before "..."
_QUOTED = 60  # characters of a placeholder paragraph quoted in its message
_NO_PLACEHOLDERS = Placeholders()


@dataclass(frozen=True)
class ValidateReport:
    diagnostics: tuple[Diagnostic, ...]  # sorted by path, line, column
    files_checked: int
    files_with_problems: int
    strict: bool = False  # warnings count as failures too

    @property
    def outcome(self) -> Outcome:
        return Outcome.PARTLY if self.failed(self.strict) else Outcome.DONE

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    def failed(self, strict: bool) -> bool:
        """Exit 1: errors, or with ``--strict`` any warning too."""
        return self.errors > 0 or (strict and self.warnings > 0)

    def as_dict(self) -> dict[str, Any]:
        """The JSON output (version FORMAT_VERSION, keys REPORT_KEYS; documented in the README)."""
        return {
            "format_version": FORMAT_VERSION,
            "files_checked": self.files_checked,
            "files_with_problems": self.files_with_problems,
            "errors": self.errors,
            "warnings": self.warnings,
            "diagnostics": [d.as_dict() for d in self.diagnostics],
        }

    def summary(self) -> str:
        """``3 errors, 1 warning in 2 of 48 files``, or ``no problems in 48 files``."""
        files = plural(self.files_checked, "file")
        if not self.diagnostics:
            return f"no problems in {files}"
        counts = [plural(n, noun) for n, noun in ((self.errors, "error"), (self.warnings, "warning")) if n]
        return f"{', '.join(counts)} in {self.files_with_problems} of {files}"


def validate(config: Config, paths: Sequence[str] = (), strict: bool = False) -> ValidateReport:
    """Check the files named in ``paths`` (files or folders), or the whole articles folder.

    Duplicate slugs and ``superseded_by`` are checked against the whole articles folder (live and
    archived) plus the files named, but only the files named are reported. With ``strict`` a
    warning makes the outcome PARTLY too.
    """
    return dataclasses.replace(_validate(config, paths), strict=strict)


def _validate(config: Config, paths: Sequence[str]) -> ValidateReport:
    root = config.articles_dir
    if not paths:
        require_articles_dir(config)
        with _FactsCache(config) as cached:
            everything = cached.all_facts(list(find_articles(root, True, True)))
        return _check(everything, everything)

    selection = _Selection(paths, root)
    targets: list[FileFacts] = []
    unnamed: list[Found] = []
    with _FactsCache(config) as cached:
        placeholders = cached.placeholders
        for found in find_articles(root, True, True):
            named = selection.claim(found)
            if named is None:
                unnamed.append(found)
            else:
                item, item_root = named
                targets.append(facts(load_one(item, config.timezone, item_root), config, placeholders))
                cached.cache.keep(found.rel)
        others = cached.all_facts(unnamed)
    for item, item_root in selection.rest():
        targets.append(facts(load_one(item, config.timezone, item_root), config, placeholders))
    return _check(targets, [*targets, *others])


# slots: 100,000 of them, a __dict__ each was 10 MB more. Not frozen, though nothing changes them:
# a frozen dataclass sets each field through object.__setattr__ (a call that builds a tuple), 1.5 us
# an object, and the parent of a first run makes the child's 5,000 after the child is done.
@dataclass(slots=True)
class FileFacts:
    """What validate needs of one file: its own problems, and what the cross-file rules look at."""

    shown: str
    archived: bool
    diagnostics: tuple[Diagnostic, ...]  # the file's own: reading, fields, warnings
    slug: str | None  # the slug it claims, even when other fields are wrong
    successor: str | None
    slug_line: int
    successor_line: int
    date: datetime | None = None  # publication time, when the article is usable
    tags: tuple[str, ...] = ()
    tags_line: int = 1

    def __reduce__(self) -> tuple[type[FileFacts], tuple[Any, ...]]:
        # How the child of a first run sends them (parallel.on_both_cores): as the class and its
        # values. A slotted dataclass's own pickling calls dataclasses.fields() for each object,
        # both ways: a fifth of the time the parent spent on the child's half.
        return FileFacts, _FACT_VALUES(self)


_FACT_VALUES = attrgetter(*(f.name for f in dataclasses.fields(FileFacts)))


def facts(item: Loaded, config: Config, placeholders: Placeholders = _NO_PLACEHOLDERS) -> FileFacts:
    slug, successor, doc = _slug(item), _successor(item), item.document
    fields = item.fields  # the checked values, not the Article: validate needs three of them
    tags = fields.tags if fields is not None else ()
    return FileFacts(
        item.shown,
        item.archived,
        (*item.diagnostics, *_warnings(item, config, placeholders)),
        slug,
        successor,
        _line(doc, "slug") if doc is not None and slug is not None else 1,
        key_line(doc, "superseded_by") if doc is not None and successor is not None else 1,
        fields.date if fields is not None else None,
        tags,
        _line(doc, "tags") if doc is not None and tags else 1,
    )


def _line(doc: Document, key: str) -> int:
    """key_line's answer, found with one search where the key starts a line (nearly always)."""
    text = doc.toml
    at = 0 if text.startswith(key) else text.find("\n" + key) + 1
    if at > 0 or text.startswith(key):
        rest = text[at + len(key) : at + len(key) + 8].lstrip(" \t")
        if rest.startswith("="):
            return doc.toml_line + text.count("\n", 0, at)
    return key_line(doc, key)


def _facts_codec(tz: tzinfo) -> Codec[FileFacts]:
    """FileFacts as plain data: a column per field, each checked."""
    from newscli.core.folder.cache import Codec, record_codec

    values = record_codec(FileFacts, 0, tz)
    names = tuple(f.name for f in dataclasses.fields(FileFacts))

    def facts_of(record: tuple[Any, ...]) -> FileFacts:
        return FileFacts(*record)

    return Codec(
        values.schema,
        lambda batch: values.encode([tuple(getattr(item, n) for n in names) for item in batch]),
        lambda data, n: list(map(facts_of, values.decode(data, n))),
    )


class _FactsCache:
    """FileFacts of the articles folder's files, from the metadata cache where they are unchanged."""

    def __init__(self, config: Config) -> None:
        from newscli.core.folder.cache import FileCache

        self.config = config
        self.placeholders = read_placeholders(config.articles_dir)
        settings = "\0".join(
            [
                "validate",
                config.timezone_name,
                shown_root(config.articles_dir),
                self.placeholders.identity(),  # body-template's findings depend on the template
                *sorted(config.extra_keys),
            ]
        )
        self.cache: FileCache[FileFacts] = FileCache(
            config.cache_dir, config.articles_dir, settings, _facts_codec(config.timezone)
        )

    def __enter__(self) -> _FactsCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cache.save()

    def all_facts(self, found: Sequence[Found]) -> list[FileFacts]:
        """Facts of every file, in order; the files the cache cannot answer for are read on both
        cores when there are many of them (a first run, or CI's fresh clone)."""
        from newscli.core.folder.cache import file_key

        results: list[FileFacts | None] = []
        misses: list[tuple[int, Found, Key | None]] = []
        # No stat when nothing is cached (NEWSCLI_CACHE=0): a system call per file for nothing.
        caching = self.cache.path is not None
        for item in found:
            key = None if item.problem is not None or not caching else file_key(item.fspath)
            hit = self.cache.get(item.rel, key) if key is not None else None
            if hit is None:
                misses.append((len(results), item, key))
                hit = None
            results.append(hit)
        read = _read_facts([item for _, item, _ in misses], self.config, self.placeholders)
        for (index, item, key), fresh in zip(misses, read, strict=True):
            results[index] = fresh
            if key is not None:
                self.cache.put(item.rel, key, fresh)
        return [r for r in results if r is not None]


def _facts_of(found: Sequence[Found], config: Config, placeholders: Placeholders) -> list[FileFacts]:
    root = config.articles_dir
    return [facts(load_one(item, config.timezone, root, True), config, placeholders) for item in found]


def _read_facts(found: Sequence[Found], config: Config, placeholders: Placeholders) -> list[FileFacts]:
    """``_facts_of`` on both cores when the list is long (a first run, or CI's fresh clone)."""
    from newscli.core.folder.parallel import on_both_cores

    return on_both_cores(lambda items: _facts_of(items, config, placeholders), found)


class _Selection:
    """The files the user named: explicit files, folders inside the articles folder, other folders."""

    def __init__(self, paths: Sequence[str], root: Path) -> None:
        self._root = root
        self._real: dict[str, str] = {}
        real_root = self._real_folder(str(root))
        real_archive = self._real_folder(str(root / ARCHIVE_DIR))
        self._files: dict[str, tuple[Found, Path | None]] = {}
        self._folders: list[str] = []  # inside the articles folder: their files come from its walk
        self._outside: dict[str, tuple[Found, Path | None]] = {}
        for text in paths:
            path = Path(text)
            # os.path, not Path's methods: they raise a name the file system refuses (ENAMETOOLONG)
            # where these say "no such file" (exit 2, not an internal error).
            if os.path.isdir(path):
                real = os.path.realpath(path)
                if is_below(real, real_root) or is_below(real, real_archive):
                    self._folders.append(real)
                else:
                    # Walked like an articles folder; symbolic links may not lead out of it.
                    for found in find_articles(path, live=True, archived=True):
                        self._outside.setdefault(self.identity(found.path), (found, path))
            elif os.path.lexists(path):  # a broken link too: it is read, and reported as such
                identity = self.identity(path)
                archived = is_below(identity, real_archive)
                # Named explicitly, so it is read wherever a symbolic link leads (root None).
                self._files.setdefault(identity, (Found(str(path), path.name, archived, text), None))
            else:
                raise UsageError(Message("{text}: no such file or folder", text=text))

    def _real_folder(self, folder: str) -> str:
        # Cached: thousands of files share a few folders, and realpath costs a system call per part.
        real = self._real.get(folder)
        if real is None:
            real = self._real[folder] = os.path.realpath(folder)
        return real

    def identity(self, path: Path) -> str:
        """Where a file is, with its folder's symbolic links resolved but not the file's own."""
        return os.path.join(self._real_folder(os.path.dirname(os.path.abspath(path))), path.name)

    def claim(self, found: Found) -> tuple[Found, Path | None] | None:
        """The named form of a file of the articles folder, or None when it was not named."""
        identity = self.identity(found.path)
        named = self._files.pop(identity, None)
        if named is not None:
            item, root = named
            return replace(item, archived=found.archived), root
        # A folder above the articles folder (`validate .`) met this file too; the articles
        # folder's walk knows better whether it is archived.
        walked = self._outside.pop(identity, None)
        if walked is not None or any(is_below(identity, folder) for folder in self._folders):
            return found, self._root
        return None

    def rest(self) -> Iterable[tuple[Found, Path | None]]:
        """Named files that the articles folder's walk did not meet."""
        walked = (named for identity, named in self._outside.items() if identity not in self._files)
        return [*self._files.values(), *walked]


def _check(targets: Sequence[FileFacts], everything: Sequence[FileFacts]) -> ValidateReport:
    index = _Index(everything)
    tag_variants = variants(_tag_counts(everything))
    diagnostics: list[Diagnostic] = []
    with_problems = 0
    for item in targets:
        found = [*item.diagnostics, *index.check(item)]
        if tag_variants and item.tags:
            found += _tag_warnings(item, tag_variants)
        if found:
            with_problems += 1
            diagnostics += found
    diagnostics.sort(key=lambda d: (d.path, d.line, d.column, not d.is_error, d.rule, d.message))
    return ValidateReport(tuple(diagnostics), len(targets), with_problems)


def _tag_counts(everything: Iterable[FileFacts]) -> dict[str, int]:
    """Each tag as spelled, and how many articles use it (an article counts once per spelling)."""
    counts: dict[str, int] = {}
    for item in everything:
        for tag in set(item.tags):
            counts[tag] = counts.get(tag, 0) + 1
    return counts


def _tag_warnings(item: FileFacts, tag_variants: Mapping[str, Variant]) -> list[Diagnostic]:
    found = []
    for tag in dict.fromkeys(item.tags):  # each spelling once, in the article's order
        variant = tag_variants.get(tag)
        if variant is None:
            continue
        how = {
            Kind.CASE: Message("differs only in case from"),
            Kind.ACCENTS: Message("differs only in accents from"),
            Kind.TYPO: Message("is one letter away from"),
        }[variant.kind]
        # Messages: English in JSON whatever the language, said in the user's language where shown.
        message = Message(
            "tag {tag!r} {how} {meant!r}, which {count} articles use; did you mean {meant!r}?",
            tag=tag,
            how=how,
            meant=variant.meant,
            count=variant.count,
        )
        hint = Message("one spelling per tag keeps `list --tag` and the site's tag pages whole")
        found.append(warning(item.shown, item.tags_line, 1, message, "tag-variant", hint))
    return found


# "Did you mean" for at most this many unknown keys of a file: each costs a comparison with every
# known key, which made a file of 32,000 unknown keys take most of a minute for no use.
SUGGESTIONS_PER_FILE = 20
_KNOWN = frozenset(KNOWN_KEYS)


def _warnings(item: Loaded, config: Config, placeholders: Placeholders) -> list[Diagnostic]:
    name = os.path.basename(item.fspath)
    found = _file_name(item, name)
    data, doc = item.data, item.document
    if data is None or doc is None:
        return found
    shown = item.shown
    guesses = SUGGESTIONS_PER_FILE
    for key, value in data.items():
        if key in _KNOWN or key in config.extra_keys:
            continue
        guess = ""
        if guesses:  # a typo is one key or a few; thousands of unknown keys are no typos
            guesses -= 1
            close = _closest_key(key, tuple(sorted(config.extra_keys)))
            guess = Message("; did you mean {close!r}?", close=close) if close else ""
        line = key_line(doc, key, key if isinstance(value, (dict, list)) else None)
        hint = Message("newscli ignores it; if it is meant for Hugo, list it in extra_keys in newscli.toml")
        found.append(
            warning(
                shown,
                line,
                1,
                Message("unknown key {key!r}{guess}", key=key, guess=guess),
                "key-unknown",
                hint,
            )
        )

    lead = data.get("lead")
    if lead is None or (isinstance(lead, str) and not lead.strip()):
        line = 1 if lead is None else key_line(doc, "lead")
        hint = Message('add lead = "..." to the front matter: the paragraph readers see first')
        found.append(warning(shown, line, 1, Message("no lead (ingress)"), "lead-missing", hint))

    # The template itself, when named, is where the placeholders belong.
    is_template = name == TEMPLATE_NAME
    placeholder = None if is_template else placeholders.find(doc.body)
    if placeholder is not None:
        offset, paragraph = placeholder
        quoted = paragraph if len(paragraph) <= _QUOTED else paragraph[: _QUOTED - 1].rstrip() + "…"
        # Messages, not _(): JSON says them in English, and a cached problem in the user's language.
        message = Message("the template's placeholder text is still in the article: {text!r}", text=quoted)
        hint = Message(
            "replace it with the article's own text (it comes from {template})",
            template=posixpath.join(shown_root(config.articles_dir), TEMPLATE_NAME),
        )
        found.append(error(shown, doc.body_line + offset, 1, message, "body-template", hint))

    tags = item.fields.tags if item.fields is not None else ()
    for tag, earlier in repeated(tags):
        message = Message(
            "tag {tag!r} is listed twice (also as {earlier!r}); tags ignore case", tag=tag, earlier=earlier
        )
        found.append(warning(shown, key_line(doc, "tags"), 1, message, "tag-duplicate"))

    if not item.plain:
        found.extend(_body_controls(doc, shown))

    if not doc.body or doc.body.isspace():
        # The closing '+++' line: the body would start right after it.
        message = Message("the body is empty: no text after the front matter")
        found.append(warning(shown, doc.body_line - 1, 1, message, "body-empty"))

    if item.archived and data.get("draft") is True:
        found.append(
            warning(
                shown,
                key_line(doc, "draft"),
                1,
                Message("a draft in archive/: drafts are never published, so never archived"),
                "draft-archived",
                Message("if it was published, remove draft = true; else `newscli restore` it"),
            )
        )
    return found


# A control character in the body (a CR of a CRLF line end aside): Hugo publishes it as it is, an
# HTML page and the RSS feed (XML forbids C0 controls) are then malformed, and a terminal acts on it.
_BODY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_BODY_CONTROLS_SHOWN = 20  # per file: a pasted binary would otherwise give a line per character


def _body_controls(doc: Document, shown: str) -> list[Diagnostic]:
    body = doc.body
    found: list[Diagnostic] = []
    # CRLF line ends hold no control character: a body whose every CR ends a line passes the quick
    # look too (the regular expression walked each of them whole: 20 µs a file). Exact: with the
    # "\r\n" taken out, a CR that is left is one the expression would look at.
    quick = body.replace("\r\n", "\n") if "\r" in body else body
    if not may_match(_BODY_CONTROL, quick, narrow=True):  # nearly every body: a tenth of the time
        return found
    match = _BODY_CONTROL.search(body)
    line, counted = 0, 0  # lines before ``counted``: counted on, never from the start (linear)
    while match is not None:
        at = match.start()
        line += body.count("\n", counted, at)
        start = body.rfind("\n", 0, at) + 1
        column = at - start + 1
        message = Message(
            "the body holds a control character ({shown}); a terminal would act on it, and the page "
            "and its feed would be malformed",
            shown=visible(match.group()),
        )
        hint = Message("remove it (it often comes with text pasted from another program)")
        found.append(error(shown, doc.body_line + line, column, message, "body-control-character", hint))
        end = body.find("\n", at)  # one diagnostic a line: the first such character in it
        if end < 0 or len(found) == _BODY_CONTROLS_SHOWN:
            break
        counted = at
        match = _BODY_CONTROL.search(body, end)
    return found


@functools.lru_cache(maxsize=256)
def _closest_key(key: str, extra_keys: tuple[str, ...]) -> str | None:
    """The known key ``key`` is a typo of, if any. Cached: a folder repeats the same few unknown
    keys over thousands of files, and difflib takes tens of microseconds a call."""
    close = difflib.get_close_matches(key, (*KNOWN_KEYS, *extra_keys), n=1)
    return close[0] if close else None


def _file_name(item: Loaded, name: str) -> list[Diagnostic]:
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
        expected = f"{item.fields.date.date().isoformat()}-{item.fields.slug}.md"
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
    if FILE_NAME.fullmatch(name) or (item.data is None and os.path.isdir(item.fspath)):  # a folder not listed
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


def _slug(item: Loaded) -> str | None:
    """The slug a file claims, even when other fields are wrong (so one typo does not cascade)."""
    slug = item.data.get("slug") if item.data is not None else None
    return slug if isinstance(slug, str) and SLUG_PATTERN.fullmatch(slug) else None


def _successor(item: Loaded) -> str | None:
    value = item.data.get("superseded_by") if item.data is not None else None
    return value if isinstance(value, str) else None


class _Index:
    """Slugs across the whole folder, and which of them supersede each other in a cycle."""

    def __init__(self, everything: Iterable[FileFacts]) -> None:
        self.by_slug: dict[str, list[FileFacts]] = {}
        for item in everything:
            if item.slug is not None:
                self.by_slug.setdefault(item.slug, []).append(item)
        # One successor per slug; for a duplicate slug the one `show` and `list` use: live, then by path.
        self.successor: dict[str, str] = {}
        for slug, items in self.by_slug.items():
            # A slug nearly always has one file: no key called for it.
            chosen = items[0] if len(items) == 1 else min(items, key=lambda i: (i.archived, i.shown))
            target = chosen.successor
            if target is not None and target != slug:
                self.successor[slug] = target
        self.on_cycle = _on_cycle(self.successor)

    def check(self, item: FileFacts) -> list[Diagnostic]:
        found: list[Diagnostic] = []
        slug = item.slug
        if slug is not None and len(self.by_slug[slug]) > 1:
            others = sorted(other.shown for other in self.by_slug[slug] if other is not item)
            listed = ", ".join(others[:3])
            if len(others) > 3:
                listed = Message("{listed} and {count} more", listed=listed, count=len(others) - 3)
            found.append(
                _error(
                    item,
                    item.slug_line,
                    Message("slug {slug!r} is also used by {listed}", slug=slug, listed=listed),
                    "slug-duplicate",
                    Message("slugs must be unique across live and archived articles: choose another one"),
                )
            )
        target = item.successor
        if target is None:
            return found
        line = item.successor_line
        if target == slug:
            found.append(
                _error(item, line, Message("'superseded_by' names the article itself"), "superseded-self")
            )
        elif target not in self.by_slug:
            close = difflib.get_close_matches(target, self.by_slug, n=1)
            hint = (
                Message("did you mean {slug!r}?", slug=close[0])
                if close
                else Message("`newscli list --all` shows every slug")
            )
            message = Message("'superseded_by' names no article: {target!r}", target=target)
            found.append(_error(item, line, message, "superseded-unknown", hint))
        elif slug is not None and self._cycles_back(slug, target):
            chain = self._chain(slug, target)
            message = Message("'superseded_by' forms a cycle: {chain}", chain=chain)
            hint = Message("the newest article of the chain must not be superseded")
            found.append(_error(item, line, message, "superseded-cycle", hint))
        else:
            found += self._older_successor(item, target, line)
        return found

    def _older_successor(self, item: FileFacts, target: str, line: int) -> list[Diagnostic]:
        """superseded-older: the article named as the replacement was published before this one,
        which is nearly always ``superseded_by`` written in the wrong article."""
        successor = min(self.by_slug[target], key=lambda i: (i.archived, i.shown))
        if item.date is None or successor.date is None or successor.date >= item.date:
            return []
        message = Message(
            "'superseded_by' names {successor!r}, published {successor_date}, before this article ({date})",
            successor=target,
            successor_date=successor.date.date().isoformat(),
            date=item.date.date().isoformat(),
        )
        hint: Message
        if item.slug is not None:
            hint = Message(
                "the newer article replaces the older: remove superseded_by here and run "
                "`newscli supersede {older} {newer}`",
                older=target,
                newer=item.slug,
            )
        else:
            hint = Message("the newer article replaces the older: set superseded_by in the older one")
        return [warning(item.shown, line, 1, message, "superseded-older", hint)]

    def _cycles_back(self, slug: str, target: str) -> bool:
        if self.successor.get(slug) == target:
            return slug in self.on_cycle
        # A duplicate slug whose own successor differs from the indexed one: follow its chain.
        node: str | None = target
        for _step in range(len(self.successor) + 1):
            if node == slug:
                return True
            node = self.successor.get(node) if node is not None else None
        return False

    def _chain(self, slug: str, target: str) -> str:
        names = [slug, target]
        while names[-1] != slug and len(names) <= _CHAIN_SHOWN:
            names.append(self.successor[names[-1]])
        return " -> ".join(names) + (" -> ..." if names[-1] != slug else "")


def _on_cycle(successor: Mapping[str, str]) -> set[str]:
    """Slugs on a cycle of the successor graph, in linear time (each slug has one successor)."""
    state: dict[str, bool] = {}  # False: on the walk in progress; True: finished
    cycle: set[str] = set()
    for start in successor:
        walk: list[str] = []
        node = start
        while node in successor and node not in state:
            state[node] = False
            walk.append(node)
            node = successor[node]
        if state.get(node) is False:  # the walk met itself: from ``node`` on, it is a cycle
            cycle.update(walk[walk.index(node) :])
        for visited in walk:
            state[visited] = True
    return cycle


def _error(item: FileFacts, line: int, message: str, rule: str, hint: str | None = None) -> Diagnostic:
    return error(item.shown, line, 1, message, rule, hint)
