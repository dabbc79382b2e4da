"""Shared state of the app (settings, store, runner, dataset cache) and request helpers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request

from critmin.api.jobs import Runner
from critmin.app.settings import Settings
from critmin.app.store import Store
from critmin.app.stored import BUNDLED_DATASETS as BUNDLED
from critmin.app.stored import dataset_folder
from critmin.data import Dataset, load_dataset
from critmin.exceptions import DatasetError


@dataclass
class AppState:
    """Everything the routes share, built once by :func:`critmin.api.create_app`."""

    settings: Settings
    store: Store
    runner: Runner
    _cache: dict[str, tuple[float, Dataset]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _pages: dict[tuple, tuple[Any, Any]] = field(default_factory=dict)

    #: Most page parts kept by :meth:`cached` (oldest dropped first).
    MAX_CACHED = 64

    def cached(self, owner: Any, key: tuple, make: Callable[[], Any]) -> Any:
        """``make()``, kept while ``owner`` (a loaded dataset, a finished run's id) is the
        same object: what a page computes from data that does not change is computed once.
        A dataset whose files change is loaded anew, so its parts are computed anew."""
        with self._lock:
            hit = self._pages.get(key)
        if hit is not None and (hit[0] is owner or (isinstance(owner, str)
                                                    and hit[0] == owner)):
            return hit[1]
        value = make()
        with self._lock:
            self._pages[key] = (owner, value)
            while len(self._pages) > self.MAX_CACHED:
                self._pages.pop(next(iter(self._pages)))
        return value

    def dataset_names(self) -> list[str]:
        extra = []
        if self.settings.datasets_dir.is_dir():
            extra = sorted(p.name for p in self.settings.datasets_dir.iterdir()
                           if (p / "dataset.yaml").is_file())
        return [*BUNDLED, *[e for e in extra if e not in BUNDLED]]

    def dataset_path(self, name: str) -> Path:
        if name in BUNDLED or name in self.dataset_names():
            return dataset_folder(self.settings, name)
        raise HTTPException(404, f"unknown dataset {name!r}; known: "
                                 f"{', '.join(self.dataset_names())}")

    def run(self, run_id: str) -> dict[str, Any]:
        """The stored run ``run_id``; 404 if there is none."""
        run = self.store.get_run(run_id)
        if run is None:
            raise HTTPException(404, f"no run with id {run_id!r}")
        return run

    def scenario(self, scenario_id: str) -> dict[str, Any]:
        """The stored scenario ``scenario_id``; 404 if there is none."""
        found = self.store.get_scenario(scenario_id)
        if found is None:
            raise HTTPException(404, f"no scenario with id {scenario_id!r}")
        return found

    def _stamp(self, name: str) -> float:
        path = self.dataset_path(name)
        return max((p.stat().st_mtime for p in path.iterdir()), default=0.0)

    def dataset(self, name: str) -> Dataset:
        """The loaded dataset ``name`` (cached; reloaded when its files change)."""
        path = self.dataset_path(name)
        stamp = self._stamp(name)
        with self._lock:
            hit = self._cache.get(name)
            if hit and hit[0] == stamp:
                return hit[1]
        try:
            ds = load_dataset(path)
        except DatasetError as exc:
            raise HTTPException(409, {"message": f"dataset {name!r} is invalid",
                                      "problems": [p.to_dict() for p in exc.problems]}) from None
        with self._lock:
            self._cache[name] = (stamp, ds)
        return ds


def get_state(request: Request) -> AppState:
    return request.app.state.critmin


State = Annotated[AppState, Depends(get_state)]

#: Most items one page of a list endpoint returns.
MAX_PAGE = 500


@dataclass(frozen=True)
class Pagination:
    """``limit`` items from ``offset`` (query parameters of every list endpoint)."""

    limit: int
    offset: int

    def slice(self, items: list) -> list:
        return items[self.offset:self.offset + self.limit]


def get_page(limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")]
             = 100,
             offset: Annotated[int, Query(ge=0, le=10**9, description="Items to skip.")]
             = 0) -> Pagination:
    return Pagination(limit, offset)


Page = Annotated[Pagination, Depends(get_page)]


def field_errors(problems: list[tuple[tuple[Any, ...], str]]) -> list[dict[str, Any]]:
    """422 ``detail`` items in FastAPI's shape: ``{"loc": [...], "msg": ..., "type": ...}``."""
    return [{"loc": list(loc), "msg": msg, "type": "value_error"} for loc, msg in problems]


def parse_field_path(path: str) -> list[str | int]:
    """``shocks[0].materials[2]`` → ``["shocks", 0, "materials", 2]``."""
    out: list[str | int] = []
    for part in path.replace("]", "").split("."):
        name, *idx = part.split("[")
        if name:
            out.append(name)
        out += [int(i) for i in idx if i.isdigit()]
    return out
