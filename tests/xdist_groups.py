"""``--dist loadgroup`` as the suite means it: a module marked ``pytestmark = pytest.mark.xdist_group(NAME)``
runs on one worker, so its module fixtures (a Chromium, a built site, strace recordings, a generated
corpus) are made once.

pytest-xdist 3.8 puts a marked test in its group by adding ``@NAME`` to the test's node id on the
worker (``item._nodeid``), which pytest 9.2 no longer reads (the id is ``item._id``): every test was
a group of its own, and both workers made each of those fixtures. The controller sees only node ids,
so here the group is read from the module's own ``pytestmark`` line. A group is scheduled before
single tests (xdist's ``--loadscope-reorder``, its default: the larger scopes first), so a long group
never starts last while the other worker sits idle.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from xdist.scheduler import LoadGroupScheduling  # type: ignore[import-untyped]  # no py.typed

MARK = re.compile(r"""^pytestmark = pytest\.mark\.xdist_group\(["']([^"']+)["']\)$""", re.MULTILINE)


@cache
def module_group(path: Path) -> str | None:
    """The group a test module's ``pytestmark`` line names, or None."""
    try:
        match = MARK.search(path.read_text(encoding="utf-8"))
    except OSError:
        return None
    return match[1] if match else None


class ModuleGroups(LoadGroupScheduling):  # type: ignore[misc]  # xdist is untyped
    def _split_scope(self, nodeid: str) -> str:
        scope: str = super()._split_scope(nodeid)
        if scope != nodeid:  # xdist's own ``@NAME``, where it works
            return scope
        group = module_group(Path(self.config.rootpath) / nodeid.split("::", 1)[0])
        return nodeid if group is None else group
