"""A scenario against what was observed: the backtest of a past shock.

:func:`backtest` runs a scenario and sets every observation of the dataset's
``observations`` table (or a given one) for that scenario beside the model's value:
tonnes shipped by an exporter to an importer over a period, the first month a country's
users were rationed (plants stopped), a good's price in a market over its price before the
shock. Observations are marked ``calibration`` (a figure the scenario was set
on: shown, never scored) or ``validation`` (scored: the ratio of model to observed and
whether it is within a factor of two; for a first shortfall, the months between them).
With ``calibrate=True`` the severity of the scenario's first export control is solved for
(bisection) so that the model matches the calibration rows' total; the validation rows
are never used to fit anything.

>>> ratio_within(4.0, 5.0), ratio_within(12.0, 5.0)
(True, False)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from critmin.data import Dataset
from critmin.exceptions import ScenarioError
from critmin.scenarios.definitions import ExportControl, Scenario
from critmin.scenarios.periods import period_end, period_start
from critmin.simulate.prices import ROW, WORLD
from critmin.simulate.run import simulate

COLUMNS = ["observation_id", "role", "quantity", "exporter", "importer", "country", "stage",
           "material", "period", "observed", "model", "ratio", "within_factor_2",
           "months_apart", "unit", "source_id", "note"]

#: A shortfall below this share of the demand of the month does not count as running short.
SHORT_SHARE = 0.001


def ratio_within(model: float, observed: float, factor: float = 2.0) -> bool:
    """Whether ``model`` is within ``factor`` of ``observed`` (both > 0; an observed 0 is
    matched only by a model 0)."""
    if observed == 0:
        return model == 0
    if model <= 0:
        return False
    r = model / observed
    return 1.0 / factor <= r <= factor


@dataclass
class BacktestResult:
    """Every observation beside the model's value, and the calibration used.

    Attributes
    ----------
    table : DataFrame of :data:`COLUMNS`, calibration rows first, then validation rows in
        the order of the observations table.
    scenario : the scenario as run (with the calibrated severity, if any).
    calibration : what was calibrated: ``{"shock": 0, "severity": s, "target_t": ...,
        "model_t": ...}``, or empty when the scenario's own severities were used.
    summary : validation rows, rows within a factor of two, median |log10 ratio|.
    warnings : the run's warnings (data gaps, stocks not drawn).
    """

    table: pd.DataFrame
    scenario: Scenario
    calibration: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"scenario": self.scenario.name, "calibration": self.calibration,
                "summary": self.summary, "warnings": self.warnings,
                "observations": self.table.replace({np.nan: None}).to_dict("records")}


def scenario_observations(ds: Dataset, name: str,
                          observations: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of ``observations`` (default: the dataset's table) for scenario ``name``."""
    obs = ds.tables.get("observations") if observations is None else observations
    if obs is None or obs.empty:
        return pd.DataFrame(columns=[c for c in COLUMNS if c not in (
            "observed", "model", "ratio", "within_factor_2", "months_apart")])
    return obs[obs["scenario"] == name].reset_index(drop=True)


def backtest(ds: Dataset, sc: Scenario, observations: pd.DataFrame | None = None,
             calibrate: bool = False) -> BacktestResult:
    """Run ``sc`` on ``ds`` and compare it with the observations of ``sc.name``.

    Raises :class:`~critmin.exceptions.ScenarioError` when there is no observation for the
    scenario, or when ``calibrate`` is asked without calibration rows or export control.
    """
    obs = scenario_observations(ds, sc.name, observations)
    if obs.empty:
        msg = (f"no observations for scenario {sc.name!r}; the dataset's observations.csv "
               "(or --observations) must have rows with scenario = that name")
        raise ScenarioError(msg)
    calibration: dict = {}
    if calibrate:
        sc, calibration = _calibrate(ds, sc, obs)
    res = simulate(ds, sc)
    rows = [_compare(r, res, ds.resolve_countries) for r in obs.itertuples(index=False)]
    table = pd.DataFrame(rows, columns=COLUMNS)
    table = pd.concat([table[table["role"] == "calibration"],
                       table[table["role"] != "calibration"]], ignore_index=True)
    val = table[table["role"] == "validation"]
    scored = val[val["ratio"].notna()]
    logs = np.abs(np.log10(scored["ratio"][scored["ratio"] > 0]))
    summary = {"validation_rows": len(val),
               "within_factor_2": int(val["within_factor_2"].fillna(False).astype(bool).sum()),
               "median_abs_log10_ratio": float(logs.median()) if len(logs) else None}
    return BacktestResult(table, sc, calibration, summary, list(res.summary.get("warnings", [])))


