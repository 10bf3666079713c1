"""Creating a new article file: slug, front matter, body template, and a write that never overwrites."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from newscli.core.diagnostics import Diagnostic, Severity
from newscli.core.errors import ArticleError, NewscliError, UsageError
from newscli.core.reading import frontmatter
from newscli.core.reading.article import LANGUAGE_TAG, SLUG_PATTERN, is_one_line
from newscli.core.report import Outcome
from newscli.core.rules.config import Config
from newscli.core.rules.tags import unique
from newscli.core.rules.template import TEMPLATE_NAME
from newscli.i18n import Message, _, localize

if TYPE_CHECKING:
    from newscli.core.folder.corpus import Corpus
    from newscli.core.link import Link
    from newscli.core.probe import Probe
    from newscli.core.rules.durations import OwnThreshold
    from newscli.core.rules.timeutil import Moment
    from newscli.core.usecases.editing.edit import AskAgain, Editor
    from newscli.core.usecases.editing.report import EditReport

SLUG_MAX_LENGTH = 80
# The order keys are written in: the ones a person looks for first.
KEY_ORDER = (
    "title",
    "slug",
    "date",
    "draft",
    "author",
    "lead",
    "tags",
    "language",
    "evergreen",
    "stale_after",
    "superseded_by",
    "modified_by",
    "image",
    "links",
)


@dataclass
class Request:
    """What the user asked for; None means "not given" so defaults and templates may fill it."""

    title: str
    slug: str | None = None
    date: Moment | None = None  # as given: placed in the config's zone when written
    lead: str | None = None
    author: str | None = None
    tags: list[str] | None = None
    draft: bool | None = None
    evergreen: bool | None = None
    language: str | None = None
    stale_after: OwnThreshold | None = None
    superseded_by: str | None = None
    modified_by: str | None = None
    image: str | None = None  # --image, --image-alt, --image-caption as given
    image_alt: str | None = None
    image_caption: str | None = None
    links: Sequence[Link] = ()
    body_file: str | None = None  # --body-file as given: a path, or "-" for standard input


def make_slug(title: str) -> str:
    """A slug from a Swedish title: å ä ö become a a o, & becomes och; refuse what is left empty."""
    from slugify import slugify

    slug = slugify(
        title, replacements=[["&", " och "]], max_length=SLUG_MAX_LENGTH, word_boundary=True, lowercase=True
    )
    if not SLUG_PATTERN.fullmatch(slug):
        raise UsageError(
            Message("the title {title!r} gives no usable slug", title=title),
            hint=Message("give one with --slug, e.g. --slug nyhet-om-biblioteket"),
        )
    return slug


def read_template(config: Config) -> tuple[dict[str, Any], str]:
    """The template's front matter keys and body; empty when there is no template."""
    from newscli.core.reading import saferead
    from newscli.core.reading.article import file_problem

    path = config.articles_dir / TEMPLATE_NAME
    try:
        # As every article is read: a FIFO never blocks, a device or a huge file is refused; and a
        # link is never followed: it could lead anywhere, and a template is a file of the folder.
        text = saferead.read(path)[0].decode("utf-8")
    except saferead.Refused as refused:
        if refused.why is saferead.Why.MISSING:
            return {}, ""
        if refused.why is saferead.Why.LINK:
            message = _("cannot read the template: a symbolic link; not read (make it a regular file)")
        else:
            reason = localize(file_problem(refused).message)
            message = _("cannot read the template: {reason}").format(reason=reason)
        raise ArticleError(message, path=str(path)) from None
    except UnicodeDecodeError:
        raise ArticleError(_("cannot read the template: not UTF-8"), path=str(path)) from None
    try:
        doc = frontmatter.split(text)
        values = frontmatter.parse_toml(doc)
    except frontmatter.FrontMatterError as exc:
        raise ArticleError(exc.message, path=str(path), line=exc.line, column=exc.column) from None
    for key in ("title", "slug", "date"):
        values.pop(key, None)  # these belong to each article, never to a template
    return values, doc.body.lstrip("\r\n")


