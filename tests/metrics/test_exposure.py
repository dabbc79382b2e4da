"""Upstream-traced exposure on toys whose answers are derived by hand."""

from __future__ import annotations

import numpy as np
import pytest

from critmin.metrics import (
    UNKNOWN,
    coalition_exposure,
    exposure_bottlenecks,
    trace_origins,
    traced_exposure,
)
from critmin.testing import make_dataset, toy_tables


def _shares(df, upstream_stage: str) -> dict[str, float]:
    g = df.loc[(df["upstream_stage"] == upstream_stage) & (df["share"] > 1e-12)]
    return dict(zip(g["origin"], g["share"], strict=True))


def test_toy_chain_magnet_is_exposed_upstream() -> None:
    """Toy chain (critmin.testing.toy_tables), 2024:

    * mining: XAA mines 80 and imports 10 from XBB → XAA supply 90 = 8/9 XAA, 1/9 XBB;
    * metal: XAA makes 90 t metal from its 90 t of mined Nd, ships 30 to XBB;
    * magnet: XBB makes 100 t from 30 t metal (0.3 t/t, all from XAA), ships 60 to XCC.

    XCC's magnets: made in XBB (magnet stage 100% XBB), from metal made in XAA (metal
    stage 100% XAA), from ore mined 8/9 in XAA and 1/9 in XBB. The bottleneck outside
    XCC is 100%, at the metal stage (tied with XBB at the magnet stage; ties go to the
    most upstream stage)."""
    ds = make_dataset(toy_tables())
    t = traced_exposure(ds, "XCC")
    assert set(t["stage"]) == {"magnet"}
    assert t["supply_t"].iloc[0] == pytest.approx(60.0)
    assert _shares(t, "magnet") == pytest.approx({"XBB": 1.0})
    assert _shares(t, "metal") == pytest.approx({"XAA": 1.0})
    assert _shares(t, "mining") == pytest.approx({"XAA": 8 / 9, "XBB": 1 / 9})
    b = exposure_bottlenecks(ds, "XCC").iloc[0]
    assert b["bottleneck_share"] == pytest.approx(1.0)
    assert (b["bottleneck_stage"], b["bottleneck_origin"]) == ("metal", "XAA")
    xaa = exposure_bottlenecks(ds, "XCC", origin="XAA").iloc[0]
    assert xaa["bottleneck_stage"] == "metal"
    assert xaa["share_mining"] == pytest.approx(8 / 9)
    assert xaa["direct_share"] == 0.0


@pytest.fixture
def loop_ds():
    """Three countries, three stages, with a re-export loop at mining:

    mining  XAA 60, XBB 40; XAA→XBB 30, XBB→XAA 20 (a loop)
    metal   XBB 35 (1 t mined Nd per t); XBB→XCC 30
    magnet  XCC 100 (0.3 t metal per t), XAA 20 (with no metal recorded); XCC→XAA 50
    """
    tables = toy_tables()
    cap = [("XAA", "mining", "Nd", 60), ("XBB", "mining", "Nd", 40),
           ("XBB", "metal", "Nd", 35), ("XCC", "magnet", "NdFeB", 100),
           ("XAA", "magnet", "NdFeB", 20)]
    tables["capacity"] = [{"country": c, "stage": s, "material": m, "year": 2024,
                           "capacity_t": q, "production_t": q, "source_id": "toy"}
                          for c, s, m, q in cap]
    trade = [("XAA", "XBB", "mining", "Nd", 30), ("XBB", "XAA", "mining", "Nd", 20),
             ("XBB", "XCC", "metal", "Nd", 30), ("XCC", "XAA", "magnet", "NdFeB", 50)]
    tables["trade"] = [{"exporter": e, "importer": i, "stage": s, "material": m, "year": 2024,
                        "quantity_t": q, "source_id": "toy"} for e, i, s, m, q in trade]
    tables["demand"] = []
    return make_dataset(tables)


def test_re_export_loop_is_solved_exactly(loop_ds) -> None:
    """Mining supply: S_A = 60 + 20 = 80, S_B = 40 + 30 = 70. With a, b the XAA-shares:
    80a = 60 + 20b, 70b = 30a → a = 0.84, b = 0.36 (see test_kernels).
    XBB's metal embodies XBB's mining mix (XBB mining availability 40 + 30 − 20 = 50 ≥
    35 t needed): mining stage 0.36 XAA / 0.64 XBB. XCC's magnets: metal 100% XBB,
    mining 0.36/0.64."""
    tr = trace_origins(loop_ds)
    i = {c: n for n, c in enumerate(tr.countries)}
    m = tr.mix[("mining", "Nd")][("mining", "Nd")]
    assert m[i["XAA"], i["XAA"]] == pytest.approx(0.84)
    assert m[i["XBB"], i["XAA"]] == pytest.approx(0.36)
    t = traced_exposure(loop_ds, "XCC", materials="NdFeB")
    assert _shares(t, "magnet") == pytest.approx({"XCC": 1.0})
    assert _shares(t, "metal") == pytest.approx({"XBB": 1.0})
    assert _shares(t, "mining") == pytest.approx({"XAA": 0.36, "XBB": 0.64})


