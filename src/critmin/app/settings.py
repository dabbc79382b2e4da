"""Service settings, from arguments or the environment (``CRITMIN_*``), checked at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from critmin.exceptions import InputError


@dataclass(frozen=True)
class Settings:
    """Where the service keeps its state, and how many runs it executes at once.

    Attributes
    ----------
    data_dir : Path
        Folder of the SQLite database (``critmin.sqlite``) and of extra datasets
        (``datasets/NAME/``). Created if missing. Env: ``CRITMIN_DATA_DIR``.
    workers : int
        Runs executed at the same time; more wait in the queue. Env: ``CRITMIN_WORKERS``.
    """

    data_dir: Path
    workers: int = 1

    @classmethod
    def from_env(cls, data_dir: str | os.PathLike[str] | None = None) -> Settings:
        folder = data_dir or os.environ.get("CRITMIN_DATA_DIR") or Path.home() / ".critmin"
        raw = os.environ.get("CRITMIN_WORKERS", "1")
        workers = int(raw) if raw.strip().isdigit() else 0
        if workers < 1:
            msg = f"CRITMIN_WORKERS must be a whole number of at least 1, not {raw!r}"
            raise InputError(msg)
        return cls(data_dir=Path(folder), workers=workers)

    def prepare(self) -> None:
        """Create the data folder if missing; :class:`InputError` in one line if it cannot
        be used (a file such as ``/dev/null``, a read-only place)."""
        folder = self.data_dir
        if folder.exists() and not folder.is_dir():
            msg = f"{folder}: not a folder; --data-dir needs a folder (created if missing)"
            raise InputError(msg)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            msg = f"{folder}: cannot create the data folder ({exc.strerror or exc})"
            raise InputError(msg) from None
        if not os.access(folder, os.W_OK | os.X_OK):
            msg = f"{folder}: the data folder is not writable"
            raise InputError(msg)

    @property
    def database(self) -> Path:
        return self.data_dir / "critmin.sqlite"

    @property
    def datasets_dir(self) -> Path:
        return self.data_dir / "datasets"
