"""The new article's slug: made from the title (Swedish letters spelled out), or ``--slug`` checked."""

from __future__ import annotations

from newscli.core.errors import UsageError
from newscli.core.reading.fields import SLUG_PATTERN
from newscli.core.rules.naming import LONGEST_SLUG
from newscli.i18n import Message, _

SLUG_MAX_LENGTH = 80


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


def choose_slug(given: str | None, title: str) -> str:
    """``--slug`` as given, else one made from the title; either must fit a file name."""
    slug = given if given is not None else make_slug(title)
    if not SLUG_PATTERN.fullmatch(slug):
        raise UsageError(
            Message("--slug {slug!r} must be lowercase letters a-z, digits and single hyphens", slug=slug),
            hint=Message("e.g. --slug nya-oppettider-pa-biblioteket"),
        )
    if len(slug) > LONGEST_SLUG:  # the file is named YYYY-MM-DD-<slug>.md
        message = _("--slug is {length} characters long; a file name allows a slug of at most {limit}")
        raise UsageError(
            message.format(length=len(slug), limit=LONGEST_SLUG), hint=_("choose a shorter slug")
        )
    return slug
