"""A reduced-input grade (``thrifting``): makers save part of an input per tonne of the
grade, on a share of their capacity adopted over a lead time. Hand-derived toys."""

from __future__ import annotations

import pytest

from critmin.simulate import simulate


def _magnet_chain(toys):
    """XCC makes magnets (capacity 100 t/yr, 10 kg Dy per t) from XAA's Dy; XCC needs 100 t
    of magnets a year; XAA ships 1 t of Dy a year and then bans it."""
    return toys.toy_dataset(
        capacity=[("XAA", "separation", "Dy", 10, 1), ("XCC", "magnet", "NdFeB", 100, 100)],
        trade=[("XAA", "XCC", "separation", "Dy", 1)],
        demand=[("XCC", "ev", "magnet", "NdFeB", 100)],
        recipes=[("magnet", "NdFeB", "separation", "Dy", 0.01)])


def _thrift(**kw):
    return {"type": "thrifting", "countries": ["XCC"], "stage": "magnet", "material": "NdFeB",
            "inputs": ["Dy"], **kw}


def test_a_dy_free_grade_on_half_the_capacity_makes_half_the_magnets(toys) -> None:
    """With Dy banned, XCC makes nothing; a Dy-free grade (cut 1) on half its capacity
    from the start makes 50 t of the 100 t without any Dy: the shortfall falls 100 → 50 t,
    and the thrift table says 50 t of grade saved 0.5 t of Dy."""
    ds = _magnet_chain(toys)
    ban = [toys.ban()]
    bare = simulate(ds, toys.scenario(shocks=ban))
    assert bare.shortfall["shortfall_t"].sum() == pytest.approx(100.0)
    res = simulate(ds, toys.scenario(shocks=ban, measures=[_thrift(cut_share=1.0,
                                                                   adoption=0.5)]))
    assert res.shortfall["shortfall_t"].sum() == pytest.approx(50.0)
    th = res.thrift
    assert th["grade_t"].sum() == pytest.approx(50.0)
    assert th["saved_t"].sum() == pytest.approx(0.5)


def test_halving_the_dy_doubles_what_the_same_dy_makes(toys) -> None:
    """XAA's 1 t of Dy a year makes XCC's 100 t of magnets at 10 kg/t; a control withholding
    half leaves 0.5 t: 50 t short. A grade using half the Dy (5 kg/t) on all of XCC's
    capacity makes all 100 t from the 0.5 t."""
    ds = _magnet_chain(toys)
    half = [toys.ban(severity=0.5)]
    bare = simulate(ds, toys.scenario(shocks=half))
    assert bare.shortfall["shortfall_t"].sum() == pytest.approx(50.0)
    res = simulate(ds, toys.scenario(shocks=half, measures=[_thrift(cut_share=0.5)]))
    assert res.shortfall["shortfall_t"].sum() == pytest.approx(0.0, abs=1e-6)


def test_adoption_rises_linearly_over_its_lead_time(toys) -> None:
    """A Dy-free grade adopted over two years from January 2025 reaches a share of
    τ/24 of capacity in month τ: its mean share in 2025 is 1/4, in 2026 3/4, so with Dy
    banned the magnets made are 25 t and 75 t."""
    ds = _magnet_chain(toys)
    sc = toys.scenario(("2025", "2026", "year"), shocks=[toys.ban()],
                       measures=[_thrift(cut_share=1.0, start="2025-01", years_to_adopt=2)])
    res = simulate(ds, sc)
    made = res.thrift.groupby("period")["grade_t"].sum()
    assert made.tolist() == pytest.approx([25.0, 75.0])


def test_a_maker_without_the_good_or_the_input_is_warned_about(toys) -> None:
    ds = _magnet_chain(toys)
    res = simulate(ds, toys.scenario(measures=[
        _thrift(cut_share=1.0, countries=["XDD"]),
        {**_thrift(cut_share=1.0), "inputs": ["NdFeB"]}]))
    text = " ".join(res.summary["warnings"])
    assert "XDD makes no NdFeB" in text
    assert "none of NdFeB is an input of magnet/NdFeB" in text
