"""``python -m newscli`` and the ``newscli`` console script.

``--version`` is answered here, before the command-line layer is imported: it needs none of it,
and it is what scripts and monitoring call most often.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from newscli import __version__

        try:
            print(f"newscli {__version__}")
            sys.stdout.flush()
            return
        except BrokenPipeError:  # the reader went away: 141, said by nothing, as for every command
            from newscli.core.errors import ExitCode

            os._exit(ExitCode.BROKEN_PIPE)  # not sys.exit: its last flush would fail again, aloud
        except OSError:
            pass  # a full disk: said below as for any command's output, never a traceback
    instruction = os.environ.get("_NEWSCLI_COMPLETE")
    if instruction:  # the shell asks for completions: slugs and tags are answered without Typer
        from newscli.cli.quickcomplete import answer

        code = answer(instruction)
        if code is not None:
            if code:  # fish's is-args, with nothing to offer
                sys.exit(code)
            return
    import gc

    # The cyclic collector off from here: a command's run is paused anyway (cli/app.py,
    # collector_paused), and what comes before it, loading Typer and the command line and parsing,
    # makes some 30,000 objects the collector tracks and no garbage cycles; its passes over them
    # were 3 % of the instructions of a list's start. The process ends with the command.
    gc.disable()
    from newscli.cli.app import run

    leave(run(sys.argv[1:]))


def leave(code: int) -> NoReturn:
    """End the process with ``code`` once everything is written, without the interpreter's clean-up:
    it frees every object one by one (2 % of a first ``list``'s instructions at 4,000 articles,
    callgrind). Nothing is left to clean: files are closed and caches saved by the command, and
    neither newscli nor its libraries register exit handlers. A stream that cannot be flushed goes
    the usual way (``sys.exit``), which reports it as Python does."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001 -- sys.exit flushes again and reports it as Python does
        sys.exit(code)
    os._exit(code)


if __name__ == "__main__":
    main()
