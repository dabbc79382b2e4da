"""Contracts mode: importers keep their baseline shares, lost volume refilled pro rata.

:func:`contract_terms` turns a period's numbers and the no-shock baseline into the
contracts' terms; :func:`define_contracts` writes their rows (``docs/model.md``,
"Contracts"). Unlike the market mode, which rows exist depends on the numbers (who lost
volume), so a contracts-mode period's LP is built anew.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from critmin.chain.lp import INF, LinearProgram, RowTerms
from critmin.chain.structure import CO, Structure

if TYPE_CHECKING:
    from critmin.chain.numbers import PeriodNumbers

TOL = 1e-9

FlowKey = tuple[str, str, str, str]
NodeKey = tuple[str, str, str]


@dataclass
class ContractTerms:
    """The contracts of one period.

    Attributes
    ----------
    share : trade pair → baseline share of the exporter's production.
    volume : trade pair → fixed volume (t per period) where the exporter had no production.
    spare : producer → spare capacity (t per period) above its baseline production.
    loss : (importer, stage, material) → volume withheld from the importer by controls.
    capped, co_capped : trade pairs with a control row / a cap on the controlled-origin
        class this period.
    """

    share: dict[FlowKey, float] = field(default_factory=dict)
    volume: dict[FlowKey, float] = field(default_factory=dict)
    spare: dict[NodeKey, float] = field(default_factory=dict)
    loss: dict[NodeKey, float] = field(default_factory=dict)
    capped: dict[FlowKey, float] = field(default_factory=dict)
    co_capped: dict[FlowKey, float] = field(default_factory=dict)

    def has_terms(self, key: FlowKey) -> bool:
        """Does the pair trade under a contract (a share or a fixed volume)?"""
        return key in self.share or key in self.volume


def contract_terms(s: Structure, v: PeriodNumbers, base_flows: np.ndarray,
                   base_production: np.ndarray, frac: float) -> ContractTerms:
    """The contracts of a period of ``frac`` years, from the no-shock baseline's annual
    flows (per trade pair) and production (per producer).

    Each importer keeps its share ``σ = f/x`` of the exporter's baseline production (or
    its baseline volume where the exporter produced nothing), spare capacity is capacity
    above baseline production, and the loss of an importer is what controls withhold from
    its baseline flows.
    """
    out = ContractTerms()
    prod = dict(zip(s.producers, base_production.tolist(), strict=True))
    for n, key in enumerate(s.flows):
        f = float(base_flows[n])
        if f <= TOL:
            continue
        x = prod.get((key[0], key[2], key[3]), 0.0)
        if x > TOL:
            out.share[key] = f / x
        else:
            out.volume[key] = f * frac
    for n, key in enumerate(s.producers):
        out.spare[key] = max(0.0, float(v.production_ub[n]) - prod.get(key, 0.0) * frac)
    out.capped = {s.flows[n]: float(v.cap[n]) for n in np.flatnonzero(np.isfinite(v.cap))}
    out.co_capped = {s.flows[n]: float(v.co_cap[n])
                     for n in np.flatnonzero(np.isfinite(v.co_cap))}
    for caps in (out.capped, out.co_capped):
        for key, cap in caps.items():
            lost = max(0.0, float(base_flows[s.flows.position(key)]) * frac - cap)
            node = (key[1], key[2], key[3])
            out.loss[node] = out.loss.get(node, 0.0) + lost
    return out


def define_contracts(lp: LinearProgram, s: Structure, t: ContractTerms,
                     bal: RowTerms) -> None:
    """Each importer keeps its baseline share of the exporter's output
    (``Σ_c f[e,i,g,c] = σ·Σ_c x[e,g,c]``, ``≤`` where a control caps the flow), and lost
    volumes are refilled pro rata from spare capacity: ``Σ_e r[e,i,g] = θ_g · loss[i,g]``
    with ``0 ≤ θ_g ≤ 1`` and ``Σ_i r[e,i,g] ≤ spare[e,g]``."""
    flow = lp.cols.get("flow", {})
    for key, sigma in t.share.items():
        e, _, st, m = key
        terms = [(flow[(*key, c)], 1.0) for c in s.classes[(st, m)]]
        terms += [(lp.cols["production"][(e, st, m, c)], -sigma)
                  for c in s.prod_classes[(e, st, m)]]
        lp.add_row("share", key, terms, -INF if key in t.capped else 0.0, 0.0)
    for key, vol in t.volume.items():
        terms = [(flow[(*key, c)], 1.0) for c in s.classes[(key[2], key[3])]]
        lp.add_row("share", key, terms, -INF, vol)
    losers: dict[tuple[str, str], list[str]] = {}
    for (i, st, m), lost in t.loss.items():
        if lost > 0:
            losers.setdefault((st, m), []).append(i)
    for good, importers in losers.items():
        _define_refill(lp, s, t, bal, good, importers)


def _define_refill(lp: LinearProgram, s: Structure, t: ContractTerms, bal: RowTerms,
                   good: tuple[str, str], importers: list[str]) -> None:
    """The refill of ``good``'s lost volumes from spare capacity (one share θ_g)."""
    st, m = good
    theta = lp.add_var("refill_share", good, 0.0, 1.0)
    per_importer: dict[str, list[tuple[int, float]]] = {i: [] for i in importers}
    per_exporter: dict[str, list[tuple[int, float]]] = {}
    for key in s.flows:
        e, i, kst, km = key
        if (kst, km) != good or i not in per_importer or t.spare.get((e, st, m), 0.0) <= 0:
            continue
        for c in s.classes[good]:
            ub = t.co_capped.get(key, INF) if c == CO else INF
            j = lp.add_var("refill", (*key, c), 0.0, ub)
            bal.add((e, st, m, c), j, -1.0)
            bal.add((i, st, m, c), j, 1.0)
            per_importer[i].append((j, 1.0))
            per_exporter.setdefault(e, []).append((j, 1.0))
            if c == CO and key in t.co_capped:
                lp.add_row("control_co", key, [(lp.cols["flow"][(*key, CO)], 1.0), (j, 1.0)],
                           -INF, t.co_capped[key])
            if key in t.capped:
                lp.add_entry(lp.rows["control"][key], j, 1.0)
    for i, terms in per_importer.items():
        lp.add_row("refill", (i, st, m), [*terms, (theta, -t.loss[(i, st, m)])], 0.0, 0.0)
    for e, terms in per_exporter.items():
        lp.add_row("spare", (e, st, m), terms, -INF, t.spare[(e, st, m)])

