"""Portfolio plan files (YAML): coalition, scenario set, budgets, cost sharing, candidates.

A plan says *what the coalition may fund* and *against which futures*; the portfolio
MILP (:mod:`critmin.optimize.portfolio`) says *what it should fund*. The pydantic models
below check what can be checked without a dataset (types, ranges, probabilities summing
to one, cost-sharing shares); names are checked against the dataset when the problem is
built. Errors name the file and the field path, e.g.
``plan.yaml: scenarios[1].probability: must be between 0 and 1``.

>>> p = Plan(name="x", scenarios=[{"scenario": "baseline", "probability": 1.0}],
...          budget={"coalition_musd": 100})
>>> p.horizon.start, p.objective.kind
(2025, 'min_shortfall')
"""

from __future__ import annotations

import logging
import os
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from critmin.core.defaults import DEFAULT_COALITION
from critmin.core.limits import limits
from critmin.core.validation import format_validation_error
from critmin.core.yamlio import read_yaml
from critmin.exceptions import CritminError
from critmin.scenarios.definitions import MFA_FEED_MATERIALS, Share

logger = logging.getLogger(__name__)

BUNDLED_PLAN = "us-japan-framework"

#: Tolerance on the sum of scenario probabilities and of fixed cost shares.
SUM_TOL = 1e-6


