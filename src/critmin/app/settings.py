"""Service settings, from arguments or the environment (``CRITMIN_*``), checked at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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
        workers = int(os.environ.get("CRITMIN_WORKERS", "1"))
        if workers < 1:
            msg = f"CRITMIN_WORKERS must be at least 1, not {workers}"
            raise ValueError(msg)
        return cls(data_dir=Path(folder), workers=workers)

    @property
    def database(self) -> Path:
        return self.data_dir / "critmin.sqlite"

    @property
    def datasets_dir(self) -> Path:
        return self.data_dir / "datasets"
