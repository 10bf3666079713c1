"""Where the new file goes (``--section``, else the current folder) and its write, which never overwrites.

The slug is checked and the file written under the folder's slug lock, so of several runs for one
slug at once exactly one writes; :func:`newscli.core.writing.durable.create` links the new name,
which the kernel refuses when it exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newscli.core.errors import UsageError
from newscli.core.reading.fields import is_one_line
from newscli.core.rules.config import Config
from newscli.i18n import Message

if TYPE_CHECKING:
    from newscli.core.probe import Probe


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


def write_new(values: Mapping[str, Any], body: str, folder: Path, config: Config, probe: Probe) -> Path:
    """Write the new article into ``folder``; refuse a slug in use. Returns the file's path."""
    from newscli.core.folder.corpus import load_corpus
    from newscli.core.rules.naming import file_name, slug_taken
    from newscli.core.usecases.create.front_matter import file_text
    from newscli.core.writing import durable
    from newscli.core.writing.sluglock import slug_lock

    with slug_lock(config.articles_dir):
        durable.sweep(folder)
        taken = slug_taken(values["slug"], load_corpus(config).slugs())
        if taken is not None:
            raise UsageError(taken, hint=Message("choose another with --slug, or edit the existing article"))
        path = folder / file_name(values["date"], values["slug"], config.timezone)
        durable.create(path, file_text(values, body).encode("utf-8"), probe)
    return path
