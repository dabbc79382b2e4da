"""The flows of one year as Sankey links: into use → in use by application → end of life →
collected → separated → recycled, with what is lost at each step.

For the applications of the chosen regions in year *t* (t of magnets, or of an element:
times its content), each link is a flow of the MFA (:mod:`critmin.stocks.model`):

* ``into use → in use: a`` = inflow of application *a*;
* ``in use: a → end of life`` = its outflow; ``in use: a → added to stock`` = inflow −
  outflow when positive (``stock drawn down → in use: a`` when negative), so every
  application node balances: inflow − outflow = Δstock;
* ``end of life → collected`` = Σ outflow × collection, the rest ``lost: not collected``;
  applications without a sourced rate go to ``end of life, fate unknown`` (not zero);
* ``collected → separated`` = × separation, the rest ``lost: shredded with the product``;
* ``separated → recycled`` = × recovery, the rest ``lost: not recovered``.

Every node that both receives and sends passes on what it receives (:func:`node_balance`,
checked at run time: :class:`~critmin.exceptions.ConsistencyError` otherwise). Tonnes of
different materials are never mixed: one set of links per material.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from critmin.exceptions import ConsistencyError
from critmin.stocks.inputs import DEFAULT_OUTLOOK, PRODUCT, read_inputs
from critmin.stocks.model import HORIZON, solve_magnets

if TYPE_CHECKING:
    from critmin.data import Dataset
    from critmin.stocks.outlook import Outlook

INTO_USE, EOL, COLLECTED, SEPARATED, RECYCLED = (
    "into use", "end of life", "collected", "separated (recyclable)", "recycled")
ADDED, DRAWN, UNKNOWN = "added to stock in use", "stock drawn down", "end of life, fate unknown"
LOST = {"collection": "lost: not collected", "separation": "lost: shredded with the product",
        "recovery": "lost: not recovered"}
STEP_NODES = (("collection", EOL, COLLECTED), ("separation", COLLECTED, SEPARATED),
              ("recovery", SEPARATED, RECYCLED))
#: Columns of :func:`sankey_links`.
COLUMNS = ["material", "source", "target", "value_t"]


def sankey_links(ds: Dataset, year: int, materials: list[str] | None = None,
                 regions: list[str] | None = None,
                 outlook: str | Outlook = DEFAULT_OUTLOOK) -> pd.DataFrame:
    """Links ``material, source, target, value_t`` of ``year``'s flows (t/yr) in
    ``regions`` (codes or groups, together; default the world), for each of ``materials``
    (default NdFeB and every element); links of zero are left out.

    Raises ValueError for a year outside the model's horizon, an unknown region or material.
    """
    if not HORIZON[0] <= year <= HORIZON[1]:
        msg = f"year {year}: the stocks model covers {HORIZON[0]}:{HORIZON[1]}"
        raise ValueError(msg)
    inputs = read_inputs(ds, end=max(year, 2050), outlook=outlook)
    mats = materials or [PRODUCT, *inputs.contents]
    unknown = [m for m in mats if m != PRODUCT and m not in inputs.contents]
    if unknown:
        msg = (f"unknown material {unknown[0]!r}; the stocks model has {PRODUCT}, "
               f"{', '.join(sorted(inputs.contents))}")
        raise ValueError(msg)
    members = _members(ds, regions)
    cols = [j for j, (r, _) in enumerate(inputs.groups) if members is None or r in members]
    flows = solve_magnets(inputs)
    if year < inputs.years[0]:
        return pd.DataFrame(columns=COLUMNS)
    i = year - inputs.years[0]
    prev = flows["stock_t"][i - 1] if i > 0 else np.zeros(len(inputs.groups))
    by_app: dict[str, dict[str, float]] = {}
    for j in cols:
        app = inputs.groups[j][1]
        row = by_app.setdefault(app, {"inflow": 0.0, "outflow": 0.0, "change": 0.0})
        row["inflow"] += float(flows["inflow_t"][i, j])
        row["outflow"] += float(flows["outflow_t"][i, j])
        row["change"] += float(flows["stock_t"][i, j] - prev[j])
    links = _magnet_links(by_app, {a: [inputs.rates[(a, s)] for s, _, _ in STEP_NODES]
                                   for a in by_app})
    frames = [links.assign(material=m, value_t=links["value_t"] *
                           (1.0 if m == PRODUCT else inputs.contents[m])) for m in mats]
    worst = float(node_balance(links).abs().max()) if not links.empty else 0.0
    if worst > 1e-9 * max(1.0, float(links["value_t"].abs().max())):
        msg = f"Sankey links of {year} do not balance: a node is off by {worst:.3g} t"
        raise ConsistencyError(msg)
    out = pd.concat(frames, ignore_index=True)[COLUMNS]
    return out[out["value_t"] > 0].reset_index(drop=True)


def _members(ds: Dataset, regions: list[str] | None) -> set[str] | None:
    if not regions or "XWL" in regions:
        return None
    try:
        return set(ds.resolve_countries(regions))
    except KeyError as exc:
        raise ValueError(exc.args[0]) from None


def _magnet_links(by_app: dict[str, dict[str, float]],
                  rates: dict[str, list[float]]) -> pd.DataFrame:
    """Links of magnet mass from the per-application flows and rates (nan = unsourced)."""
    rows: list[tuple[str, str, float]] = []
    for app in sorted(by_app):
        f, node = by_app[app], f"in use: {app}"
        rows.append((INTO_USE, node, f["inflow"]))
        rows.append((node, EOL, f["outflow"]))
        net = f["inflow"] - f["outflow"]  # = the change in stock (balance checked by the MFA)
        rows.append((node, ADDED, net) if net >= 0 else (DRAWN, node, -net))
    flows_by_step = []
    for app in sorted(by_app):
        r = rates[app]
        if any(np.isnan(r)):
            rows.append((EOL, UNKNOWN, by_app[app]["outflow"]))
            continue
        flows_by_step.append((by_app[app]["outflow"], r))
    for k, (step, source, target) in enumerate(STEP_NODES):
        kept = sum(q * float(np.prod(r[:k + 1])) for q, r in flows_by_step)
        came = sum(q * float(np.prod(r[:k])) for q, r in flows_by_step)
        rows.append((source, target, kept))
        rows.append((source, LOST[step], came - kept))
    links = pd.DataFrame(rows, columns=["source", "target", "value_t"])
    return links.groupby(["source", "target"], sort=False, as_index=False)["value_t"].sum()


def node_balance(links: pd.DataFrame) -> pd.Series:
    """In − out (t) of every node that both receives and sends (0 when the links balance)."""
    into = links.groupby("target")["value_t"].sum()
    out = links.groupby("source")["value_t"].sum()
    inner = sorted(set(into.index) & set(out.index))
    return (into.reindex(inner) - out.reindex(inner)).rename("in_minus_out_t")
