"""Base-year prices of the chain's goods, in USD per kg, from the dataset's ``prices.csv``.

One price per good: the row of the latest year not after ``year`` (else the earliest),
preferring the ``world`` region (FOB China for rare earths, as USGS prints Argus's) to a
national one. Separation goods count tonnes of contained element in the chain while oxide
prices are quoted per kg of oxide; :class:`BasePrice` keeps both (``per_kg_good`` =
oxide price / element per oxide).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from critmin.data import Dataset
from critmin.model.network import Good


@dataclass(frozen=True)
class BasePrice:
    """A good's base price: ``quoted`` USD/kg of ``form`` (e.g. ``Dy2O3`` for an oxide
    price), ``to_good`` kg of the good (as the chain counts it) per kg quoted, and where it
    comes from."""

    quoted: float
    form: str
    to_good: float
    region: str
    year: int
    source_id: str

    @property
    def per_kg_good(self) -> float:
        """USD per kg of the good as the chain counts it (element content for oxides)."""
        return self.quoted / self.to_good

    @property
    def note(self) -> str:
        conv = f" (oxide price / {self.to_good:g} element per oxide)" if self.to_good != 1 \
            else ""
        return f"prices.csv {self.region} {self.year}{conv}"


def base_price(ds: Dataset, good: Good, year: int | None = None) -> BasePrice | None:
    """The base price of ``good`` (None where the dataset has none)."""
    st, m = good
    p = ds.prices
    sel = p[(p["material"] == m) & (p["stage"] == st)].dropna(subset=["price_usd_per_kg"])
    if sel.empty:
        return None
    years = sel["year"].astype(int)
    if year is not None:
        past = years <= year
        dist = (year - years).where(past, (years - year) + 10_000)
    else:
        dist = -years
    sel = sel.assign(_d=dist, _w=(sel["region"] != "world").astype(int)).sort_values(
        ["_d", "_w"], kind="stable")
    row = sel.iloc[0]
    form, to_good = m, 1.0
    mat = ds.materials[ds.materials["material"] == m]
    text = str(row.get("product", "")).lower()
    if st == "separation" and "oxide" in text and len(mat):
        epo = float(mat["element_per_oxide"].iloc[0]) if "element_per_oxide" in mat else math.nan
        if epo == epo and epo > 0:
            to_good = epo
            oxide = str(mat["oxide"].iloc[0]) if "oxide" in mat else ""
            form = oxide or f"{m} oxide"
    return BasePrice(float(row["price_usd_per_kg"]), form, to_good, str(row["region"]),
                     int(row["year"]), str(row["source_id"]))
