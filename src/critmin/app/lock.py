"""One server per data directory: an exclusive lock on ``DATA_DIR/server.lock``.

A second server started on the same folder used to mark the first one's live runs failed
and throw their results away. Now it is refused, naming the process that holds the lock.
The lock is the operating system's (``flock``), so it is released when the holder exits,
also after ``kill -9``: a stale lock file never blocks a restart.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from critmin.exceptions import InputError

LOCK_FILE = "server.lock"


class DataDirLock:
    """The held lock of a data folder; :meth:`close` (or garbage collection) releases it."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_FILE
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(self._fd, 200, 0).decode("utf-8", "replace").strip()
            self.close()
            msg = (f"{folder} is already served by a critmin server "
                   f"({holder or 'another process'}); stop it or give another --data-dir")
            raise InputError(msg) from None
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"pid {os.getpid()}".encode(), 0)

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.close()


def lock_data_dir(folder: Path) -> DataDirLock:
    """Take the lock of ``folder`` (keep the result while serving).

    Raises
    ------
    InputError
        If another process holds it.
    """
    return DataDirLock(folder)


def check_data_dir_free(folder: Path) -> None:
    """Raise :class:`InputError` if a server holds ``folder``'s lock (the lock is not kept)."""
    if (folder / LOCK_FILE).exists():
        lock_data_dir(folder).close()
