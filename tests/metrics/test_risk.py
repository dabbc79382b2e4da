"""EU CRM supply risk and economic importance, USGS DP×TE×EV: worked examples by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from critmin.metrics import (
    MetricsError,
    eu_criticality,
    eu_economic_importance,
    eu_supply_risk,
    usgs_supply_risk,
)
from critmin.testing import make_dataset, toy_tables


@pytest.fixture
def ds():
    """Toy chain (XAA mines 80 t Nd with WGI 6, XBB 20 t with WGI 2) where XCC imports
    10 t of mined Nd from each and produces none; XCC demands NdFeB: ev 60, wind 40."""
    tables = toy_tables()
    tables["trade"] += [{"exporter": e, "importer": "XCC", "stage": "mining", "material": "Nd",
                         "year": 2024, "quantity_t": 10, "source_id": "toy"}
                        for e in ("XAA", "XBB")]
    tables["demand"].append({"country": "XCC", "sector": "wind", "stage": "magnet",
                             "material": "NdFeB", "year": 2024, "demand_t": 40,
                             "source_id": "toy"})
    return make_dataset(tables)


INPUTS = pd.DataFrame({"material": ["Nd"], "eol_rir": [0.1], "si_sr": [0.8]})


def test_eu_supply_risk_worked_example(ds) -> None:
    """Mining stage, economy XCC (Blengini et al. 2017 formula):
    HHI_WGI(GS) = 0.8²·6 + 0.2²·2 = 3.84 + 0.08 = 3.92;
    XCC sourcing = 10 t XAA + 10 t XBB → 0.5²·6 + 0.5²·2 = 2.0; IR = 20/20 = 1;
    bracket = 3.92·1/2 + 2.0·(1 − 1/2) = 2.96; SR = 2.96·(1 − 0.1)·0.8 = 2.1312."""
    sr = eu_supply_risk(ds, "XCC", inputs=INPUTS, stages="mining", by_stage=True).iloc[0]
    assert sr["hhi_wgi_gs"] == pytest.approx(3.92)
    assert sr["hhi_wgi_sourcing"] == pytest.approx(2.0)
    assert sr["import_reliance"] == pytest.approx(1.0)
    assert sr["sr_concentration"] == pytest.approx(2.96)
    assert sr["supply_risk"] == pytest.approx(2.1312)
    assert sr["missing_inputs"] == ""


def test_eu_trade_factor_raises_risk(ds) -> None:
    """With t_c = 1.2 for XAA: GS = 0.64·6·1.2 + 0.08 = 4.688; sourcing = 0.25·6·1.2 +
    0.25·2 = 2.3; SR = (4.688/2 + 2.3/2)·0.9·0.8 = 3.494·0.72 = 2.51568."""
    tf = pd.DataFrame({"country": ["XAA"], "t_c": [1.2]})
    sr = eu_supply_risk(ds, "XCC", inputs=INPUTS, trade_factors=tf, stages="mining").iloc[0]
    assert sr["supply_risk"] == pytest.approx(2.51568)
    assert sr["notes"] == ""


def test_eu_missing_inputs_are_reported_never_zero(ds) -> None:
    """Without EoL-RIR and SI_SR the score is NaN (not 0) and both are named; the
    concentration bracket is still given."""
    sr = eu_supply_risk(ds, "XCC", stages="mining").iloc[0]
    assert math.isnan(sr["supply_risk"])
    assert set(sr["missing_inputs"].split(";")) == {"eol_rir", "si_sr"}
    assert sr["sr_concentration"] == pytest.approx(2.96)
    assert "t_c = 1" in sr["notes"]


def test_eu_keeps_the_higher_stage(ds) -> None:
    """The EU method keeps the higher of the extraction and processing stages: with the
    toy's metal stage (order 2) XCC has no sourcing, so mining is kept and the metal
    stage's gap is reported as '<stage>:<input>'."""
    sr = eu_supply_risk(ds, "XCC", inputs=INPUTS)
    row = sr.set_index("material").loc["Nd"]
    assert row["stage"] == "mining"
    assert row["supply_risk"] == pytest.approx(2.1312)
    assert "metal:" in row["missing_inputs"]


def test_eu_economic_importance_and_criticality(ds) -> None:
    """XCC NdFeB demand: ev 60, wind 40 → A = 0.6/0.4. Value added (M USD): ev 100,
    wind 50, other 200 → Σ A·Q = 60 + 20 = 80; scaled by max Q: 80/200·10 = 4.0;
    × SI_EI 0.9 = 3.6 ≥ 2.8."""
    va = {"ev": 100.0, "wind": 50.0, "other": 200.0}
    ei = eu_economic_importance(ds, "XCC", va, pd.DataFrame({"material": ["NdFeB"],
                                                             "si_ei": [0.9]}))
    row = ei.set_index("material").loc["NdFeB"]
    assert row["ei_unscaled"] == pytest.approx(4.0)
    assert row["economic_importance"] == pytest.approx(3.6)
    missing = eu_economic_importance(ds, "XCC").set_index("material").loc["NdFeB"]
    assert math.isnan(missing["economic_importance"])
    assert "sector_value_added" in missing["missing_inputs"]
    sr = pd.DataFrame({"economy": ["XCC"], "material": ["NdFeB"], "year": [2024],
                       "supply_risk": [1.5], "missing_inputs": [""]})
    crit = eu_criticality(sr, ei).set_index("material").loc["NdFeB"]
    assert bool(crit["critical"]) is True


def test_usgs_needs_ev_from_the_user(ds) -> None:
    """DP proxy = Σ s²·WGI/10 = 3.92/10 = 0.392; TE = NIR = 1 for XCC at mining;
    without EV the score is NaN and 'ev' is missing; with EV = 0.5, SR = 0.196."""
    u = usgs_supply_risk(ds, "XCC", stages="mining").iloc[0]
    assert u["dp"] == pytest.approx(0.392)
    assert u["te"] == pytest.approx(1.0)
    assert math.isnan(u["supply_risk"])
    assert "ev" in u["missing_inputs"].split(";")
    ev = pd.DataFrame({"material": ["Nd"], "ev": [0.5]})
    u = usgs_supply_risk(ds, "XCC", inputs=ev, stages="mining").iloc[0]
    assert u["supply_risk"] == pytest.approx(0.196)
    dp = pd.DataFrame({"material": ["Nd"], "ev": [0.5], "dp": [0.2]})
    u = usgs_supply_risk(ds, "XCC", inputs=dp, stages="mining").iloc[0]
    assert u["supply_risk"] == pytest.approx(0.1)
    assert u["dp_basis"] == "input"


def test_bad_inputs_table_is_a_clear_error(ds) -> None:
    with pytest.raises(MetricsError, match="eol_rir"):
        eu_supply_risk(ds, "XCC", inputs=pd.DataFrame({"material": ["Nd"], "eol_rir": [1.5]}))
    with pytest.raises(MetricsError, match="unknown column"):
        eu_supply_risk(ds, "XCC", inputs=pd.DataFrame({"material": ["Nd"], "eolrir": [0.1]}))
