"""Import reliance of a country and of a coalition, with internal trade removed."""

from __future__ import annotations

import pytest

from critmin.metrics import import_reliance, import_sources
from critmin.testing import make_dataset, toy_tables


@pytest.fixture
def ds():
    """Toy chain plus metal trade: XCC→XAA 40 t, XAA→XBB 30 t, XBB→XCC 10 t, XCC→XBB 20 t;
    XAA makes 90 t of metal."""
    tables = toy_tables()
    tables["trade"] += [
        {"exporter": e, "importer": i, "stage": "metal", "material": "Nd", "year": 2024,
         "quantity_t": q, "source_id": "toy"}
        for e, i, q in [("XCC", "XAA", 40), ("XBB", "XCC", 10), ("XCC", "XBB", 20)]]
    return make_dataset(tables)


def _metal(df):
    return df.set_index(["material", "stage"]).loc[("Nd", "metal")]


def test_single_country_reliance(ds) -> None:
    """XAA metal: P = 90, M = 40, X = 30 → NIR = (40 − 30)/(90 + 40 − 30) = 0.1.
    XBB metal: P = 0, M = 30 + 20 = 50, X = 10 → NIR = 40/40 = 1."""
    a = _metal(import_reliance(ds, "XAA"))
    assert a["apparent_consumption_t"] == pytest.approx(100.0)
    assert a["import_reliance"] == pytest.approx(0.1)
    b = _metal(import_reliance(ds, "XBB"))
    assert b["import_reliance"] == pytest.approx(1.0)


def test_coalition_reliance_removes_internal_trade(ds) -> None:
    """Coalition XAA+XBB as one economy: P = 90; imports from outside = XCC→XAA 40 +
    XCC→XBB 20 = 60; exports to outside = XBB→XCC 10; XAA→XBB 30 is internal.
    NIR = (60 − 10)/(90 + 60 − 10) = 50/140."""
    r = _metal(import_reliance(ds, ["XAA", "XBB"]))
    assert r["economy"] == "XAA+XBB"
    assert r["imports_t"] == pytest.approx(60.0)
    assert r["exports_t"] == pytest.approx(10.0)
    assert r["internal_trade_t"] == pytest.approx(30.0)
    assert r["import_reliance"] == pytest.approx(50 / 140)
    assert r["top_source"] == "XCC"
    assert r["top_source_share"] == pytest.approx(1.0)


def test_group_name_resolves_to_its_members(ds) -> None:
    """Group G1 (XAA, XBB) gives the same numbers as the explicit coalition."""
    g = _metal(import_reliance(ds, "G1"))
    assert g["import_reliance"] == pytest.approx(50 / 140)


def test_import_sources_shares(ds) -> None:
    """XBB's metal imports: XAA 30 t, XCC 20 t → shares 0.6 and 0.4, largest first."""
    s = import_sources(ds, "XBB", stages="metal")
    assert list(s["exporter"]) == ["XAA", "XCC"]
    assert list(s["share"]) == pytest.approx([0.6, 0.4])


def test_net_exporter_has_nan_reliance_not_zero() -> None:
    """XBB mines 20 t and exports 10 t (toy): NIR = −10/10 = −1 (net exporter);
    exporting more than production + imports gives NaN."""
    tables = toy_tables()
    ds = make_dataset(tables)
    r = import_reliance(ds, "XBB").set_index(["material", "stage"]).loc[("Nd", "mining")]
    assert r["import_reliance"] == pytest.approx(-1.0)
    tables["trade"][0]["quantity_t"] = 25
    ds2 = make_dataset(tables)
    r2 = import_reliance(ds2, "XBB").set_index(["material", "stage"]).loc[("Nd", "mining")]
    assert r2["apparent_consumption_t"] == pytest.approx(-5.0)
    assert r2["import_reliance"] != r2["import_reliance"]  # NaN
