"""The findings sentences, from small hand-made results."""

from __future__ import annotations

import pandas as pd

from critmin.report.assessment import Assessment
from critmin.report.findings import exposure_findings, shock_findings


def _result() -> Assessment:
    r = Assessment(coalition=["JPN", "USA"], year=2024, dataset="toy")
    r.tables["exposure"] = pd.DataFrame({
        "material": ["Dy", "NdFeB"], "stage": ["metal", "magnet"], "supply_t": [93.0, 22228.0],
        "bottleneck_stage": ["separation", "separation"], "bottleneck_origin": ["CHN", "CHN"],
        "bottleneck_share": [1.0, 0.6], "unknown_share": [0.0, 0.13]})
    r.tables["shocks"] = pd.DataFrame({
        "scenario": ["ban", "ban", "ban", "calm"], "horizon": ["2025-01–2026-12"] * 4,
        "country": ["JPN", "USA", "USA", "USA"], "sector": ["auto", "ev", "ev", "ev"],
        "stage": ["magnet", "magnet", "separation", "magnet"],
        "material": ["NdFeB", "NdFeB", "Dy", "NdFeB"],
        "demand_t": [1200.0, 1200.0, 24.0, 1200.0],
        "added_shortfall_t": [600.0, 300.0, 2.0, 0.0]})
    return r


def test_shock_sentence_is_per_material_with_share_and_months() -> None:
    """900 t of NdFeB short of 2,400 t demanded over 24 months: 38 % of the demand and 9.0
    months of it (100 t a month); the Dy is said apart, never added to the magnets."""
    s = shock_findings(_result())
    assert s[0] == ("ban (2025-01–2026-12) leaves the coalition 900 t of NdFeB short (38 % "
                    "of its NdFeB demand, 9.0 months of that demand), most in auto in JPN; "
                    "also 2.0 t of Dy.")
    assert s[1].startswith("calm leaves the coalition 0 t short beyond the baseline")


def test_exposure_sentence_says_unknown_is_not_safe() -> None:
    s = exposure_findings(_result())
    assert s[0] == ("JPN and USA use 93 t of Dy (metal, 2024): 100 % of it traces to CHN at "
                    "the separation stage.")
    assert "13 % cannot be traced (unknown, not safe)" in s[1]
