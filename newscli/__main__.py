"""``python -m newscli`` and the ``newscli`` console script.

``--version`` is answered here, before the command-line layer is imported: it needs none of it,
and it is what scripts and monitoring call most often.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from newscli import __version__

        print(f"newscli {__version__}")
        return
    instruction = os.environ.get("_NEWSCLI_COMPLETE")
    if instruction:  # the shell asks for completions: slugs and tags are answered without Typer
        from newscli.cli.quickcomplete import answer

        if answer(instruction):
            return
    from newscli.cli.app import main as run

    run()


if __name__ == "__main__":
    main()
