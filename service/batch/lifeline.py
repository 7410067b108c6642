"""Batch workers die with the batch, and only the lock holder writes to ``--out``.

A ``kill -9`` of ``bodycam batch`` gives its workers no chance to be told: they are
re-parented to PID 1 and would go on writing output folders with no lock and no
manifest line. So each worker (1) asks Linux to SIGKILL it when its parent dies
(``PR_SET_PDEATHSIG`` through ctypes), (2) runs a heartbeat thread that exits when its
parent PID changes (other systems, and the moment before the prctl took effect), and
(3) checks, just before it writes a result, that the run that started it still holds
the output folder's lock (``LockGuard``).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import logging
import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from service.errors import BodycamError

logger = logging.getLogger("bodycam.batch")

PR_SET_PDEATHSIG = 1
HEARTBEAT_S = 0.5


class LockLostError(BodycamError):
    """The batch that owns the output folder is gone: this worker must not write."""

    code = "lock_lost"
    exit_code = 1


def die_with_parent(parent_pid: int, heartbeat_s: float = HEARTBEAT_S,
                    pdeathsig: bool = True) -> None:
    """Make this process end when ``parent_pid`` (the batch) ends, however it ends.

    ``pdeathsig=False`` leaves only the heartbeat (what other systems get; tests use it).
    """
    if pdeathsig:
        with contextlib.suppress(OSError, AttributeError):  # not Linux: heartbeat remains
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the prctl: nobody to serve
        os._exit(1)
    thread = threading.Thread(target=_heartbeat, args=(parent_pid, heartbeat_s),
                              name="bodycam-parent-watch", daemon=True)
    thread.start()


def _heartbeat(parent_pid: int, period_s: float) -> None:
    event = threading.Event()
    while not event.wait(period_s):
        if os.getppid() != parent_pid:
            os._exit(1)  # no cleanup: the parent's next run redoes unfinished files


@dataclass(frozen=True)
class LockGuard:
    """Checks that the run named ``token`` still holds the lock on ``lock_path``."""

    lock_path: Path
    token: str

    def __call__(self) -> None:
        if not holds_lock(self.lock_path, self.token):
            logger.error("the batch that owns the output folder is gone; not writing")
            raise LockLostError("the batch run that owns --out is gone; nothing written")


def holds_lock(lock_path: Path, token: str) -> bool:
    """True when someone holds ``lock_path`` exclusively and it names ``token``.

    A shared lock that *can* be taken means nobody holds the exclusive one: the owner
    died. A lock file naming another token means another run took over.
    """
    try:
        fd = os.open(lock_path, os.O_RDONLY)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return os.pread(fd, 256, 0).decode("ascii", "replace").split()[-1:] == [token]
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
