"""Creating a new article file (``new``): its slug, its front matter, its body, a write that never overwrites.

:mod:`.article` is the use case step by step; the rest is one idea each: :mod:`.request` (what
``new`` is asked and what it did), :mod:`.slug` (the slug from the title, or ``--slug`` checked),
:mod:`.sources` (the template and ``--body-file``), :mod:`.front_matter` (the keys to write, refused
before anything is written when validate would reject them), :mod:`.write` (the section folder and
the write under the slug lock) and :mod:`.linking` (``--supersedes`` and ``--superseded-by``).
"""
