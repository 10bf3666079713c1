"""Who is making a change ("Ändrad av", "reviewed_by"): the first of four places that names someone.

1. ``--by NAME``;
2. the environment variable ``NEWSCLI_USER``;
3. ``git config user.name`` as seen from the articles folder (its repository's, else the user's);
4. the login name.

The caller hands in the environment, so the core reads no globals.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from newscli.core.errors import UsageError
from newscli.core.reading.fields import is_one_line

USER_ENV = "NEWSCLI_USER"
_LOGIN_ENV = ("LOGNAME", "USER", "LNAME", "USERNAME")  # as getpass.getuser() reads them
_GIT_SECONDS = 5


def who(by: str | None, environ: Mapping[str, str], articles_dir: Path) -> str:
    """The name to stamp; a name given that is empty or spans lines is a usage error."""
    from newscli.i18n import _

    if by is not None:
        name = by.strip()
        if not name or not is_one_line(name):
            raise UsageError(_("--by must be a name on one line"))
        return name
    for candidate in (environ.get(USER_ENV, ""), git_user_name(articles_dir, environ)):
        name = candidate.strip()
        if name and is_one_line(name):
            return name
    return login_name(environ)


def git_user_name(folder: Path, environ: Mapping[str, str]) -> str:
    """``git config user.name`` run in ``folder``; empty when git is missing, fails or says nothing."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            cwd=folder if folder.is_dir() else None,
            env=dict(environ),
            capture_output=True,
            timeout=_GIT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    if done.returncode != 0:
        return ""
    return done.stdout.decode("utf-8", errors="replace").strip()


def login_name(environ: Mapping[str, str]) -> str:
    for variable in _LOGIN_ENV:
        if environ.get(variable, "").strip():
            return environ[variable].strip()
    import os
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # a uid with no passwd entry (some containers)
        return str(os.getuid())
