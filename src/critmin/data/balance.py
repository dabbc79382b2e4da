"""Mass balance of a dataset: what each country has, sends and uses, and what is left over.

Per country × stage × material × year::

    supply_t    = production_t + imports_t
    residual_t  = supply_t − exports_t − consumption_t − stock_change_t
    residual_share = residual_t / supply_t

``production_t`` from capacity (blank = 0), ``imports_t``/``exports_t`` from trade (rows of
basis ``partial`` left out), ``consumption_t`` the stated demand of observed years
(``outlook`` blank; ``consumption_stated`` says whether there is any), ``stock_change_t``
the change of dated holdings of stockpiles between the latest figure of the year before
and of the year (0 where a holder has no figure in both years). A row is **flagged** when
``|residual_share|`` exceeds the threshold and either consumption is stated or the residual
is negative (more leaves than there was). Without stated consumption the residual is the
apparent consumption.

>>> from critmin.data import load_sample
>>> b = mass_balance(load_sample())
>>> r = b[(b.country == "JPN") & (b.stage == "magnet") & (b.year == 2024)].iloc[0]
>>> [float(r[c]) for c in ("production_t", "exports_t", "consumption_t", "residual_t")]
[10000.0, 1000.0, 8700.0, 300.0]
>>> float(r.residual_share), bool(r.flagged)
(0.03, False)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from critmin.data.dataset import Dataset

KEY = ["country", "stage", "material", "year"]
COLUMNS = [*KEY, "production_t", "imports_t", "exports_t", "consumption_t", "stock_change_t",
           "supply_t", "residual_t", "residual_share", "consumption_stated", "flagged"]


def _stock_change(ds: Dataset) -> pd.DataFrame:
    import pandas as pd

    st = ds.stockpiles
    st = st[st["quantity_t"].notna() & (st["as_of"].astype(str) != "")].copy()
    if st.empty:
        return pd.DataFrame(columns=[*KEY, "stock_change_t"])
    st["year"] = st["as_of"].astype(str).str[:4].astype(int)
    last = (st.sort_values("as_of").groupby(["country", "holder", "stage", "material", "year"])
            ["quantity_t"].last().reset_index())
    prev = last.assign(year=last["year"] + 1).rename(columns={"quantity_t": "before"})
    both = last.merge(prev, on=["country", "holder", "stage", "material", "year"])
    both["stock_change_t"] = both["quantity_t"] - both["before"]
    return both.groupby(KEY, as_index=False)["stock_change_t"].sum()


def mass_balance(ds: Dataset, threshold: float = 0.2, years: list[int] | None = None,
                 materials: list[str] | None = None) -> pd.DataFrame:
    """The balance of every country × stage × material × year with any figure.

    Returns a frame of :data:`COLUMNS` (t/yr), sorted by ``|residual_share|``, flagged
    rows first.
    """

    cap = ds.capacity.groupby(KEY, as_index=False)["production_t"].sum(min_count=1)
    trade = ds.trade[ds.trade["basis"].astype(str) != "partial"]
    imports = (trade.rename(columns={"importer": "country"})
               .groupby(KEY, as_index=False)["quantity_t"].sum()
               .rename(columns={"quantity_t": "imports_t"}))
    exports = (trade.rename(columns={"exporter": "country"})
               .groupby(KEY, as_index=False)["quantity_t"].sum()
               .rename(columns={"quantity_t": "exports_t"}))
    dem = ds.demand[ds.demand["outlook"].astype(str) == ""]
    use = (dem.groupby(KEY, as_index=False)["demand_t"].sum()
           .rename(columns={"demand_t": "consumption_t"}))
    frames = [cap, imports, exports, use, _stock_change(ds)]
    out = frames[0]
    for f in frames[1:]:
        out = out.merge(f, on=KEY, how="outer")
    out = out.reindex(columns=[*KEY, "production_t", "imports_t", "exports_t",
                               "consumption_t", "stock_change_t"])
    out["consumption_stated"] = out["consumption_t"].notna()
    values = ["production_t", "imports_t", "exports_t", "consumption_t", "stock_change_t"]
    out[values] = out[values].astype(float).fillna(0.0)
    if years:
        out = out[out["year"].isin(years)]
    if materials:
        out = out[out["material"].isin(materials)]
    out["supply_t"] = out["production_t"] + out["imports_t"]
    out["residual_t"] = (out["supply_t"] - out["exports_t"] - out["consumption_t"]
                         - out["stock_change_t"])
    supply = out["supply_t"].where(out["supply_t"] > 0)
    out["residual_share"] = out["residual_t"] / supply
    big = out["residual_share"].abs() > threshold
    big |= out["residual_share"].isna() & (out["residual_t"] < 0)
    out["flagged"] = big & (out["consumption_stated"] | (out["residual_t"] < 0))
    out["year"] = out["year"].astype(int)
    order = out.assign(_f=~out["flagged"], _s=-out["residual_share"].abs().fillna(0))
    return (order.sort_values(["_f", "_s", *KEY]).drop(columns=["_f", "_s"])
            .reindex(columns=COLUMNS).reset_index(drop=True))
