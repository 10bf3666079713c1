"""``newscli validate``: every problem in every file, in one pass over the folder (no output here).

The field rules live in ``newscli.core.reading`` (every command reads articles through them); this
package adds the warnings and the rules that need the whole folder. Each file is read once; key
lines are looked up only for a problem. A module an idea, in the order a run takes them:

- ``run``: the entry, ``validate()``: which files are reported, their facts, the checks across;
- ``selection``: the files ``validate PATH...`` names, claimed from the articles folder's walk;
- ``facts``: what validate needs of one file, made once (on both cores) and cached;
- ``checks``: one file's warnings; ``names``: its file name;
- ``across``: duplicate slugs, ``superseded_by`` and tag variants, between files;
- ``report``: the answer, and its JSON.
"""
