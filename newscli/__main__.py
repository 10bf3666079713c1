"""``python -m newscli`` and the ``newscli`` console script.

``--version`` is answered here, before the command-line layer is imported: it needs none of it,
and it is what scripts and monitoring call most often.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from newscli import __version__

        print(f"newscli {__version__}")
        return
    from newscli.cli.app import main as run

    run()


if __name__ == "__main__":
    main()
