"""Reading a user's YAML file with errors that name the file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml


def read_yaml(path: str | os.PathLike[str], what: str, error: type[Exception]) -> Any:
    """Parsed content of ``path``; ``error`` (e.g. ScenarioError) if it is missing or not YAML.

    ``what`` names the kind of file in the message (``scenario``, ``plan``, ...).
    """
    p = Path(path)
    if not p.is_file():
        msg = f"{p}: no {what} file at this path"
        raise error(msg)
    try:
        return yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        msg = f"{p}: not valid YAML: {exc}"
        raise error(msg) from None
