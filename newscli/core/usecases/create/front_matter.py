"""The new article's front matter: the request's keys, else the template's, else the config's [defaults].

Refused before anything is written when ``validate`` would reject the result: the person's own
values are checked first (a problem in them is theirs), then the whole, since [defaults] and the
template are not trusted. Keys are written in :data:`KEY_ORDER`, the ones a person looks for first.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from newscli.core.errors import UsageError
from newscli.core.reading.fields import LANGUAGE_TAG, SLUG_PATTERN, is_one_line
from newscli.core.rules.config import Config
from newscli.core.rules.tags import unique
from newscli.core.rules.template import TEMPLATE_NAME
from newscli.core.usecases.create.slug import choose_slug
from newscli.i18n import Message

if TYPE_CHECKING:
    from newscli.core.usecases.create.request import Request

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
    slug = choose_slug(request.slug, title)
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


def file_text(values: Mapping[str, Any], body: str) -> str:
    """The file ``new`` writes, in the shipped sample's style (see newscli.core.writing.tomlwrite)."""
    from newscli.core.writing import tomlwrite

    text = f"+++\n{tomlwrite.dumps(values)}+++\n"
    if body:
        text += "\n" + (body if body.endswith("\n") else body + "\n")
    return text
