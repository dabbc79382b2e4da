"""A chosen portfolio as scenario measures, so it can be simulated and run through an
ensemble like any scenario (``critmin ensemble SCENARIO --plan PLAN``).

Each selected first-stage measure becomes the scenario measure the simulation models the
same way the optimiser's second stage does:

* a facility (or one phase of it) → ``invest`` with the phase's capacity, on line from its
  start year (its ramp follows the scenario's ``ramp_rate``);
* a stockpile target of ``q`` t → ``stockpile_release`` of ``q`` t from the ready year, at
  the plan's release rate, for the coalition (added to a release the scenario already
  makes there, which keeps that release's ``release_to``);
* a recycling line of ``c`` t/yr → ``recycling`` of ``c`` t/yr from its start year (with
  ``feed: mfa`` and its ``eol_rates`` when the stocks MFA feeds it);
* a substitution programme → ``substitution`` cutting the sector's demand by its share.
"""

from __future__ import annotations

from typing import Any

from critmin.optimize.candidates import FACILITY, RECYCLING, STOCKPILE, SUBSTITUTION, Measure
from critmin.optimize.plan import Plan
from critmin.scenarios.definitions import Scenario
from critmin.scenarios.periods import month_label, period_start


def scenario_measures(measures: list[Measure], amounts: list[float], plan: Plan
                      ) -> list[dict[str, Any]]:
    """Scenario measures (as plain dicts) of the measures with a positive amount."""
    out: list[dict[str, Any]] = []
    rate = plan.candidates.stockpiles.release_t_per_year
    for meas, amount in zip(measures, amounts, strict=True):
        if amount <= 0:
            continue
        stage, material = meas.good
        start = month_label(meas.start_year * 12)
        if meas.type == FACILITY:
            out.append({"type": "invest", "facility_id": meas.parent, "start": start,
                        "capacity_t": meas.capacity_t})
        elif meas.type == STOCKPILE:
            out.append({"type": "stockpile_release", "country": meas.country, "stage": stage,
                        "material": material, "quantity_t": amount,
                        "max_release_t_per_year": rate, "release_to": "coalition",
                        "start": start})
        elif meas.type == RECYCLING:
            line = {"type": "recycling", "country": meas.country, "stage": stage,
                    "material": material, "capacity_t": amount, "start": start}
            if meas.feed_t is not None:
                line["feed"] = "mfa"
                if meas.eol_rates:
                    line["eol_rates"] = dict(meas.eol_rates)
            out.append(line)
        elif meas.type == SUBSTITUTION:
            out.append({"type": "substitution", "countries": list(meas.countries),
                        "sector": meas.sector, "stage": stage, "material": material,
                        "cut_share": meas.cut_share, "start": start})
    return out


def with_portfolio(scenario: Scenario, measures: list[dict[str, Any]],
                   held: dict[tuple[str, str, str], float] | None = None) -> Scenario:
    """``scenario`` with the portfolio's ``measures`` added.

    A facility the scenario already invests in is not added twice. A stockpile target on
    a node the scenario already releases adds to that release's quantity (``held``: the
    dataset's quantity there, used when the scenario's release has none). A release whose
    ready date lies before the horizon starts with it; one after the horizon's end is
    dropped (it can release nothing in the horizon).
    """
    h0, h1 = scenario.horizon.start_index, scenario.horizon.end_index
    data = scenario.model_dump(mode="json")
    current = data["measures"]
    own = {m["facility_id"] for m in current if m["type"] == "invest"}
    releases = {(m["country"], m["stage"], m["material"]): m for m in current
                if m["type"] == "stockpile_release"}
    for m in measures:
        m = dict(m)
        if m["type"] == "invest" and m["facility_id"] in own:
            continue
        if m["type"] == "stockpile_release":
            t = period_start(m["start"])
            if t >= h1:
                continue
            m["start"] = None if t <= h0 else m["start"]
            node = (m["country"], m["stage"], m["material"])
            if node in releases:
                old = releases[node]
                base = old.get("quantity_t")
                if base is None:
                    base = (held or {}).get(node, 0.0)
                old["quantity_t"] = base + m["quantity_t"]
                continue
            releases[node] = m
        current.append(m)
    data["measures"] = current
    return Scenario.model_validate(data)


__all__ = ["scenario_measures", "with_portfolio"]
