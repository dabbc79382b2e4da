"""Persistent state of the service in one SQLite file: scenarios and runs.

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
    created_at TEXT NOT NULL
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
    finished_at TEXT
);
"""

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
    def add_scenario(self, name: str, body: dict[str, Any]) -> dict[str, Any]:
        row = {"id": uuid.uuid4().hex[:12], "name": name, "body": dumps(body, indent=None),
               "created_at": now()}
        with self._connect() as con:
            con.execute("INSERT INTO scenarios VALUES (:id, :name, :body, :created_at)", row)
        return self._scenario(row)

    def list_scenarios(self, limit: int = -1, offset: int = 0) -> list[dict[str, Any]]:
        """Stored scenarios, oldest first; ``limit`` of them (-1: all) from ``offset``."""
        with self._connect() as con:
            rows = con.execute("SELECT * FROM scenarios ORDER BY created_at, rowid "
                               "LIMIT ? OFFSET ?", (limit, offset)).fetchall()
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
                "scenario": json.loads(row["body"])}

    # runs ------------------------------------------------------------------------
    def add_run(self, kind: str, request: dict[str, Any]) -> dict[str, Any]:
        row = {"id": uuid.uuid4().hex[:12], "kind": kind, "status": "queued", "progress": 0.0,
               "message": "", "request": dumps(request, indent=None), "created_at": now()}
        with self._connect() as con:
            con.execute("INSERT INTO runs (id, kind, status, progress, message, request, "
                        "created_at) VALUES (:id, :kind, :status, :progress, :message, "
                        ":request, :created_at)", row)
        return self.get_run(row["id"])  # type: ignore[return-value]

    def get_run(self, run_id: str, with_result: bool = True) -> dict[str, Any] | None:
        with self._connect() as con:
            r = con.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return self._run(dict(r), with_result) if r else None

    def list_runs(self, limit: int = -1, offset: int = 0) -> list[dict[str, Any]]:
        """Runs without results, newest first; ``limit`` of them (-1: all) from ``offset``."""
        with self._connect() as con:
            rows = con.execute("SELECT * FROM runs ORDER BY created_at DESC, rowid DESC "
                               "LIMIT ? OFFSET ?", (limit, offset)).fetchall()
        return [self._run(dict(r), with_result=False) for r in rows]

    def count_runs(self, status: str) -> int:
        """How many runs have ``status`` (e.g. ``queued``)."""
        with self._connect() as con:
            return int(con.execute("SELECT COUNT(*) FROM runs WHERE status = ?",
                                   (status,)).fetchone()[0])

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
        out["request"] = json.loads(row["request"])
        if with_result:
            out["result"] = json.loads(row["result"]) if row["result"] else None
        return out
