"""The staff's language: messages through gettext, Swedish or English by the locale or the config.

English is the source language. Catalogues live in ``newscli/locale/<lang>/LC_MESSAGES/newscli.mo``
and ship inside the package, so ``pip install .`` needs no extra tool. The language is chosen on first
use from ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (as gettext does), unless the config's
``ui_language`` set it first. JSON, CSV, ``paths`` output and rule ids never go through here.

Placeholders are named (``{slug}``) and filled in after translation, so a translation may move them.
"""

from __future__ import annotations

import errno
import gettext
import os
from pathlib import Path

DOMAIN = "newscli"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_ENV_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translation: gettext.NullTranslations | None = None


def language_from_environment() -> str:
    """The first language the locale variables name, as a bare code (``sv_SE.UTF-8`` -> ``sv``)."""
    for variable in _ENV_VARIABLES:
        value = os.environ.get(variable, "")
        for item in value.split(":"):
            code = item.split(".", 1)[0].split("@", 1)[0].split("_", 1)[0].strip().lower()
            if code and code not in ("c", "posix"):
                return code
        if value:
            return "en"  # C or POSIX: the source language
    return "en"


def set_language(code: str | None) -> None:
    """Use ``code`` (e.g. ``sv``); None goes back to the environment's choice."""
    global _translation
    language = (code or language_from_environment()).split("-", 1)[0].lower()
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def current() -> gettext.NullTranslations:
    if _translation is None:
        set_language(None)
    assert _translation is not None
    return _translation


def _(message: str) -> str:
    """``message`` in the user's language."""
    return current().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the user's language."""
    return current().ngettext(singular, plural, count)


def N_(message: str) -> str:  # the name gettext tools and readers know
    """Mark ``message`` for the catalogue; it is translated later, where it is shown."""
    return message


class Message(str):
    """English text that can say itself in the user's language later.

    It *is* the English string (JSON output, logs and tests see exactly that), and it keeps its
    template and values so that :func:`localize` can translate it where it is shown to a person.
    Values may be Messages themselves (a duration inside a reason).
    """

    template: str
    plural_form: str | None
    number: int | None
    params: dict[str, object]

    def __new__(cls, template: str, /, **params: object) -> Message:
        made = super().__new__(cls, template.format(**params))
        made.template, made.plural_form, made.number, made.params = template, None, None, params
        return made

    @classmethod
    def plural(cls, singular: str, plural: str, count: int, /, **params: object) -> Message:
        values = {"count": count, **params}
        made = super().__new__(cls, (singular if count == 1 else plural).format(**values))
        made.template, made.plural_form, made.number, made.params = singular, plural, count, values
        return made

    def __reduce__(self) -> tuple[object, ...]:
        # Kept whole through the metadata cache, so a cached problem is still said in Swedish.
        return (
            restore_message,
            (str.__str__(self), self.template, self.plural_form, self.number, self.params),
        )


def restore_message(
    english: str, template: str, plural_form: str | None, count: int | None, params: dict[str, object]
) -> Message:
    """A Message as it was made, from its parts (a pickle, the metadata cache)."""
    made = str.__new__(Message, english)
    made.template, made.plural_form, made.number, made.params = template, plural_form, count, params
    return made


def message_of(exc: BaseException) -> str:
    """What an exception says: the Message it was raised with (so it can still be said in the user's
    language where it is shown), else its text."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, str) else str(exc)


# What the system says of the common errors (its strerror), said through the catalogue. The
# English is glibc's text, so a message reads the same in English wherever newscli runs.
_SYSTEM_ERRORS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EDQUOT: N_("Disk quota exceeded"),
    errno.EROFS: N_("Read-only file system"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EEXIST: N_("File exists"),
    errno.ELOOP: N_("Too many levels of symbolic links"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.EIO: N_("Input/output error"),
    errno.EBUSY: N_("Device or resource busy"),
    errno.EMFILE: N_("Too many open files"),
}


def os_error(exc: OSError) -> str:
    """What the system says of ``exc``: for the common errors a Message, whose English is the
    system's own text (so JSON and the archive log keep it) and which :func:`localize` says in the
    user's language; for any other the system's text as it is. Every OSError a person is told of
    is put into the message through this (or given as the value itself: ``error=exc``)."""
    system = exc.strerror or str(exc)
    template = _SYSTEM_ERRORS.get(exc.errno) if exc.errno is not None else None
    if template is None:
        return system
    return restore_message(system, template, None, None, {})


def os_error_text(exc: OSError) -> str:
    """:func:`os_error` said now, for a message translated at once (``_(...).format(...)``)."""
    return localize(os_error(exc)) or ""


def _localized_value(value: object) -> object:
    # Only a Message is ours to translate: a plain string in a message is what a person or a file
    # gave (a title, a slug, a typed value) and is shown as it is, even when it happens to be
    # a word of the catalogue ("y" typed at --older-than is not the answer "yes").
    if isinstance(value, Message):
        return localize(value)
    if isinstance(value, str):
        return value
    if isinstance(value, OSError):  # ``error=exc``: what the system says, in the user's language
        return os_error_text(value)
    if isinstance(value, BaseException):  # ``error=exc``: the exception's own message, translated
        return localize(message_of(value))
    return value


def localize(text: str | None) -> str | None:
    """``text`` in the user's language: a Message by its template, a plain string as a msgid."""
    if text is None or text == "":
        return text
    if isinstance(text, Message):
        values = {k: _localized_value(v) for k, v in text.params.items()}
        if text.plural_form is not None and text.number is not None:
            template = ngettext(text.template, text.plural_form, text.number)
        else:
            template = _(text.template)
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English is still right
            return str.__str__(text)
    return _(text)


class _Later:
    """``later("…").format(x=…)``: a Message, where ``_("…").format(x=…)`` would translate at once."""

    def __init__(self, template: str) -> None:
        self.template = template

    def format(self, **params: object) -> Message:
        return Message(self.template, **params)


def later(template: str) -> _Later:
    return _Later(template)
