"""Flows of HS codes → trade rows of (stage, material) in tonnes of the material.

quantity_t = Σ over the row's flows with a quantity of (t of good × factor of its code),
where factor is the HS map's t of material per t of good. Flows without a quantity are
left out of quantity_t and counted in the row's note; a row whose flows all lack a
quantity is left out (its quantity is unknown, not zero). Flows whose exporter and
importer are the same after pooling non-ISO areas into XOT are left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from critmin.data.tradeio.hsmap import HsMap

if TYPE_CHECKING:
    import pandas as pd

KEY = ["exporter", "importer", "stage", "material", "year"]
_BASIS = {"importer": "importer-reported", "exporter": "exporter-reported (mirror)",
          "reconciled": "reconciled flow"}


def aggregate_flows(flows: pd.DataFrame, hs_map: HsMap,
                    label: str) -> tuple[pd.DataFrame, dict[str, float]]:
    """Trade rows from flows with columns ``year, exporter, importer, k, flows,
    flows_no_quantity, quantity`` (t of good), ``value_kusd, source_id, reported_by``.

    Returns the rows (``trade.csv`` columns plus ``value_usd, hs_codes, reported_by``)
    and counts of what was left out.
    """
    import pandas as pd

    skipped: dict[str, float] = {}
    df = flows.copy()
    self_flow = df["exporter"] == df["importer"]
    skipped["flows_within_one_country_or_XOT"] = int(df.loc[self_flow, "flows"].sum())
    df = df[~self_flow]
    mapped = [hs_map.factor_of(k) for k in df["k"]]
    df["stage"] = [m[0] for m in mapped]
    df["material"] = [m[1] for m in mapped]
    df["quantity_t"] = df["quantity"] * [m[2] for m in mapped]
    df["value_usd"] = df["value_kusd"] * 1000.0
    rows = []
    for key, g in df.groupby([*KEY, "source_id"], sort=True):
        rows.append({**dict(zip([*KEY, "source_id"], key, strict=True)),
                     "quantity_t": g["quantity_t"].sum(min_count=1),
                     "value_usd": g["value_usd"].sum(min_count=1),
                     "hs_codes": ";".join(sorted(set(g["k"]))),
                     "reported_by": ";".join(sorted(set(g["reported_by"]))),
                     "note": _note(g, hs_map, label)})
    out = pd.DataFrame(rows, columns=[*KEY, "quantity_t", "source_id", "note", "value_usd",
                                      "hs_codes", "reported_by"])
    unknown = out["quantity_t"].isna()
    skipped["rows_without_any_quantity"] = int(unknown.sum())
    skipped["flows_without_quantity"] = int(df["flows_no_quantity"].sum())
    out = out[~unknown].reset_index(drop=True)
    dup = out.duplicated(KEY, keep=False)
    if dup.any():
        from critmin.data.tradeio.common import fail

        r = out[dup].iloc[0]
        raise fail(", ".join(sorted(set(out.loc[dup, "source_id"]))), None, "year", "duplicate_key",
                   f"two files hold {r['exporter']}→{r['importer']} {r['stage']} "
                   f"{r['material']} {r['year']}: import each year once")
    return out, skipped


def _note(g: pd.DataFrame, hs_map: HsMap, label: str) -> str:
    parts = []
    for basis, gb in g.groupby("reported_by", sort=True):
        codes = ", ".join(f"{k} x {hs_map.factor_of(k)[2]:g}" for k in sorted(set(gb["k"])))
        parts.append(f"{label} {_BASIS[basis]}: HS {codes}")
    note = f"{'; '.join(parts)}; {int(g['flows'].sum())} flow(s)"
    missing = int(g["flows_no_quantity"].sum())
    if missing:
        note += f", {missing} without a quantity left out"
    return note
