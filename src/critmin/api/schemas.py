"""Request and response models of the JSON API (they make ``/openapi.json`` precise)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from critmin.optimize.plan import Plan
from critmin.scenarios import Scenario


class Health(BaseModel):
    status: Literal["ok"]
    version: str


class DatasetInfo(BaseModel):
    name: str
    title: str
    version: str
    description: str
    base_year: int | None
    tables: dict[str, int] = Field(description="rows per table")


class TablePage(BaseModel):
    dataset: str
    table: str
    total: int = Field(description="rows matching the filters")
    offset: int
    limit: int
    rows: list[dict[str, Any]]


class ValidateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    yaml: str = Field(description="Scenario YAML text", max_length=200_000)
    dataset: str = "reference"


class FieldProblem(BaseModel):
    field: str
    message: str
    line: int | None = Field(default=None, description="line of the YAML text where the "
                                                       "field is written, where known")


class ValidateResponse(BaseModel):
    valid: bool
    problems: list[FieldProblem]
    scenario: dict[str, Any] | None = None


class Access(BaseModel):
    """Who owns a stored object and who may see it (:mod:`critmin.app.access`)."""

    owner: str | None = None
    partner: str | None = None
    visibility: Literal["private", "coalition", "public"] = "public"
    partners: list[str] = Field(default_factory=list)


class StoredScenario(Access):
    id: str
    name: str
    created_at: str
    scenario: dict[str, Any]


class LibraryEntry(BaseModel):
    name: str
    title: str
    description: str


class RunRequest(BaseModel):
    """Start a run.

    * ``simulate`` and ``ensemble``: one of ``scenario_id`` (stored), ``library`` (bundled
      name) or ``scenario`` (inline); an ensemble's scenario needs an ``uncertainty``
      block, and ``runs`` and ``seed`` apply.
    * ``optimize``: ``plan`` (a bundled plan name, default ``us-japan-framework``) or
      ``plan_spec`` (an inline plan; scenario ``file`` references are not allowed), and
      optionally ``budget_musd`` and ``frontier`` (coalition budgets in MUSD at which to
      solve the portfolio again: the budget frontier).
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    kind: Literal["simulate", "optimize", "ensemble"] = "simulate"
    dataset: str = "reference"
    scenario_id: str | None = None
    library: str | None = None
    scenario: Scenario | None = None
    plan: str | None = None
    plan_spec: Plan | None = None
    budget_musd: float | None = Field(default=None, ge=0)
    frontier: list[Annotated[float, Field(ge=0)]] = Field(default_factory=list, max_length=12)
    runs: int = Field(default=100, ge=1, le=5000)
    seed: int = Field(default=0, ge=0)
    visibility: Literal["private", "coalition", "public"] | None = Field(
        default=None, description="Who may see the run: the caller's partner only "
        "(private, the default once users exist), also the run's coalition members "
        "(coalition) or every user (public).")


class RunInfo(Access):
    id: str
    kind: str
    status: Literal["queued", "running", "done", "failed", "cancelled"]
    progress: float
    message: str
    error: str | None
    created_at: str
    started_at: str | None
    finished_at: str | None
    request: dict[str, Any]
    result: dict[str, Any] | None = None


class Caller(BaseModel):
    """The user a request acts as."""

    name: str
    partner: str | None
    role: Literal["viewer", "analyst", "admin"]
    local: bool


class AuditEntry(BaseModel):
    """One entry of the append-only audit log."""

    seq: int
    at: str
    actor: str
    partner: str | None
    action: str
    kind: str
    object_id: str
    object_partner: str | None
    detail: str


class ErrorDetail(BaseModel):
    """An error answered by the service's edge or a route: what went wrong, in words."""

    detail: str


#: Answers any operation may give before its route runs (documented in the OpenAPI).
EDGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorDetail, "description": "The Host header is not one of this "
          "server's names (CRITMIN_ALLOWED_HOSTS)."},
    413: {"model": ErrorDetail, "description": "The request body is over the limit "
          "(CRITMIN_MAX_BODY_BYTES)."},
    401: {"model": ErrorDetail, "description": "Users are configured and the request has "
          "no valid token (Authorization: Bearer, or the dashboard's sign-in)."},
}

#: Answers of operations that change something.
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorDetail, "description": "The caller's role may not do this (a viewer "
          "changes nothing; an analyst deletes only what they created)."},
}

#: Answers of operations that name a dataset, scenario, run or page.
LOOKUP_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorDetail, "description": "No dataset, table, scenario, run or "
          "bundled name with that name or id."},
    409: {"description": "The dataset named is invalid; the answer lists its problems."},
}
