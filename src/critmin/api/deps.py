"""Shared state of the app (settings, store, runner, dataset cache) and request helpers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request

from critmin.api.jobs import Runner
from critmin.app.access import LOCAL, Principal, may_see, token_hash
from critmin.app.redact import redact
from critmin.app.settings import Settings
from critmin.app.store import Store
from critmin.app.stored import BUNDLED_DATASETS as BUNDLED
from critmin.app.stored import dataset_folder
from critmin.data import Dataset, load_dataset
from critmin.exceptions import CritminError, DatasetError


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


#: Cookie of the dashboard's sign-in (HttpOnly, SameSite=Strict: no other site sends it).
COOKIE = "critmin_token"


def token_of(request: Request) -> str | None:
    """The bearer token of a request: ``Authorization: Bearer …`` or the sign-in cookie."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(COOKIE) or None


def get_caller(request: Request) -> Principal:
    """Who the request acts as: :data:`~critmin.app.access.LOCAL` when no user is
    configured, else the user of its token (401 without a valid one)."""
    app: AppState = request.app.state.critmin
    if app.store.count_users() == 0:
        return LOCAL
    token = token_of(request)
    user = app.store.user_by_token(token_hash(token)) if token else None
    if user is None:
        raise HTTPException(401, "sign in: send 'Authorization: Bearer <token>' (a token is "
                            "printed once by 'critmin users add')" if token is None else
                            "unknown or revoked token", headers={"WWW-Authenticate": "Bearer"})
    return Principal(name=user["name"], partner=user["partner"], role=user["role"])


Caller = Annotated[Principal, Depends(get_caller)]


@dataclass
class Scoped:
    """The app's state as one caller sees it: what they may not see does not exist (404),
    partner-private figures of runs are pooled (:func:`critmin.app.redact.redact`), and
    every read and change of a stored object is written to the audit log."""

    app: AppState
    caller: Principal

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)

    # datasets ----------------------------------------------------------------------
    def dataset_access(self, name: str) -> dict[str, Any]:
        from critmin.app.sharing import PUBLIC, dataset_access

        if name in BUNDLED:
            return dict(PUBLIC)
        return dataset_access(self.app.settings.datasets_dir / name)

    def _may_use(self, name: str) -> bool:
        try:
            return may_see(self.caller, self.dataset_access(name))
        except CritminError:
            return self.caller.local  # a malformed access block hides the dataset

    def dataset_names(self) -> list[str]:
        return [n for n in self.app.dataset_names() if self._may_use(n)]

    def dataset_path(self, name: str) -> Path:
        if name in self.app.dataset_names() and not self._may_use(name):
            raise HTTPException(404, f"unknown dataset {name!r}; known: "
                                     f"{', '.join(self.dataset_names())}")
        return self.app.dataset_path(name)

    def dataset(self, name: str) -> Dataset:
        self.dataset_path(name)
        return self.app.dataset(name)

    # stored objects ------------------------------------------------------------------
    def run(self, run_id: str, with_result: bool = True) -> dict[str, Any]:
        """The run ``run_id`` as the caller may see it; 404 if there is none for them."""
        run = self.app.store.get_run(run_id, with_result=with_result)
        if run is None or not may_see(self.caller, run):
            raise HTTPException(404, f"no run with id {run_id!r}")
        if with_result and run["status"] in ("done", "failed", "cancelled"):
            self.record("read", "run", run)  # not the progress polls of a running one
        mine = self.caller.local or any(p["partner"] == self.caller.partner
                                        for p in run["private"])
        if with_result and run["private"] and not mine:
            run["result"] = redact(run["result"], run["private"], self.caller.partner,
                                   run["partners"])
        return run

    def scenario(self, scenario_id: str) -> dict[str, Any]:
        """The stored scenario ``scenario_id``; 404 if there is none for the caller."""
        found = self.app.store.get_scenario(scenario_id)
        if found is None or not may_see(self.caller, found):
            raise HTTPException(404, f"no scenario with id {scenario_id!r}")
        self.record("read", "scenario", found)
        return found

    def list_runs(self, limit: int = -1, offset: int = 0) -> list[dict[str, Any]]:
        return self.app.store.list_runs(limit, offset, viewer=self.caller)

    def list_scenarios(self, limit: int = -1, offset: int = 0) -> list[dict[str, Any]]:
        return self.app.store.list_scenarios(limit, offset, viewer=self.caller)

    def require_write(self) -> None:
        """403 unless the caller may create and run things."""
        if not self.caller.can_write:
            raise HTTPException(403, f"{self.caller.name} is a {self.caller.role}: "
                                     "viewers read, analysts and admins create and run")

    def record(self, action: str, kind: str, obj: dict[str, Any], detail: str = "") -> None:
        """Append ``action`` on ``obj`` to the audit log (not in local mode: one person)."""
        if not self.caller.local:
            self.app.store.audit(self.caller.name, self.caller.partner, action, kind,
                                 str(obj.get("id", obj.get("name", ""))), obj.get("partner"),
                                 detail)


def get_state(request: Request, caller: Caller) -> Scoped:
    return Scoped(request.app.state.critmin, caller)


State = Annotated[Scoped, Depends(get_state)]

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
