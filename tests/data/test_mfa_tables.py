"""The stocks MFA's input tables: lifetimes, end-of-life rates, contents and the inflow
history, as shipped (each sourced) and as the validator checks them."""

from __future__ import annotations

import pytest

from critmin import load_dataset
from critmin.data.checks import check_lifetimes, check_rate_ranges
from critmin.testing import make_dataset, raw_table, toy_tables


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def test_every_modelled_sector_has_a_sourced_lifetime(ds):
    lt = ds.lifetimes.set_index("sector")
    # defense has no sourced lifetime and is left out, not guessed
    assert set(lt.index) == {"ev", "auto", "wind", "industrial", "hvac", "electronics", "other"}
    assert lt.loc["wind", "mean_years"] == 25 and lt.loc["wind", "std_years"] == 2.5
    assert lt.loc["electronics", "mean_years"] == 2.5
    assert (lt["low_years"] <= lt["mean_years"]).all()
    assert (lt["mean_years"] <= lt["high_years"]).all()
    assert set(lt["source_id"]) <= set(ds.sources["source_id"])


def test_contents_add_up_to_the_magnet_recipe(ds):
    """Nd + Pr = the recipe's NdPr (0.3075 t/t); Dy and Tb as in recipes.csv."""
    c = ds.contents.set_index("material")["t_per_t"]
    assert c["Nd"] + c["Pr"] == pytest.approx(0.3075, abs=1e-5)
    assert c["Pr"] / (c["Nd"] + c["Pr"]) == pytest.approx(0.985 / (6.566 + 0.985), rel=1e-3)
    rec = ds.recipes[(ds.recipes["material"] == "NdFeB")].set_index("input_material")
    assert c["Dy"] == rec.loc["Dy", "input_t_per_t"] and c["Tb"] == rec.loc["Tb", "input_t_per_t"]


def test_eol_rates_are_shares_within_their_ranges(ds):
    r = ds.eol_rates
    assert set(r["step"]) == {"collection", "separation", "recovery"}
    assert ((r["rate_low"] <= r["rate"]) & (r["rate"] <= r["rate_high"])).all()
    # today's end-of-life recycling: collection x separation x recovery below UNEP's 1%
    sep = r[(r["sector"] == "") & (r["step"] == "separation")]["rate"].item()
    rec = r[(r["sector"] == "") & (r["step"] == "recovery")]["rate"].item()
    assert r[r["step"] == "collection"]["rate"].max() * sep * rec < 0.01


def test_world_ndfeb_history_is_published_and_grows(ds):
    wt = ds.world_totals
    h = wt[(wt["material"] == "NdFeB") & (wt["stage"] == "magnet")].set_index("year")
    assert h["production_t"].to_dict() == {1987: 285, 2000: 13940, 2005: 42300, 2010: 98200}
    assert not h["source_id"].str.startswith("est-").any()


def test_the_rules_catch_missing_parameters_and_rates_out_of_range():
    raw = raw_table("lifetimes", [
        {"sector": "wind", "distribution": "normal", "mean_years": 25, "source_id": "toy"},
        {"sector": "ev", "distribution": "weibull", "weibull_shape": 2, "weibull_scale": 0,
         "source_id": "toy"},
        {"sector": "hvac", "distribution": "fixed", "mean_years": 12, "source_id": "toy"}])
    problems: list = []
    check_lifetimes(raw, problems)
    assert [(p.row, p.column, p.rule) for p in problems] == [
        (2, "std_years", "lifetime_parameters"), (3, "weibull_scale", "lifetime_parameters")]
    raw = raw_table("eol_rates", [
        {"sector": "", "step": "recovery", "rate": 0.9, "rate_low": 0.5, "rate_high": 0.8,
         "source_id": "toy"},
        {"sector": "ev", "step": "collection", "rate": 0.5, "source_id": "toy"}])
    problems = []
    check_rate_ranges(raw, problems)
    assert [(p.row, p.column, p.rule) for p in problems] == [(2, "rate", "rate_range")]
    tables = toy_tables()
    tables["lifetimes"] = [{"sector": "ev", "distribution": "lognormal", "mean_years": 10,
                            "source_id": "toy"}]
    with pytest.raises(Exception, match=r"lifetimes.csv, row 2, column 'std_years'.*"
                                        r"lifetime_parameters"):
        make_dataset(tables)
