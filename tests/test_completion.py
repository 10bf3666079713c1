"""Shell completion: slugs for SLUG|PATH arguments (archived ones for restore), tags for --tag."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from archive_support import Forked
from conftest import Write, article_text
from inprocess_support import environment, run_here


@pytest.fixture
def folder(site: Path, write: Write) -> Path:
    write("2026-11-01-bibliotek.md", article_text("Bibliotek", "bibliotek", "2026-11-01", tags='["Kultur"]'))
    write("2026-11-02-badhus.md", article_text("Badhus", "badhus", "2026-11-02", tags='["idrott", "kultur"]'))
    write("archive/2020/2020-01-01-bastu.md", article_text("Bastu", "bastu", "2020-01-01", tags='["hälsa"]'))
    return site


def complete(folder: Path, shell: str, line: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """What the installed completion script asks newscli when Tab is pressed after ``line``: newscli's
    entry point in a process of its own (forked from this one)."""
    env = {"_NEWSCLI_COMPLETE": f"complete_{shell}", "NEWSCLI_CACHE_DIR": str(folder / "c")}
    if shell == "bash":
        words = line.split()
        env.update(COMP_WORDS=line, COMP_CWORD=str(len(words) - (0 if line.endswith(" ") else 1)))
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
    env.update(extra)
    return Forked(folder, (), None, env).wait()


def test_show_completes_live_and_archived_slugs(folder: Path) -> None:
    assert complete(folder, "bash", "newscli show ba").stdout.split() == ["badhus", "bastu"]
    assert complete(folder, "bash", "newscli show ").stdout.split() == ["badhus", "bastu", "bibliotek"]


def test_restore_completes_archived_slugs_only(folder: Path) -> None:
    assert complete(folder, "bash", "newscli restore b").stdout.split() == ["bastu"]


def test_tags_for_list_and_new(folder: Path) -> None:
    assert complete(folder, "bash", "newscli list --tag ").stdout.split() == ["Kultur", "idrott", "kultur"]
    assert complete(folder, "bash", "newscli list --all --tag h").stdout.split() == ["hälsa"]
    assert complete(folder, "bash", "newscli new Rubrik --tag i").stdout.split() == ["idrott"]


def test_zsh_and_fish_formats(folder: Path) -> None:
    zsh = complete(folder, "zsh", "newscli show bi").stdout
    assert zsh == "_arguments '*: :((\"bibliotek\"))'\n"
    fish = complete(folder, "fish", "newscli show ba", _TYPER_COMPLETE_FISH_ACTION="get-args")
    assert fish.stdout.split() == ["badhus", "bastu"]
    asks = complete(folder, "fish", "newscli show ba", _TYPER_COMPLETE_FISH_ACTION="is-args")
    assert asks.returncode == 0


def test_a_new_article_is_offered_after_new(folder: Path) -> None:
    assert complete(folder, "bash", "newscli show bo").stdout == "\n"  # as Typer prints nothing found
    created = subprocess.run(
        [sys.executable, "-m", "newscli", "new", "Bokbuss"],
        cwd=folder,
        env={**os.environ, "NEWSCLI_CACHE_DIR": str(folder / "c")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert created.stdout.strip().endswith("bokbuss.md")
    assert complete(folder, "bash", "newscli show bo").stdout.split() == ["bokbuss"]


def test_the_articles_dir_given_on_the_line_counts(folder: Path, write: Write) -> None:
    other = folder / "andra"
    other.mkdir()
    (other / "2026-01-01-annan.md").write_text(article_text("Annan", "annan", "2026-01-01"), encoding="utf-8")
    line = f"newscli show --articles-dir {other} a"
    assert complete(folder, "bash", line).stdout.split() == ["annan"]


def test_a_broken_config_completes_nothing_and_says_nothing(folder: Path) -> None:
    (folder / "newscli.toml").write_text("articles_dir = [\n", encoding="utf-8")
    result = complete(folder, "bash", "newscli show b")
    assert result.stdout == "\n"
    assert result.stderr == ""


def test_command_names_are_still_completed(folder: Path) -> None:
    assert "show" in complete(folder, "bash", "newscli sh").stdout.split()


@pytest.mark.parametrize("shell", ["zsh", "fish"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_descriptions_zsh_and_fish_show_are_in_the_users_language(
    folder: Path, shell: str, language: str
) -> None:
    # zsh and fish show a description beside each command and option offered: help text, translated
    # like --help (commands by their short help, the group's options and a command's own).
    env = {"LANG": "sv_SE.UTF-8" if language == "sv" else "C.UTF-8"}
    if shell == "fish":
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    command = complete(folder, shell, "newscli sh", **env).stdout
    group_option = complete(folder, shell, "newscli --vers", **env).stdout
    option = complete(folder, shell, "newscli list --sta", **env).stdout
    if language == "sv":
        assert "Visa en artikel som läsaren ser den" in command
        assert "Skriv ut versionen och avsluta." in group_option
        assert "Bara artiklar som läsarna nu ser som inaktuella." in option
    else:
        assert "Show an article as a reader sees it" in command
        assert "Print the version and exit." in group_option
        assert "Only articles readers now see as outdated." in option


def test_a_description_is_one_line_and_shown_as_written(folder: Path) -> None:
    # Typer passed descriptions through rich: wrapped at 80 columns (in fish the second line was a
    # candidate of its own) and "[defaults]" taken as markup and dropped.
    env = {"LANG": "C.UTF-8", "COLUMNS": "80"}
    fish = complete(folder, "fish", "newscli new --", _TYPER_COMPLETE_FISH_ACTION="get-args", **env).stdout
    assert all("\t" in line for line in fish.splitlines()), fish
    assert "--author\tThe byline (default from [defaults]).\n" in fish
    zsh = complete(folder, "zsh", "newscli new --", **env).stdout
    assert '"--author":"The byline (default from [defaults])."' in zsh
    assert len(zsh.splitlines()) == len(fish.splitlines()), zsh


# --- --install-completion and --show-completion (newscli/cli/shellsetup.py) ------------------------------

SWEDISH: dict[str, str] = {"LANG": "sv_SE.UTF-8"}
ENGLISH: dict[str, str] = {"LANG": "C.UTF-8"}
# What each shell's installed files must hold (Typer's paths and lines, so an earlier install counts).
INSTALLED = {
    "bash": (".bash_completions/newscli.sh", ".bashrc", ["source '{home}/.bash_completions/newscli.sh'"]),
    "zsh": (
        ".zfunc/_newscli",
        ".zshrc",
        ["fpath+=~/.zfunc; autoload -Uz compinit; compinit", "zstyle ':completion:*' menu select"],
    ),
    "fish": (".config/fish/completions/newscli.fish", None, []),
}


def _in(language: dict[str, str], folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """newscli with the group's options ``args``, named shells: run in this process (``run_here``),
    as a forked child of it runs them; a shell found running is _from_a_shell's."""
    return run_here(folder, *args, **language)


