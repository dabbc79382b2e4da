"""Shared fixtures: the bundled reference and sample datasets, a copy to break, and toy
chains built in code with hand-checkable numbers (the ``toys`` fixture: pytest runs with
``--import-mode=importlib``, so test modules cannot import each other)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import settings

from critmin.data import bundled_path, load_dataset, load_sample
from critmin.scenarios import scenario_from_dict
from critmin.testing import make_dataset

# Property tests are derandomised by default so that CI is repeatable (a counterexample
# found once becomes a plain test); HYPOTHESIS_PROFILE=explore searches afresh each run.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session")
def reference():
    """The bundled reference dataset (loaded once; do not edit its tables)."""
    return load_dataset()


@pytest.fixture(scope="session")
def sample():
    """The bundled sample dataset (loaded once)."""
    return load_sample()


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A writable copy of the sample dataset folder."""
    dst = tmp_path / "sample"
    shutil.copytree(bundled_path("sample"), dst)
    return dst


SRC = "toy"


def toy_dataset(capacity: list[tuple], trade: list[tuple] = (), demand: list[tuple] = (),
                recipes: list[tuple] = (), stockpiles: list[tuple] = (),
                facilities: list[dict[str, Any]] = (), year: int = 2024,
                ramps: list[tuple] = (),
                more_tables: dict[str, list[dict[str, Any]]] | None = None):
    """A dataset of countries XAA-XEE, materials Dy and NdFeB, stages separation, metal, magnet.

    capacity: (country, stage, material, capacity_t, production_t)
    trade: (exporter, importer, stage, material, quantity_t)
    demand: (country, sector, stage, material, demand_t)
    recipes: (stage, material, input_stage, input_material, input_t_per_t)
    stockpiles: (country, stage, material, quantity_t, max_release_t_per_year)
    ramps: (stage, material or "", rate_per_year)
    more_tables: more tables as row dicts (e.g. the stocks MFA's lifetimes and rates)
    """
    tables: dict[str, list[dict[str, Any]]] = {
        "sources": [{"source_id": SRC, "title": "Toy", "publisher": "critmin", "year": 2025,
                     "url": "https://example.org/toy", "kind": "illustrative",
                     "note": "Invented numbers for unit tests."}],
        "materials": [
            {"material": "Dy", "name": "Dysprosium", "group": "HREE", "basis": "element",
             "element_per_oxide": 0.8713},
            {"material": "NdFeB", "name": "NdFeB magnet", "group": "magnet", "basis": "product"},
        ],
        "stages": [
            {"stage": "separation", "order": 1, "description": "oxide"},
            {"stage": "metal", "order": 2, "description": "metal"},
            {"stage": "magnet", "order": 3, "description": "magnet"},
        ],
        "countries": [{"country": c, "name": c, "wgi_scaled": 1.0, "groups": "G1"}
                      for c in ("XAA", "XBB", "XCC", "XDD", "XEE")],
        "capacity": [{"country": c, "stage": s, "material": m, "year": year, "capacity_t": cap,
                      "production_t": prod, "source_id": SRC}
                     for c, s, m, cap, prod in capacity],
        "trade": [{"exporter": e, "importer": i, "stage": s, "material": m, "year": year,
                   "quantity_t": q, "source_id": SRC} for e, i, s, m, q in trade],
        "demand": [{"country": c, "sector": sec, "stage": s, "material": m, "year": year,
                    "demand_t": d, "source_id": SRC} for c, sec, s, m, d in demand],
        "recipes": [{"stage": s, "material": m, "input_stage": ist, "input_material": im,
                     "input_t_per_t": a, "source_id": SRC} for s, m, ist, im, a in recipes],
        "stockpiles": [{"country": c, "holder": "gov", "stage": s, "material": m,
                        "quantity_t": q, "max_release_t_per_year": r, "source_id": SRC}
                       for c, s, m, q, r in stockpiles],
        "facilities": [{"name": f["facility_id"], "owner": "x", "status": "planned",
                        "capex_musd": None, "unit_cost_usd_per_kg": None, "partners": "",
                        "source_id": SRC, **f} for f in facilities],
    }
    if ramps:
        tables["ramps"] = [{"stage": s, "material": m or None, "rate_per_year": r,
                            "source_id": SRC} for s, m, r in ramps]
    return make_dataset({**tables, **(more_tables or {})})


def scenario(horizon: tuple[str, str, str] = ("2025", "2025", "year"), **fields: Any):
    """A scenario on the toy countries (coalition XCC) with the given fields."""
    data = {"name": fields.pop("name", "toy"), "coalition": ["XCC"],
            "horizon": {"start": horizon[0], "end": horizon[1], "step": horizon[2]}}
    data.update(fields)
    return scenario_from_dict(data)


def ban(country: str = "XAA", materials=("Dy",), stages=("separation",), severity: float = 1.0,
        start: str = "2025-01", end: str | None = None, destinations="all",
        extraterritorial: bool = False) -> dict[str, Any]:
    return {"type": "export_control", "country": country, "materials": list(materials),
            "stages": list(stages), "severity": severity, "start": start, "end": end,
            "destinations": destinations, "extraterritorial": extraterritorial}


def shortfall_by(result, *cols: str) -> dict:
    """Total shortfall (t) grouped by ``cols`` as a plain dict (periods by their labels,
    e.g. ``"2025-03"``: the result's periods are pandas Periods)."""
    sf = result.shortfall
    if "period" in cols:
        sf = sf.assign(period=sf["period"].astype(str))
    g = sf.groupby(list(cols))["shortfall_t"].sum()
    return {k: round(float(v), 6) for k, v in g.items()}


def two_importers_dataset():
    """XAA exports 50 t Dy oxide to each of XCC (defense) and XDD (ev); XBB has 20 t of
    spare capacity and produces nothing in the base year."""
    return toy_dataset(
        capacity=[("XAA", "separation", "Dy", 100, 100), ("XBB", "separation", "Dy", 20, 0)],
        trade=[("XAA", "XCC", "separation", "Dy", 50), ("XAA", "XDD", "separation", "Dy", 50)],
        demand=[("XCC", "defense", "separation", "Dy", 50),
                ("XDD", "ev", "separation", "Dy", 50)])


@pytest.fixture(scope="session")
def toys() -> SimpleNamespace:
    """The helpers of this module: toy_dataset, scenario, ban, shortfall_by."""
    return SimpleNamespace(toy_dataset=toy_dataset, scenario=scenario, ban=ban,
                           shortfall_by=shortfall_by)


@pytest.fixture
def two_importers():
    return two_importers_dataset()
