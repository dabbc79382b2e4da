"""Turning pydantic validation errors into messages that name the file and the field."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from pydantic import ValidationError


def field_path(loc: tuple[Any, ...], tags: Collection[str] = ()) -> str:
    """``("shocks", 0, "export_control", "severity")`` → ``shocks[0].severity``.

    ``tags`` are discriminator values of tagged unions, which pydantic puts in the location
    after a list index; they are left out.
    """
    out = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in tags and i > 0 and isinstance(loc[i - 1], int):
            continue
        elif isinstance(part, str) and part.startswith(("function-", "literal[")):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


def error_message(err: Mapping[str, Any]) -> str:
    """The message of one pydantic error, without pydantic's prefixes."""
    msg = str(err.get("msg", ""))
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    if err.get("type") == "extra_forbidden":
        msg = "unknown field"
    elif err.get("type") == "missing":
        msg = "required field is missing"
    return msg


def format_validation_error(exc: ValidationError, where: str,
                            tags: Collection[str] = ()) -> str:
    """One line per problem: ``where: field.path: message``."""
    lines = []
    for err in exc.errors():
        path = field_path(tuple(err.get("loc", ())), tags)
        msg = error_message(err)
        lines.append(f"{where}: {path}: {msg}" if path else f"{where}: {msg}")
    return "\n".join(lines)
