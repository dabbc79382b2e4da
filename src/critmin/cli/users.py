"""``critmin users``: the people who may use a server, their partner and role.

Once one user exists the server asks every request for a token, and listens beyond
loopback; with none it runs in local mode (one person, everything visible, loopback only).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from critmin.cli._common import fail, handle_errors

app = typer.Typer(help="Users of a server: add one (its token is printed once), list, "
                       "remove.", no_args_is_help=True)

DataDir = Annotated[Path | None, typer.Option(
    "--data-dir", help="The server's data folder (default: $CRITMIN_DATA_DIR or ~/.critmin).",
    show_default=False)]

Database = Annotated[str | None, typer.Option(
    "--database", help="The server's database if not the data folder's SQLite file: a "
    "postgresql:// URL (default: $CRITMIN_DATABASE).", show_default=False)]

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")


def _store(data_dir: Path | None, database: str | None):
    from dataclasses import replace

    from critmin.app.settings import Settings
    from critmin.app.store import Store

    settings = Settings.from_env(data_dir)
    if database:
        settings = replace(settings, db=database)
    settings.prepare()
    return Store(settings.database)


@app.command("add")
@handle_errors
def add(
    name: Annotated[str, typer.Argument(help="User name (letters, digits, . _ @ -).")],
    partner: Annotated[str, typer.Option(help="The user's partner: an ISO3 country code "
                                              "(whose private data they see).")],
    role: Annotated[str, typer.Option(help="viewer (reads), analyst (also creates and "
                                           "runs) or admin (also deletes any of the "
                                           "partner's and reads the audit log).")],
    data_dir: DataDir = None,
    database: Database = None,
) -> None:
    """Add a user and print their token, once (only its hash is kept)."""
    from critmin.app.access import ROLES, new_token, token_hash
    from critmin.app.access import is_partner as is_iso3

    if not NAME.fullmatch(name):
        raise fail(f"NAME {name!r}: 1 to 64 letters, digits, '.', '_', '@' or '-', "
                   "starting with a letter or digit")
    partner = partner.upper()
    if not is_iso3(partner):
        raise fail(f"--partner {partner!r}: not an ISO 3166-1 alpha-3 country code")
    if role not in ROLES:
        raise fail(f"--role {role!r}: one of {', '.join(ROLES)}")
    store = _store(data_dir, database)
    token = new_token()
    try:
        store.add_user(name, partner, role, token_hash(token))
    except ValueError as exc:
        raise fail(str(exc)) from None
    store.audit("cli", None, "add-user", "user", name, partner, role)
    typer.echo(f"added {name} ({role}, {partner}). Their token, shown this once:\n{token}")


@app.command("list")
@handle_errors
def list_users(data_dir: DataDir = None, database: Database = None) -> None:
    """Users, their partner and role (never their tokens)."""
    users = _store(data_dir, database).list_users()
    if not users:
        typer.echo("no users: the server runs in local mode (loopback only)")
    for u in users:
        typer.echo(f"{u['name']}\t{u['partner']}\t{u['role']}\t{u['created_at']}")


@app.command("remove")
@handle_errors
def remove(name: Annotated[str, typer.Argument(help="User name.")],
           data_dir: DataDir = None, database: Database = None) -> None:
    """Remove a user: their token stops working at once."""
    store = _store(data_dir, database)
    if not store.remove_user(name):
        raise fail(f"no user named {name!r}")
    store.audit("cli", None, "remove-user", "user", name)
    typer.echo(f"removed {name}")