def _periods(period: str) -> tuple[float, float]:
    """Month indices ``[start, end)`` of a period ``YYYY-MM``, ``YYYY`` or ``A..B``."""
    a, _, b = str(period).partition("..")
    return period_start(a), period_end(b or a)


def _in_window(periods: pd.Series, window: tuple[float, float]) -> np.ndarray:
    starts = np.array([period_start(p) for p in periods.astype(str)], dtype=float)
    return (starts >= window[0]) & (starts < window[1])


def _exports(res, exporter: str, importer: str, stages: list[str], material: str,
             window: tuple[float, float], countries) -> float:
    f = res.flows
    sel = (f["exporter"] == exporter) & f["stage"].isin(stages) & (f["material"] == material)
    if importer and importer != "all":
        sel &= f["importer"].isin(countries(importer.split(";")))
    f = f[sel]
    return float(f.loc[_in_window(f["period"], window), "quantity_t"].sum())


def _first_shortfall(res, country: str, stages: list[str], material: str) -> str | None:
    """The first period in which users in ``country`` are rationed (plants stop): demand
    priced out (users paying more, economising) is not a stoppage."""
    sf = res.shortfall
    sf = sf[(sf["country"] == country) & sf["stage"].isin(stages) & (sf["material"] == material)]
    by = sf.groupby(sf["period"].astype(str), sort=False)[["rationed_t", "demand_t"]].sum()
    short = by[by["rationed_t"] > SHORT_SHARE * by["demand_t"]]
    if short.empty:
        return None
    return min(short.index, key=period_start)


def _compare(r, res, countries) -> dict:
    stages = [s for s in str(r.stage).split(";") if s]
    out = {c: getattr(r, c, "") for c in ("observation_id", "role", "quantity", "exporter",
                                           "importer", "country", "material", "period",
                                           "unit", "source_id", "note")}
    out.update(stage=";".join(stages), observed=r.value, model=np.nan, ratio=np.nan,
               within_factor_2=None, months_apart=np.nan)
    if r.quantity == "exports_t":
        model = _exports(res, str(r.exporter), str(r.importer or "all"), stages, str(r.material),
                         _periods(r.period), countries)
        obs = float(r.value)
        out.update(model=model, ratio=model / obs if obs > 0 else np.nan,
                   within_factor_2=ratio_within(model, obs))
    elif r.quantity == "first_shortfall":
        first = _first_shortfall(res, str(r.country), stages, str(r.material))
        if first is not None:
            apart = period_start(first) - period_start(str(r.period))
            out.update(model=first, months_apart=apart, within_factor_2=abs(apart) <= 1)
        else:
            out.update(model="none", within_factor_2=False)
    else:  # price_ratio
        model = _price_ratio(res, str(r.country), stages, str(r.material), _periods(r.period))
        obs = float(r.value)
        out.update(model=model, ratio=model / obs if obs > 0 and np.isfinite(model) else np.nan,
                   within_factor_2=ratio_within(model, obs) if np.isfinite(model) else None)
    return out


