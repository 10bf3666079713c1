"""The core: plain functions over plain data; nothing here prints, exits, or reads the clock or the
environment (a command hands down ``now``, the config and a probe).

Its folders, in the order a file meets them: ``reading`` (one file), ``folder`` (every file of the
articles folder, cached), ``rules`` (what SPEC.md decides), ``usecases`` (one per command; each returns a
typed report), ``writing`` (every write, durable). Beside them, what all of them share: ``report``,
``errors``, ``diagnostics``, ``probe``, ``text``, ``link``.
"""
