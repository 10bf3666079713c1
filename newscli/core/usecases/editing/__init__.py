"""The editing use cases: edit, touch, review, supersede, publish, and an article's own archive_after.

Each one reads the article once (:func:`.target.open_target`, through
:func:`newscli.core.writing.durable.read`), changes only the keys it owns
(:mod:`newscli.core.writing.keyedit`, every other byte kept), and writes through
:func:`newscli.core.writing.durable.replace`, which refuses — changing nothing, keeping the new
version as a named copy — when the file changed or moved since it was read. Each returns an
:class:`.report.EditReport`. Refusals raise a ``NewscliError`` before anything is written.

One module per use case — :mod:`.stamp` (touch and review), :mod:`.supersede`, :mod:`.publish`,
:mod:`.archive_after`, :mod:`.edit` (with :mod:`.keep`, where an edited copy that cannot replace
the article goes) — and what they share: :mod:`.report` (what each returns), :mod:`.target` (the
article as read, and the write of the changed keys), :mod:`.when` (the time a command writes).
"""
