"""Published supply-risk methods: EU CRM supply risk and economic importance, USGS DP×TE×EV.

Inputs the bundled data lacks (end-of-life recycling input rates, substitution
indexes, trade-related factors ``t_c``, sector value added, economic vulnerability)
come from optional user tables. An input that is neither in the dataset nor in a
user table is listed in the ``missing_inputs`` column and the score it feeds is NaN:
never silently zero. See ``docs/metrics.md`` for formulas and sources.

User inputs table (a DataFrame, e.g. read from CSV), one row per material with
optional ``stage`` (blank = every stage) and any of these columns:

``eol_rir``   end-of-life recycling input rate (0-1), EU SR
``si_sr``     substitution index for supply risk (0-1), EU SR
``si_ei``     substitution index for economic importance (0-1), EU EI
``ei``        economic importance (0-10) if already computed, EU
``dp``        disruption potential (0-1), USGS (overrides critmin's proxy)
``te``        trade exposure (0-1), USGS (overrides net import reliance)
``ev``        economic vulnerability, USGS
``recycling_t`` recycled output of the economy (t/yr), CRMA scorecard
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from critmin.core.numbers import number_rule, parse_number
from critmin.data.dataset import Dataset
from critmin.metrics import _kernels as k
from critmin.metrics._common import (
    REST_OF_WORLD,
    Economy,
    MetricsError,
    as_list,
    chain_year,
    check_names,
    default_year,
    join,
    resolve_economy,
    stage_order,
)
from critmin.metrics.concentration import production_rows, wgi_map
from critmin.metrics.reliance import import_reliance_frame, trade_rows

logger = logging.getLogger(__name__)

INPUT_COLUMNS = ("eol_rir", "si_sr", "si_ei", "ei", "dp", "te", "ev", "recycling_t")

EU_SR_THRESHOLD = 1.0
"""Supply-risk threshold of the EU CRM method (critical if SR ≥ 1 and EI ≥ 2.8)."""
EU_EI_THRESHOLD = 2.8
"""Economic-importance threshold of the EU CRM method."""


def numeric_column(cells: pd.Series, table: str, column: str) -> pd.Series:
    """A user table's column as finite floats (blank: NaN, a missing input), by the number
    rule of :mod:`critmin.core.numbers`; :class:`MetricsError` names row and column."""
    values = []
    for i, v in enumerate(cells):
        if v is None or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v):
            values.append(np.nan)
            continue
        x = parse_number(v) if isinstance(v, str) else float(v)
        if x is None or not np.isfinite(x):
            shown = repr(v) if len(str(v)) <= 40 else f"{str(v)[:20]!r}..."
            msg = f"{table}, row {i + 2}, column {column!r}: {shown} is not {number_rule()}"
            raise MetricsError(msg)
        values.append(x)
    return pd.Series(values, index=cells.index, dtype="float64")


def check_inputs(inputs: pd.DataFrame | None) -> pd.DataFrame:
    """Validate a user inputs table; return it with a ``stage`` column ("" = all stages)."""
    if inputs is None:
        return pd.DataFrame(columns=["material", "stage", *INPUT_COLUMNS])
    if "material" not in inputs.columns:
        msg = "the inputs table needs a 'material' column"
        raise MetricsError(msg)
    unknown = [c for c in inputs.columns if c not in ("material", "stage", *INPUT_COLUMNS)]
    if unknown:
        msg = (f"unknown column(s) {', '.join(unknown)} in the inputs table; known: material, "
               f"stage, {', '.join(INPUT_COLUMNS)}")
        raise MetricsError(msg)
    out = inputs.copy()
    if "stage" not in out.columns:
        out["stage"] = ""
    out["stage"] = out["stage"].fillna("").astype(str)
    for c in INPUT_COLUMNS:
        if c not in out.columns:
            out[c] = np.nan
        out[c] = numeric_column(out[c], "the inputs table", c)
    for c in ("eol_rir", "si_sr", "si_ei", "dp", "te"):
        bad = out[c].notna() & ((out[c] < 0) | (out[c] > 1))
        if bad.any():
            msg = f"inputs column {c!r} must lie in [0, 1]; bad rows: {list(out.index[bad])}"
            raise MetricsError(msg)
    return out


def lookup(inputs: pd.DataFrame, material: str, stage: str, column: str) -> float:
    """A user input for (material, stage): a stage-specific row wins over a blank-stage row."""
    rows = inputs.loc[inputs["material"] == material]
    for st in (stage, ""):
        vals = rows.loc[rows["stage"] == st, column].dropna()
        if len(vals):
            return float(vals.iloc[0])
    return float("nan")


def _t_factors(trade_factors: pd.DataFrame | Mapping[str, float] | None,
               material: str) -> dict[str, float]:
    if trade_factors is None:
        return {}
    if isinstance(trade_factors, Mapping):
        return {str(c): float(v) for c, v in trade_factors.items()}
    tf = trade_factors
    if not {"country", "t_c"} <= set(tf.columns):
        msg = "the trade-factors table needs columns 'country' and 't_c' (and optional 'material')"
        raise MetricsError(msg)
    tf = tf.assign(t_c=numeric_column(tf["t_c"], "the trade-factors table", "t_c"))
    if "material" in tf.columns:
        mat = tf["material"].fillna("").astype(str)
        generic = tf.loc[mat == ""]
        specific = tf.loc[mat == material]
        out = dict(zip(generic["country"], generic["t_c"].astype(float), strict=True))
        out.update(zip(specific["country"], specific["t_c"].astype(float), strict=True))
        return out
    return dict(zip(tf["country"], tf["t_c"].astype(float), strict=True))


def _hhi_wgi_t(qty: Mapping[str, float], wgi: Mapping[str, float],
               t: Mapping[str, float]) -> tuple[float, list[str]]:
    """``Σ s² · WGI · t`` over named countries of ``qty``; missing WGI listed."""
    total = sum(qty.values())
    if total <= 0:
        return float("nan"), []
    named = [c for c in sorted(qty) if c not in REST_OF_WORLD and qty[c] > 0]
    s = np.array([qty[c] / total for c in named])
    w = np.array([wgi.get(c, np.nan) for c in named])
    tt = np.array([t.get(c, 1.0) for c in named])
    lacking = [c for c, x in zip(named, w, strict=True) if np.isnan(x)]
    return float(k.hhi_wgi(s, w, tt)), lacking


def _risk_stages(ds: Dataset, stages: Sequence[str] | None) -> list[str]:
    if stages is not None:
        return list(stages)
    return [s for s, o in stage_order(ds).items() if o <= 2]


def _risk_inputs(ds: Dataset, economy: str | Sequence[str], year: int | None,
                 inputs: pd.DataFrame | None, materials: str | Sequence[str] | None,
                 stages: str | Sequence[str] | None, trade_fallback: bool
                 ) -> tuple[Economy, int, pd.DataFrame, pd.DataFrame, pd.DataFrame,
                            pd.DataFrame]:
    """What both supply-risk methods start from: the economy, the year, the checked user
    inputs table, the year's trade and production at the assessed stages, and the net
    import reliance per material × stage."""
    eco = resolve_economy(ds, economy)
    year = default_year(ds) if year is None else int(year)
    table = check_inputs(inputs)
    mats, stgs = as_list(materials), _risk_stages(ds, as_list(stages))
    check_names("material", mats, ds.materials["material"])
    check_names("stage", stgs, ds.stages["stage"])
    cap, trade = chain_year(ds, year, trade_fallback)
    cap, trade = cap.loc[cap["stage"].isin(stgs)], trade.loc[trade["stage"].isin(stgs)]
    if mats is not None:
        cap, trade = cap.loc[cap["material"].isin(mats)], trade.loc[trade["material"].isin(mats)]
    known, _ = production_rows(cap)
    rel = import_reliance_frame(cap, trade, eco).set_index(["material", "stage"])
    return eco, year, table, trade, known, rel


def eu_supply_risk(ds: Dataset, economy: str | Sequence[str],
                   inputs: pd.DataFrame | None = None,
                   trade_factors: pd.DataFrame | Mapping[str, float] | None = None,
                   materials: str | Sequence[str] | None = None,
                   stages: str | Sequence[str] | None = None, year: int | None = None,
                   by_stage: bool = False, trade_fallback: bool = True) -> pd.DataFrame:
    """EU CRM supply risk (Blengini et al. 2017) for an importing economy.

    ``SR = [HHI_WGI,t(GS) · IR/2 + HHI_WGI,t(sourcing) · (1 − IR/2)] · (1 − EoL_RIR) · SI_SR``

    with ``HHI_WGI,t = Σ_c s_c² · WGI_scaled,c · t_c`` (shares as fractions), GS the
    global supply (production shares), sourcing the economy's actual sourcing
    (members' production + imports from each outside country), ``IR`` its net
    import reliance clipped to [0, 1]. Computed for each stage (default: the
    extraction and processing stages, order ≤ 2) and the highest kept.

    Parameters
    ----------
    economy : str or list of str
        The assessing economy (the EU in the published method; here any country,
        group such as ``"EU27"``, or coalition).
    inputs : DataFrame, optional
        ``material[, stage], eol_rir, si_sr`` (see module doc). Absent values make
        ``supply_risk`` NaN and are named in ``missing_inputs``.
    trade_factors : DataFrame or mapping, optional
        ``country, t_c[, material]``; absent countries use ``t_c = 1`` (neutral),
        noted in ``notes``.
    by_stage : bool
        One row per material × stage instead of the per-material maximum.
    trade_fallback : bool
        Carry trade rows forward from earlier years (the chain in a year of
        :func:`critmin.metrics._common.chain_year`); ``False``: only ``year``'s own.

    Returns
    -------
    DataFrame
        ``economy, material, stage, year, hhi_wgi_gs, hhi_wgi_sourcing,
        import_reliance, eol_rir, si_sr, sr_concentration, supply_risk,
        missing_inputs, notes``; ``sr_concentration`` is the bracket (before
        recycling and substitution), available even when those are missing.
    """
    eco, year, table, trade, known, rel = _risk_inputs(ds, economy, year, inputs, materials,
                                                      stages, trade_fallback)
    t_all = trade_rows(trade)
    wgi = wgi_map(ds)
    rows = []
    for (mat, stg), g in known.groupby(["material", "stage"], sort=True):
        rows.append(_eu_row(eco, mat, stg, year, g, t_all, rel, wgi, table,
                            _t_factors(trade_factors, mat), trade_factors is None))
    out = pd.DataFrame(rows, columns=["economy", "material", "stage", "year", "hhi_wgi_gs",
                                      "hhi_wgi_sourcing", "import_reliance", "eol_rir", "si_sr",
                                      "sr_concentration", "supply_risk", "missing_inputs",
                                      "notes"])
    if by_stage or out.empty:
        return out
    return _max_by_material(out, "supply_risk", "sr_concentration")


def _eu_row(eco: Economy, mat: str, stg: str, year: int, g: pd.DataFrame, t_all: pd.DataFrame,
            rel: pd.DataFrame, wgi: Mapping[str, float], table: pd.DataFrame,
            t: Mapping[str, float], no_t: bool) -> dict:
    members = set(eco.members)
    missing: list[str] = []
    notes: list[str] = []
    gs_qty = dict(zip(g["country"], g["production_t"], strict=True))
    hhi_gs, lack = _hhi_wgi_t(gs_qty, wgi, t)
    missing += [f"wgi_scaled:{c}" for c in lack]
    node = t_all.loc[(t_all["material"] == mat) & (t_all["stage"] == stg)]
    src = {c: q for c, q in gs_qty.items() if c in members}
    ext = node.loc[node["importer"].isin(members) & ~node["exporter"].isin(members)]
    for c, q in ext.groupby("exporter")["quantity_t"].sum().items():
        src[str(c)] = src.get(str(c), 0.0) + float(q)
    hhi_src, lack = _hhi_wgi_t(src, wgi, t)
    missing += [f"wgi_scaled:{c}" for c in lack if f"wgi_scaled:{c}" not in missing]
    if not sum(src.values()) > 0:
        missing.append("sourcing (no production or imports of the economy)")
    ir = float(rel["import_reliance"].get((mat, stg), np.nan))
    if np.isnan(ir):
        cons = rel["apparent_consumption_t"].get((mat, stg), np.nan)
        if not np.isnan(cons) and cons <= 0:
            ir = 0.0
            notes.append("net exporter: IR = 0")
        else:
            missing.append("import_reliance")
    ir = float(np.clip(ir, 0.0, 1.0)) if not np.isnan(ir) else ir
    eol, si = lookup(table, mat, stg, "eol_rir"), lookup(table, mat, stg, "si_sr")
    missing += [n for n, v in (("eol_rir", eol), ("si_sr", si)) if np.isnan(v)]
    if no_t:
        notes.append("t_c = 1 for every country (no trade-factors table)")
    bracket = float(hhi_gs * ir / 2 + hhi_src * (1 - ir / 2))
    sr = float(k.eu_supply_risk(hhi_gs, hhi_src, ir, eol, si))
    return {"economy": eco.name, "material": mat, "stage": stg, "year": year,
            "hhi_wgi_gs": hhi_gs, "hhi_wgi_sourcing": hhi_src, "import_reliance": ir,
            "eol_rir": eol, "si_sr": si, "sr_concentration": bracket, "supply_risk": sr,
            "missing_inputs": join(missing), "notes": join(notes)}


def _max_by_material(df: pd.DataFrame, score: str, fallback: str) -> pd.DataFrame:
    """Keep, per material, the stage with the highest score (the bottleneck stage)."""
    key = df[score].where(df[score].notna(), -np.inf)
    alt = df[fallback].fillna(-np.inf)
    ranked = df.assign(_k=key, _a=alt).sort_values(["material", "_k", "_a", "stage"],
                                                   ascending=[True, False, False, True])
    out = ranked.groupby("material", sort=True).head(1).drop(columns=["_k", "_a"])
    chosen = set(zip(out["material"], out["stage"], strict=True))
    extra: dict[str, list[str]] = {}
    for mat, stg, miss, val in zip(df["material"], df["stage"], df["missing_inputs"], df[score],
                                   strict=True):
        if (mat, stg) not in chosen and miss and np.isnan(val):
            extra.setdefault(mat, []).extend(f"{stg}:{m}" for m in miss.split(";"))
    out["missing_inputs"] = [join([*(m.split(";") if m else []), *extra.get(mat, [])])
                             for mat, m in zip(out["material"], out["missing_inputs"],
                                               strict=True)]
    return out.reset_index(drop=True)


def eu_economic_importance(ds: Dataset, economy: str | Sequence[str],
                           sector_value_added: pd.DataFrame | Mapping[str, float] | None = None,
                           inputs: pd.DataFrame | None = None,
                           materials: str | Sequence[str] | None = None,
                           year: int | None = None) -> pd.DataFrame:
    """EU CRM economic importance: ``EI = Σ_s A_s · Q_s / max_s Q_s · 10 · SI_EI``.

    ``A_s`` is the share of the material's demand in sector ``s`` (from
    ``ds.demand`` for the economy's members in ``year``), ``Q_s`` the sector's value
    added (user table ``sector, value_added_musd``), scaled to 0-10 by the largest
    sector value added; ``SI_EI`` from the inputs table. A precomputed ``ei`` in the
    inputs table is used as is. Missing pieces give NaN and a ``missing_inputs`` entry.

    Returns
    -------
    DataFrame
        ``economy, material, year, ei_unscaled, si_ei, economic_importance,
        missing_inputs``.
    """
    eco = resolve_economy(ds, economy)
    year = default_year(ds) if year is None else int(year)
    table = check_inputs(inputs)
    mats = as_list(materials)
    check_names("material", mats, ds.materials["material"])
    va = _value_added(sector_value_added)
    dem = ds.demand.loc[(ds.demand["year"].astype("int64") == year)
                        & ds.demand["country"].isin(eco.members)]
    if "outlook" in dem.columns:
        dem = dem.loc[dem["outlook"].fillna("") == ""]
    names = sorted(set(dem["material"]) | set(table["material"]))
    if mats is not None:
        names = [m for m in names if m in mats]
    rows = []
    for mat in names:
        missing: list[str] = []
        given = lookup(table, mat, "", "ei")
        si = lookup(table, mat, "", "si_ei")
        raw = float("nan")
        d = dem.loc[dem["material"] == mat].groupby("sector")["demand_t"].sum()
        if d.sum() > 0 and va:
            absent = [s for s in d.index if s not in va]
            missing += [f"value_added:{s}" for s in absent]
            if not absent:
                a = d / d.sum()
                raw = float(sum(a[s] * va[s] for s in a.index) / max(va.values()) * 10)
        elif not va:
            missing.append("sector_value_added")
        else:
            missing.append("demand by sector")
        if np.isnan(si):
            missing.append("si_ei")
        ei = given if not np.isnan(given) else raw * si
        if not np.isnan(given):
            missing = []
        rows.append({"economy": eco.name, "material": mat, "year": year, "ei_unscaled": raw,
                     "si_ei": si, "economic_importance": ei, "missing_inputs": join(missing)})
    return pd.DataFrame(rows, columns=["economy", "material", "year", "ei_unscaled", "si_ei",
                                       "economic_importance", "missing_inputs"])


def _value_added(va: pd.DataFrame | Mapping[str, float] | None) -> dict[str, float]:
    if va is None:
        return {}
    if isinstance(va, Mapping):
        return {str(s): float(v) for s, v in va.items()}
    if not {"sector", "value_added_musd"} <= set(va.columns):
        msg = "the sector value-added table needs columns 'sector' and 'value_added_musd'"
        raise MetricsError(msg)
    return dict(zip(va["sector"].astype(str), va["value_added_musd"].astype(float),
                    strict=True))


def eu_criticality(sr: pd.DataFrame, ei: pd.DataFrame) -> pd.DataFrame:
    """Join supply risk and economic importance; ``critical`` if SR ≥ 1.0 and EI ≥ 2.8.

    ``critical`` is ``<NA>`` where either score is missing.
    """
    out = sr.merge(ei[["economy", "material", "year", "economic_importance", "missing_inputs"]],
                   on=["economy", "material", "year"], how="outer", suffixes=("", "_ei"))
    out["missing_inputs"] = [join([*str(a or "").split(";"), *str(b or "").split(";")])
                             for a, b in zip(out["missing_inputs"].fillna(""),
                                             out["missing_inputs_ei"].fillna(""), strict=True)]
    both = out["supply_risk"].notna() & out["economic_importance"].notna()
    crit = (out["supply_risk"] >= EU_SR_THRESHOLD) & (out["economic_importance"]
                                                      >= EU_EI_THRESHOLD)
    out["critical"] = pd.array([bool(c) if b else pd.NA for c, b in zip(crit, both,
                                                                        strict=True)],
                               dtype="boolean")
    return out.drop(columns=["missing_inputs_ei"])


def usgs_supply_risk(ds: Dataset, economy: str | Sequence[str] = "USA",
                     inputs: pd.DataFrame | None = None,
                     materials: str | Sequence[str] | None = None,
                     stages: str | Sequence[str] | None = None, year: int | None = None,
                     by_stage: bool = False, trade_fallback: bool = True) -> pd.DataFrame:
    """USGS supply risk ``SR = DP × TE × EV`` (Nassar et al. 2020; OFR 2021-1045).

    * ``DP`` (disruption potential, likelihood of a foreign disruption): from the
      inputs table, else critmin's proxy ``Σ_c s_c² · WGI_scaled,c / 10`` over
      global production (0-1; producers without WGI are named in ``missing_inputs``);
    * ``TE`` (trade exposure, dependency on foreign supply): from the inputs table,
      else the net import reliance clipped to [0, 1];
    * ``EV`` (economic vulnerability, ability of manufacturers to absorb a price
      rise): only from the inputs table — the bundled data has no cost shares or
      profit margins — so ``supply_risk`` is NaN with ``ev`` in ``missing_inputs``
      unless given.

    ``dp_basis``/``te_basis`` say where each came from. Per stage (default: order ≤
    2) and the highest kept unless ``by_stage``. ``trade_fallback`` as in
    :func:`eu_supply_risk`.
    """
    eco, year, table, _, known, rel = _risk_inputs(ds, economy, year, inputs, materials,
                                                  stages, trade_fallback)
    wgi = wgi_map(ds)
    rows = []
    for (mat, stg), g in known.groupby(["material", "stage"], sort=True):
        missing: list[str] = []
        dp = lookup(table, mat, stg, "dp")
        dp_basis = "input"
        if np.isnan(dp):
            hw, lack = _hhi_wgi_t(dict(zip(g["country"], g["production_t"], strict=True)),
                                  wgi, {})
            dp, dp_basis = hw / 10.0, "proxy: sum s^2 WGI/10"
            missing += [f"wgi_scaled:{c}" for c in lack]
        te = lookup(table, mat, stg, "te")
        te_basis = "input"
        if np.isnan(te):
            te_basis = "net import reliance"
            nir = float(rel["import_reliance"].get((mat, stg), np.nan))
            cons = float(rel["apparent_consumption_t"].get((mat, stg), np.nan))
            if np.isnan(nir) and not np.isnan(cons) and cons <= 0:
                nir = 0.0
            te = float(np.clip(nir, 0.0, 1.0)) if not np.isnan(nir) else nir
            if np.isnan(te):
                missing.append("te (no import reliance)")
        ev = lookup(table, mat, stg, "ev")
        if np.isnan(ev):
            missing.append("ev")
        rows.append({"economy": eco.name, "material": mat, "stage": stg, "year": year,
                     "dp": dp, "dp_basis": dp_basis, "te": te, "te_basis": te_basis, "ev": ev,
                     "dp_x_te": dp * te, "supply_risk": dp * te * ev,
                     "missing_inputs": join(missing)})
    out = pd.DataFrame(rows, columns=["economy", "material", "stage", "year", "dp", "dp_basis",
                                      "te", "te_basis", "ev", "dp_x_te", "supply_risk",
                                      "missing_inputs"])
    if by_stage or out.empty:
        return out
    return _max_by_material(out, "supply_risk", "dp_x_te")
