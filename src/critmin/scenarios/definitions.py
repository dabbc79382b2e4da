"""Pydantic models of a scenario: horizon, shocks, measures, priorities, allocation.

The YAML format is described in ``design.md``; :func:`critmin.scenarios.load_scenario`
reads it. These models check what can be checked without a dataset (types, ranges,
horizon shape, windows inside the horizon); :func:`critmin.scenarios.validate_scenario`
checks names against a dataset.

>>> s = Scenario(name="x", horizon={"start": "2025-01", "end": "2025-12", "step": "month"})
>>> len(s.periods())
12
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from critmin.core.defaults import DEFAULT_COALITION
from critmin.core.limits import limits
from critmin.scenarios.periods import (
    Period,
    make_periods,
    normalise_period,
    period_end,
    period_start,
)
from critmin.scenarios.uncertainty import Uncertainty

SECTORS = ("ev", "auto", "wind", "industrial", "hvac", "electronics", "defense", "other")

#: Default short-run price elasticity of demand (the scarcity price index and the demand
#: priced out inside the LP): an estimate from the 2011 episode, source
#: ``est-short-run-elasticity`` (docs/reference-dataset.md; no published figure was found).
DEFAULT_ELASTICITY = -0.1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _period(value: object) -> str:
    return normalise_period(value)


def _share(v: float) -> float:
    if not 0.0 <= v <= 1.0:
        msg = "must be between 0 and 1"
        raise ValueError(msg)
    return v


#: A share (a severity, a probability): a number from 0 to 1.
Share = Annotated[float, AfterValidator(_share)]


class Horizon(_Model):
    """Simulated span: ``start`` and ``end`` (inclusive) in steps of a month or a year.

    With ``step: year`` the horizon covers whole calendar years (``2025`` to ``2035``).
    """

    start: str
    end: str
    step: Literal["month", "year"] = "month"

    _norm = field_validator("start", "end", mode="before")(_period)

    @model_validator(mode="after")
    def _order(self) -> Horizon:
        if period_end(self.end) <= period_start(self.start):
            msg = "end must come after start"
            raise ValueError(msg)
        if self.step == "year":
            if period_start(self.start) % 12 or period_end(self.end) % 12:
                msg = "a yearly horizon must run over whole calendar years (e.g. 2025 to 2035)"
                raise ValueError(msg)
        elif "-" in self.start and self.start.count("-") > 1:
            msg = "a monthly horizon starts at a month (YYYY-MM), not a day"
            raise ValueError(msg)
        months = int(period_end(self.end) - period_start(self.start))
        n = months // 12 if self.step == "year" else months
        limit = limits().periods
        if n > limit:
            msg = (f"{n:,} {self.step}ly periods exceeds the limit of {limit:,} periods "
                   "(CRITMIN_PERIODS)")
            raise ValueError(msg)
        return self

    @property
    def start_index(self) -> float:
        return period_start(self.start)

    @property
    def end_index(self) -> float:
        return period_end(self.end)


class Window(_Model):
    """A span ``start`` to ``end`` (inclusive), e.g. a suspension of a control."""

    start: str
    end: str

    _norm = field_validator("start", "end", mode="before")(_period)

    @model_validator(mode="after")
    def _order(self) -> Window:
        if period_end(self.end) <= period_start(self.start):
            msg = "end must not come before start"
            raise ValueError(msg)
        return self


class ExportControl(_Model):
    """An export control: ``country`` withholds ``severity`` of its baseline exports of
    ``materials`` at ``stages`` to ``destinations`` from ``start`` to ``end`` (inclusive).

    A licensing regime rather than a flat cap:

    * ``severity_by_destination`` — a share withheld per country or group, overriding
      ``severity`` (a country's own entry wins over its group's);
    * ``licence_lag_days`` — nothing leaves until the first licences are granted, that
      many days after ``start`` (e.g. a ministry's review period), then ``severity``;
    * ``suspended`` — windows in which the control does not apply (e.g. a suspension
      announcement);
    * ``denied_sectors`` — end users refused any licence (e.g. ``[defense]``: MOFCOM
      2025 No. 61 does not in principle approve exports to military users): their demand
      in the destinations may not be met with goods of the controlling country's origin,
      imported directly or made elsewhere from its material, while the control is in
      force; other users are licensed at ``1 − severity``.

    With ``extraterritorial: true`` products made elsewhere from inputs of the
    controlling country's origin are restricted too (see docs/model.md).
    """

    type: Literal["export_control"] = "export_control"
    country: str
    materials: list[str] = Field(min_length=1)
    stages: list[str] = Field(min_length=1)
    destinations: Literal["all"] | list[str] = "all"
    severity: Share
    start: str
    end: str | None = None
    extraterritorial: bool = False
    policy_id: str | None = None
    severity_by_destination: dict[str, Share] = Field(default_factory=dict)
    licence_lag_days: float = Field(default=0.0, ge=0)
    suspended: list[Window] = Field(default_factory=list)
    denied_sectors: list[str] = Field(default_factory=list)

    _norm = field_validator("start", "end", mode="before")(
        lambda v: None if v is None else _period(v))

    @model_validator(mode="after")
    def _window(self) -> ExportControl:
        if self.end is not None and period_end(self.end) <= period_start(self.start):
            msg = "end must not come before start"
            raise ValueError(msg)
        return self


Shock = Annotated[ExportControl, Field(discriminator="type")]


class StockpileRelease(_Model):
    """Allow the stockpile of ``country`` at ``stage``/``material`` to be released.

    ``max_release_t_per_year`` overrides the dataset's release limit (blank there =
    no rate limit); ``quantity_t`` overrides the quantity held (blank there = 0).
    ``release_to`` says who may use what is released: ``holder`` (the default: a national
    stockpile serves its own country), ``coalition`` (the scenario's coalition) or
    ``market`` (sold to whoever needs it most).
    """

    type: Literal["stockpile_release"]
    country: str
    material: str
    stage: str
    max_release_t_per_year: float | None = Field(default=None, ge=0)
    quantity_t: float | None = Field(default=None, ge=0)
    release_to: Literal["holder", "coalition", "market"] = "holder"
    start: str | None = None
    end: str | None = None

    _norm = field_validator("start", "end", mode="before")(
        lambda v: None if v is None else _period(v))


class StockpileBuild(_Model):
    """Buy ``quantity_t`` into the stockpile of ``country`` evenly from ``start`` to ``end``.

    Purchases compete with demand at weight ``priority`` per tonne not bought.
    """

    type: Literal["stockpile_build"]
    country: str
    material: str
    stage: str
    quantity_t: float = Field(ge=0)
    start: str
    end: str
    priority: float = Field(default=0.1, gt=0)

    _norm = field_validator("start", "end", mode="before")(_period)

    @model_validator(mode="after")
    def _window(self) -> StockpileBuild:
        if period_end(self.end) <= period_start(self.start):
            msg = "end must not come before start"
            raise ValueError(msg)
        return self


class Invest(_Model):
    """Bring facility ``facility_id`` (from ``facilities.csv``) on line at its start year
    (or at ``start`` when given) plus ``delay_years``, with its capacity (or
    ``capacity_t`` t/yr when given, e.g. one phase of it)."""

    type: Literal["invest"]
    facility_id: str
    delay_years: float = Field(default=0.0, ge=0)
    start: str | None = None
    capacity_t: float | None = Field(default=None, gt=0)

    _norm = field_validator("start", mode="before")(lambda v: None if v is None else _period(v))


#: Materials whose end-of-life flow the stocks MFA gives (``feed: mfa``).
MFA_FEED_MATERIALS = ("NdFeB", "NdPr", "Nd", "Pr", "Dy", "Tb")


class Recycling(_Model):
    """Secondary supply: up to ``capacity_t`` t/yr of ``stage``/``material`` recovered in
    ``country`` from ``start`` (the horizon's start when blank), needing no primary input
    and free of any controlled origin. With ``feed: mfa`` a year's supply is also capped by
    the material the stocks MFA recovers from the country's end-of-life magnets that year
    (``critmin stocks``, ``recycled_t``; NdPr is Nd + Pr): a plant cannot recycle scrap
    that is not there. ``eol_rates`` replaces the dataset's collection, separation or
    recovery rate for that feed (a policy, e.g. separating every collected magnet);
    ``eol_factors`` then multiplies a step's rate of every application, capped at 1 (what
    an ensemble's ``eol_rate_factor`` parameter draws)."""

    type: Literal["recycling"]
    country: str
    material: str
    stage: str
    capacity_t: float = Field(gt=0)
    start: str | None = None
    feed: Literal["capacity", "mfa"] = "capacity"
    eol_rates: dict[Literal["collection", "separation", "recovery"],
                    Annotated[float, Field(ge=0, le=1)]] | None = None
    eol_factors: dict[Literal["collection", "separation", "recovery"],
                      Annotated[float, Field(ge=0)]] | None = None

    _norm = field_validator("start", mode="before")(lambda v: None if v is None else _period(v))

    @model_validator(mode="after")
    def _mfa_material(self) -> Recycling:
        if self.feed == "mfa" and self.material not in MFA_FEED_MATERIALS:
            msg = (f"feed: mfa needs a material of the stocks MFA "
                   f"({', '.join(MFA_FEED_MATERIALS)}), not {self.material!r}")
            raise ValueError(msg)
        if (self.eol_rates or self.eol_factors) and self.feed != "mfa":
            msg = "eol_rates and eol_factors only apply with feed: mfa"
            raise ValueError(msg)
        return self


class Substitution(_Model):
    """Demand of ``sector`` for ``stage``/``material`` in ``countries`` (codes or groups)
    cut by ``cut_share`` from ``start`` (the horizon's start when blank), e.g. motors
    redesigned without heavy rare earths."""

    type: Literal["substitution"]
    countries: list[str] = Field(min_length=1)
    sector: str
    material: str
    stage: str
    cut_share: float = Field(gt=0, le=1)
    start: str | None = None

    _norm = field_validator("start", mode="before")(lambda v: None if v is None else _period(v))


class Thrifting(_Model):
    """A reduced-input grade: makers of ``stage``/``material`` in ``countries`` can make it
    with ``cut_share`` less of each of ``inputs`` per tonne (1 = free of them, e.g. a
    Dy-free hot-deformed magnet; about 0.5 = grain-boundary diffusion), on up to
    ``adoption`` of their capacity, reached linearly over ``years_to_adopt`` from
    ``start`` (the horizon's start when blank)."""

    type: Literal["thrifting"]
    countries: list[str] = Field(min_length=1)
    material: str
    stage: str
    inputs: list[str] = Field(min_length=1)
    cut_share: float = Field(gt=0, le=1)
    adoption: float = Field(default=1.0, gt=0, le=1)
    start: str | None = None
    years_to_adopt: float = Field(default=0.0, ge=0, le=50)

    _norm = field_validator("start", mode="before")(lambda v: None if v is None else _period(v))


Measure = Annotated[StockpileRelease | StockpileBuild | Invest | Recycling | Substitution
                    | Thrifting, Field(discriminator="type")]


class Inventory(_Model):
    """Private inventories: the users of ``stage``/``material`` in ``countries`` (codes,
    groups or ``all``) hold ``days`` of their use of it (demand plus what their plants
    consume), drawn down before their demand goes unmet and rebuilt afterwards, a full
    inventory in ``restock_days``, buying against demand at the scenario's
    ``restock_priority``."""

    countries: Literal["all"] | list[str] = "all"
    material: str
    stage: str
    days: float = Field(gt=0)
    restock_days: float = Field(default=90.0, gt=0)


class Route(_Model):
    """Goods shipped from ``exporter`` to ``importer`` (a country, a group or ``all``)
    arrive ``weeks`` later: an export control reaches the importer that much after it
    starts (and lifts that much after it ends)."""

    exporter: str
    importer: str = "all"
    weeks: float = Field(ge=0)


class Scenario(_Model):
    """A scenario: horizon, coalition, allocation mode, priorities, shocks and measures.

    Attributes
    ----------
    priorities : dict
        Weight per tonne of unmet demand by sector (default 1 for a sector not listed).
    elasticities : dict
        Price elasticity of demand by material (negative; ``default`` key for all others).
    demand_response : bool
        Users forgo demand as its price rises, at their elasticity, before anyone is
        rationed (the ``priced_out_t`` of the shortfall table); off: every tonne unmet is
        rationed.
    ramp_rate : float, "dataset" or "off"
        Largest rise of a producer's output per year, as a share of its capacity (e.g.
        0.25 = a quarter of capacity per year), for every stage; ``"dataset"`` (default):
        the dataset's rate of each stage and material (``ramps.csv``); ``"off"`` (or
        null): no ramp limit, spare capacity answers at once.
    inventories : list of Inventory
        Private holdings drawn before demand goes unmet (see :class:`Inventory`).
    restock_priority : float
        Weight per tonne of inventory not rebuilt (below the sectors' priorities, so that
        restocking yields to demand but competes for what is left).
    transit : list of Route
        Shipping lags by route; the first route matching a trade pair applies (none: the
        control reaches the importer at once).
    sources : list of str
        ``source_id`` values of the dataset that justify the parameters.
    """

    name: str = Field(min_length=1)
    description: str = ""
    dataset: str = "bundled"
    horizon: Horizon
    coalition: list[str] = Field(default_factory=lambda: list(DEFAULT_COALITION))
    allocation: Literal["market", "contracts"] = "market"
    priorities: dict[str, float] = Field(default_factory=dict)
    elasticities: dict[str, float] = Field(default_factory=dict)
    demand_response: bool = True
    ramp_rate: float | Literal["dataset", "off"] = "dataset"
    inventories: list[Inventory] = Field(default_factory=list)
    restock_priority: float = Field(default=0.5, gt=0)
    transit: list[Route] = Field(default_factory=list)
    shocks: list[Shock] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    demand_outlook: str = ""
    uncertainty: Uncertainty | None = None

    @field_validator("priorities")
    @classmethod
    def _priorities(cls, v: dict[str, float]) -> dict[str, float]:
        for k, w in v.items():
            if w <= 0:
                msg = f"priority of {k!r} must be positive"
                raise ValueError(msg)
        return v

    @field_validator("ramp_rate", mode="before")
    @classmethod
    def _ramp_rate(cls, v: Any) -> Any:
        if v is None:
            return "off"
        if isinstance(v, int | float) and not isinstance(v, bool) and not (
                math.isfinite(v) and v >= 0):
            msg = "ramp_rate must be a finite rate >= 0, 'dataset' or 'off'"
            raise ValueError(msg)
        return v

    @field_validator("elasticities")
    @classmethod
    def _elasticities(cls, v: dict[str, float]) -> dict[str, float]:
        for k, e in v.items():
            if e >= 0:
                msg = f"elasticity of {k!r} must be negative"
                raise ValueError(msg)
        return v

    def periods(self) -> list[Period]:
        """The periods of the horizon."""
        return make_periods(self.horizon.start, self.horizon.end, self.horizon.step)

    def priority(self, sector: str) -> float:
        """Weight of one tonne of unmet demand in ``sector``."""
        return float(self.priorities.get(sector, 1.0))

    def elasticity(self, material: str) -> float:
        """Price elasticity of demand for ``material``."""
        return float(self.elasticities.get(material,
                                           self.elasticities.get("default", DEFAULT_ELASTICITY)))

    def shock_window(self, index: int) -> tuple[float, float]:
        """Month-index window ``[start, end)`` of shock ``index`` (open end = horizon end)."""
        s = self.shocks[index]
        end = period_end(s.end) if s.end is not None else self.horizon.end_index
        return period_start(s.start), end

    def window_problems(self) -> list[tuple[str, str]]:
        """``(field, message)`` for every dated window outside the horizon."""
        h0, h1 = self.horizon.start_index, self.horizon.end_index
        out: list[tuple[str, str]] = []

        def check(field: str, start: str | None, end: str | None) -> None:
            if start is not None and not h0 <= period_start(start) < h1:
                out.append((f"{field}.start", f"{start} is outside the horizon "
                                              f"{self.horizon.start} to {self.horizon.end}"))
            if end is not None and not h0 < period_end(end) <= h1:
                out.append((f"{field}.end", f"{end} is outside the horizon "
                                            f"{self.horizon.start} to {self.horizon.end}"))

        for i, s in enumerate(self.shocks):
            check(f"shocks[{i}]", s.start, s.end)
        for i, m in enumerate(self.measures):
            if isinstance(m, StockpileRelease | StockpileBuild):
                check(f"measures[{i}]", m.start, m.end)
        return out

    @model_validator(mode="after")
    def _windows_in_horizon(self) -> Scenario:
        problems = self.window_problems()
        if problems:
            field, msg = problems[0]
            raise ValueError(f"{field}: {msg}")  # noqa: EM102 - formatted by io
        return self
