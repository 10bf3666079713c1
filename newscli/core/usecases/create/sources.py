"""What a new article is made from besides its options: the folder's template, and ``--body-file``."""

from __future__ import annotations

from typing import IO, Any

from newscli.core.errors import ArticleError, UsageError
from newscli.core.reading import frontmatter
from newscli.core.rules.config import Config
from newscli.core.rules.template import TEMPLATE_NAME
from newscli.i18n import Message, _, localize


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
