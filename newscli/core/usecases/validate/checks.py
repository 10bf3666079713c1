"""One file's warnings and the problems of its body: what reading a file does not report.

Reading (``core/reading``) reports what makes a field unusable; this adds what a person should fix
though the article works: unknown keys (with a "did you mean"), no lead, the template's placeholder
text, repeated tags, control characters in the body, an empty body, a draft in archive/. The checks
of the file's name are in ``names``.
"""

from __future__ import annotations

import difflib
import functools
import os
import posixpath
import re

from newscli.core.diagnostics import Diagnostic, error, warning
from newscli.core.folder.discover import shown_root
from newscli.core.reading.frontmatter import Document, key_line
from newscli.core.reading.model import KNOWN_KEYS, Loaded
from newscli.core.rules.config import Config
from newscli.core.rules.tags import repeated
from newscli.core.rules.template import TEMPLATE_NAME, Placeholders
from newscli.core.text import may_match, visible
from newscli.core.usecases.validate.names import name_problems
from newscli.i18n import Message

_QUOTED = 60  # characters of a placeholder paragraph quoted in its message


SUGGESTIONS_PER_FILE = 20
_KNOWN = frozenset(KNOWN_KEYS)


def file_warnings(item: Loaded, config: Config, placeholders: Placeholders) -> list[Diagnostic]:
    name = os.path.basename(item.fspath)
    found = name_problems(item, name)
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
