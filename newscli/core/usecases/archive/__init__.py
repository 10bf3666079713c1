"""Archiving and restoring articles without ever losing one: plan, move, log, recover.

Moves are made in batches (up to :data:`.probe.BATCH_SIZE` files), so that each fsync serves many
files. For every file of a batch, in this order, each step durable before the next:

1. its file is read and fsynced (a file saved seconds ago is on disk before its names change) and
   checked against the scan (same inode, size, times; same sha256 when the scan hashed it);
2. an ``intent`` record in the log: the records of the whole batch, written and fsynced at once;
3. ``link(src, dst)``: the kernel refuses an existing ``dst``, so nothing is ever overwritten;
4. fsync of each destination folder of the batch, once (the new names survive a power cut);
5. verify: ``dst`` is the very file read in step 1 (same inode, same sha256);
6. ``rename(src, tmp)`` to a hidden name in the same folder, then check that ``tmp`` is still the
   file now at ``dst`` (an editor or ``git`` may have put a new file at ``src`` meanwhile: that one
   is put back, never deleted), then ``unlink(tmp)``;
7. fsync of each source folder of the batch, once;
8. the ``done`` records of the batch (written and fsynced at once).

So for every file its intent is durable before its link, its new name is durable before its old
name goes, and its ``done`` record is written only once the old name's removal is durable. A file
that fails a step is recorded (``cancelled`` or ``failed``) and leaves the batch; the others go on.
At every point each article exists under at least one name, and the log says which moves were
under way, so the next run finishes or closes each of them (:func:`recover`). A name is removed
only when the same file (inode), or identical bytes, stay under another name. Moves need
``link()``, so source and destination must be on one filesystem: where ``link()`` is refused
(another filesystem, or one without hard links) the file is reported and left in place; newscli
never falls back to copying.

Test hooks are one :class:`~newscli.core.probe.Probe`, made by the command from the
environment and handed down: ``NEWSCLI_CRASH_AT=k`` kills the process with SIGKILL at the k-th step
(counted from 1 over the whole run) of the move and recovery sequences, so tests can crash a real run
anywhere; a step is one operation on one file (``begin``, ``linked``, ``verified``, ``renamed``,
``unlinked``, ...) or one operation on a whole batch (``intent``, ``dst-synced``, ``src-synced``,
``done``). ``NEWSCLI_ARCHIVE_BATCH=n`` sets the batch size, so tests can cross batch boundaries with a
few files. The probe also carries the clock the log's times come from: the wall clock, handed in by
the command. In-process tests give the probe an ``on_step`` callback to act at a named step (e.g.
change a file mid-run), and a clock of their own.

The modules, in the order a run uses them: :mod:`.probe` (the test hooks), :mod:`.folder` (the folder
and safe reads), :mod:`.log` (the log), :mod:`.plan` (what is due, where it goes), :mod:`.move` (the
sequence above, in batches), :mod:`.recover` (finishing what a crash left), :mod:`.session` (the lock,
the log and recovery, which archive and restore both start with), and the two use cases
:mod:`.archiving` and :mod:`.restoring`, which return reports.
"""

from newscli.core.usecases.archive.archiving import (
    ArchiveReport,
    ArchiveRequest,
    ArchiveWatcher,
    archive,
    read_history,
)
from newscli.core.usecases.archive.folder import (
    Folder,
    MoveError,
    ProblemKind,
    is_archived_rel,
    read_file,
    safe_rel,
)
from newscli.core.usecases.archive.log import (
    LOG_NAME,
    ArchiveLog,
    LogError,
    MoveAction,
    MoveState,
    Record,
    history,
    live_place,
    pending,
    read_log,
)
from newscli.core.usecases.archive.move import Moved, move, move_batch
from newscli.core.usecases.archive.plan import Plan, Planned, Problem, check_destination, plan, read_sha256
from newscli.core.usecases.archive.recover import Recovery, RecoveryOutcome, recover
from newscli.core.usecases.archive.restoring import RestoreReport, StillDue, restore

__all__ = [
    "LOG_NAME",
    "ArchiveLog",
    "ArchiveReport",
    "ArchiveRequest",
    "ArchiveWatcher",
    "Folder",
    "LogError",
    "MoveAction",
    "MoveError",
    "MoveState",
    "Moved",
    "Plan",
    "Planned",
    "Problem",
    "ProblemKind",
    "Record",
    "Recovery",
    "RecoveryOutcome",
    "RestoreReport",
    "StillDue",
    "archive",
    "check_destination",
    "history",
    "is_archived_rel",
    "live_place",
    "move",
    "move_batch",
    "pending",
    "plan",
    "read_file",
    "read_history",
    "read_log",
    "read_sha256",
    "recover",
    "restore",
    "safe_rel",
]