def test_uncovered_recipe_input_is_unknown(loop_ds) -> None:
    """XAA makes 20 magnets but has no metal: that part's upstream origin is unknown.
    XAA's magnet supply = 20 own + 50 from XCC = 70: magnet stage 20/70 XAA, 50/70 XCC;
    metal stage 20/70 unknown, 50/70 XBB; mining 20/70 unknown, 50/70·0.36 XAA,
    50/70·0.64 XBB."""
    t = traced_exposure(loop_ds, "XAA", materials="NdFeB")
    assert _shares(t, "magnet") == pytest.approx({"XAA": 2 / 7, "XCC": 5 / 7})
    assert _shares(t, "metal") == pytest.approx({UNKNOWN: 2 / 7, "XBB": 5 / 7})
    assert _shares(t, "mining") == pytest.approx(
        {UNKNOWN: 2 / 7, "XAA": 5 / 7 * 0.36, "XBB": 5 / 7 * 0.64})
    b = exposure_bottlenecks(loop_ds, "XAA", materials="NdFeB").iloc[0]
    assert b["unknown_share"] == pytest.approx(2 / 7)
    assert b["bottleneck_origin"] == "XBB"
    assert b["bottleneck_stage"] == "metal"
    assert b["bottleneck_share"] == pytest.approx(5 / 7)


def test_coalition_is_one_economy(loop_ds) -> None:
    """Coalition XAA+XCC magnets: supply = 20 + 100 made inside (XCC→XAA is internal)
    = 120 t; magnet stage 1/6 XAA, 5/6 XCC; metal stage 1/6 unknown, 5/6 XBB. The
    worst exposure is XBB at the metal stage, 5/6."""
    t = traced_exposure(loop_ds, ["XAA", "XCC"], materials="NdFeB")
    assert t["supply_t"].iloc[0] == pytest.approx(120.0)
    assert _shares(t, "magnet") == pytest.approx({"XAA": 1 / 6, "XCC": 5 / 6})
    assert _shares(t, "metal") == pytest.approx({UNKNOWN: 1 / 6, "XBB": 5 / 6})
    ce = coalition_exposure(loop_ds, ["XAA", "XCC"]).set_index(["material", "stage"])
    row = ce.loc[("NdFeB", "magnet")]
    assert row["bottleneck_origin"] == "XBB"
    assert row["bottleneck_share"] == pytest.approx(5 / 6)
    assert row["outside_share"] == pytest.approx(0.0)
    assert row["import_reliance"] == pytest.approx(0.0)


def test_traced_shares_sum_to_one_on_sample(sample) -> None:
    """On the sample dataset every (supply node, upstream stage) of the US+Japan
    coalition has origin shares that sum to 1 (unknown included)."""
    t = traced_exposure(sample, ["USA", "JPN"])
    sums = t.groupby(["material", "stage", "upstream_stage"])["share"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0, atol=1e-9)


def test_coalition_exposure_is_sorted_worst_first(sample) -> None:
    """US+Japan on the sample: every row has the documented columns, the table is sorted
    by bottleneck share, and Japan's NdFeB magnets, though made in Japan, are exposed
    to China upstream at separation (more than their direct 41% import share)."""
    ce = coalition_exposure(sample, ["USA", "JPN"])
    for col in ("material", "stage", "year", "supply_t", "top_origin", "top_origin_share",
                "import_reliance", "bottleneck_share", "bottleneck_stage"):
        assert col in ce.columns
    assert list(ce["bottleneck_share"]) == sorted(ce["bottleneck_share"], reverse=True)
    mag = ce.set_index(["material", "stage"]).loc[("NdFeB", "magnet")]
    assert mag["bottleneck_origin"] == "CHN"
    assert mag["bottleneck_stage"] == "separation"
    assert mag["bottleneck_share"] > mag["outside_share"]


def test_unexplained_exports_are_implied_production() -> None:
    """Toy chain plus XCC→XAA 20 t of metal, XCC having no recorded metal at all: XCC
    must have made (or held) those 20 t, so they are XCC-made at the metal stage;
    XCC has no mined Nd, so their mining origin is unknown. XAA's metal supply =
    90 own + 20 from XCC = 110: metal stage 9/11 XAA, 2/11 XCC; mining stage
    9/11 · (8/9 XAA, 1/9 XBB) and 2/11 unknown. The implied production is noted."""
    tables = toy_tables()
    tables["trade"].append({"exporter": "XCC", "importer": "XAA", "stage": "metal",
                            "material": "Nd", "year": 2024, "quantity_t": 20,
                            "source_id": "toy"})
    ds = make_dataset(tables)
    tr = trace_origins(ds)
    assert tr.implied_production[("metal", "Nd")] == {"XCC": 20.0}
    t = traced_exposure(ds, "XAA", materials="Nd", stages="metal", trace=tr)
    assert _shares(t, "metal") == pytest.approx({"XAA": 9 / 11, "XCC": 2 / 11})
    assert _shares(t, "mining") == pytest.approx(
        {"XAA": 9 / 11 * 8 / 9, "XBB": 9 / 11 * 1 / 9, UNKNOWN: 2 / 11})
    ce = coalition_exposure(ds, "XAA").set_index(["material", "stage"])
    assert "implied production XCC 20 t" in ce.loc[("Nd", "metal"), "notes"]


def test_trade_of_an_earlier_year_is_used_and_reported() -> None:
    """Trade statistics lag: with the toy's magnet trade dated 2023 and production 2024,
    tracing 2024 uses the 2023 trade (trade_year = 2023) unless trade_fallback=False,
    in which case XCC has no magnet supply at all."""
    tables = toy_tables()
    for row in tables["trade"]:
        if row["stage"] == "magnet":
            row["year"] = 2023
    ds = make_dataset(tables)
    ce = coalition_exposure(ds, "XCC").set_index(["material", "stage"])
    assert ce.loc[("NdFeB", "magnet"), "trade_year"] == 2023
    assert ce.loc[("NdFeB", "magnet"), "import_reliance"] == pytest.approx(1.0)
    strict = coalition_exposure(ds, "XCC", trade_fallback=False)
    assert strict.empty
