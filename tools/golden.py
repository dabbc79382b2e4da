"""Golden outputs: record every bundled answer before a refactor, compare after.

``python tools/golden.py record DIR`` writes, for every bundled scenario, the simulation's
tables (shortfall, stocks, prices, flows, production; market mode, contracts mode and the
rebuild path), a small ensemble's runs, the bundled plan's portfolio, scenario table and
budget frontier, and the coalition's exposure table, as CSV. ``python tools/golden.py
compare DIR`` computes them again and lists every table that differs (floats to ``--rtol``
relative, 1e-9 by default, with an absolute floor of ``--atol``).

A refactor that should not change a number must leave ``compare`` silent; one that fixes
a bug names the tables it changes and why.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd

TABLES = ("shortfall", "stocks", "prices", "flows", "production")


def outputs() -> Iterator[tuple[str, Callable[[], pd.DataFrame]]]:
    """``(name, make)`` of every golden table."""
    from critmin.data import load_dataset
    from critmin.scenarios import list_scenarios, load_library_scenario
    from critmin.simulate import simulate

    ds = load_dataset()
    for name in list_scenarios():
        sc = load_library_scenario(name)
        cache: dict[str, object] = {}

        def run(sc=sc, cache=cache, mode: str = "market", rebuild: bool = False):
            key = f"{mode}-{rebuild}"
            if key not in cache:
                s = sc if mode == "market" else sc.model_copy(update={"allocation": mode})
                cache[key] = simulate(ds, s, rebuild=rebuild)
            return cache[key]

        for t in TABLES:
            yield f"simulate/{name}/{t}", lambda t=t, run=run: getattr(run(), t)
        for t in ("shortfall", "stocks"):
            yield (f"simulate-rebuild/{name}/{t}",
                   lambda t=t, run=run: getattr(run(rebuild=True), t))
            yield (f"simulate-contracts/{name}/{t}",
                   lambda t=t, run=run: getattr(run(mode="contracts"), t))
    yield "ensemble/heavy-ree-ban-24m/runs", lambda: _ensemble(ds)
    plan: dict[str, object] = {}

    def portfolio():
        if not plan:
            from critmin.optimize import PortfolioModel

            model = PortfolioModel(ds)
            res = model.solve()
            res.frontier = model.frontier([0, 100, 250, 500, 1000, 2000])
            plan["r"] = res
        return plan["r"]

    yield "optimize/portfolio", lambda: portfolio().table
    yield "optimize/by_scenario", lambda: portfolio().by_scenario
    yield "optimize/frontier", lambda: portfolio().frontier.drop(columns=["time_s"])

    def exposure() -> pd.DataFrame:
        from critmin.metrics import coalition_exposure

        return coalition_exposure(ds, ["USA", "JPN"])

    yield "metrics/exposure-USA+JPN", exposure


def _ensemble(ds) -> pd.DataFrame:
    from critmin.ensemble import run_ensemble
    from critmin.scenarios import load_library_scenario

    res = run_ensemble(ds, load_library_scenario("heavy-ree-ban-24m"), runs=20, seed=3)
    return res.runs.drop(columns=[c for c in res.runs.columns if c.endswith("seconds")])


def record(folder: Path) -> None:
    for name, make in outputs():
        path = folder / f"{name}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        make().to_csv(path, index=False)
        print(f"recorded {name}")


def differs(old: pd.DataFrame, new: pd.DataFrame, rtol: float, atol: float) -> str:
    """Why ``new`` differs from ``old`` ("" if it does not)."""
    if list(old.columns) != list(new.columns):
        return f"columns {list(old.columns)} != {list(new.columns)}"
    if len(old) != len(new):
        return f"{len(old)} rows != {len(new)} rows"
    for c in old.columns:
        a, b = old[c], new[c]
        if pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(b):
            x, y = a.to_numpy(float), b.to_numpy(float)
            bad = ~np.isclose(x, y, rtol=rtol, atol=atol, equal_nan=True)
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                return (f"column {c}: {int(bad.sum())} values differ, first at row {i}: "
                        f"{x[i]!r} != {y[i]!r}")
        elif not (a.astype(str).fillna("") == b.astype(str).fillna("")).all():
            i = int(np.flatnonzero((a.astype(str) != b.astype(str)).to_numpy())[0])
            return f"column {c}: first difference at row {i}: {a.iloc[i]!r} != {b.iloc[i]!r}"
    return ""


def compare(folder: Path, rtol: float, atol: float, only: str = "") -> int:
    bad = 0
    for name, make in outputs():
        if not name.startswith(only):
            continue
        path = folder / f"{name}.csv"
        if not path.exists():
            print(f"NEW      {name}")
            continue
        new = pd.read_csv(_roundtrip(make()))
        why = differs(pd.read_csv(path), new, rtol, atol)
        print(f"{'DIFFERS ' if why else 'same    '} {name}{': ' + why if why else ''}")
        bad += bool(why)
    print(f"{bad} table(s) differ")
    return 1 if bad else 0


def _roundtrip(df: pd.DataFrame):
    """``df`` through CSV text, so both sides are read back the same way."""
    import io

    buf = io.StringIO()
    df.to_csv(buf, index=False)
    buf.seek(0)
    return buf


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["record", "compare"])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--rtol", type=float, default=1e-9)
    ap.add_argument("--atol", type=float, default=1e-7)
    ap.add_argument("--only", default="", help="compare only the tables whose name starts so")
    a = ap.parse_args()
    if a.action == "record":
        record(a.folder)
        return 0
    return compare(a.folder, a.rtol, a.atol, a.only)


if __name__ == "__main__":
    sys.exit(main())
