"""The bundled scenario library (``scenarios/library/*.yaml``)."""

from __future__ import annotations

import functools
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
    """Path of bundled scenario ``name``; :class:`ScenarioError` lists the known names.

    ``name`` is a name, never a path: only the library's own files are ever opened (a
    request naming ``/some/dir/creds`` or ``../x`` is refused without touching the disk).
    """
    known = list_scenarios()
    if name not in known:
        msg = f"unknown scenario {name!r}; bundled scenarios: {', '.join(known)}"
        raise ScenarioError(msg)
    return library_path() / f"{name}.yaml"


def load_library_scenario(name: str) -> Scenario:
    """Load bundled scenario ``name`` (parsed once per process; a copy each call)."""
    return _load_bundled(library_file(name)).model_copy(deep=True)


@functools.lru_cache(maxsize=64)
def _load_bundled(path: Path) -> Scenario:
    return load_scenario(path)
