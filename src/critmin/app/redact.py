"""What another partner sees of a run fed with a partner's private figures.

A run records the private keys its overlays brought in (``partner, country, stage,
material``; :func:`critmin.data.overlay.apply_overlays`). Shown to a caller of another
partner, every record (a row of a table: a dict with ``country`` and ``stage``/``material``
or ``good``) of a private good is replaced, together with the records of the same good of
the other coalition members, by **one coalition row**: the sum of its tonnes (fields
ending ``_t``), its other numbers blanked (a month of cover does not add up). Showing the
other members' rows next to the total would let anyone subtract. Where the coalition row
would hold a single member's figure, it is withheld altogether (a cell with one
contributor discloses it). Sentences that name the partner and the good are withheld
too. The owner partner sees everything.

What stays visible: results that are not the private rows, such as each country's
shortfall. A reader who knows the rest of the data could still infer something from
those; the rows themselves never leave. This is said in ``docs/service.md``.
"""

from __future__ import annotations

import copy
from typing import Any

#: Placed in a redacted result.
NOTE = ("figures of partner-private stockpiles are shown as coalition totals only; "
        "a total with a single contributor is withheld")


def redact(result: Any, private: list[dict[str, Any]], viewer_partner: str | None,
           coalition: list[str]) -> Any:
    """``result`` (a run's JSON) as ``viewer_partner`` may see it (None: the local user or
    the owner; returned unchanged)."""
    hidden = [p for p in private if p["partner"] != viewer_partner]
    if viewer_partner is None or not hidden or result is None:
        return result
    goods = {_good(p["stage"], p["material"]) for p in hidden}
    countries = {p["country"] for p in hidden}
    members = set(coalition) | countries
    label = "+".join(sorted(members))
    out = _walk(copy.deepcopy(result), goods, countries, members, label)
    if isinstance(out, dict):
        out["redacted"] = NOTE
    return out


def _good(stage: str, material: str) -> str:
    return f"{stage}/{material}"


def _good_of(rec: dict[str, Any]) -> str | None:
    if "good" in rec:
        return str(rec["good"])
    if "stage" in rec and "material" in rec:
        return _good(str(rec["stage"]), str(rec["material"]))
    return None


def _walk(node: Any, goods: set[str], countries: set[str], members: set[str],
          label: str) -> Any:
    if isinstance(node, dict):
        return {k: _walk(v, goods, countries, members, label) for k, v in node.items()}
    if isinstance(node, list):
        if node and all(isinstance(r, dict) for r in node):
            return _records(node, goods, countries, members, label)
        if node and all(isinstance(r, str) for r in node):
            return [s for s in node if not _names_private(s, goods, countries)]
        return [_walk(v, goods, countries, members, label) for v in node]
    return node


def _names_private(text: str, goods: set[str], countries: set[str]) -> bool:
    return any(c in text for c in countries) and any(
        g in text or g.split("/")[1] in text for g in goods)


def _records(rows: list[dict[str, Any]], goods: set[str], countries: set[str],
             members: set[str], label: str) -> list[dict[str, Any]]:
    """Rows of private goods pooled over the coalition's members, per the rows' other
    labels (period, kind, ...)."""
    if not any(r.get("country") in countries and _good_of(r) in goods for r in rows):
        return [_walk(r, goods, countries, members, label) for r in rows]
    kept: list[dict[str, Any]] = []
    pools: dict[tuple, list[dict[str, Any]]] = {}
    for r in rows:
        if _good_of(r) in goods and r.get("country") in members:
            labels = tuple((k, v) for k, v in sorted(r.items())
                           if (k != "country" and not isinstance(v, int | float | bool))
                           or k in ("period", "year"))
            pools.setdefault(labels, []).append(r)
        else:
            kept.append(_walk(r, goods, countries, members, label))
    for pool in pools.values():
        if len({r["country"] for r in pool}) < 2:
            continue  # one contributor: the total would be their figure
        total: dict[str, Any] = {}
        for k, v in pool[0].items():
            if k == "country":
                total[k] = label
            elif k.endswith("_t") and isinstance(v, int | float) and not isinstance(v, bool):
                total[k] = sum(float(r.get(k) or 0.0) for r in pool)
            elif isinstance(v, int | float | bool) and k not in ("period", "year"):
                total[k] = None
            else:
                total[k] = v
        kept.append(total)
    return kept
