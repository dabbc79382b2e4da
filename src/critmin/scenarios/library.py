"""The bundled scenario library (``scenarios/library/*.yaml``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from critmin.exceptions import ScenarioError
from critmin.scenarios.definitions import Scenario
from critmin.scenarios.io import load_scenario


def library_path() -> Path:
    """Folder of the bundled scenario files."""
    return Path(str(resources.files("critmin.scenarios").joinpath("library")))


def list_scenarios() -> list[str]:
    """Names of the bundled scenarios (file stems), sorted."""
    return sorted(p.stem for p in library_path().glob("*.yaml"))


def library_file(name: str) -> Path:
    """Path of bundled scenario ``name``; :class:`ScenarioError` lists the known names."""
    p = library_path() / f"{name}.yaml"
    if not p.is_file():
        msg = f"unknown scenario {name!r}; bundled scenarios: {', '.join(list_scenarios())}"
        raise ScenarioError(msg)
    return p


def load_library_scenario(name: str) -> Scenario:
    """Load bundled scenario ``name``."""
    return load_scenario(library_file(name))