def _home_files(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_install_completion_in_the_users_language(folder: Path, shell: str, language: str) -> None:
    home = Path(os.environ["HOME"])
    result = _in((SWEDISH if language == "sv" else ENGLISH), folder, "--install-completion", shell)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # messages, on stderr
    script_name, startup_name, lines = INSTALLED[shell]
    script = (home / script_name).read_text(encoding="utf-8")
    assert "_NEWSCLI_COMPLETE=complete_" + shell in script
    expected = [f"completion for {shell} installed in {home / script_name}"]
    if startup_name is not None:
        startup = (home / startup_name).read_text(encoding="utf-8")
        wanted = [line.format(home=home) for line in lines]
        assert [line for line in startup.splitlines() if line] == wanted
        expected += [f"added to {home / startup_name}: {line}" for line in wanted]
    expected.append("Completion takes effect in a new terminal.")
    if language == "en":
        assert result.stderr.splitlines() == expected
    else:
        said = result.stderr.splitlines()
        assert said[0] == f"komplettering för {shell} installerad i {home / script_name}"
        assert said[-1] == "Kompletteringen fungerar i nya terminalfönster."
        assert len(said) == len(expected)
        assert not any(word in result.stderr for word in ("installed", "added to", "Completion", "terminal."))


def test_install_only_appends_to_the_users_startup_file(folder: Path) -> None:
    home = Path(os.environ["HOME"])
    own = b"\n  # my own settings, CRLF and all\r\nalias ll='ls -l'\n\n\nexport X=1"  # no final newline
    (home / ".bashrc").write_bytes(own)
    (home / ".zshrc").write_bytes(b"zstyle ':completion:*' menu no\n")  # the user's own style stays theirs
    for shell in ("bash", "zsh"):
        assert run_here(folder, "--install-completion", shell).returncode == 0
    bashrc = (home / ".bashrc").read_bytes()
    assert bashrc == own + f"\n\nsource '{home}/.bash_completions/newscli.sh'\n".encode()
    zshrc = (home / ".zshrc").read_bytes()
    assert zshrc == b"zstyle ':completion:*' menu no\n\nfpath+=~/.zfunc; autoload -Uz compinit; compinit\n"
    before = _home_files(home)
    again = _in(SWEDISH, folder, "--install-completion", "bash")
    assert again.returncode == 0
    assert f"{home / '.bashrc'} läser redan in det" in again.stderr.splitlines()
    assert _home_files(home) == before  # a second install adds nothing


@pytest.mark.parametrize("option", ["--install-completion", "--show-completion"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_unsupported_shell_is_one_message_and_exit_2(folder: Path, option: str, language: str) -> None:
    home = Path(os.environ["HOME"])
    before = _home_files(home)
    result = _in((SWEDISH if language == "sv" else ENGLISH), folder, option, "tcsh")
    assert result.returncode == 2
    assert result.stdout == ""
    if language == "en":
        assert result.stderr.splitlines() == [
            "newscli: error: completion is not available for the shell tcsh",
            f"  hint: newscli completes in bash, zsh and fish: newscli {option} bash|zsh|fish",
        ]
    else:
        assert result.stderr.splitlines() == [
            "newscli: fel: komplettering finns inte för skalet tcsh",
            f"  tips: newscli kompletterar i bash, zsh och fish: newscli {option} bash|zsh|fish",
        ]
    assert _home_files(home) == before


def _from_a_shell(folder: Path, shell: str, option: str, **env: str) -> subprocess.CompletedProcess[str]:
    """newscli started by ``shell`` (which stays its parent, as at a prompt), the shell not named."""
    command = f"{shlex.quote(sys.executable)} -m newscli {option}; exit $?"
    return subprocess.run(
        [shell, "-c", command],
        cwd=folder,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_shell_newscli_runs_in_is_the_one_installed_for(folder: Path) -> None:
    home = Path(os.environ["HOME"])
    result = _from_a_shell(folder, "bash", "--install-completion", SHELL="/bin/zsh")
    assert result.returncode == 0, result.stderr
    assert (home / ".bash_completions" / "newscli.sh").is_file()
    assert not (home / ".zfunc").exists()  # the running shell, not the login shell


@pytest.mark.skipif(shutil.which("dash") is None, reason="needs dash, a shell newscli does not complete in")
@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_unsupported_shell_found_running_is_refused(folder: Path, language: str) -> None:
    result = _from_a_shell(folder, "dash", "--show-completion", **(SWEDISH if language == "sv" else ENGLISH))
    assert result.returncode == 2
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    sv = "newscli: fel: komplettering finns inte för skalet dash"
    en = "newscli: error: completion is not available for the shell dash"
    assert first == (sv if language == "sv" else en)
    assert "Traceback" not in result.stderr


def test_a_shell_that_cannot_be_told_is_a_clear_message() -> None:
    from newscli.cli.shellsetup import choose_shell
    from newscli.core.errors import NewscliError

    with pytest.raises(NewscliError) as refused:
        choose_shell("", None, "--install-completion")
    assert refused.value.message == "cannot tell which shell this is"
    assert refused.value.hint == "name it: newscli --install-completion bash|zsh|fish"
    assert int(refused.value.exit_code) == 2
    assert choose_shell("", "zsh", "--show-completion") == "zsh"
    assert choose_shell("Fish", "bash", "--show-completion") == "fish"  # the one named wins


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_and_nothing_else(folder: Path, shell: str) -> None:
    home = Path(os.environ["HOME"])
    before = _home_files(home)
    result = _in(SWEDISH, folder, "--show-completion", shell)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert f"_NEWSCLI_COMPLETE=complete_{shell}" in result.stdout
    assert _home_files(home) == before


def test_the_installed_bash_script_completes_a_slug(folder: Path) -> None:
    """The script as installed, sourced by a real bash, at Tab after ``newscli show ba``."""
    home = Path(os.environ["HOME"])
    assert run_here(folder, "--install-completion", "bash").returncode == 0
    shim = folder / "bin"
    shim.mkdir()
    (shim / "newscli").write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m newscli "$@"\n')
    (shim / "newscli").chmod(0o755)
    press_tab = (
        f"source {shlex.quote(str(home / '.bash_completions' / 'newscli.sh'))}\n"
        "COMP_WORDS=(newscli show ba); COMP_CWORD=2\n"
        "_newscli_completion newscli\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        ["bash", "--norc", "-c", press_tab],
        cwd=folder,
        env={**os.environ, "PATH": f"{shim}:{os.environ['PATH']}", "NEWSCLI_CACHE_DIR": str(folder / "c")},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.split() == ["badhus", "bastu"]


def test_the_options_help_is_in_swedish(folder: Path) -> None:
    helped = " ".join(_in(SWEDISH, folder, "--help").stdout.split())
    assert "--install-completion [SKAL]" in helped
    assert "--show-completion [SKAL]" in helped
    assert "Installera komplettering med Tab för bash, zsh eller fish" in helped


# --- the quick answer (newscli/cli/quickcomplete.py) is byte for byte Typer's -------------------------

LINES = [
    "newscli show b",
    "newscli show ",
    "newscli show bastu ",
    "newscli show --no-pager ba",
    "newscli show 'ba",
    "newscli show x",
    "newscli show ./articles/",
    "newscli restore b",
    "newscli restore --archive-after never ",
    "newscli edit b",
    "newscli touch ",
    "newscli review ba",
    "newscli publish b",
    "newscli supersede b",
    "newscli supersede bastu b",
    "newscli new Rubrik --supersedes b",
    "newscli new Rubrik --superseded-by ",
    "newscli new Rubrik --tag i",
    "newscli list --tag ",
    "newscli list --all --tag ",
    "newscli list --archived --tag h",
    "newscli --articles-dir articles show b",
    "newscli --now 2026-12-01 show b",
    "newscli list --format ",
    "newscli sh",
    "newscli show --",
]


def _complete_here(
    entry: Callable[[], None], shell: str, line: str, capsys: pytest.CaptureFixture[str], **extra: str
) -> tuple[str, int]:
    """Run ``entry`` as the installed completion script would start newscli; its output and exit code."""
    env = {"_NEWSCLI_COMPLETE": f"complete_{shell}"}
    if shell == "bash":  # as the installed script sends them: the words joined by line breaks
        words = line.split(" ")
        env.update(COMP_WORDS="\n".join(words), COMP_CWORD=str(len(words) - 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
    env.update(extra)
    code = 0
    with environment(env):
        try:
            entry()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
    return capsys.readouterr().out, code


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are seconds old at once: the racy window is shifted, not waited out."""
    from newscli.core.folder import cachedir

    monkeypatch.setattr(cachedir, "RACY_SECONDS", -3600.0)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_quick_answer_is_typers_byte_for_byte(
    folder: Path,
    shell: str,
    settled: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from newscli.__main__ import main as quick
    from newscli.cli.app import main as typer_path

    monkeypatch.setattr(sys, "argv", ["newscli"])
    cache = Path(os.environ["NEWSCLI_CACHE_DIR"])
    answered = 0
    for line in LINES:
        actions = ["get-args", "is-args"] if shell == "fish" else [""]
        for action in actions:
            extra = {"_TYPER_COMPLETE_FISH_ACTION": action} if action else {}
            shutil.rmtree(cache, ignore_errors=True)
            cold = _complete_here(quick, shell, line, capsys, **extra)  # reads the folder, writes the notes
            warm = _complete_here(quick, shell, line, capsys, **extra)  # from the notes alone
            expected = _complete_here(typer_path, shell, line, capsys, **extra)
            assert cold == expected, (line, action)
            assert warm == expected, (line, action)
            answered += expected[0].strip() not in ("", "_files")
    assert answered >= 15  # most lines offer something: the comparison is not of empty answers


def test_a_warm_answer_loads_neither_typer_nor_the_configuration(folder: Path) -> None:
    env = {
        **os.environ,
        "_NEWSCLI_COMPLETE": "complete_bash",
        "COMP_WORDS": "newscli show b",
        "COMP_CWORD": "2",
        "NEWSCLI_CACHE_DIR": str(folder / "c"),
    }
    heavy = "print(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'click', 'rich')"
    heavy += " or m == 'newscli.core.rules.config'), file=sys.stderr)"
    # The first answer reads the folder and keeps its notes (the racy window shifted: just written).
    first = "import sys; from newscli.core.folder import cachedir; cachedir.RACY_SECONDS = -3600.0\n"
    first += "from newscli.__main__ import main; main()\n" + heavy
    second = "import sys\nfrom newscli.__main__ import main; main()\n" + heavy
    results = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=folder, env=env, capture_output=True, text=True, check=True
        )
        for code in (first, second)
    ]
    assert [r.stdout for r in results] == ["badhus\nbastu\nbibliotek\n"] * 2
    assert "newscli.core.rules.config" in results[0].stderr
    assert results[1].stderr.strip() == "[]"


def test_a_changed_config_is_seen_at_once(
    folder: Path, settled: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from newscli.__main__ import main as quick

    other = folder / "andra"
    other.mkdir()
    (other / "2026-01-01-annan.md").write_text(article_text("Annan", "annan", "2026-01-01"), encoding="utf-8")
    assert _complete_here(quick, "bash", "newscli show a", capsys)[0] == "\n"
    config = folder / "newscli.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('"articles"', '"andra"'), encoding="utf-8")
    assert _complete_here(quick, "bash", "newscli show a", capsys)[0] == "annan\n"
    (folder / "sub").mkdir()
    os.chdir(folder / "sub")  # the hermetic fixture's chdir is undone by monkeypatch after the test
    (folder / "sub" / "newscli.toml").write_text('articles_dir = "../articles"\n', encoding="utf-8")
    assert _complete_here(quick, "bash", "newscli show ba", capsys)[0] == "badhus\nbastu\n"


def test_value_options_are_every_option_that_takes_a_value() -> None:
    """The quick answer skips an option's value by knowing which options take one: all of them."""
    from typer.main import get_command

    from newscli.cli.app import app
    from newscli.cli.quickcomplete import VALUE_OPTIONS

    group = get_command(app)
    commands = [group, *group.commands.values()]  # type: ignore[attr-defined]  # a Typer group
    taking = {
        name
        for command in commands
        for param in command.params
        if not getattr(param, "is_flag", True) and param.param_type_name == "option"
        for name in param.opts
    }
    assert taking == VALUE_OPTIONS


def _offered(folder: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Per command of the real command tree, what each argument and option offers on Tab in
    ``folder`` (live badhus and bibliotek, archived bastu): ("argument"|"option", its first name,
    "any"|"live"|"archived"|"tags"|"all-tags"), for each that offers slugs or tags; found by asking
    each parameter, not by reading the fast path's tables."""
    from typer.main import get_command

    from newscli.cli.app import app

    kinds = {
        ("badhus", "bastu", "bibliotek"): "any",
        ("badhus", "bibliotek"): "live",
        ("bastu",): "archived",
        ("Kultur", "idrott", "kultur"): "tags",
        ("Kultur", "hälsa", "idrott", "kultur"): "all-tags",
    }
    group = get_command(app)
    top = group.make_context("newscli", [], resilient_parsing=True)
    found: dict[str, list[tuple[str, str, str]]] = {}
    for name, command in group.commands.items():  # type: ignore[attr-defined]  # a Typer group
        for flags in ([], ["--all"]):
            ctx = command.make_context(name, list(flags), parent=top, resilient_parsing=True)
            for param in command.params:
                if param.param_type_name not in ("argument", "option") or getattr(param, "is_flag", False):
                    continue
                offered = tuple(sorted(item.value for item in param.shell_complete(ctx, "")))
                kind = kinds.get(offered)
                if kind is not None:
                    entry = (param.param_type_name, param.opts[0], kind)
                    if entry not in found.setdefault(name, []):
                        found[name].append(entry)
    return found


def test_the_quick_answer_knows_every_slug_and_tag_the_commands_offer(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command that gains a slug argument or option (or changes which slugs one offers) must be
    known to the quick answer's tables, or Tab there would answer differently than the command."""
    from newscli.cli.quickcomplete import SLUG_ARGUMENTS, SLUG_OPTIONS, TAG_COMMANDS

    monkeypatch.chdir(folder)
    offered = _offered(folder)
    arguments = {}
    for name, entries in offered.items():
        kinds = [kind for what, _, kind in entries if what == "argument"]
        if kinds:
            assert len(set(kinds)) == 1, (name, kinds)  # the quick answer's table holds one kind each
            arguments[name] = (kinds[0], len(kinds))
    assert {name: (kind.value, count) for name, (kind, count) in SLUG_ARGUMENTS.items()} == arguments
    options = {
        name: {
            opt: kind for what, opt, kind in entries if what == "option" and kind not in ("tags", "all-tags")
        }
        for name, entries in offered.items()
    }
    assert {name: {o: k.value for o, k in opts.items()} for name, opts in SLUG_OPTIONS.items()} == {
        name: opts for name, opts in options.items() if opts
    }
    tagged = {
        name for name, entries in offered.items() if any(k in ("tags", "all-tags") for _, _, k in entries)
    }
    assert set(TAG_COMMANDS) == tagged


def test_the_quick_answer_looks_at_the_files_the_configuration_search_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The completion note records the state of the files the search looked at: the same files in
    the same order, found by watching the real search (each existence check passed through)."""
    from newscli.cli.quickcomplete import _searched
    from newscli.core.rules.config import find_config

    start = tmp_path / "a" / "b"
    start.mkdir(parents=True)
    looked: list[str] = []
    is_file = Path.is_file

    def watched(path: Path) -> bool:
        looked.append(str(path))
        return is_file(path)

    monkeypatch.setattr(Path, "is_file", watched)
    assert find_config(start) is None
    assert _searched((str(start), None, None), None) == looked
    (tmp_path / "pyproject.toml").write_text('[tool.newscli]\narticles_dir = "x"\n', encoding="utf-8")
    looked.clear()
    found = find_config(start)
    assert found is not None
    assert _searched((str(start), None, None), found[0]) == looked


def test_a_tag_with_spaces_stays_one_word_in_bash(
    folder: Path,
    write: Write,
    settled: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from newscli.__main__ import main as quick
    from newscli.cli.app import main as typer_path

    write("2026-11-03-lov.md", article_text("Lov", "lov", "2026-11-03", tags='["barn och unga"]'))
    monkeypatch.setattr(sys, "argv", ["newscli"])
    expected = ("barn\\ och\\ unga\n", 0)  # bash's script inserts it as given: escaped, one word
    assert _complete_here(typer_path, "bash", "newscli list --tag b", capsys) == expected
    assert _complete_here(quick, "bash", "newscli list --tag b", capsys) == expected
    # Typed on past the escaped space, Typer offers nothing (it compares the escaped answer with
    # the unescaped word): the same here, and bash completes file names instead.
    typed = {"COMP_WORDS": "newscli\nlist\n--tag\nbarn\\ o", "COMP_CWORD": "3"}
    assert _complete_here(quick, "bash", "", capsys, **typed) == ("\n", 0)
    assert _complete_here(typer_path, "bash", "", capsys, **typed) == ("\n", 0)
    zsh = _complete_here(quick, "zsh", "newscli list --tag b", capsys)[0]
    assert zsh == "_arguments '*: :((\"barn och unga\"))'\n"  # zsh quotes it itself