def _price_ratio(res, country: str, stages: list[str], material: str,
                 window: tuple[float, float]) -> float:
    """The model's price index (price over its pre-shock base) of the good in the market
    ``country`` belongs to (its own if it controls exports, else the rest of the world),
    averaged over the window's periods; NaN where the run has no such price."""
    pr = res.prices
    names = set(pr["market"])
    market = country if country in names else (ROW if ROW in names else WORLD)
    sel = (pr["market"] == market) & pr["stage"].isin(stages) & (pr["material"] == material)
    pr = pr[sel]
    inside = pr.loc[_in_window(pr["period"], window), "price_index"]
    return float(inside.mean()) if len(inside) else float("nan")


def _calibration_total(res, obs: pd.DataFrame, countries) -> float:
    total = 0.0
    for r in obs.itertuples(index=False):
        total += _exports(res, str(r.exporter), str(r.importer or "all"),
                          [s for s in str(r.stage).split(";") if s], str(r.material),
                          _periods(r.period), countries)
    return total


def _calibrate(ds: Dataset, sc: Scenario, obs: pd.DataFrame) -> tuple[Scenario, dict]:
    """Solve for the severity of ``sc``'s first export control so that the model's exports
    match the calibration rows' total (exports are non-increasing in the severity)."""
    cal = obs[(obs["role"] == "calibration") & (obs["quantity"] == "exports_t")]
    idx = next((i for i, x in enumerate(sc.shocks) if isinstance(x, ExportControl)), None)
    if cal.empty or idx is None:
        msg = ("--calibrate needs calibration rows of quantity exports_t and an export "
               "control in the scenario")
        raise ScenarioError(msg)
    target = float(cal["value"].sum())

    def with_severity(s: float) -> Scenario:
        shocks = list(sc.shocks)
        shocks[idx] = shocks[idx].model_copy(update={"severity": s})
        return sc.model_copy(update={"shocks": shocks})

    lo, hi = 0.0, 1.0
    for _ in range(20):
        mid = (lo + hi) / 2
        model = _calibration_total(simulate(ds, with_severity(mid)), cal, ds.resolve_countries)
        lo, hi = (mid, hi) if model > target else (lo, mid)
    s = round((lo + hi) / 2, 4)
    best = with_severity(s)
    model = _calibration_total(simulate(ds, best), cal, ds.resolve_countries)
    return best, {"shock": idx, "severity": s, "target_t": target, "model_t": model,
                  "rows": cal["observation_id"].tolist(),
                  "exact": math.isclose(model, target, rel_tol=0.01)}


def markdown_table(res: BacktestResult) -> str:
    """The observations and model values as a Markdown table, with the summary line (what
    docs/backtest.md shows)."""
    s = res.summary
    lines = [f"{s['within_factor_2']} of {s['validation_rows']} validation rows within a "
             "factor of 2 (a first shortfall: within a month); median |log10(model / "
             f"observed)| = {s['median_abs_log10_ratio']:.3f}.", "",
             "| observation | role | exporter → importer / country | good | period | observed "
             "| model | model / observed | within 2× | source |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in res.table.itertuples(index=False):
        who = (f"{r.exporter} → {r.importer}" if r.quantity == "exports_t"
               else str(r.country))
        obs = "" if r.quantity == "first_shortfall" else _num(r.observed)
        model = str(r.model) if isinstance(r.model, str) else _num(r.model)
        if r.quantity == "first_shortfall":
            obs = str(r.period)
            ratio = f"{r.months_apart:+.0f} month" if pd.notna(r.months_apart) else ""
        else:
            ratio = f"{r.ratio:.2f}" if pd.notna(r.ratio) else ""
        within = {True: "yes", False: "no"}.get(r.within_factor_2, "")
        lines.append(f"| `{r.observation_id}` | {r.role} | {who} | {r.stage} {r.material} | "
                     f"{r.period} | {obs} | {model} | {ratio} | {within} | `{r.source_id}` |")
    return "\n".join(lines)


def _num(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    x = float(x)
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.3g}"
