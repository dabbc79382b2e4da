"""Reading and writing scenario files (YAML).

Errors name the file and the field path, e.g.
``scenario.yaml: shocks[0].severity: must be between 0 and 1``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from critmin.core.files import atomic_write_text
from critmin.core.validation import error_message as error_message
from critmin.core.validation import field_path as _field_path
from critmin.core.validation import format_validation_error as _format
from critmin.core.yamlio import read_yaml
from critmin.exceptions import ScenarioError
from critmin.scenarios.definitions import Scenario

_TAGS = {"export_control", "stockpile_release", "stockpile_build", "invest"}


def field_path(loc: tuple[Any, ...]) -> str:
    """Field path of a pydantic error location in a scenario (tags of measures left out)."""
    return _field_path(loc, _TAGS)


def format_validation_error(exc: ValidationError, where: str) -> str:
    """One line per problem: ``where: field.path: message``."""
    return _format(exc, where, _TAGS)


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
    data = read_yaml(path, "scenario", ScenarioError)
    return scenario_from_dict(data, where=str(Path(path)))


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """Plain data of ``scenario`` (unset optional fields left out), ready for YAML or JSON."""
    return scenario.model_dump(mode="json", exclude_none=True)


def dump_scenario(scenario: Scenario) -> str:
    """YAML text of ``scenario``."""
    return yaml.safe_dump(scenario_to_dict(scenario), sort_keys=False, allow_unicode=True)


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> Path:
    """Write ``scenario`` as YAML to ``path`` atomically (temp file + rename)."""
    return atomic_write_text(path, dump_scenario(scenario))
