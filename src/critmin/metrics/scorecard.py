"""EU Critical Raw Materials Act 2030 benchmarks as a coalition scorecard.

Regulation (EU) 2024/1252 (CRMA), Art. 5(1): by 2030 the Union's capacity should
reach at least 10% of its annual consumption of strategic raw materials for
extraction, 40% for processing and 25% for recycling, and no more than 65% of the
Union's annual consumption of each strategic raw material at any relevant stage of
processing should come from a single third country. critmin applies them to any
coalition, treated as one economy (internal trade removed).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd

from critmin.data.dataset import Dataset
from critmin.metrics._common import UNKNOWN, chain_year, join, resolve_economy, stage_order
from critmin.metrics.exposure import exposure_bottlenecks, trace_origins, traced_exposure
from critmin.metrics.reliance import import_reliance_frame
from critmin.metrics.risk import check_inputs, lookup

logger = logging.getLogger(__name__)

SINGLE_COUNTRY_MAX = 0.65
"""CRMA: at most 65% of consumption at any stage from a single third country."""
EXTRACTION_MIN = 0.10
"""CRMA: extraction capacity at least 10% of consumption."""
PROCESSING_MIN = 0.40
"""CRMA: processing capacity at least 40% of consumption."""
RECYCLING_MIN = 0.25
"""CRMA: recycling capacity at least 25% of consumption."""

SCORECARD_COLUMNS = [
    "economy", "material", "stage", "year", "benchmark", "value", "threshold", "rule",
    "meets", "detail", "missing_inputs",
]


def crma_scorecard(ds: Dataset, coalition: str | Sequence[str], year: int | None = None,
                   inputs: pd.DataFrame | None = None,
                   trade_fallback: bool = True) -> pd.DataFrame:
    """The coalition against the CRMA 2030 benchmarks, one row per benchmark and node.

    Benchmarks (``benchmark`` column):

    * ``single_third_country`` — for every material × stage the coalition is
      supplied with: the largest share of its supply (members' production + imports
      from outside, origins traced through re-exports) made in one non-member
      country. Meets if ≤ 0.65. ``detail`` names the country.
    * ``single_third_country_traced`` — critmin's extension: the same share traced up
      the chain, the largest over every upstream stage (the exposure bottleneck of
      :func:`~critmin.metrics.exposure.exposure_bottlenecks`); a magnet made inside
      the coalition from one third country's oxide counts against that country.
    * ``extraction`` — stages of order 1: members' capacity (production where
      capacity is blank) ÷ apparent consumption ``P + M − X``. Meets if ≥ 0.10.
    * ``processing`` — stages of order 2, likewise. Meets if ≥ 0.40.
    * ``recycling`` — ``recycling_t`` from the user inputs table ÷ apparent
      consumption at the material's processing stage. Meets if ≥ 0.25; without
      the input the row has ``value`` NaN, ``meets`` <NA> and ``missing_inputs``
      ``recycling_t``.

    Apparent consumption that is not positive (a net exporter) gives NaN with a
    ``detail`` note. ``trade_fallback``: nodes without trade in ``year`` use their
    latest earlier trade year, as in :func:`~critmin.metrics.exposure.trace_origins`.
    Returns columns :data:`SCORECARD_COLUMNS`; ``meets`` is a
    nullable boolean.
    """
    eco = resolve_economy(ds, coalition)
    tr = trace_origins(ds, year, trade_fallback=trade_fallback)
    year = tr.year
    table = check_inputs(inputs)
    order = stage_order(ds)
    rows: list[dict] = []
    long = traced_exposure(ds, eco.members, trace=tr)
    own = long.loc[(long["upstream_stage"] == long["stage"])
                   & ~long["origin"].isin([*eco.members, UNKNOWN])]
    for (mat, stg), g in long.groupby(["material", "stage"], sort=True):
        o = own.loc[(own["material"] == mat) & (own["stage"] == stg)]
        o = o.sort_values(["share", "origin"], ascending=[False, True])
        share = float(o["share"].iloc[0]) if len(o) else 0.0
        who = str(o["origin"].iloc[0]) if len(o) and share > 0 else ""
        unk = float(g.loc[(g["upstream_stage"] == stg) & (g["origin"] == UNKNOWN),
                          "share"].sum())
        rows.append(_row(eco.name, mat, stg, year, "single_third_country", share,
                         SINGLE_COUNTRY_MAX, "<=", who, "unknown origin" if unk > 0 else ""))
    bott = exposure_bottlenecks(ds, eco.members, trace=tr)
    for r in bott.itertuples(index=False):
        rows.append(_row(eco.name, r.material, r.stage, year, "single_third_country_traced",
                         float(r.bottleneck_share), SINGLE_COUNTRY_MAX, "<=",
                         f"{r.bottleneck_origin} at {r.bottleneck_stage}"
                         if r.bottleneck_share > 0 else "", ""))
    cap, trade = chain_year(ds, year, trade_fallback)
    rel = import_reliance_frame(cap, trade, eco).set_index(["material", "stage"])
    members = cap.loc[cap["country"].isin(eco.members)]
    for (mat, stg), r in rel.iterrows():
        o = order.get(stg)
        if o not in (1, 2):
            continue
        bench, thr = ("extraction", EXTRACTION_MIN) if o == 1 else ("processing", PROCESSING_MIN)
        m = members.loc[(members["material"] == mat) & (members["stage"] == stg)]
        capacity = m["capacity_t"].where(m["capacity_t"].notna(), m["production_t"])
        basis = ("capacity_t" if m["capacity_t"].notna().all()
                 else "production_t where capacity_t is blank")
        cons = float(r["apparent_consumption_t"])
        missing = join(m.loc[m["capacity_t"].isna() & m["production_t"].isna(), "country"])
        if cons > 0:
            val, detail = float(np.nansum(capacity)) / cons, basis
        else:
            val, detail = float("nan"), "apparent consumption not positive (net exporter)"
        rows.append(_row(eco.name, mat, stg, year, bench, val, thr, ">=", detail,
                         f"capacity:{missing}" if missing else ""))
        if o == 2:
            rec = lookup(table, mat, stg, "recycling_t")
            val = rec / cons if cons > 0 and not np.isnan(rec) else float("nan")
            rows.append(_row(eco.name, mat, stg, year, "recycling", val, RECYCLING_MIN, ">=",
                             "recycling_t from inputs" if not np.isnan(rec) else "",
                             "recycling_t" if np.isnan(rec) else ""))
    out = pd.DataFrame(rows, columns=SCORECARD_COLUMNS)
    out["meets"] = out["meets"].astype("boolean")
    bench_order = {"single_third_country": 0, "single_third_country_traced": 1,
                   "extraction": 2, "processing": 3, "recycling": 4}
    out = out.sort_values(["material", "stage", "benchmark"],
                          key=lambda s: s.map(bench_order) if s.name == "benchmark" else s)
    return out.reset_index(drop=True)


def _row(economy: str, material: str, stage: str, year: int, benchmark: str, value: float,
         threshold: float, rule: str, detail: str, missing: str) -> dict:
    if np.isnan(value):
        meets = pd.NA
    else:
        meets = bool(value <= threshold + 1e-12) if rule == "<=" else bool(
            value >= threshold - 1e-12)
    return {"economy": economy, "material": material, "stage": stage, "year": year,
            "benchmark": benchmark, "value": value, "threshold": threshold, "rule": rule,
            "meets": meets, "detail": detail, "missing_inputs": missing}
