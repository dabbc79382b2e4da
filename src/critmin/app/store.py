"""Persistent state of the service: scenarios, runs, the servers running them, users and
the audit log.

In one SQLite file by default, or in a PostgreSQL database (``postgresql://…``) that
several servers share; :mod:`critmin.app.sqlbackend` keeps what differs between the two.
A new connection per operation keeps the store safe to use from the request threads and
the worker processes alike; on SQLite, WAL mode lets readers proceed while a run writes.

Each server registers itself (:meth:`Store.register_server`) and owns the runs it
accepted: its queue is in its memory. A run left queued or running by a server that is
gone is failed with the reason by :meth:`Store.fail_interrupted`: on SQLite, every other
server is gone (one server per data folder, by its lock); on PostgreSQL, a server is gone
when it has stopped, or when it has not beaten its heartbeat for :data:`STALE_S` seconds.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import uuid
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from critmin.app.sqlbackend import Connection, Result, open_backend
from critmin.core.jsonio import dumps

#: Tables, one statement each, in SQL both databases take; ``{real}``, ``{seq}`` and
#: ``{bigint}`` are the dialect's types (:data:`critmin.app.sqlbackend.TYPES`).
TABLES = [
    """CREATE TABLE IF NOT EXISTS scenarios (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, body TEXT NOT NULL,
        created_at TEXT NOT NULL, seq {seq})""",
    """CREATE TABLE IF NOT EXISTS runs (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL,
        progress {real} NOT NULL DEFAULT 0, message TEXT NOT NULL DEFAULT '',
        request TEXT NOT NULL, result TEXT, error TEXT, created_at TEXT NOT NULL,
        started_at TEXT, finished_at TEXT, seq {seq}, server_id TEXT)""",
    """CREATE TABLE IF NOT EXISTS servers (
        id TEXT PRIMARY KEY, host TEXT NOT NULL, pid {bigint} NOT NULL,
        started_at TEXT NOT NULL, heartbeat {real} NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS users (
        name TEXT PRIMARY KEY, partner TEXT NOT NULL, role TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS audit (
        seq {serial_key}, at TEXT NOT NULL, actor TEXT NOT NULL, partner TEXT,
        action TEXT NOT NULL, kind TEXT NOT NULL, object_id TEXT NOT NULL, object_partner TEXT,
        detail TEXT NOT NULL DEFAULT '')""",
]
#: Columns added after their table was first released, ``(table, column, type)``: added
#: where missing, so that a database of an earlier critmin is upgraded in place.
COLUMNS = [("scenarios", "seq", "{seq}"), ("runs", "seq", "{seq}"),
           ("runs", "server_id", "TEXT"),
           # who owns an object and who may see it (critmin.app.access); an object of an
           # earlier critmin has no owner and is public
           *[(t, c, kind) for t in ("scenarios", "runs") for c, kind in (
               ("owner", "TEXT"), ("partner", "TEXT"),
               ("visibility", "TEXT NOT NULL DEFAULT 'public'"),
               ("partners", "TEXT NOT NULL DEFAULT '[]'"))],
           # the partner-private keys that fed a run (critmin.app.redact)
           ("runs", "private", "TEXT NOT NULL DEFAULT '[]'")]
#: Indexes, and what one dialect needs besides (SQLite numbers ``seq`` by a trigger).
EXTRA = {
    "any": ["CREATE INDEX IF NOT EXISTS scenarios_seq ON scenarios (seq)",
            "CREATE INDEX IF NOT EXISTS runs_seq ON runs (seq)",
            "CREATE INDEX IF NOT EXISTS runs_status ON runs (status)"],
    # the audit log is append-only: the database itself refuses to change or delete an entry
    "sqlite": [*(stmt for table in ("scenarios", "runs") for stmt in (
        f"UPDATE {table} SET seq = rowid WHERE seq IS NULL",
        f"CREATE TRIGGER IF NOT EXISTS {table}_seq AFTER INSERT ON {table} "
        f"WHEN NEW.seq IS NULL BEGIN UPDATE {table} SET seq = NEW.rowid "
        f"WHERE rowid = NEW.rowid; END")),
        *(f"CREATE TRIGGER IF NOT EXISTS audit_no_{op} BEFORE {op.upper()} ON audit "
          "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
          for op in ("update", "delete"))],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION critmin_audit_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql",
        "CREATE OR REPLACE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit "
        "FOR EACH STATEMENT EXECUTE FUNCTION critmin_audit_append_only()"],
}

#: What a caller sees: objects of their partner, shared with it, public, or ownerless.
VISIBLE = ("(:everything = 1 OR visibility = 'public' OR partner IS NULL OR partner = :partner "
           "OR (visibility = 'coalition' AND partners LIKE :member))")

STATUSES = ("queued", "running", "done", "failed", "cancelled")

#: A server beats its heartbeat every HEARTBEAT_S seconds; one silent for STALE_S is gone.
HEARTBEAT_S = 10.0
STALE_S = 60.0


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """Scenarios and runs in ``database``: a SQLite file's path (created with its tables if
    missing) or a ``postgresql://`` URL (its tables created if missing).

    Raises
    ------
    InputError
        In one line, if the database cannot be opened (another kind of URL, no driver, a
        PostgreSQL server that cannot be reached or refuses the login).
    """

    def __init__(self, database: str | Path) -> None:
        self.backend = open_backend(database)
        #: What a worker process passes to ``Store`` to open the same database.
        self.database = self.backend.database
        #: The SQLite file (None on PostgreSQL).
        self.path = self.backend.path
        #: Whether several servers may share the database.
        self.shared = self.backend.shared
        #: This server's id once :meth:`register_server` was called; new runs carry it.
        self.server_id: str | None = None
        dialect = self.backend.dialect
        self.backend.setup(TABLES, COLUMNS, EXTRA["any"] + EXTRA[dialect])

    @contextlib.contextmanager
    def _connect(self) -> Iterator[Connection]:
        """A connection (one transaction) whose ``execute(sql, params)`` takes ``:name``
        parameters on both databases."""
        with self.backend.connect() as con:
            yield con

    def _execute(self, sql: str, params: Mapping[str, Any] | None = None) -> Result:
        """Run one statement in its own transaction: its rows and changed-row count."""
        with self._connect() as con:
            return con.execute(sql, params)

    # scenarios -----------------------------------------------------------------
    def add_scenario(self, name: str, body: dict[str, Any],
                     access: dict[str, Any] | None = None) -> dict[str, Any]:
        """Store a scenario; ``access``: its owner, partner, visibility and partners
        (:func:`critmin.app.access.ownership`; public and ownerless when omitted)."""
        row = {"id": uuid.uuid4().hex[:12], "name": name, "body": dumps(body, indent=None),
               "created_at": now(), **_access_row(access)}
        self._execute("INSERT INTO scenarios (id, name, body, created_at, owner, partner, "
                      "visibility, partners) VALUES (:id, :name, :body, :created_at, :owner, "
                      ":partner, :visibility, :partners)", row)
        return self._scenario(row)

    def list_scenarios(self, limit: int = -1, offset: int = 0,
                       viewer: Any = None) -> list[dict[str, Any]]:
        """Stored scenarios ``viewer`` (a :class:`~critmin.app.access.Principal`; None:
        everyone's) may see, oldest first; ``limit`` of them (-1: all) from ``offset``."""
        rows = self._execute(f"SELECT * FROM scenarios WHERE {VISIBLE} ORDER BY seq"
                             + self.backend.page(limit, offset),
                             {**_seen_by(viewer), "limit": limit, "offset": offset}).rows
        return [self._scenario(r) for r in rows]

    def get_scenario(self, scenario_id: str) -> dict[str, Any] | None:
        r = self._execute("SELECT * FROM scenarios WHERE id = :id", {"id": scenario_id}).one()
        return self._scenario(r) if r else None

    def delete_scenario(self, scenario_id: str) -> bool:
        res = self._execute("DELETE FROM scenarios WHERE id = :id", {"id": scenario_id})
        return res.rowcount > 0

    @staticmethod
    def _scenario(row: dict[str, Any]) -> dict[str, Any]:
        return {"id": row["id"], "name": row["name"], "created_at": row["created_at"],
                "scenario": json.loads(row["body"]), **_access_of(row)}

    # runs ------------------------------------------------------------------------
    def add_run(self, kind: str, request: dict[str, Any], access: dict[str, Any] | None = None,
                private: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """Store a queued run, owned by this store's registered server (if any); ``access``
        as for :meth:`add_scenario`; ``private``: the partner-private rows that feed it
        (whose figures other partners must not see)."""
        row = {"id": uuid.uuid4().hex[:12], "kind": kind, "status": "queued", "progress": 0.0,
               "message": "", "request": dumps(request, indent=None), "created_at": now(),
               "server_id": self.server_id, **_access_row(access),
               "private": dumps(private or [], indent=None)}
        self._execute("INSERT INTO runs (id, kind, status, progress, message, request, "
                      "created_at, server_id, owner, partner, visibility, partners, private) "
                      "VALUES (:id, :kind, :status, :progress, :message, :request, "
                      ":created_at, :server_id, :owner, :partner, :visibility, :partners, "
                      ":private)", row)
        return self.get_run(row["id"])  # type: ignore[return-value]

    def get_run(self, run_id: str, with_result: bool = True) -> dict[str, Any] | None:
        r = self._execute("SELECT * FROM runs WHERE id = :id", {"id": run_id}).one()
        return self._run(r, with_result) if r else None

    def list_runs(self, limit: int = -1, offset: int = 0,
                  viewer: Any = None) -> list[dict[str, Any]]:
        """Runs ``viewer`` may see, without results, newest first; ``limit`` of them (-1:
        all) from ``offset``."""
        rows = self._execute(f"SELECT * FROM runs WHERE {VISIBLE} ORDER BY seq DESC"
                             + self.backend.page(limit, offset),
                             {**_seen_by(viewer), "limit": limit, "offset": offset}).rows
        return [self._run(r, with_result=False) for r in rows]

    def count_runs(self, status: str) -> int:
        """How many runs have ``status`` (e.g. ``queued``)."""
        r = self._execute("SELECT COUNT(*) AS n FROM runs WHERE status = :s", {"s": status})
        return int(r.rows[0]["n"])

    def update_run(self, run_id: str, expect: str | None = None, **fields: Any) -> bool:
        """Set ``fields`` of a run; with ``expect``, only while its status is ``expect``.

        Returns whether the row was changed (a conditional update loses a race cleanly,
        e.g. a worker finishing a run that was cancelled meanwhile): one ``UPDATE … WHERE
        status = …``, atomic on both databases.
        """
        if "result" in fields and fields["result"] is not None:
            fields["result"] = dumps(fields["result"], indent=None)
        cols = ", ".join(f"{k} = :{k}" for k in fields)
        sql = f"UPDATE runs SET {cols} WHERE id = :id"
        if expect is not None:
            sql += " AND status = :expect"
        return self._execute(sql, {**fields, "id": run_id, "expect": expect}).rowcount > 0

    def status(self, run_id: str) -> str | None:
        r = self._execute("SELECT status FROM runs WHERE id = :id", {"id": run_id}).one()
        return r["status"] if r else None

    # users and the audit log -------------------------------------------------------
    def add_user(self, name: str, partner: str, role: str, token_hash: str) -> None:
        """Add a user (:class:`ValueError` if the name is taken)."""
        added = self._execute(
            "INSERT INTO users (name, partner, role, token_hash, created_at) VALUES (:name, "
            ":partner, :role, :hash, :at) ON CONFLICT DO NOTHING",
            {"name": name, "partner": partner, "role": role, "hash": token_hash,
             "at": now()}).rowcount
        if not added:
            msg = f"a user named {name!r} exists already"
            raise ValueError(msg)

    def user_by_token(self, token_hash: str) -> dict[str, Any] | None:
        return self._execute("SELECT name, partner, role FROM users WHERE token_hash = :h",
                             {"h": token_hash}).one()

    def list_users(self) -> list[dict[str, Any]]:
        """Users by name, without their token hashes."""
        return self._execute("SELECT name, partner, role, created_at FROM users "
                             "ORDER BY name").rows

    def count_users(self) -> int:
        return int(self._execute("SELECT COUNT(*) AS n FROM users").rows[0]["n"])

    def remove_user(self, name: str) -> bool:
        return self._execute("DELETE FROM users WHERE name = :n", {"n": name}).rowcount > 0

    def audit(self, actor: str, partner: str | None, action: str, kind: str, object_id: str,
              object_partner: str | None = None, detail: str = "") -> None:
        """Append an entry to the audit log (the database refuses to change or delete one)."""
        self._execute("INSERT INTO audit (at, actor, partner, action, kind, object_id, "
                      "object_partner, detail) VALUES (:at, :actor, :partner, :action, "
                      ":kind, :object_id, :object_partner, :detail)",
                      {"at": now(), "actor": actor, "partner": partner, "action": action,
                       "kind": kind, "object_id": object_id,
                       "object_partner": object_partner, "detail": detail})

    def list_audit(self, limit: int = -1, offset: int = 0,
                   partner: str | None = None) -> list[dict[str, Any]]:
        """Audit entries, newest first; with ``partner``, those by its users or about its
        objects."""
        where = "" if partner is None else " WHERE partner = :p OR object_partner = :p"
        return self._execute("SELECT * FROM audit" + where + " ORDER BY seq DESC"
                             + self.backend.page(limit, offset),
                             {"p": partner, "limit": limit, "offset": offset}).rows

    # servers ---------------------------------------------------------------------
    def register_server(self) -> str:
        """Record this process as a live server; new runs of this store are its own."""
        self.server_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.heartbeat()
        return self.server_id

    def heartbeat(self) -> None:
        """Tell the other servers this one is alive (recorded again if it was dropped)."""
        with self._connect() as con:
            row = {"id": self.server_id, "t": self.backend.clock(con)}
            if not con.execute("UPDATE servers SET heartbeat = :t WHERE id = :id",
                               row).rowcount:
                con.execute("INSERT INTO servers (id, host, pid, started_at, heartbeat) "
                            "VALUES (:id, :host, :pid, :at, :t)",
                            {**row, "host": socket.gethostname(), "pid": os.getpid(),
                             "at": now()})

    def unregister_server(self) -> None:
        """This server stops: it leaves the register, failing what it leaves queued."""
        with self._connect() as con:
            con.execute("DELETE FROM servers WHERE id = :me", {"me": self.server_id})
            self._fail(con, "server_id = :me", {"me": self.server_id})

    def fail_interrupted(self) -> int:
        """Mark runs left queued or running by servers that are gone as failed, with the
        reason; returns how many. This server's own runs are never touched. Gone: on SQLite,
        every other server (the data folder's lock lets one run); on PostgreSQL, those that
        stopped or whose heartbeat is older than :data:`STALE_S` seconds."""
        gone = "server_id IS NULL OR server_id <> :me"
        me = {"me": self.server_id or ""}
        with self._connect() as con:
            if self.shared:
                con.execute("DELETE FROM servers WHERE heartbeat < :fresh",
                            {"fresh": self.backend.clock(con) - STALE_S})
                gone = f"({gone}) AND (server_id IS NULL OR server_id NOT IN " \
                       "(SELECT id FROM servers))"
            else:
                con.execute("DELETE FROM servers WHERE id <> :me", me)
            return self._fail(con, gone, me)

    @staticmethod
    def _fail(con: Connection, where: str, params: dict[str, Any]) -> int:
        return con.execute(
            "UPDATE runs SET status = 'failed', finished_at = :now, error = 'interrupted: "
            "the server stopped while this run was ' || status || '; start it again' "
            f"WHERE status IN ('queued', 'running') AND ({where})",
            {**params, "now": now()}).rowcount

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
