"""Which policies are in force on a date: controls, their suspensions and expiries.

``policies.csv`` dates each policy (``start``, ``end``: a day, month or year; the end is
inclusive) and says which policies a suspension suspends (``suspends``). On a date a
policy is ``not_yet`` (starts later), ``expired`` (its end has passed), ``suspended`` (a
suspension naming it is in force), or ``in_force``. A policy whose suspension has ended is
in force again as far as the data knows: the row says so in ``caveat``, because an
extension published after the dataset would not be in it.

>>> import pandas as pd
>>> p = pd.DataFrame({"policy_id": ["ban", "pause"], "type": ["export_ban", "suspension"],
...                   "start": ["2024-12-03", "2025-11-09"], "end": ["", "2026-11-27"],
...                   "suspends": ["", "ban"]})
>>> policy_status(p, "2026-06-01")[["policy_id", "status", "suspended_by"]].values.tolist()
[['ban', 'suspended', 'pause'], ['pause', 'in_force', '']]
>>> policy_status(p, "2026-12-02")[["policy_id", "status"]].values.tolist()
[['ban', 'in_force'], ['pause', 'expired']]
"""

from __future__ import annotations

import pandas as pd

STATUSES = ("in_force", "suspended", "not_yet", "expired")


def first_day(text: str) -> pd.Timestamp:
    """The first day of a period ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    return pd.Period(str(text), freq=_freq(text)).start_time.normalize()


def last_day(text: str) -> pd.Timestamp:
    """The last day of a period ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    return pd.Period(str(text), freq=_freq(text)).end_time.normalize()


def _freq(text: str) -> str:
    return {4: "Y", 7: "M"}.get(len(str(text)), "D")


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and pd.isna(v)) or str(v).strip() == ""


def _ids(v: object) -> list[str]:
    return [] if _blank(v) else [x.strip() for x in str(v).split(";") if x.strip()]


def _state(row: dict, day: pd.Timestamp) -> tuple[str, str]:
    """``(status, date)`` of a policy on ``day`` ignoring suspensions: when it starts, ends
    or ended."""
    if first_day(row["start"]) > day:
        return "not_yet", str(row["start"])
    if not _blank(row.get("end")) and last_day(row["end"]) < day:
        return "expired", str(row["end"])
    return "in_force", "" if _blank(row.get("end")) else str(row["end"])


def policy_status(policies: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """Every policy's status on ``as_of`` (a day ``YYYY-MM-DD``, month or year: its first
    day): the policy's columns plus ``status``, ``until`` (when the status ends, where the
    data says), ``suspended_by`` (the suspension in force) and ``caveat``."""
    day = first_day(as_of)
    rows = policies.to_dict("records")
    by_target: dict[str, list[dict]] = {}
    for r in rows:
        for target in _ids(r.get("suspends")):
            by_target.setdefault(target, []).append(r)
    out = []
    for r in rows:
        status, until = _state(r, day)
        suspended_by, caveat = "", ""
        if status == "in_force":
            for s in by_target.get(str(r["policy_id"]), []):
                s_status, s_until = _state(s, day)
                if s_status == "in_force":
                    status, until, suspended_by = "suspended", s_until, str(s["policy_id"])
                    break
                if s_status == "expired":
                    caveat = (f"its suspension {s['policy_id']} ended on {s['end']}; the data "
                              "has no source on an extension: in force unless extended since.")
        out.append({**r, "status": status, "until": until, "suspended_by": suspended_by,
                    "caveat": caveat if status == "in_force" else ""})
    cols = [*policies.columns, "status", "until", "suspended_by", "caveat"]
    return pd.DataFrame(out, columns=cols)
