"""Turn one draw of the uncertain inputs into a concrete (dataset, scenario) pair."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from critmin.chain.scaling import Scaling
from critmin.data import Dataset
from critmin.exceptions import ScenarioError
from critmin.scenarios import Scenario
from critmin.scenarios.definitions import Invest
from critmin.scenarios.periods import month_label, period_end, period_start
from critmin.scenarios.uncertainty import Parameter, Uncertainty


def check_spec(spec: Uncertainty, scenario: Scenario, ds: Dataset,
               optional: frozenset[str] = frozenset()) -> None:
    """Every parameter targets something that exists; raise ScenarioError naming it.

    ``optional``: facilities a delay may name although the scenario does not build them
    (a plan's candidates that its portfolio left out: the delay then changes nothing)."""
    problems = []
    invest = {m.facility_id for m in scenario.measures if isinstance(m, Invest)} | optional
    known = {"country": set(ds.countries["country"]), "stage": set(ds.stages["stage"]),
             "material": set(ds.materials["material"])}
    for i, p in enumerate(spec.parameters):
        f = f"uncertainty.parameters[{i}]"
        if p.shock is not None and p.shock >= len(scenario.shocks):
            problems.append(f"{f}.shock: the scenario has {len(scenario.shocks)} shock(s)")
        if p.kind == "facility_delay_years" and p.facility_id not in invest:
            problems.append(f"{f}.facility_id: no invest measure for {p.facility_id!r}")
        if p.kind == "shock_probability" and p.distribution.type != "bernoulli":
            problems.append(f"{f}.distribution: a shock probability is a bernoulli")
        if p.kind == "elasticity" and p.distribution.support()[1] >= 0:
            problems.append(f"{f}.distribution: an elasticity must stay negative")
        if p.kind == "eol_rate_factor":
            problems += _check_eol(p, scenario, f)
        if p.inventory is not None and p.inventory >= len(scenario.inventories):
            problems.append(f"{f}.inventory: the scenario has {len(scenario.inventories)} "
                            "inventory(ies)")
        for attr in ("country", "stage", "material"):
            v = getattr(p, attr)
            if v and v not in known[attr]:
                problems.append(f"{f}.{attr}: unknown {attr} {v!r}")
    if problems:
        raise ScenarioError("\n".join(f"scenario {scenario.name!r}: {m}" for m in problems))


def _fed_lines(p: Parameter, measures: list[Any]) -> list[Any]:
    """The recycling measures fed by the stocks MFA that ``p`` targets (as models or dicts)."""
    def get(m: Any, k: str) -> Any:
        return m.get(k) if isinstance(m, dict) else getattr(m, k, None)
    return [m for m in measures if get(m, "type") == "recycling" and get(m, "feed") == "mfa"
            and all(not getattr(p, k) or get(m, k) == getattr(p, k)
                    for k in ("country", "stage", "material"))]


def _check_eol(p: Parameter, scenario: Scenario, f: str) -> list[str]:
    out = []
    if not _fed_lines(p, list(scenario.measures)):
        out.append(f"{f}: no recycling measure with feed: mfa"
                   + (" there" if p.country or p.stage or p.material else "")
                   + " whose end-of-life rates it could scale")
    if p.distribution.support()[0] < 0:
        out.append(f"{f}.distribution: a rate factor cannot be negative (bound it at 0)")
    return out


def apply_draw(ds: Dataset, scenario: Scenario, spec: Uncertainty,
               values: Mapping[str, float]) -> tuple[Dataset, Scenario]:
    """The dataset and scenario of one future (``values``: parameter name → value)."""
    new, data_params = _drawn_scenario(scenario, spec, values)
    tables = dict(ds.tables)
    for p, v in data_params:
        if p.kind == "capacity_factor":
            tables["capacity"] = _scale(tables["capacity"], p, max(0.0, v),
                                        ("capacity_t", "production_t"))
            tables["facilities"] = _scale(tables["facilities"], p, max(0.0, v), ("capacity_t",))
        elif p.kind == "demand_growth":
            tables["demand"] = _grow(ds, scenario, tables["demand"], p, v)
    if all(tables[n] is ds.tables[n] for n in tables):
        return ds, new  # the same dataset: its network and caches are re-used
    return Dataset(tables=tables, meta=ds.meta, path=ds.path), new


def draw_scalings(ds: Dataset, scenario: Scenario, spec: Uncertainty,
                  values: Mapping[str, float]) -> tuple[Scenario, tuple[Scaling, ...]] | None:
    """The scenario of one future and its dataset changes as :class:`Scaling` s (what
    :func:`apply_draw` does to the tables, without copying them); None when a value cannot
    be expressed so (a capacity factor of 0 removes rows; growth of −100 % or less)."""
    new, data_params = _drawn_scenario(scenario, spec, values)
    out = []
    for p, v in data_params:
        where = {"country": p.country or None, "stage": p.stage or None,
                 "material": p.material or None}
        if p.kind == "capacity_factor":
            if v <= 0:
                return None
            out.append(Scaling("capacity", factor=v, **where))
        elif p.kind == "demand_growth":
            if v <= -1:
                return None
            out.append(Scaling("demand", growth=v, base_year=_base_year(ds),
                               sector=p.sector or None, **where))
    return new, tuple(out)


def _base_year(ds: Dataset) -> int:
    return ds.base_year or int(ds.demand["year"].max())


def _drawn_scenario(scenario: Scenario, spec: Uncertainty, values: Mapping[str, float]
                    ) -> tuple[Scenario, list[tuple[Parameter, float]]]:
    """The scenario with the draw's scenario parameters applied, and the draw's dataset
    parameters with their values (in the block's order)."""
    data: dict[str, Any] = scenario.model_dump(mode="json")
    data.pop("uncertainty", None)
    h0, h1 = scenario.horizon.start_index, scenario.horizon.end_index
    dataset_params = []
    # a shock that does not happen stays off whatever its other draws: probability last
    ordered = sorted(spec.parameters, key=lambda p: p.kind == "shock_probability")
    for p in ordered:
        v = float(values[p.name])
        if p.kind.startswith("shock_"):
            shock = data["shocks"][p.shock]
            _apply_shock(shock, p, v, h0, h1)
        elif p.kind == "facility_delay_years":
            for m in data["measures"]:
                if m.get("type") == "invest" and m["facility_id"] == p.facility_id:
                    m["delay_years"] = max(0.0, v)
        elif p.kind == "elasticity":
            data.setdefault("elasticities", {})[p.material] = min(v, -1e-6)
        elif p.kind == "inventory_days":
            data["inventories"][p.inventory]["days"] = max(v, 1e-6)
        elif p.kind == "eol_rate_factor":
            for m in _fed_lines(p, data["measures"]):
                factors = m.get("eol_factors") or {}
                factors[p.step] = factors.get(p.step, 1.0) * max(0.0, v)
                m["eol_factors"] = factors
        else:
            dataset_params.append((p, v))
    for shock in data["shocks"]:  # windows pushed past the horizon vanish
        if period_start(shock["start"]) >= h1:
            shock["start"], shock["end"] = month_label(h1 - 1), None
            _switch_off(shock)
    try:
        new = Scenario.model_validate(data)
    except ValueError as exc:
        msg = f"scenario {scenario.name!r}: a draw gives an invalid scenario: {exc}"
        raise ScenarioError(msg) from None
    return new, dataset_params


def _switch_off(shock: dict[str, Any]) -> None:
    """A shock that does not happen: nothing withheld from anyone, no licence wait."""
    shock["severity"], shock["severity_by_destination"] = 0.0, {}
    shock["licence_lag_days"] = 0.0


def _apply_shock(shock: dict[str, Any], p: Parameter, v: float, h0: float, h1: float) -> None:
    if p.kind == "shock_probability":
        if v < 0.5:
            _switch_off(shock)
    elif p.kind == "shock_severity":
        shock["severity"] = float(np.clip(v, 0.0, 1.0))
    elif p.kind == "shock_licence_approval":
        shock["severity"] = 1.0 - float(np.clip(v, 0.0, 1.0))
    elif p.kind == "shock_start_shift_months":
        length = (period_end(shock["end"]) if shock.get("end") else h1) - period_start(
            shock["start"])
        start = min(max(period_start(shock["start"]) + round(v), h0), h1 - 1)
        shock["start"] = month_label(start)
        if shock.get("end"):
            shock["end"] = month_label(min(start + length, h1) - 1)
    elif p.kind == "shock_duration_months":
        start = period_start(shock["start"])
        months = max(1, round(v))
        shock["end"] = month_label(min(start + months, h1) - 1)


def _match(df: pd.DataFrame, p: Parameter) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for attr in ("country", "stage", "material", "sector"):
        v = getattr(p, attr)
        if v and attr in df.columns:
            mask &= df[attr] == v
    return mask


def _scale(df: pd.DataFrame, p: Parameter, factor: float, cols: tuple[str, ...]) -> pd.DataFrame:
    out = df.copy()
    mask = _match(out, p)
    for c in cols:
        out.loc[mask, c] = out.loc[mask, c] * factor
    return out


def _grow(ds: Dataset, scenario: Scenario, demand: pd.DataFrame, p: Parameter,
          g: float) -> pd.DataFrame:
    """Demand of every horizon year (carried forward as the model does), × (1+g)^(y−base)."""
    from critmin.model.network import build_network

    base = _base_year(ds)  # of the dataset, not of demand already grown by another draw
    net = build_network(Dataset(tables={**ds.tables, "demand": demand}, meta=ds.meta),
                        scenario.demand_outlook)
    rows = []
    for year in sorted({per.year for per in scenario.periods()}):
        d = net.demand(year).assign(year=year)
        grow = _match(d, p) & (year > base)
        d.loc[grow, "demand_t"] = d.loc[grow, "demand_t"] * (1.0 + g) ** (year - base)
        rows.append(d)
    out = pd.concat(rows, ignore_index=True)
    out["outlook"] = scenario.demand_outlook
    out["source_id"] = ""
    return out
