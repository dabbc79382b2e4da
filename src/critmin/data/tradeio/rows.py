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
    skipped: dict[str, float] = {}
    df = flows.copy()
    self_flow = df["exporter"] == df["importer"]
    skipped["flows_within_one_country_or_XOT"] = int(df.loc[self_flow, "flows"].sum())
    df = df[~self_flow]
    columns = [*KEY, "quantity_t", "source_id", "note", "value_usd", "hs_codes",
               "reported_by"]
    if df.empty:
        import pandas as pd

        skipped.update(rows_without_any_quantity=0, flows_without_quantity=0)
        return pd.DataFrame(columns=columns), skipped
    mapped = [hs_map.factor_of(k) for k in df["k"]]
    df["stage"] = [m[0] for m in mapped]
    df["material"] = [m[1] for m in mapped]
    df["factor"] = [m[2] for m in mapped]
    df["quantity_t"] = df["quantity"] * df["factor"]
    df["value_usd"] = df["value_kusd"] * 1000.0
    keys = [*KEY, "source_id"]
    df = df.sort_values([*keys, "reported_by", "k"])
    text = _texts(df, keys, label)
    sums = df.groupby(keys, sort=False)[["quantity_t", "value_usd"]].sum(min_count=1)
    counts = df.groupby(keys, sort=False)[["flows", "flows_no_quantity"]].sum()
    out = sums.join(counts).join(text).reset_index()
    out["note"] += "; " + out["flows"].astype(int).astype(str) + " flow(s)"
    missing = out["flows_no_quantity"] > 0
    out.loc[missing, "note"] += (", " + out.loc[missing, "flows_no_quantity"].astype(int)
                                 .astype(str) + " without a quantity left out")
    out = out.reindex(columns=columns)
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


def _texts(df: pd.DataFrame, keys: list[str], label: str) -> pd.DataFrame:
    """Per row key: the note's start (codes and factors by reporter), the HS codes and who
    reported. A plain loop: nearly every row has one flow, and pandas' string
    aggregations call Python per group anyway."""
    import pandas as pd

    parts: dict[tuple, dict[str, list[str]]] = {}
    rows = zip(*(df[c].tolist() for c in [*keys, "reported_by", "k", "factor"]), strict=True)
    for *key, basis, k, factor in rows:
        parts.setdefault(tuple(key), {}).setdefault(basis, []).append(f"{k} x {factor:g}")
    out = {key: {"note": "; ".join(f"{label} {_BASIS[b]}: HS {', '.join(t)}"
                                   for b, t in by.items()),
                 "hs_codes": ";".join(sorted({t.split(" ")[0] for ts in by.values()
                                              for t in ts})),
                 "reported_by": ";".join(by)}
           for key, by in parts.items()}
    index = pd.MultiIndex.from_tuples(list(out), names=keys)
    return pd.DataFrame(list(out.values()), index=index)
