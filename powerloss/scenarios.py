"""The scenarios explored: each a small folder and one real command (see docs/power-loss.md)."""

from __future__ import annotations

from powerloss.explore import Scenario, article

_DUE = {
    "2022-03-01-a.md": article("A", "a", "2022-03-01"),
    "2022-04-01-b.md": article("B", "b", "2022-04-01", body="Med CRLF.\r\n"),
    "trafik/2021-05-01-c.md": article("C", "c", "2021-05-01", extra='tags = ["trafik"]\n'),
}
_LIVE = {
    "2026-10-01-live.md": article("Live", "live", "2026-10-01"),
    "2020-01-01-evergreen.md": article("E", "evergreen", "2020-01-01", extra="evergreen = true\n"),
}
ARTICLES = {**_DUE, **_LIVE}


def _archive(batch: int | None, name: str) -> Scenario:
    env = {} if batch is None else {"NEWSCLI_ARCHIVE_BATCH": str(batch)}
    return Scenario(name, ARTICLES, ("archive", "--yes"), (("archive", "--yes"),), env, finishes=True)


def _after_kill(step: int, name: str) -> Scenario:
    """A run killed (SIGKILL) at a step of the move sequence, then the recorded run recovers it.

    The kill leaves the page cache to the kernel, so what it left is taken as durable; the power
    cut explored is the one during the recovering run.
    """
    crash = (("NEWSCLI_CRASH_AT", str(step)), ("NEWSCLI_ARCHIVE_BATCH", "1"))
    return Scenario(
        name,
        ARTICLES,
        ("archive", "--yes"),
        (("archive", "--yes"),),
        {"NEWSCLI_ARCHIVE_BATCH": "1"},
        finishes=True,
        setup=((("archive", "--yes"), crash),),
    )


# The next write in the articles folder: it sweeps the temporary files a dead run left there.
_NEXT_WRITE = ("new", "Efter strömavbrottet", "--date", "2026-11-30")


def _new(name: str, articles: dict[str, bytes], title: str, *options: str) -> Scenario:
    # The recovery is the next write in the folder (another new), which sweeps what a dead run left.
    section = (
        options[options.index("--section") : options.index("--section") + 2] if "--section" in options else ()
    )
    return Scenario(
        name,
        articles,
        ("new", title, "--date", "2026-11-29", *options),
        ((*_NEXT_WRITE, *section),),
        recovery_slugs=("efter-stromavbrottet",),
    )


_MANY = {
    **_LIVE,
    **{
        f"2021-0{m}-0{d}-n{m}{d}.md": article(f"N{m}{d}", f"n{m}{d}", f"2021-0{m}-0{d}")
        for m in (1, 2)
        for d in (1, 2, 3)
    },
    **{f"skola/2020-0{m}-01-s{m}.md": article(f"S{m}", f"s{m}", f"2020-0{m}-01") for m in (1, 2)},
    **{f"trafik/vagar/2019-0{m}-01-t{m}.md": article(f"T{m}", f"t{m}", f"2019-0{m}-01") for m in (1, 2)},
}

_WITH_DRAFT = {
    **ARTICLES,
    "2026-11-20-utkast.md": article("Utkast", "utkast", "2026-11-20", extra="draft = true\n"),
}


def _edit(name: str, command: tuple[str, ...], env: dict[str, str] | None = None) -> Scenario:
    """A command that replaces one article in place (through durable.replace)."""
    return Scenario(
        name, _WITH_DRAFT, command, (_NEXT_WRITE,), env or {}, recovery_slugs=("efter-stromavbrottet",)
    )


SCENARIOS: tuple[Scenario, ...] = (
    _archive(1, "archive, batches of 1"),
    _archive(2, "archive, batches of 2"),
    _archive(None, "archive, one batch"),
    Scenario(
        "archive, ten articles in four folders, batches of 4",
        _MANY,
        ("archive", "--yes"),
        (("archive", "--yes"),),
        {"NEWSCLI_ARCHIVE_BATCH": "4"},
        finishes=True,
    ),
    Scenario(
        "archive, an identical copy already in the archive",
        {**ARTICLES, "archive/2022/2022-03-01-a.md": _DUE["2022-03-01-a.md"]},
        ("archive", "--yes"),
        (("archive", "--yes"),),
        finishes=True,
    ),
    Scenario(
        "archive, a file saved just before (not synced)",
        ARTICLES,
        ("archive", "--yes"),
        (("archive", "--yes"),),
        {"NEWSCLI_ARCHIVE_BATCH": "2"},
        fresh=("2022-03-01-a.md",),
        finishes=True,
    ),
    Scenario(
        "archive, a second run (the log and year folder exist)",
        ARTICLES,
        ("archive", "--yes"),
        (("archive", "--yes"),),
        setup=((("archive", "--yes", "--older-than", "5y"), ()),),
        finishes=True,
    ),
    Scenario(
        "archive --commit",
        ARTICLES,
        ("archive", "--yes", "--commit"),
        (("archive", "--yes", "--commit"),),
        {"NEWSCLI_ARCHIVE_BATCH": "2"},
        finishes=True,
        git=True,
    ),
    Scenario(
        "restore",
        ARTICLES,
        ("restore", "a"),
        (("archive", "--yes", "--older-than", "100y"),),
        setup=((("archive", "--yes"), ()),),
    ),
    Scenario(
        "restore into a folder removed since",
        ARTICLES,
        ("restore", "c"),
        (("archive", "--yes", "--older-than", "100y"),),
        setup=((("archive", "--yes"), ()),),
        remove=("trafik",),
    ),
    _after_kill(6, "archive after a run killed with both names (intent open)"),
    _after_kill(8, "archive after a run killed with a file under its temporary name"),
    _new("new", ARTICLES, "Nya öppettider"),
    _new("new, the first article in an empty folder", {}, "Första nyheten"),
    _new("new --section, a folder that exists", ARTICLES, "Ny väg", "--section", "trafik"),
    _new("new --section, a folder not yet made", ARTICLES, "Ny skola", "--section", "skola"),
    _new("new --supersedes", ARTICLES, "Nya öppettider igen", "--supersedes", "a"),
    Scenario(
        "restore --archive-after never",
        ARTICLES,
        ("restore", "a", "--archive-after", "never"),
        (("archive", "--yes", "--older-than", "100y"), _NEXT_WRITE),
        recovery_slugs=("efter-stromavbrottet",),
        setup=((("archive", "--yes"), ()),),
    ),
    _edit("touch", ("touch", "a", "--by", "Anna Berg")),
    _edit("review", ("review", "a", "--by", "Anna Berg")),
    _edit("supersede", ("supersede", "a", "live")),
    _edit("edit", ("edit", "b", "--by", "Anna Berg"), {"EDITOR": "sed -i s/CRLF/CRLF,och,mer/"}),
    Scenario(
        "publish",
        _WITH_DRAFT,
        ("publish", "utkast"),
        (("publish", "utkast"), _NEXT_WRITE),
        recovery_slugs=("efter-stromavbrottet",),
        tolerated=(2,),  # publish again after it had finished: "not a draft", nothing changed
    ),
)

# The CI subset (tests/test_power_loss.py): one archive with a batch boundary, the unsynced save,
# restore, new and publish (a replace, a new name, the old one removed); `make power-loss` runs all.
QUICK = (
    "archive, batches of 2",
    "archive, a file saved just before (not synced)",
    "restore",
    "new",
    "publish",
)
