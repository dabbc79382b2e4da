"""The ``uncertainty:`` block of a scenario: which inputs are uncertain, how, and how to sample.

.. code-block:: yaml

    uncertainty:
      sampler: lhs            # lhs | sobol | random
      parameters:
        - {name: occurs, kind: shock_probability, shock: 0,
           distribution: {type: bernoulli, p: 0.6}}
        - {name: severity, kind: shock_severity, shock: 0,
           distribution: {type: triangular, low: 0.5, mode: 0.8, high: 1.0}}
        - {name: duration, kind: shock_duration_months, shock: 0,
           distribution: {type: discrete, values: [6, 12, 24], weights: [0.5, 0.3, 0.2]}}
        - {name: delay, kind: facility_delay_years, facility_id: iluka-eneabba,
           distribution: {type: lognormal, median: 1.0, sigma: 0.5}}
        - {name: growth, kind: demand_growth, sector: ev,
           distribution: {type: normal, mean: 0.08, sd: 0.03}}
      correlations:
        - [severity, duration, 0.5]

Every distribution maps a uniform number ``u`` in (0, 1) to a value by its inverse CDF
(:meth:`Distribution.ppf`), so the same parameters work with Latin hypercube, Sobol and
plain random sampling, and every draw lies in the distribution's support.
"""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Uniform(_Model):
    """Uniform on ``[low, high]``."""

    type: Literal["uniform"]
    low: float
    high: float

    @model_validator(mode="after")
    def _check(self) -> Uniform:
        if not self.high > self.low:
            msg = "high must be greater than low"
            raise ValueError(msg)
        return self

    def ppf(self, u: np.ndarray) -> np.ndarray:
        return self.low + u * (self.high - self.low)

    def support(self) -> tuple[float, float]:
        return self.low, self.high


class Triangular(_Model):
    """Triangular on ``[low, high]`` with its mode at ``mode``."""

    type: Literal["triangular"]
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _check(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.high > self.low):
            msg = "need low <= mode <= high and low < high"
            raise ValueError(msg)
        return self

    def ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy.stats import triang

        c = (self.mode - self.low) / (self.high - self.low)
        return triang.ppf(u, c, loc=self.low, scale=self.high - self.low)

    def support(self) -> tuple[float, float]:
        return self.low, self.high


class Normal(_Model):
    """Normal with ``mean`` and ``sd``, optionally truncated to ``[low, high]``."""

    type: Literal["normal"]
    mean: float
    sd: float = Field(gt=0)
    low: float | None = None
    high: float | None = None

    def ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy.stats import norm, truncnorm

        if self.low is None and self.high is None:
            return norm.ppf(u, loc=self.mean, scale=self.sd)
        a = -np.inf if self.low is None else (self.low - self.mean) / self.sd
        b = np.inf if self.high is None else (self.high - self.mean) / self.sd
        return truncnorm.ppf(u, a, b, loc=self.mean, scale=self.sd)

    def support(self) -> tuple[float, float]:
        return (-np.inf if self.low is None else self.low,
                np.inf if self.high is None else self.high)


class LogNormal(_Model):
    """Log-normal with the given ``median`` (> 0) and ``sigma`` of the log."""

    type: Literal["lognormal"]
    median: float = Field(gt=0)
    sigma: float = Field(gt=0)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy.stats import lognorm

        return lognorm.ppf(u, self.sigma, scale=self.median)

    def support(self) -> tuple[float, float]:
        return 0.0, np.inf


class Beta(_Model):
    """Beta(``a``, ``b``) rescaled to ``[low, high]`` (default 0-1)."""

    type: Literal["beta"]
    a: float = Field(gt=0)
    b: float = Field(gt=0)
    low: float = 0.0
    high: float = 1.0

    def ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy.stats import beta

        return beta.ppf(u, self.a, self.b, loc=self.low, scale=self.high - self.low)

    def support(self) -> tuple[float, float]:
        return self.low, self.high


class Bernoulli(_Model):
    """1 with probability ``p``, else 0."""

    type: Literal["bernoulli"]
    p: float = Field(ge=0, le=1)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        return (u >= 1.0 - self.p).astype(float)

    def support(self) -> tuple[float, float]:
        return 0.0, 1.0


class Discrete(_Model):
    """One of ``values`` with probabilities ``weights`` (normalised; equal by default)."""

    type: Literal["discrete"]
    values: list[float] = Field(min_length=1)
    weights: list[float] | None = None

    @model_validator(mode="after")
    def _check(self) -> Discrete:
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                msg = "weights must have one entry per value"
                raise ValueError(msg)
            if any(w < 0 for w in self.weights) or sum(self.weights) <= 0:
                msg = "weights must be non-negative with a positive sum"
                raise ValueError(msg)
        return self

    def ppf(self, u: np.ndarray) -> np.ndarray:
        w = np.asarray(self.weights if self.weights is not None else [1.0] * len(self.values),
                       dtype=float)
        cum = np.cumsum(w / w.sum())
        idx = np.minimum(np.searchsorted(cum, u, side="right"), len(self.values) - 1)
        return np.asarray(self.values, dtype=float)[idx]

    def support(self) -> tuple[float, float]:
        return min(self.values), max(self.values)


