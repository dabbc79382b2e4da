"""Persistent state of the service in one SQLite file: scenarios, runs, users and the
audit log.

A new connection per operation keeps the store safe to use from the request threads and
the job threads alike; WAL mode lets readers proceed while a run writes its progress.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from critmin.core.jsonio import dumps

SCHEMA = """
CREATE TABLE IF NOT EXISTS scenarios (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    owner TEXT,
    partner TEXT,
    visibility TEXT NOT NULL DEFAULT 'public',
    partners TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    progress REAL NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    request TEXT NOT NULL,
    result TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT,
    owner TEXT,
    partner TEXT,
    visibility TEXT NOT NULL DEFAULT 'public',
    partners TEXT NOT NULL DEFAULT '[]',
    private TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    partner TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    partner TEXT,
    action TEXT NOT NULL,
    kind TEXT NOT NULL,
    object_id TEXT NOT NULL,
    object_partner TEXT,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

#: Columns added since the first release, with their definitions: a database written by
#: an older critmin gets them when it is opened (its objects become public, no partner).
ADDED_COLUMNS = {
    "scenarios": {"owner": "TEXT", "partner": "TEXT",
                  "visibility": "TEXT NOT NULL DEFAULT 'public'",
                  "partners": "TEXT NOT NULL DEFAULT '[]'"},
    "runs": {"owner": "TEXT", "partner": "TEXT",
             "visibility": "TEXT NOT NULL DEFAULT 'public'",
             "partners": "TEXT NOT NULL DEFAULT '[]'", "private": "TEXT NOT NULL DEFAULT '[]'"},
}

#: What a caller sees: objects of theirs, shared with them, public, or from local mode.
VISIBLE = ("(:everything = 1 OR visibility = 'public' OR partner IS NULL OR partner = :partner "
           "OR (visibility = 'coalition' AND partners LIKE :member))")


STATUSES = ("queued", "running", "done", "failed", "cancelled")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Scenarios and runs in ``path`` (created with its tables if missing)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute("PRAGMA journal_mode=WAL")
            con.executescript(SCHEMA)
            for table, columns in ADDED_COLUMNS.items():
                have = {r["name"] for r in con.execute(f"PRAGMA table_info({table})")}
                for col, definition in columns.items():
                    if col not in have:
                        con.execute(f"ALTER TABLE {table} ADD COLUMN {col} {definition}")

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=30)
        con.row_factory = sqlite3.Row
        try:
            with con:
                yield con
        finally:
            con.close()

    # scenarios -----------------------------------------------------------------
    def add_scenario(self, name: str, body: dict[str, Any],
                     access: dict[str, Any] | None = None) -> dict[str, Any]:
        """Store a scenario; ``access``: its owner, partner, visibility and partners
        (:func:`critmin.app.access.ownership`; public and ownerless when omitted)."""
        row = {"id": uuid.uuid4().hex[:12], "name": name, "body": dumps(body, indent=None),
               "created_at": now(), **_access_row(access)}
        with self._connect() as con:
            con.execute("INSERT INTO scenarios (id, name, body, created_at, owner, partner, "
                        "visibility, partners) VALUES (:id, :name, :body, :created_at, "
                        ":owner, :partner, :visibility, :partners)", row)
        return self._scenario(row)

    def list_scenarios(self, limit: int = -1, offset: int = 0,
                       viewer: Any = None) -> list[dict[str, Any]]:
        """Stored scenarios ``viewer`` (a :class:`~critmin.app.access.Principal`; None:
        everyone's) may see, oldest first; ``limit`` of them (-1: all) from ``offset``."""
        with self._connect() as con:
            rows = con.execute(f"SELECT * FROM scenarios WHERE {VISIBLE} "
                               "ORDER BY created_at, rowid LIMIT :limit OFFSET :offset",
                               {**_seen_by(viewer), "limit": limit,
                                "offset": offset}).fetchall()
        return [self._scenario(dict(r)) for r in rows]

    def get_scenario(self, scenario_id: str) -> dict[str, Any] | None:
        with self._connect() as con:
            r = con.execute("SELECT * FROM scenarios WHERE id = ?", (scenario_id,)).fetchone()
        return self._scenario(dict(r)) if r else None

    def delete_scenario(self, scenario_id: str) -> bool:
        with self._connect() as con:
            cur = con.execute("DELETE FROM scenarios WHERE id = ?", (scenario_id,))
        return cur.rowcount > 0

    @staticmethod
    def _scenario(row: dict[str, Any]) -> dict[str, Any]:
        return {"id": row["id"], "name": row["name"], "created_at": row["created_at"],
                "scenario": json.loads(row["body"]), **_access_of(row)}

    # runs ------------------------------------------------------------------------
    def add_run(self, kind: str, request: dict[str, Any], access: dict[str, Any] | None = None,
                private: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """Store a queued run; ``access`` as for :meth:`add_scenario`; ``private``: the
        partner-private rows that feed it (whose figures other partners must not see)."""
        row = {"id": uuid.uuid4().hex[:12], "kind": kind, "status": "queued", "progress": 0.0,
               "message": "", "request": dumps(request, indent=None), "created_at": now(),
               **_access_row(access), "private": dumps(private or [], indent=None)}
        with self._connect() as con:
            con.execute("INSERT INTO runs (id, kind, status, progress, message, request, "
                        "created_at, owner, partner, visibility, partners, private) VALUES "
                        "(:id, :kind, :status, :progress, :message, :request, :created_at, "
                        ":owner, :partner, :visibility, :partners, :private)", row)
        return self.get_run(row["id"])  # type: ignore[return-value]

    def get_run(self, run_id: str, with_result: bool = True) -> dict[str, Any] | None:
        with self._connect() as con:
            r = con.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return self._run(dict(r), with_result) if r else None

    def list_runs(self, limit: int = -1, offset: int = 0,
                  viewer: Any = None) -> list[dict[str, Any]]:
        """Runs ``viewer`` may see, without results, newest first; ``limit`` of them (-1:
        all) from ``offset``."""
        with self._connect() as con:
            rows = con.execute(f"SELECT * FROM runs WHERE {VISIBLE} "
                               "ORDER BY created_at DESC, rowid DESC LIMIT :limit "
                               "OFFSET :offset", {**_seen_by(viewer), "limit": limit,
                                                  "offset": offset}).fetchall()
        return [self._run(dict(r), with_result=False) for r in rows]

    def count_runs(self, status: str) -> int:
        """How many runs have ``status`` (e.g. ``queued``)."""
        with self._connect() as con:
            return int(con.execute("SELECT COUNT(*) FROM runs WHERE status = ?",
                                   (status,)).fetchone()[0])

    # users and the audit log -------------------------------------------------------
    def add_user(self, name: str, partner: str, role: str, token_hash: str) -> None:
        """Add a user (:class:`ValueError` if the name is taken)."""
        try:
            with self._connect() as con:
                con.execute("INSERT INTO users VALUES (:name, :partner, :role, :hash, :at)",
                            {"name": name, "partner": partner, "role": role,
                             "hash": token_hash, "at": now()})
        except sqlite3.IntegrityError:
            msg = f"a user named {name!r} exists already"
            raise ValueError(msg) from None

    def user_by_token(self, token_hash: str) -> dict[str, Any] | None:
        with self._connect() as con:
            r = con.execute("SELECT name, partner, role FROM users WHERE token_hash = ?",
                            (token_hash,)).fetchone()
        return dict(r) if r else None

    def list_users(self) -> list[dict[str, Any]]:
        """Users by name, without their token hashes."""
        with self._connect() as con:
            rows = con.execute("SELECT name, partner, role, created_at FROM users "
                               "ORDER BY name").fetchall()
        return [dict(r) for r in rows]

    def count_users(self) -> int:
        with self._connect() as con:
            return int(con.execute("SELECT COUNT(*) FROM users").fetchone()[0])

    def remove_user(self, name: str) -> bool:
        with self._connect() as con:
            cur = con.execute("DELETE FROM users WHERE name = ?", (name,))
        return cur.rowcount > 0

    def audit(self, actor: str, partner: str | None, action: str, kind: str, object_id: str,
              object_partner: str | None = None, detail: str = "") -> None:
        """Append an entry to the audit log (it cannot be changed or deleted: the database
        refuses both)."""
        with self._connect() as con:
            con.execute("INSERT INTO audit (at, actor, partner, action, kind, object_id, "
                        "object_partner, detail) VALUES (:at, :actor, :partner, :action, "
                        ":kind, :object_id, :object_partner, :detail)",
                        {"at": now(), "actor": actor, "partner": partner, "action": action,
                         "kind": kind, "object_id": object_id,
                         "object_partner": object_partner, "detail": detail})

    def list_audit(self, limit: int = -1, offset: int = 0,
                   partner: str | None = None) -> list[dict[str, Any]]:
        """Audit entries, newest first; with ``partner``, those by its users or about its
        objects."""
        where = "" if partner is None else "WHERE partner = :p OR object_partner = :p"
        with self._connect() as con:
            rows = con.execute(f"SELECT * FROM audit {where} ORDER BY seq DESC "
                               "LIMIT :limit OFFSET :offset",
                               {"p": partner, "limit": limit, "offset": offset}).fetchall()
        return [dict(r) for r in rows]

    def update_run(self, run_id: str, expect: str | None = None, **fields: Any) -> bool:
        """Set ``fields`` of a run; with ``expect``, only while its status is ``expect``.

        Returns whether the row was changed (a conditional update loses a race cleanly,
        e.g. a worker finishing a run that was cancelled meanwhile).
        """
        if "result" in fields and fields["result"] is not None:
            fields["result"] = dumps(fields["result"], indent=None)
        cols = ", ".join(f"{k} = :{k}" for k in fields)
        sql = f"UPDATE runs SET {cols} WHERE id = :id"
        if expect is not None:
            sql += " AND status = :expect"
        with self._connect() as con:
            cur = con.execute(sql, {**fields, "id": run_id, "expect": expect})
        return cur.rowcount > 0

    def status(self, run_id: str) -> str | None:
        with self._connect() as con:
            r = con.execute("SELECT status FROM runs WHERE id = ?", (run_id,)).fetchone()
        return r["status"] if r else None

    def fail_interrupted(self) -> int:
        """Mark runs left queued or running by a stopped server as failed, with the reason."""
        with self._connect() as con:
            cur = con.execute(
                "UPDATE runs SET status='failed', finished_at=?, error='interrupted: the "
                "server stopped while this run was ' || status || '; start it again' "
                "WHERE status IN ('queued', 'running')", (now(),))
        return cur.rowcount

    @staticmethod
    def _run(row: dict[str, Any], with_result: bool) -> dict[str, Any]:
        out = {k: row[k] for k in ("id", "kind", "status", "progress", "message", "error",
                                   "created_at", "started_at", "finished_at")}
        out.update(_access_of(row))
        out["private"] = json.loads(row["private"])
        out["request"] = json.loads(row["request"])
        if with_result:
            out["result"] = json.loads(row["result"]) if row["result"] else None
        return out


def _access_row(access: dict[str, Any] | None) -> dict[str, Any]:
    a = access or {}
    return {"owner": a.get("owner"), "partner": a.get("partner"),
            "visibility": a.get("visibility") or "public",
            "partners": dumps(list(a.get("partners") or []), indent=None)}


def _access_of(row: dict[str, Any]) -> dict[str, Any]:
    return {"owner": row["owner"], "partner": row["partner"], "visibility": row["visibility"],
            "partners": json.loads(row["partners"])}


def _seen_by(viewer: Any) -> dict[str, Any]:
    """Parameters of :data:`VISIBLE` for ``viewer`` (None or a local caller: everything)."""
    if viewer is None or getattr(viewer, "local", False):
        return {"everything": 1, "partner": None, "member": None}
    return {"everything": 0, "partner": viewer.partner, "member": f'%"{viewer.partner}"%'}
