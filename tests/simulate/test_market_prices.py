"""Prices by market in USD/kg, on a toy chain with hand-derived answers.

XAA makes Dy oxide (200 t/yr, 100 t/yr produced) and Dy metal from it (1 t oxide per t
metal); XCC uses 100 t/yr of Dy metal, all imported from XAA. The dataset's base prices:
Dy oxide 260 USD/kg of oxide (0.8713 kg Dy per kg), Dy metal 400 USD/kg.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from critmin.scenarios import scenario_from_dict
from critmin.simulate import simulate
from critmin.testing import make_dataset

SRC = "toy"


def _dataset():
    return make_dataset({
        "sources": [{"source_id": SRC, "title": "Toy", "publisher": "critmin", "year": 2025,
                     "url": "https://example.org/toy", "kind": "illustrative",
                     "note": "Invented numbers for unit tests."}],
        "materials": [{"material": "Dy", "name": "Dysprosium", "group": "HREE",
                       "basis": "element", "element_per_oxide": 0.8713, "oxide": "Dy2O3"}],
        "stages": [{"stage": "separation", "order": 1, "description": "oxide"},
                   {"stage": "metal", "order": 2, "description": "metal"}],
        "countries": [{"country": c, "name": c, "wgi_scaled": 1.0, "groups": "G1"}
                      for c in ("XAA", "XCC")],
        "capacity": [{"country": "XAA", "stage": s, "material": "Dy", "year": 2024,
                      "capacity_t": 200.0, "production_t": 100.0, "source_id": SRC}
                     for s in ("separation", "metal")],
        "trade": [{"exporter": "XAA", "importer": "XCC", "stage": "metal", "material": "Dy",
                   "year": 2024, "quantity_t": 100.0, "source_id": SRC}],
        "demand": [{"country": "XCC", "sector": "ev", "stage": "metal", "material": "Dy",
                    "year": 2024, "demand_t": 100.0, "source_id": SRC}],
        "recipes": [{"stage": "metal", "material": "Dy", "input_stage": "separation",
                     "input_material": "Dy", "input_t_per_t": 1.0, "source_id": SRC}],
        "prices": [{"material": "Dy", "stage": "separation", "region": "world", "year": 2024,
                    "price_usd_per_kg": 260.0, "product": "Dy oxide (per kg oxide)",
                    "source_id": SRC},
                   {"material": "Dy", "stage": "metal", "region": "world", "year": 2024,
                    "price_usd_per_kg": 400.0, "product": "Dy metal", "source_id": SRC}],
    })


def _run(severity: float, elasticity: float = -0.5):
    sc = scenario_from_dict({
        "name": "toy", "coalition": ["XCC"],
        "horizon": {"start": "2025", "end": "2025", "step": "year"},
        "elasticities": {"default": elasticity},
        "shocks": [{"type": "export_control", "country": "XAA", "materials": ["Dy"],
                    "stages": ["metal"], "severity": severity, "start": "2025-01",
                    "destinations": "all"}]})
    pr = simulate(_dataset(), sc).prices
    return pr.set_index(["market", "stage"])


def test_an_export_cap_opens_a_gap_between_markets() -> None:
    """Half the metal is withheld: XCC gets 50 of 100 t; with ε = −0.5 the rest of the
    world pays (50/100)^(1/−0.5) = 4× the base price, 1,600 USD/kg, while XAA's own market
    stays at 400 USD/kg."""
    pr = _run(0.5)
    assert pr.loc[("ROW", "metal"), "supplied_t"] == pytest.approx(50.0)
    assert pr.loc[("ROW", "metal"), "price_index"] == pytest.approx(4.0)
    assert pr.loc[("ROW", "metal"), "usd_per_kg"] == pytest.approx(1600.0)
    assert pr.loc[("XAA", "metal"), "usd_per_kg"] == pytest.approx(400.0)
    assert pr.loc[("XAA", "separation"), "priced_as"] == "Dy2O3"
    assert pr.loc[("XAA", "separation"), "usd_per_kg"] == pytest.approx(260.0)


def test_without_a_cap_every_market_pays_the_base_price() -> None:
    pr = _run(0.0)
    assert pr["usd_per_kg"].tolist() == pytest.approx(
        [400.0 if s == "metal" else 260.0 for _, s in pr.index])


@settings(max_examples=15, deadline=None)
@given(a=st.floats(0.0, 1.0), b=st.floats(0.0, 1.0), eps=st.floats(-1.5, -0.1))
def test_prices_do_not_fall_as_scarcity_rises(a, b, eps) -> None:
    """A deeper cut never lowers the rest of the world's price, and the controlling
    country's own price never moves."""
    lo, hi = sorted((a, b))
    p_lo, p_hi = _run(lo, eps), _run(hi, eps)
    key = ("ROW", "metal")
    assert p_hi.loc[key, "usd_per_kg"] >= p_lo.loc[key, "usd_per_kg"] - 1e-6
    assert p_hi.loc[("XAA", "metal"), "usd_per_kg"] == pytest.approx(400.0)