Distribution = Annotated[Uniform | Triangular | Normal | LogNormal | Beta | Bernoulli | Discrete,
                         Field(discriminator="type")]

ParameterKind = Literal[
    "shock_probability", "shock_severity", "shock_start_shift_months", "shock_duration_months",
    "shock_licence_approval", "facility_delay_years", "demand_growth", "capacity_factor",
    "elasticity", "inventory_days", "eol_rate_factor",
]
#: End-of-life steps an ``eol_rate_factor`` can scale (``critmin.stocks``).
EOL_STEPS = ("collection", "separation", "recovery")


class Parameter(_Model):
    """One uncertain input.

    ``kind`` says what it changes:

    * ``shock_probability`` — the shock ``shock`` happens (1) or not (0); use ``bernoulli``.
    * ``shock_severity`` — its severity, clipped to [0, 1].
    * ``shock_start_shift_months`` — months added to its start (rounded to whole months).
    * ``shock_duration_months`` — its length in months from its (shifted) start.
    * ``shock_licence_approval`` — the share of the controlled exports licensed (the
      shock's severity becomes 1 − the draw; destination overrides stay).
    * ``facility_delay_years`` — delay of the ``invest`` measure for ``facility_id``.
    * ``demand_growth`` — yearly growth rate of demand after the dataset's base year,
      optionally for one ``sector`` / ``material`` only (demand × (1 + g)^(year − base)).
    * ``capacity_factor`` — multiplier on capacity (and production) of the rows matching
      ``country`` / ``stage`` / ``material`` (any of them left blank matches all).
    * ``elasticity`` — price elasticity of demand of ``material`` (negative).
    * ``inventory_days`` — days of cover of the scenario's inventory ``inventory`` (its
      index in ``inventories``).
    * ``eol_rate_factor`` — multiplier (≥ 0) on the end-of-life ``step`` rate
      (``collection``, ``separation`` or ``recovery``) of every application, capped at 1,
      for the scenario's recycling measures fed by the stocks MFA (``feed: mfa``),
      optionally only those of ``country`` / ``material``.
    """

    name: str = Field(min_length=1, pattern=r"^[A-Za-z_][\w.-]*$")
    kind: ParameterKind
    distribution: Distribution
    shock: int | None = Field(default=None, ge=0)
    facility_id: str | None = None
    country: str | None = None
    stage: str | None = None
    material: str | None = None
    sector: str | None = None
    inventory: int | None = Field(default=None, ge=0)
    step: Literal["collection", "separation", "recovery"] | None = None

    @model_validator(mode="after")
    def _targets(self) -> Parameter:
        if self.kind.startswith("shock_") and self.shock is None:
            msg = f"a {self.kind} parameter needs 'shock' (the index of the shock)"
            raise ValueError(msg)
        if self.kind == "facility_delay_years" and not self.facility_id:
            msg = "a facility_delay_years parameter needs 'facility_id'"
            raise ValueError(msg)
        if self.kind == "elasticity" and not self.material:
            msg = "an elasticity parameter needs 'material'"
            raise ValueError(msg)
        if (self.kind == "eol_rate_factor") != (self.step is not None):
            msg = "an eol_rate_factor parameter needs 'step' (collection, separation or " \
                  "recovery), and only it takes one"
            raise ValueError(msg)
        if self.kind == "inventory_days" and self.inventory is None:
            msg = "an inventory_days parameter needs 'inventory' (the index of the inventory)"
            raise ValueError(msg)
        return self


class Uncertainty(_Model):
    """The uncertain inputs of a scenario and how they are sampled."""

    sampler: Literal["lhs", "sobol", "random"] = "lhs"
    parameters: list[Parameter] = Field(min_length=1)
    correlations: list[tuple[str, str, float]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> Uncertainty:
        names = [p.name for p in self.parameters]
        if len(set(names)) != len(names):
            msg = "parameter names must be unique"
            raise ValueError(msg)
        for a, b, r in self.correlations:
            for n in (a, b):
                if n not in names:
                    msg = f"correlation names unknown parameter {n!r}"
                    raise ValueError(msg)
            if not -1.0 < r < 1.0 or a == b:
                msg = f"correlation {a}-{b}: need two different parameters and -1 < r < 1"
                raise ValueError(msg)
        return self

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.parameters]