def image_table(request: Request) -> dict[str, str] | None:
    """The ``image`` table the image options give; alt and caption need the image itself."""
    if request.image is None:
        if request.image_alt is not None or request.image_caption is not None:
            raise UsageError(Message("--image-alt and --image-caption need --image"))
        return None
    table = {"src": request.image, "alt": request.image_alt or ""}
    if request.image_caption:
        table["caption"] = request.image_caption
    return table


def read_body(body_file: str, stdin: IO[bytes] | None) -> str:
    """The body ``--body-file`` names: read as every file is (bounded, never hanging on opening a
    FIFO) but following a link and reading a pipe, as it is the person's own choice on the command
    line (``--body-file <(cmd)`` is a pipe at /dev/fd/N); ``-`` is standard input, read to its end
    within the same bound. Newlines become \n, as a text read makes them."""
    from newscli.core.reading import saferead
    from newscli.core.reading.article import MAX_ARTICLE_BYTES
    from newscli.i18n import os_error

    if body_file == "-":
        if stdin is None:
            raise UsageError(Message("--body-file -: cannot read: standard input is closed"))
        try:
            data = stdin.read(MAX_ARTICLE_BYTES + 1)
        except OSError as exc:
            raise UsageError(
                Message(
                    "--body-file {body_file}: cannot read: {error}", body_file=body_file, error=os_error(exc)
                )
            ) from None
        if len(data) > MAX_ARTICLE_BYTES:
            raise UsageError(
                Message(
                    "--body-file -: standard input is over the {limit:,} bytes an article may have",
                    limit=MAX_ARTICLE_BYTES,
                )
            )
    else:
        try:
            data = saferead.read(body_file, max_bytes=MAX_ARTICLE_BYTES, follow=True, pipes=True)[0]
        except saferead.Refused as refused:
            if refused.why is saferead.Why.NOT_REGULAR:
                message = Message(
                    "--body-file {body_file}: a folder, a device or a socket, not a file; not read",
                    body_file=body_file,
                )
            elif refused.why is saferead.Why.TOO_LARGE:
                message = Message(
                    "--body-file {body_file}: {size:,} bytes, over the {limit:,} bytes an article may have",
                    body_file=body_file,
                    size=refused.size,
                    limit=MAX_ARTICLE_BYTES,
                )
            else:
                message = Message(
                    "--body-file {body_file}: cannot read: {error}",
                    body_file=body_file,
                    error=refused.reason or refused.why.value,
                )
            raise UsageError(message) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            Message(
                "--body-file {body_file}: not UTF-8 text (byte {offset:,} cannot be read)",
                body_file=body_file,
                offset=exc.start + 1,  # counted from 1, as a person counts
            ),
            hint=Message("save it as UTF-8 text"),
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def front_matter(
    request: Request,
    config: Config,
    now: datetime,
    template: Mapping[str, Any],
    image: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The keys to write: the request's, else the template's, else the config's [defaults].
    ``image``: the table the image options give (:func:`image_table`)."""
    from newscli.core.usecases.editing.when import given_or_now

    title = request.title.strip()
    if not title:
        raise UsageError(Message("the title is empty"))
    if not is_one_line(title):
        raise UsageError(Message("the title must be one line"))
    slug = request.slug if request.slug is not None else make_slug(title)
    if not SLUG_PATTERN.fullmatch(slug):
        raise UsageError(
            Message("--slug {slug!r} must be lowercase letters a-z, digits and single hyphens", slug=slug),
            hint=Message("e.g. --slug nya-oppettider-pa-biblioteket"),
        )
    longest = NAME_MAX - len("YYYY-MM-DD-.md")  # the file is named YYYY-MM-DD-<slug>.md
    if len(slug) > longest:
        message = _("--slug is {length} characters long; a file name allows a slug of at most {limit}")
        raise UsageError(message.format(length=len(slug), limit=longest), hint=_("choose a shorter slug"))
    given: dict[str, Any] = {
        "lead": request.lead,
        "author": request.author,
        "tags": request.tags,
        "draft": request.draft,
        "evergreen": request.evergreen,
        "language": request.language,
        "stale_after": request.stale_after.text if request.stale_after else None,
        "superseded_by": request.superseded_by,
        "modified_by": request.modified_by,
        "image": dict(image) if image else None,
        "links": [{"title": link.title, "url": link.url} for link in request.links] or None,
    }
    values: dict[str, Any] = {**config.defaults, **template}
    values.update({k: v for k, v in given.items() if v is not None})
    published = given_or_now(request.date, now, config)
    values.update(title=title, slug=slug, date=published)
    tags = values.get("tags")
    if isinstance(tags, list) and all(isinstance(t, str) for t in tags):
        values["tags"] = unique(tags)  # --tag Trafik --tag trafik is one tag
    _check_flags(given)
    # The person's own values first: a problem in them is theirs, not the config's or the template's.
    own = {k: v for k, v in given.items() if v is not None}
    _check_document({**own, "title": title, "slug": slug, "date": published}, config, given_only=True)
    _check_document(values, config)
    for flag in ("draft", "evergreen"):
        if values.get(flag) is False:
            del values[flag]  # false is the default; keep new files short
    for key in ("lead", "author", "modified_by", "language"):
        if isinstance(values.get(key), str) and not values[key].strip():
            del values[key]
    ordered = {k: values[k] for k in KEY_ORDER if k in values}
    ordered.update({k: v for k, v in values.items() if k not in ordered})
    return ordered


def _check_document(values: Mapping[str, Any], config: Config, given_only: bool = False) -> None:
    """Refuse to write what `validate` would reject: [defaults] and the template are not trusted.

    ``given_only``: the values are the title and the options alone, so the hint names neither."""
    from newscli.core.reading.article import load_bytes

    loaded = load_bytes(file_text(values, "").encode("utf-8"), "new", "new", False, config.timezone)
    if loaded.errors:
        first = loaded.errors[0]
        raise UsageError(
            Message(
                "the new article would not be valid: {message} [{rule}]",
                message=first.message,
                rule=first.rule,
            ),
            hint=None
            if given_only
            else Message(
                "check [defaults] in the config and {TEMPLATE_NAME} in the articles folder",
                TEMPLATE_NAME=TEMPLATE_NAME,
            ),
        )


def _check_flags(given: Mapping[str, Any]) -> None:
    """The problems a flag can have, in messages that name the flag; the rest is _check_document's."""
    language = given.get("language")
    if language is not None and not LANGUAGE_TAG.fullmatch(language):
        raise UsageError(
            Message("--language {language!r} is not a BCP 47 tag such as sv or en", language=language)
        )
    superseded_by = given.get("superseded_by")
    if superseded_by is not None and not SLUG_PATTERN.fullmatch(superseded_by):
        raise UsageError(
            Message("--superseded-by {superseded_by!r} is not a slug", superseded_by=superseded_by)
        )
    image = given.get("image")
    if image is not None and not image.get("alt", "").strip():
        raise UsageError(
            Message("an image needs alt text (accessibility law)"),
            hint=Message('add --image-alt "what the image shows"'),
        )
    tags = given.get("tags")
    if tags is not None and any(not is_one_line(t) or not t.strip() for t in tags):
        raise UsageError(Message("each --tag must be one line of text"))


NAME_MAX = 255  # bytes in a file name on every filesystem newsrooms use (ext4, APFS, NTFS)


def file_name(values: Mapping[str, Any], config: Config) -> str:
    published = values["date"]
    if isinstance(published, datetime):
        day = (published.astimezone(config.timezone) if published.tzinfo else published).date()
    else:
        day = published
    return f"{day.isoformat()}-{values['slug']}.md"


def file_text(values: Mapping[str, Any], body: str) -> str:
    """The file ``new`` writes, in the shipped sample's style (see newscli.core.writing.tomlwrite)."""
    from newscli.core.writing import tomlwrite

    text = f"+++\n{tomlwrite.dumps(values)}+++\n"
    if body:
        text += "\n" + (body if body.endswith("\n") else body + "\n")
    return text


def check_unique(slug: str, existing: Iterable[tuple[str, str]]) -> None:
    """Refuse a slug that a live or archived article already has."""
    for other_slug, shown in existing:
        if other_slug == slug:
            raise UsageError(
                Message("the slug {slug!r} is already used by {shown}", slug=slug, shown=shown),
                hint=Message("choose another with --slug, or edit the existing article"),
            )


@dataclass(frozen=True)
class CreateReport:
    """What ``new`` did: the file it made and, with ``--supersedes``, the older article it linked."""

    path: Path
    slug: str
    superseded: EditReport | None = None  # OLD, now superseded by the new article
    superseded_error: NewscliError | None = None  # why OLD could not be linked (the article exists)
    edited: EditReport | None = None  # --edit: what became of the edit right after creating
    edit_error: NewscliError | None = None  # why the editor step failed (the article exists, as created)
    # --edit: validate's findings on the file as it is after the editor (every rule, both severities)
    checked: tuple[Diagnostic, ...] = ()
    # No body was given: the file's body is the template's, and it holds placeholder text
    placeholder_body: bool = False

    @property
    def outcome(self) -> Outcome:
        if (
            self.superseded_error is not None
            or self.edit_error is not None
            or any(d.severity is Severity.ERROR for d in self.checked)
        ):
            return Outcome.PARTLY
        return self.edited.outcome if self.edited is not None else Outcome.DONE


def _check_saved(path: Path, edited: EditReport, config: Config) -> tuple[Diagnostic, ...]:
    """What validate says of the file as saved (or as created, when the editor changed nothing): the
    edit's own check stops only errors that keep a file from loading, validate checks every rule."""
    from newscli.core.folder.discover import shown_path
    from newscli.core.usecases.validate import validate

    if edited.problems:  # not saved: its problems, in the kept copy, are already the report's
        return ()
    return tuple(validate(config, [shown_path(path)]).diagnostics)


def section_folder(config: Config, section: str | None, cwd: Path) -> Path:
    """The folder a new article goes in: ``--section NAME``, else the articles subfolder ``cwd`` is in."""
    from newscli.core.folder.discover import ARCHIVE_DIR
    from newscli.i18n import _

    root = config.articles_dir
    if section is None:
        try:
            rel = cwd.resolve().relative_to(root.resolve())
        except (ValueError, OSError):
            return root
        if not rel.parts:
            return root
        parts, option = rel.parts, _("the current folder")
    else:
        parts, option = tuple(p for p in section.replace("\\", "/").split("/") if p), "--section"
    bad = (
        not parts
        or parts[0] == ARCHIVE_DIR
        or any(p in (".", "..") or p.startswith((".", "_")) or not is_one_line(p) for p in parts)
    )
    if bad:
        raise UsageError(
            _("{option} {section}: not a section of the articles folder").format(
                option=option, section="/".join(parts) or repr(section)
            ),
            hint=_("a subfolder name such as trafik; not archive/, not starting with . or _"),
        )
    folder = root.joinpath(*parts)
    try:
        inside = folder.resolve().is_relative_to(root.resolve())
    except OSError:
        inside = False
    if not inside:
        raise UsageError(
            _("{option} {section} leads out of the articles folder").format(option=option, section=folder)
        )
    return folder


def check_successor(slug: str, corpus: Corpus, config: Config) -> None:
    """``--superseded-by``: the successor must exist (a typo would make the new article stale at once)."""
    import difflib

    from newscli.i18n import _

    table = corpus.by_slug()
    if slug in table:
        return
    from newscli.core.errors import NotFoundError
    from newscli.core.usecases.editing.supersede import refuse_with_errors

    refuse_with_errors(slug, corpus, config)
    close = difflib.get_close_matches(slug, list(table), n=1, cutoff=0.6)
    # An unknown slug is exit 1 here as in every command (supersede, new --supersedes, show...).
    raise NotFoundError(
        _("--superseded-by '{slug}': no article has that slug").format(slug=slug),
        hint=(
            _("did you mean {slug}?").format(slug=close[0])
            if close
            else _("to say this new article replaces an older one, use --supersedes OLD")
        ),
    )


def create_article(
    request: Request,
    config: Config,
    now: datetime,
    probe: Probe,
    *,
    cwd: Path,
    section: str | None = None,
    supersedes: str | None = None,
    editor: tuple[Editor, AskAgain] | None = None,
    stdin: IO[bytes] | None = None,
) -> CreateReport:
    """Write a new article; refuse a slug in use. With ``supersedes``, link the older article to it.

    Checking the slug and writing the file happen under the folder's slug lock, so of several runs
    for one slug at once exactly one writes. ``stdin``: what ``--body-file -`` reads.
    """
    from newscli.core.folder.corpus import load_corpus
    from newscli.core.rules.config import require_articles_dir
    from newscli.core.usecases.editing.edit import edit
    from newscli.core.usecases.editing.supersede import check_not_superseded, check_succession, supersede
    from newscli.core.usecases.editing.target import EditTarget, open_target
    from newscli.core.writing import durable
    from newscli.core.writing.sluglock import slug_lock

    image = image_table(request)
    given_body = None if request.body_file is None else read_body(request.body_file, stdin)
    require_articles_dir(config)
    template_values, template_body = read_template(config)
    values = front_matter(request, config, now, template_values, image)
    folder = section_folder(config, section, cwd)
    old: EditTarget | None = None
    if supersedes is not None:
        old = open_target(supersedes, config)  # refused before anything is written
        check_succession(old.article.slug, values["slug"], config)
        if old.article.superseded_by is not None:
            from newscli.i18n import _

            check_not_superseded(
                old,
                hint=_(
                    "did you mean --supersedes {current}, the article that replaced it? (or run "
                    "`newscli supersede {old} {new} --force` after `new`)"
                ).format(current=old.article.superseded_by, old=old.article.slug, new=values["slug"]),
            )
        if values.get("superseded_by") == old.article.slug:
            from newscli.i18n import _

            raise UsageError(
                _("the new article cannot both replace {slug} and be replaced by it").format(
                    slug=old.article.slug
                )
            )
    if values.get("superseded_by"):
        check_successor(values["superseded_by"], load_corpus(config), config)
    body = given_body if given_body is not None else template_body
    with slug_lock(config.articles_dir):
        durable.sweep(folder)
        check_unique(values["slug"], load_corpus(config).slugs())
        path = folder / file_name(values, config)
        durable.create(path, file_text(values, body).encode("utf-8"), probe)
    from newscli.core.rules.template import paragraphs

    report = CreateReport(
        path, values["slug"], placeholder_body=given_body is None and bool(paragraphs(body))
    )
    if editor is not None:
        # The person's editor opens on a copy; the new file is replaced only by a valid version.
        # The file exists now: an editor that fails (cannot start, exits non-zero) is reported
        # with it, and OLD is still linked, as asked.
        try:
            edited = edit(str(path), config, now, "", *editor, probe, stamp_change=False)
        except NewscliError as exc:
            report = dataclasses.replace(report, edit_error=exc)
        else:
            report = dataclasses.replace(report, edited=edited, checked=_check_saved(path, edited, config))
    if old is None:
        return report
    try:
        linked = supersede(str(old.path), str(path), config, now, probe)
    except NewscliError as exc:
        return dataclasses.replace(report, superseded_error=exc)
    return dataclasses.replace(report, superseded=linked)