class PlanError(CritminError, ValueError):
    """A plan file is missing, is not YAML, breaks a rule, or names something unknown."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class PlanHorizon(_Model):
    """Calendar years of the second stage, inclusive; the portfolio model is yearly."""

    start: int = 2025
    end: int = 2030

    @model_validator(mode="after")
    def _order(self) -> PlanHorizon:
        lim = limits()
        for name in ("start", "end"):
            year = getattr(self, name)
            if not lim.plan_year_min <= year <= lim.plan_year_max:
                msg = (f"{name} {year} is not a calendar year between {lim.plan_year_min} "
                       f"and {lim.plan_year_max}")
                raise ValueError(msg)
        if self.end < self.start:
            msg = "end must not come before start"
            raise ValueError(msg)
        n = self.end - self.start + 1
        if n > lim.plan_years:
            msg = (f"{n:,} years exceeds the limit of {lim.plan_years:,} years of a plan "
                   "(CRITMIN_PLAN_YEARS)")
            raise ValueError(msg)
        return self


class ScenarioRef(_Model):
    """One shock scenario of the set: a library name, a file or an inline definition, with
    its probability.

    ``delay_years`` delays every candidate facility in this scenario (a project-delay
    scenario input); ``file`` is relative to the plan file's folder; ``definition`` holds
    the fields of a scenario file inline.
    """

    scenario: str | None = None
    file: str | None = None
    definition: dict[str, Any] | None = None
    probability: Share
    delay_years: float = Field(default=0.0, ge=0)
    label: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> ScenarioRef:
        given = [x is not None for x in (self.scenario, self.file, self.definition)]
        if sum(given) != 1:
            msg = "give exactly one of 'scenario' (a library name), 'file' or 'definition'"
            raise ValueError(msg)
        return self

    @property
    def name(self) -> str:
        if self.label:
            return self.label
        if self.scenario is not None:
            base = self.scenario
        elif self.file is not None:
            base = Path(self.file).stem
        else:
            base = str((self.definition or {}).get("name", "inline"))
        return f"{base}+{self.delay_years:g}y" if self.delay_years else base


class Budget(_Model):
    """Budgets in MUSD (undiscounted capital and purchase cost over the horizon)."""

    coalition_musd: float = Field(ge=0)
    partners: dict[str, float] = Field(default_factory=dict)

    @field_validator("partners")
    @classmethod
    def _nonneg(cls, v: dict[str, float]) -> dict[str, float]:
        for k, b in v.items():
            if b < 0:
                msg = f"budget of {k!r} must not be negative"
                raise ValueError(msg)
        return v


class CostSharing(_Model):
    """How the cost of a measure is split between partners.

    ``fixed``: every measure split by ``shares`` (summing to 1). ``host``: the host
    country pays ``host_share`` when it is a partner, the rest (or all, for a host outside
    the coalition) split by ``shares`` (equal if none). ``proportional``: by the values
    of ``column`` in ``countries.csv`` or by ``weights`` given here.
    """

    rule: Literal["fixed", "host", "proportional"] = "fixed"
    shares: dict[str, float] = Field(default_factory=dict)
    host_share: float = Field(default=0.5, ge=0, le=1)
    column: str | None = None
    weights: dict[str, float] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> CostSharing:
        if any(v < 0 for v in self.shares.values()):
            msg = "shares must not be negative"
            raise ValueError(msg)
        if self.shares and abs(sum(self.shares.values()) - 1.0) > SUM_TOL:
            msg = f"shares must sum to 1, not {sum(self.shares.values()):g}"
            raise ValueError(msg)
        if self.rule == "fixed" and not self.shares:
            msg = "rule 'fixed' needs 'shares'"
            raise ValueError(msg)
        if self.rule == "proportional" and (self.column is None) == (not self.weights):
            msg = "rule 'proportional' needs exactly one of 'column' or 'weights'"
            raise ValueError(msg)
        if any(v < 0 for v in self.weights.values()):
            msg = "weights must not be negative"
            raise ValueError(msg)
        return self


class Phase(_Model):
    """A phase of a facility: a share of its capacity and cost, ``extra_years`` after it."""

    capacity_share: float = Field(gt=0, le=1)
    cost_share: float = Field(ge=0, le=1)
    extra_years: float = Field(default=0.0, ge=0)


class FacilityOverride(_Model):
    """Plan-side values for a facility (each an explicit, labelled assumption)."""

    capacity_t: float | None = Field(default=None, gt=0)
    capex_musd: float | None = Field(default=None, ge=0)
    start_year: int | None = None
    phases: list[Phase] = Field(default_factory=list)
    note: str = ""


class StockpileOptions(_Model):
    """Stockpile targets each member may build (continuous, t).

    ``goods`` are ``"stage/material"`` codes; the cost is target × price, the price from
    ``prices_usd_per_kg`` here (an assumption) or else the dataset's latest price.
    """

    members: list[str] | None = None
    goods: list[str] = Field(default_factory=list)
    max_t: float = Field(default=1000.0, ge=0)
    max_t_by_good: dict[str, float] = Field(default_factory=dict)
    prices_usd_per_kg: dict[str, float] = Field(default_factory=dict)
    release_t_per_year: float | None = Field(default=None, ge=0)
    ready_year: int | None = None

    @field_validator("goods")
    @classmethod
    def _goods(cls, v: list[str]) -> list[str]:
        for g in v:
            if g.count("/") != 1:
                msg = f"{g!r} is not a 'stage/material' code"
                raise ValueError(msg)
        return v


class Recycling(_Model):
    """A recycling line: up to ``max_t_per_year`` of secondary ``stage/material`` at
    ``country`` from ``start_year``, at ``capex_usd_per_t_per_year`` of capacity.

    With ``feed: mfa`` its supply in a year is also bounded by the material the stocks MFA
    recovers that year from the country's end-of-life magnets (``eol_rates`` replaces a
    step's rate for that feed, a policy), as the scenario measure ``recycling`` with
    ``feed: mfa``. ``source_id`` names the dataset source of the capital cost; without
    one the cost is a plan assumption."""

    id: str
    country: str
    good: str
    max_t_per_year: float = Field(gt=0)
    capex_usd_per_t_per_year: float = Field(ge=0)
    start_year: int
    feed: Literal["capacity", "mfa"] = "capacity"
    eol_rates: dict[Literal["collection", "separation", "recovery"],
                    Annotated[float, Field(ge=0, le=1)]] | None = None
    source_id: str | None = None

    @model_validator(mode="after")
    def _mfa_feed(self) -> Recycling:
        material = self.good.rsplit("/", 1)[-1]
        if self.feed == "mfa" and material not in MFA_FEED_MATERIALS:
            msg = (f"feed: mfa needs a material of the stocks MFA "
                   f"({', '.join(MFA_FEED_MATERIALS)}), not {material!r}")
            raise ValueError(msg)
        if self.eol_rates and self.feed != "mfa":
            msg = "eol_rates only apply with feed: mfa"
            raise ValueError(msg)
        return self


class Substitution(_Model):
    """A substitution programme: cuts ``sector`` demand for ``good`` in ``countries`` by
    ``cut_share`` from ``start_year``, for ``cost_musd`` (binary)."""

    id: str
    countries: list[str] = Field(min_length=1)
    sector: str
    good: str
    cut_share: float = Field(gt=0, le=1)
    start_year: int
    cost_musd: float = Field(ge=0)


class Candidates(_Model):
    """Candidate measures.

    ``facilities: default`` = every facility of the dataset not yet operating
    (``planned`` or ``construction``); a list names them. A facility without a capacity
    is left out with a reason; one without a capital cost takes
    ``capex_usd_per_t_per_year[stage]`` (an assumption) or is left out with a reason.
    """

    facilities: Literal["default", "none"] | list[str] = "default"
    exclude: list[str] = Field(default_factory=list)
    statuses: list[str] = Field(default_factory=lambda: ["planned", "construction"])
    overrides: dict[str, FacilityOverride] = Field(default_factory=dict)
    capex_usd_per_t_per_year: dict[str, float] = Field(default_factory=dict)
    lead_time_years: int = Field(default=3, ge=0)
    stockpiles: StockpileOptions = Field(default_factory=StockpileOptions)
    recycling: list[Recycling] = Field(default_factory=list)
    substitution: list[Substitution] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_mfa_line_per_node(self) -> Candidates:
        nodes = [(r.country, r.good) for r in self.recycling if r.feed == "mfa"]
        dup = sorted({f"{k} {g}" for k, g in nodes if nodes.count((k, g)) > 1})
        if dup:
            msg = (f"recycling: more than one line fed by the stocks MFA at {', '.join(dup)}; "
                   "they would share one scrap feed: offer one line per country and good")
            raise ValueError(msg)
        return self


class Cvar(_Model):
    """Add ``weight`` × CVaR at level ``alpha`` of the priority-weighted shortfall."""

    alpha: float = Field(default=0.9, ge=0, lt=1)
    weight: float = Field(default=1.0, ge=0)


class Objective(_Model):
    """``min_shortfall``: expected priority-weighted shortfall + ``cost_weight`` × cost
    (weighted t per MUSD). ``min_cost``: least cost with expected shortfall (t) at most
    ``shortfall_target_t``."""

    kind: Literal["min_shortfall", "min_cost"] = "min_shortfall"
    cost_weight: float = Field(default=1e-3, ge=0)
    shortfall_target_t: float | None = Field(default=None, ge=0)
    cvar: Cvar | None = None

    @model_validator(mode="after")
    def _target(self) -> Objective:
        if self.kind == "min_cost" and self.shortfall_target_t is None:
            msg = "kind 'min_cost' needs 'shortfall_target_t'"
            raise ValueError(msg)
        return self


class SolverOptions(_Model):
    """HiGHS options: ``time_limit_s`` and relative MIP gap ``mip_rel_gap``."""

    time_limit_s: float = Field(default=120.0, gt=0)
    mip_rel_gap: float = Field(default=1e-6, ge=0)


class Plan(_Model):
    """A joint-response plan (see ``docs/optimize.md``)."""

    name: str = Field(min_length=1)
    description: str = ""
    dataset: str = "bundled"
    coalition: list[str] = Field(default_factory=lambda: list(DEFAULT_COALITION))
    horizon: PlanHorizon = Field(default_factory=PlanHorizon)
    priorities: dict[str, float] = Field(default_factory=dict)
    scenarios: list[ScenarioRef] = Field(min_length=1)
    budget: Budget
    cost_sharing: CostSharing = Field(default_factory=lambda: CostSharing(rule="host"))
    candidates: Candidates = Field(default_factory=Candidates)
    objective: Objective = Field(default_factory=Objective)
    solver: SolverOptions = Field(default_factory=SolverOptions)
    assumptions: dict[str, str] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _probabilities(self) -> Plan:
        total = sum(s.probability for s in self.scenarios)
        if abs(total - 1.0) > SUM_TOL:
            msg = f"scenario probabilities must sum to 1, not {total:g}"
            raise ValueError(msg)
        names = [s.name for s in self.scenarios]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            msg = f"scenario names must be unique (use 'label'): {', '.join(dup)}"
            raise ValueError(msg)
        return self

    def with_budget(self, coalition_musd: float) -> Plan:
        """A copy with the coalition budget replaced."""
        return self.model_copy(update={"budget": self.budget.model_copy(
            update={"coalition_musd": float(coalition_musd)})})


def plan_from_dict(data: Any, where: str = "<plan>", base_dir: Path | None = None) -> Plan:
    """Build a :class:`Plan`; :class:`PlanError` names ``where`` and each field path.

    Scenario ``file`` entries are made absolute relative to ``base_dir``.
    """
    if not isinstance(data, dict):
        msg = f"{where}: a plan must be a mapping of fields, not {type(data).__name__}"
        raise PlanError(msg)
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        raise PlanError(format_validation_error(exc, where)) from None
    if base_dir is not None:
        refs = [s.model_copy(update={"file": str((base_dir / s.file).resolve())})
                if s.file is not None and not Path(s.file).is_absolute() else s
                for s in plan.scenarios]
        plan = plan.model_copy(update={"scenarios": refs})
    return plan


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """Read a plan YAML file.

    Raises
    ------
    PlanError
        If the file is missing, is not YAML or breaks a rule; the message names the
        file and the field path.
    """
    p = Path(path)
    data = read_yaml(p, "plan", PlanError)
    return plan_from_dict(data, where=str(p), base_dir=p.parent)


def plans_path() -> Path:
    """Folder of the bundled plans."""
    return Path(str(resources.files("critmin.optimize").joinpath("plans")))


def list_plans() -> list[str]:
    """Names of the bundled plans."""
    return sorted(p.stem for p in plans_path().glob("*.yaml"))


def bundled_plan(name: str = BUNDLED_PLAN) -> Plan:
    """Load bundled plan ``name`` (default ``us-japan-framework``)."""
    known = list_plans()  # a name, never a path: only the bundled files are opened
    if name not in known:
        msg = f"unknown plan {name!r}; bundled plans: {', '.join(known)}"
        raise PlanError(msg)
    return load_plan(plans_path() / f"{name}.yaml")


def resolve_plan(plan: Plan | str | os.PathLike[str] | None) -> Plan:
    """A :class:`Plan` from a plan, a bundled name, a path, or ``None`` (the default)."""
    if plan is None:
        return bundled_plan()
    if isinstance(plan, Plan):
        return plan
    text = str(plan)
    if text in list_plans() and not Path(text).exists():
        return bundled_plan(text)
    return load_plan(text)
