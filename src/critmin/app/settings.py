"""Service settings, from arguments or the environment (``CRITMIN_*``), checked at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from critmin.exceptions import InputError

#: Host names of this machine's loopback interface (``testserver`` is the name the test
#: client of Starlette sends; it has no DNS entry, so a web page cannot rebind it).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "testserver")


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip().lower() for n in text.split(",") if n.strip())


def _positive(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if not raw.strip().isdigit() or int(raw) < 1:
        msg = f"{name} must be a whole number of at least 1, not {raw!r}"
        raise InputError(msg)
    return int(raw)


@dataclass(frozen=True)
class Settings:
    """Where the service keeps its state, and how many runs it executes at once.

    Attributes
    ----------
    data_dir : Path
        Folder of the SQLite database (``critmin.sqlite``, unless ``db`` names another) and
        of extra datasets (``datasets/NAME/``). Created if missing. Env:
        ``CRITMIN_DATA_DIR``.
    db : str or None
        The store's database: a SQLite file's path, or a PostgreSQL URL
        (``postgresql://user:password@host:port/dbname``) that several servers may share.
        None: ``DATA_DIR/critmin.sqlite``. Env: ``CRITMIN_DATABASE``.
    workers : int
        Runs executed at the same time; more wait in the queue. Env: ``CRITMIN_WORKERS``.
    allowed_hosts : tuple of str
        Names the ``Host`` header may carry (any port); others get 400, which stops DNS
        rebinding. Loopback names by default; add the server's public name when it
        listens elsewhere. Env: ``CRITMIN_ALLOWED_HOSTS`` (comma-separated, added).
    max_body_bytes : int
        Largest request body; larger ones get 413. Env: ``CRITMIN_MAX_BODY_BYTES``.
    max_queued : int
        Runs that may wait in the queue; a run submitted beyond gets 429 with
        ``Retry-After``. Env: ``CRITMIN_MAX_QUEUED``.
    cors_origins : tuple of str
        Origins allowed to call the API from a browser (none: CORS off). Env:
        ``CRITMIN_CORS_ORIGINS`` (comma-separated).
    """

    data_dir: Path
    workers: int = 1
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    max_body_bytes: int = 1_000_000
    max_queued: int = 50
    cors_origins: tuple[str, ...] = ()
    db: str | None = None

    @classmethod
    def from_env(cls, data_dir: str | os.PathLike[str] | None = None) -> Settings:
        folder = data_dir or os.environ.get("CRITMIN_DATA_DIR") or Path.home() / ".critmin"
        raw = os.environ.get("CRITMIN_WORKERS", "1")
        workers = int(raw) if raw.strip().isdigit() else 0
        if workers < 1:
            msg = f"CRITMIN_WORKERS must be a whole number of at least 1, not {raw!r}"
            raise InputError(msg)
        hosts = _names(os.environ.get("CRITMIN_ALLOWED_HOSTS", ""))
        return cls(data_dir=Path(folder), workers=workers,
                   allowed_hosts=(*LOOPBACK_HOSTS, *hosts),
                   max_body_bytes=_positive("CRITMIN_MAX_BODY_BYTES", cls.max_body_bytes),
                   max_queued=_positive("CRITMIN_MAX_QUEUED", cls.max_queued),
                   cors_origins=_names(os.environ.get("CRITMIN_CORS_ORIGINS", "")),
                   db=os.environ.get("CRITMIN_DATABASE") or None)

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
    def database(self) -> str | Path:
        """The store's database: ``db`` (a path or a URL), else the data folder's file."""
        return self.db if self.db else self.data_dir / "critmin.sqlite"

    @property
    def datasets_dir(self) -> Path:
        return self.data_dir / "datasets"
