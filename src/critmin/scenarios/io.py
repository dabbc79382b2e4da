"""Reading and writing scenario files (YAML).

Errors name the file and the field path, e.g.
``scenario.yaml: shocks[0].severity: must be between 0 and 1``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from critmin.exceptions import ScenarioError
from critmin.scenarios.definitions import Scenario

_TAGS = {"export_control", "stockpile_release", "stockpile_build", "invest"}


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in _TAGS and i > 0 and isinstance(loc[i - 1], int):
            continue  # discriminator tag of a union member
        elif isinstance(part, str) and part.startswith(("function-", "literal[")):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


def _message(err: Mapping[str, Any]) -> str:
    msg = str(err.get("msg", ""))
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix):]
    if err.get("type") == "extra_forbidden":
        msg = "unknown field"
    elif err.get("type") == "missing":
        msg = "required field is missing"
    return msg


def format_validation_error(exc: ValidationError, where: str) -> str:
    """One line per problem: ``where: field.path: message``."""
    lines = []
    for err in exc.errors():
        path = _field_path(tuple(err.get("loc", ())))
        msg = _message(err)
        lines.append(f"{where}: {path}: {msg}" if path else f"{where}: {msg}")
    return "\n".join(lines)


def scenario_from_dict(data: Any, where: str = "<scenario>") -> Scenario:
    """Build a :class:`Scenario` from plain data; raise :class:`ScenarioError` naming fields."""
    if not isinstance(data, Mapping):
        msg = f"{where}: a scenario must be a mapping of fields, not {type(data).__name__}"
        raise ScenarioError(msg)
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as exc:
        raise ScenarioError(format_validation_error(exc, where)) from None


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario YAML file.

    Raises
    ------
    ScenarioError
        If the file is missing, is not YAML, or breaks a rule; the message names the
        file and the field path.
    """
    p = Path(path)
    if not p.is_file():
        msg = f"{p}: no scenario file at this path"
        raise ScenarioError(msg)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        msg = f"{p}: not valid YAML: {exc}"
        raise ScenarioError(msg) from None
    return scenario_from_dict(data, where=str(p))


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """Plain data of ``scenario`` (unset optional fields left out), ready for YAML or JSON."""
    return scenario.model_dump(mode="json", exclude_none=True)


def dump_scenario(scenario: Scenario) -> str:
    """YAML text of ``scenario``."""
    return yaml.safe_dump(scenario_to_dict(scenario), sort_keys=False, allow_unicode=True)


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> Path:
    """Write ``scenario`` as YAML to ``path`` atomically (temp file + rename)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(dump_scenario(scenario))
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return p
