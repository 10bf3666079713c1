"""The placeholder text of ``_template.md`` that must not be published.

``newscli new`` starts an article's body with the template's body ("Skriv brödtexten här…"). Such a
paragraph left in an article is published as it is, so ``validate`` reports it (rule
``body-template``). Headings are not placeholders (an article keeps "## Mer information"), nor is
what a reader never sees (an HTML comment) or what holds no words (a rule ``---``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newscli.core.reading import frontmatter

TEMPLATE_NAME = "_template.md"
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass(frozen=True)
class Placeholders:
    """The template's paragraphs, each with its words joined by single spaces."""

    paragraphs: tuple[str, ...] = ()

    def identity(self) -> str:
        """What a cache of results that depend on the template keys on: the paragraphs themselves,
        unambiguously (the cache hashes its whole identity; hashing here too imported hashlib,
        2-3 ms, on every run of validate, with the cache off as well)."""
        return repr(self.paragraphs)

    def find(self, body: str) -> tuple[int, str] | None:
        """(line within ``body``, counted from 0; the paragraph) of the first placeholder paragraph
        still in ``body``, else None. Spacing and line breaks may differ from the template's."""
        words = None
        for paragraph in self.paragraphs:
            # Its longest word first, found at C speed in the body as it is: nearly every article
            # lacks it, and joining the body's words would cost a pass over each body.
            if max(paragraph.split(" "), key=len) not in body:
                continue
            if words is None:
                words = " ".join(body.split())
            if paragraph in words:
                return _line_of(body, paragraph), paragraph
        return None


def read_placeholders(articles_dir: Path) -> Placeholders:
    """The placeholder paragraphs of the articles folder's template; none when there is no usable
    template (``new`` reports a broken one when it is used)."""
    from newscli.core.reading import saferead

    # Never through a link (it could lead outside the folder) and never blocking on a FIFO.
    try:
        text = saferead.read(articles_dir / TEMPLATE_NAME)[0].decode("utf-8")
        body = frontmatter.split(text).body
    except (saferead.Refused, UnicodeDecodeError, frontmatter.FrontMatterError):
        return Placeholders()
    return Placeholders(tuple(paragraphs(body)))


def paragraphs(body: str) -> list[str]:
    """The body's paragraphs that read as text, each as its words joined by single spaces."""
    found = []
    for block in _BLANK_LINE.split(_COMMENT.sub("\n\n", body.replace("\r\n", "\n"))):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines or all(line.startswith("#") for line in lines):
            continue
        text = " ".join(" ".join(lines).split())
        if any(c.isalpha() for c in text) and text not in found:
            found.append(text)
    return found


def _line_of(body: str, paragraph: str) -> int:
    """The body line where ``paragraph`` starts: the first line holding its first words."""
    first_words = " ".join(paragraph.split()[:4])
    lines: Sequence[str] = body.splitlines()
    for number, line in enumerate(lines):
        if first_words in " ".join(line.split()):
            return number
    return 0
