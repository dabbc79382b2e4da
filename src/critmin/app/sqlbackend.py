"""The two databases the service's store runs on, behind one small interface.

SQLite (a file, the default: nothing to install or run) and PostgreSQL (a URL
``postgresql://user:password@host:port/dbname``: several servers, many users). The store
writes its SQL once, with named parameters (``:name``), in the SQL both understand;
:func:`pyformat` rewrites the parameters for psycopg (``%(name)s``). What differs is kept
here: column types in the schema (:data:`TYPES`), the page clause of ``LIMIT``, how a
table's columns are listed, and the database's clock.

A connection is opened per operation and closed after it, on both: the store is used by the
server's request threads and by the worker processes of runs (started by ``forkserver``),
and a connection is never shared across threads or processes.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from critmin.exceptions import InputError

POSTGRES_SCHEMES = ("postgresql", "postgres")

#: Column types a schema statement names as ``{real}``, ``{seq}``, ``{bigint}``: ``seq`` is a
#: counter the database fills in on insert (SQLite: from the row id, by a trigger).
TYPES: dict[str, dict[str, str]] = {
    "sqlite": {"real": "REAL", "seq": "INTEGER", "bigint": "INTEGER",
               "serial_key": "INTEGER PRIMARY KEY AUTOINCREMENT"},
    "postgresql": {"real": "DOUBLE PRECISION", "seq": "BIGSERIAL", "bigint": "BIGINT",
                   "serial_key": "BIGSERIAL PRIMARY KEY"},
}

_TOKENS = re.compile(r"'(?:[^']|'')*'|::|:([A-Za-z_]\w*)|%")


@functools.lru_cache(maxsize=512)
def pyformat(sql: str) -> str:
    """``sql`` with ``:name`` parameters as psycopg's ``%(name)s`` (and ``%`` as ``%%``);
    string literals and ``::`` casts are left alone.

    >>> pyformat("SELECT * FROM t WHERE a = :a AND b LIKE 'x:y%' AND c = :c::text")
    "SELECT * FROM t WHERE a = %(a)s AND b LIKE 'x:y%%' AND c = %(c)s::text"
    """
    def sub(m: re.Match[str]) -> str:
        tok = m.group(0)
        if m.group(1):
            return f"%({m.group(1)})s"
        return tok.replace("%", "%%")

    return _TOKENS.sub(sub, sql)


@dataclass
class Result:
    """What a statement returned: its rows (as dicts) and how many rows it changed."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    rowcount: int = 0

    def one(self) -> dict[str, Any] | None:
        return self.rows[0] if self.rows else None


class Connection:
    """An open connection whose :meth:`execute` takes the store's portable SQL."""

    def __init__(self, raw: Any, dialect: str) -> None:
        self.raw = raw
        self.dialect = dialect

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> Result:
        if self.dialect == "postgresql":
            sql = pyformat(sql)
        cur = self.raw.execute(sql, dict(params or {}))
        rows = [dict(r) for r in cur.fetchall()] if cur.description is not None else []
        return Result(rows, cur.rowcount)


def is_postgres(database: str | Path) -> bool:
    return str(database).split("://", 1)[0].lower() in POSTGRES_SCHEMES and \
        "://" in str(database)


