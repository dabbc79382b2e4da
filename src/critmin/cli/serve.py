"""``critmin serve``: the web service and dashboard (FastAPI + uvicorn)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from critmin.cli._common import fail, handle_errors


@handle_errors
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on (loopback by default).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    data_dir: Annotated[Path | None, typer.Option(
        "--data-dir", help="Where runs, scenarios (SQLite) and extra datasets are kept "
        "(default: $CRITMIN_DATA_DIR or ~/.critmin).", show_default=False)] = None,
    workers: Annotated[int, typer.Option(min=1, help="Runs executed at the same time.")] = 1,
    database: Annotated[str | None, typer.Option(
        "--database", help="Where scenarios and runs are stored: a SQLite file, or a "
        "postgresql://user:password@host:port/dbname URL that several servers may share "
        "(default: $CRITMIN_DATABASE or DATA_DIR/critmin.sqlite).", show_default=False)] = None,
) -> None:
    """Serve the JSON API (/api/, OpenAPI at /openapi.json) and the dashboard (/)."""
    import os
    from dataclasses import replace

    import uvicorn

    from critmin.app.lock import check_data_dir_free
    from critmin.app.settings import LOOPBACK_HOSTS, Settings
    from critmin.app.sqlbackend import redact
    from critmin.app.store import Store

    settings = Settings.from_env(data_dir)
    if database:
        settings = replace(settings, db=database)
    settings.prepare()
    check_data_dir_free(settings.data_dir)
    store = Store(settings.database)  # a bad URL or an unreachable server: one line, exit 2
    if host not in LOOPBACK_HOSTS and store.count_users() == 0:
        raise fail(f"--host {host}: refusing to listen beyond this machine without users "
                   "(anyone who can reach it could read and run everything); add one "
                   "first: critmin users add NAME --partner ISO3 --role admin "
                   f"--data-dir {settings.data_dir}")
    # the service reads its settings from the environment (critmin.api.create_app)
    os.environ["CRITMIN_DATA_DIR"] = str(settings.data_dir)
    if settings.db:
        os.environ["CRITMIN_DATABASE"] = settings.db
    os.environ["CRITMIN_WORKERS"] = str(workers)
    if host not in ("0.0.0.0", "::", ""):  # the address listened on is a name it answers to
        names = [n for n in os.environ.get("CRITMIN_ALLOWED_HOSTS", "").split(",") if n]
        os.environ["CRITMIN_ALLOWED_HOSTS"] = ",".join([*names, host])
    where = f"data in {settings.data_dir}"
    if settings.db:
        where += f", database {redact(settings.db)}"
    typer.echo(f"critmin dashboard on http://{host}:{port}/ ({where})")
    uvicorn.run("critmin.api:create_app", factory=True, host=host, port=port,
                log_level="warning")
