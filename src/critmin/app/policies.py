"""The policies in force on a date, and the scenario of the controls in force.

:func:`policies_on` reads ``policies.csv`` through
:func:`critmin.model.policies.policy_status`, optionally for one country (the issuer, or a
destination). :func:`scenario_from_policies` turns the export controls and bans in force
into a scenario that ``critmin simulate`` runs; what it cannot model (no materials in the
dataset: technologies, equipment, "all dual-use items") and what it assumes (the share a
licensing regime withholds, suspensions that ended with no source on an extension) is said
in the scenario's description.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from critmin.exceptions import ScenarioError
from critmin.model.policies import first_day, policy_status
from critmin.scenarios.definitions import Scenario
from critmin.scenarios.io import scenario_from_dict
from critmin.scenarios.periods import normalise_period
from critmin.scenarios.validate import validate_scenario

if TYPE_CHECKING:
    from critmin.data import Dataset

CONTROLS = ("export_control", "export_ban")
COLUMNS = ["policy_id", "type", "country", "destinations", "materials", "stages", "start",
           "end", "status", "until", "suspended_by", "caveat", "source_id", "note"]


def _list(v: object) -> list[str]:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return []
    return [x for x in str(v).split(";") if x]


def _day(as_of: str) -> pd.Timestamp:
    """The first day of ``as_of``, checked as every period of critmin is
    (:func:`~critmin.scenarios.periods.normalise_period`)."""
    try:
        return first_day(normalise_period(as_of))
    except ValueError as exc:
        msg = f"--as-of {as_of!r}: {exc}"
        raise ScenarioError(msg) from None


def policies_on(ds: Dataset, as_of: str, country: str | None = None) -> pd.DataFrame:
    """Every policy's status on ``as_of`` (``COLUMNS``), in force first; with ``country``,
    only the policies it issued or that name it (or its groups, or ``all``) as a
    destination."""
    _day(as_of)
    pol = ds.table("policies")
    df = policy_status(pol, as_of)
    if country is not None:
        if country not in set(ds.table("countries")["country"]):
            msg = f"--country {country!r}: not a country of the dataset"
            raise ScenarioError(msg)

        def names(dest: object) -> bool:
            d = _list(dest)
            return "all" in d or country in ds.resolve_countries(d) if d else False

        df = df[(df["country"] == country) | df["destinations"].map(names)]
    order = {s: i for i, s in enumerate(("in_force", "suspended", "not_yet", "expired"))}
    df = df.assign(_o=df["status"].map(order)).sort_values(["_o", "start", "policy_id"])
    return df[[c for c in COLUMNS if c in df.columns]].reset_index(drop=True)


def _severity(r: dict, licensing: float) -> float:
    sev = r.get("severity")
    if sev is not None and not pd.isna(sev) and str(sev) != "":
        return float(sev)
    return 1.0 if r["type"] == "export_ban" else licensing


def _shock(r: dict, materials: list[str], stages: list[str], severity: float,
           day: pd.Timestamp) -> dict[str, Any]:
    dest = _list(r["destinations"])
    shock: dict[str, Any] = {
        "type": "export_control", "policy_id": r["policy_id"], "country": r["country"],
        "materials": materials, "stages": stages,
        "destinations": "all" if not dest or "all" in dest else dest, "severity": severity,
        "start": str(max(first_day(r["start"]), day).date()),
        "extraterritorial": str(r.get("extraterritorial", "")).lower() == "true",
        "denied_sectors": _list(r.get("denied_sectors")), "source_id": str(r["source_id"])}
    end = r.get("end")
    if end is not None and not pd.isna(end) and str(end):
        shock["end"] = str(end)
    return shock


def scenario_from_policies(ds: Dataset, as_of: str, months: int = 24,
                           licensing_severity: float = 0.25) -> Scenario:
    """The scenario of the export controls and bans in force on ``as_of``, over ``months``
    months from its month: a ban withholds everything (or its ``severity``), a licensing
    regime ``licensing_severity`` (an assumption, stated); extraterritorial reach and
    denied end users as the table records them."""
    if not 1 <= months <= 240:
        msg = f"--months {months}: between 1 and 240"
        raise ScenarioError(msg)
    if not 0.0 <= licensing_severity <= 1.0:
        msg = f"--licensing-severity {licensing_severity}: a share between 0 and 1"
        raise ScenarioError(msg)
    day = _day(as_of)
    df = policy_status(ds.table("policies"), as_of)
    known = set(ds.table("materials")["material"])
    shocks, skipped, caveats = [], [], []
    end_use = []
    for r in df[(df["status"] == "in_force") & df["type"].isin(CONTROLS)].to_dict("records"):
        mats = [m for m in _list(r["materials"]) if m in known]
        if not mats and _list(r.get("denied_sectors")) and r["type"] == "export_ban":
            end_use.append(r)  # "all dual-use items" to some end users: below
            continue
        if not mats or not _list(r["stages"]):
            skipped.append(f"{r['policy_id']} ({r.get('scope') or r['type']})")
            continue
        shocks.append(_shock(r, mats, _list(r["stages"]), _severity(r, licensing_severity),
                             day))
        if r["caveat"]:
            caveats.append(f"{r['policy_id']}: {r['caveat']}")
    goods = {(m, st) for x in shocks for m in x["materials"] for st in x["stages"]}
    for r in end_use:  # the dual-use items in the data: what the other controls cover
        shocks.append(_shock(r, sorted({m for m, _ in goods}), sorted({st for _, st in goods}),
                             0.0, day))
    if end_use:
        caveats.append("Bans on all dual-use items to military end users ("
                       + ", ".join(r["policy_id"] for r in end_use) + ") deny the defence "
                       "sector every item the other controls cover, and cut nothing else.")
    start = pd.Period(day, freq="M")
    description = (
        f"The export controls in force on {day.date()} as policies.csv records them "
        f"({len(shocks)} included). A ban withholds all flows; a licensing regime withholds "
        f"{licensing_severity:g} (an ASSUMPTION: no source gives the share licences hold "
        "back). " + (" ".join(caveats) + " " if caveats else "")
        + ("Not modelled (no material of the dataset, or no stage): " + "; ".join(skipped)
           + "." if skipped else ""))
    data = {"name": f"policies-in-force-{day.date()}", "description": description,
            "horizon": {"start": str(start), "end": str(start + (months - 1)), "step": "month"},
            "shocks": shocks, "sources": sorted({x.pop("source_id") for x in shocks})}
    sc = scenario_from_dict(data, where=f"scenario of the policies in force on {as_of}")
    return validate_scenario(sc, ds)