def redact(url: str) -> str:
    """``url`` without its password (for messages and logs)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


class Backend:
    """One database: :meth:`connect` yields a :class:`Connection` inside a transaction that
    commits when the block ends (rolls back on an exception)."""

    dialect: str
    #: Whether several servers may use the database at once (else the data folder's lock
    #: guarantees one).
    shared: bool
    #: What a worker process passes to :class:`~critmin.app.store.Store` to open it again.
    database: str
    path: Path | None = None

    def connect(self) -> contextlib.AbstractContextManager[Connection]:
        raise NotImplementedError

    def columns(self, con: Connection, table: str) -> set[str]:
        raise NotImplementedError

    def page(self, limit: int, offset: int) -> str:
        """The ``LIMIT … OFFSET …`` clause of ``limit`` rows (negative: all) from ``offset``."""
        if limit >= 0:
            return " LIMIT :limit OFFSET :offset"
        return " LIMIT -1 OFFSET :offset" if self.dialect == "sqlite" else " OFFSET :offset"

    def clock(self, con: Connection) -> float:
        """The database's time, in seconds since 1970 (one clock for every server)."""
        raise NotImplementedError

    def setup(self, tables: list[str], columns: list[tuple[str, str, str]],
              extra: list[str]) -> None:
        """Create missing ``tables``, add missing ``columns`` ``(table, column, type)``, then
        run ``extra`` (indexes, triggers); statements may name :data:`TYPES`."""
        types = TYPES[self.dialect]
        with self.connect() as con:
            self._lock_schema(con)
            for sql in tables:
                con.execute(sql.format(**types))
            for table, column, kind in columns:
                if column not in self.columns(con, table):
                    con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind.format(**types)}")
            for sql in extra:
                con.execute(sql.format(**types))

    def _lock_schema(self, con: Connection) -> None:
        """Keep two servers starting at once from creating the same table together."""


class SQLiteBackend(Backend):
    dialect = "sqlite"
    shared = False

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.database = str(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as con:
            con.raw.execute("PRAGMA journal_mode=WAL")

    @contextlib.contextmanager
    def connect(self) -> Iterator[Connection]:
        raw = sqlite3.connect(self.path, timeout=30)
        raw.row_factory = sqlite3.Row
        try:
            with raw:
                yield Connection(raw, self.dialect)
        finally:
            raw.close()

    def columns(self, con: Connection, table: str) -> set[str]:
        return {r["name"] for r in con.execute(f"PRAGMA table_info({table})").rows}

    def clock(self, con: Connection) -> float:
        return float(con.execute("SELECT (julianday('now') - 2440587.5) * 86400.0 AS t")
                     .rows[0]["t"])


class PostgresBackend(Backend):
    dialect = "postgresql"
    shared = True

    def __init__(self, url: str) -> None:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError:
            msg = ("--database: PostgreSQL needs the psycopg driver; install it with "
                   "pip install 'critmin[postgres]'")
            raise InputError(msg) from None
        self._psycopg = psycopg
        self._dict_row = dict_row
        self.database = url
        with self.connect():  # a clear message now, not a 500 at the first request
            pass

    @contextlib.contextmanager
    def connect(self) -> Iterator[Connection]:
        psycopg = self._psycopg
        try:
            raw = psycopg.connect(self.database, row_factory=self._dict_row,
                                  connect_timeout=10)
        except (psycopg.Error, ValueError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            msg = f"--database {redact(self.database)}: cannot connect to PostgreSQL ({first})"
            raise InputError(msg) from None
        try:
            with raw:  # commits at the end, rolls back on an exception, closes
                yield Connection(raw, self.dialect)
        finally:
            raw.close()

    def columns(self, con: Connection, table: str) -> set[str]:
        rows = con.execute("SELECT column_name FROM information_schema.columns WHERE "
                           "table_name = :t AND table_schema = current_schema()",
                           {"t": table}).rows
        return {r["column_name"] for r in rows}

    def clock(self, con: Connection) -> float:
        return float(con.execute("SELECT EXTRACT(EPOCH FROM clock_timestamp()) AS t")
                     .rows[0]["t"])

    def _lock_schema(self, con: Connection) -> None:
        con.execute("SELECT pg_advisory_xact_lock(7305126)")  # any constant of critmin's


def open_backend(database: str | Path) -> Backend:
    """The backend of ``database``: a ``postgresql://`` URL or a SQLite file's path.

    Raises
    ------
    InputError
        In one line, for another kind of URL, a missing driver or an unreachable server.
    """
    text = str(database)
    if is_postgres(text):
        return PostgresBackend(text)
    if "://" in text:
        msg = (f"--database {redact(text)}: give a SQLite file's path or a "
               "postgresql://user:password@host:port/dbname URL")
        raise InputError(msg)
    return SQLiteBackend(text)
