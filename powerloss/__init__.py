"""Power-loss exploration: record the file-system calls of real newscli runs, then explore crash states.

``recorder`` runs a command under ``strace -f`` and turns its system calls inside the articles folder
into operations on a model file system; ``model`` says which of those a power cut may have persisted
at each point; ``explore`` materialises each such state, runs the next newscli (the recovery) and
checks that no article was lost or duplicated. See docs/power-loss.md.
"""
