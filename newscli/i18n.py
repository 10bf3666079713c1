"""The staff's language: messages through gettext, Swedish or English by the locale or the config.

English is the source language. Catalogues live in ``newscli/locale/<lang>/LC_MESSAGES/newscli.mo``
and ship inside the package, so ``pip install .`` needs no extra tool. The language is chosen on first
use from ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (as gettext does), unless the config's
``ui_language`` set it first. JSON, CSV, ``paths`` output and rule ids never go through here.

Placeholders are named (``{slug}``) and filled in after translation, so a translation may move them.
"""

from __future__ import annotations

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
