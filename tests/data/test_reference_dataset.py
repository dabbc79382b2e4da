"""The bundled reference dataset: headline public figures, provenance and consistency.

Published figures are pinned to the document they come from (USGS Mineral Commodity
Summaries 2025 unless a test says otherwise), so that an edit of a CSV that changes a
headline number fails here. Consistency checks are the ones a user relies on when
summing, sharing out or propagating the numbers.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from critmin import load_dataset
from critmin.data.checks import split_list
from critmin.data.io import validate_dataset


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def _prod(ds, stage: str, material: str, year: int) -> pd.Series:
    cap = ds.capacity
    rows = cap[(cap.stage == stage) & (cap.material == material) & (cap.year == year)]
    return rows.set_index("country")["production_t"].dropna()


def _usgs_tolerance(world: float) -> float:
    """Half a unit of the second significant digit of a USGS 'World total (rounded)'.

    USGS rounds world totals to two (sometimes three) significant digits, so the sum of
    the country rows may differ from the printed total by up to this much:
    390,000 -> 5,000; 3,750,000 -> 50,000; 760 -> 5.
    """
    return 0.5 * 10 ** (math.floor(math.log10(world)) - 1)


def test_bundled_dataset_is_valid():
    """`critmin data validate` on the bundled dataset finds no problem."""
    assert validate_dataset() == []


def test_metadata(ds):
    assert ds.name == "critmin-reference"
    assert ds.base_year == 2024


# ---------------------------------------------------------------- headline figures


def test_world_rare_earth_mine_production_2024(ds):
    """USGS MCS 2026 (2024 revised): world 380,000 t REO in 2024; China 270,000 t = 71.1%.

    Country rows (incl. XOT 'Other' 1,000 t) sum to 384,000 t, which USGS rounds to
    380,000 t. MCS 2025 had printed 390,000 t and 69.2%: its estimates from China's imports
    missed Lynas' own feed in Australia (13,000 -> 29,000 t) and overstated Nigeria
    (13,000 -> 1,500 t) and Thailand (13,000 -> 2,100 t).
    """
    p = _prod(ds, "mining", "REO", 2024)
    assert p["CHN"] == 270_000
    assert round(p["CHN"] / 380_000 * 100, 1) == 71.1
    assert p.sum() == pytest.approx(384_000)
    assert abs(p.sum() - 380_000) <= _usgs_tolerance(380_000)
    assert p.drop("CHN").max() == p["USA"] == 45_500
    assert (p["AUS"], p["NGA"], p["THA"]) == (29_000, 1_500, 2_100)


def test_us_rare_earth_concentrate_series(ds):
    """US mineral-concentrate production 2020-2024 (t REO), USGS salient statistics (2024
    as revised by MCS 2026: 45,500 t; MP Materials reported 45,455 t)."""
    cap = ds.capacity
    us = cap[(cap.country == "USA") & (cap.stage == "mining") & (cap.material == "REO")]
    series = us.set_index("year")["production_t"].sort_index().tolist()
    assert series == [39_000, 42_400, 42_500, 41_600, 45_500]


# (material, stage, year, USGS world total, top producer, its production), all in t
USGS_WORLD = [
    ("REO", "mining", 2023, 376_000, "CHN", 255_000),
    ("REO", "mining", 2024, 380_000, "CHN", 270_000),  # MCS 2026
    ("Li", "mining", 2023, 204_000, "AUS", 91_700),
    ("Li", "mining", 2024, 240_000, "AUS", 88_000),
    ("Co", "mining", 2023, 238_000, "COD", 175_000),
    ("Co", "mining", 2024, 290_000, "COD", 220_000),
    ("Ni", "mining", 2023, 3_750_000, "IDN", 2_030_000),
    ("Ni", "mining", 2024, 3_700_000, "IDN", 2_200_000),
    ("graphite", "mining", 2023, 1_530_000, "CHN", 1_210_000),
    ("graphite", "mining", 2024, 1_600_000, "CHN", 1_270_000),
    ("Cu", "mining", 2023, 22_600_000, "CHL", 5_250_000),
    ("Cu", "mining", 2024, 23_000_000, "CHL", 5_300_000),
    ("Cu", "refining", 2023, 27_000_000, "CHN", 12_000_000),
    ("Cu", "refining", 2024, 27_000_000, "CHN", 12_000_000),
    ("Ga", "refining", 2023, 633, "CHN", 621),
    ("Ga", "refining", 2024, 760, "CHN", 750),
    ("Sb", "mining", 2023, 106_000, "CHN", 62_300),
    ("Sb", "mining", 2024, 100_000, "CHN", 60_000),
    ("W", "mining", 2023, 79_500, "CHN", 66_000),
    ("W", "mining", 2024, 81_000, "CHN", 67_000),
]


@pytest.mark.parametrize(("material", "stage", "year", "world", "top", "top_t"), USGS_WORLD)
def test_usgs_world_totals_and_top_producers(ds, material, stage, year, world, top, top_t):
    """Country rows + XOT sum to the USGS world total within its rounding; top producer as
    published.

    Lithium's world total excludes the US (withheld), whose rows carry no production.
    """
    p = _prod(ds, stage, material, year)
    assert abs(p.sum() - world) <= _usgs_tolerance(world)
    countries = p.drop("XOT", errors="ignore")
    assert countries.idxmax() == top
    assert countries.max() == pytest.approx(top_t)



def test_published_world_totals_are_stored(ds):
    """world_totals.csv holds each USGS 'World total (rounded)' above, so shares divide by
    it as USGS does: China 270,000 / 380,000 = 71.1% although the rows sum to 384,000 t."""
    wt = ds.table("world_totals").set_index(["material", "stage", "year"])["production_t"]
    # the NdFeB magnet rows are the published world outputs the stocks MFA interpolates
    # between (tests/stocks); every other row is a USGS world total
    assert len(wt.drop("NdFeB", level="material")) == len(USGS_WORLD)
    for material, stage, year, world, _, _ in USGS_WORLD:
        assert wt[(material, stage, year)] == world
    assert round(270_000 / wt[("REO", "mining", 2024)] * 100, 1) == 71.1

def test_published_shares_are_reproduced(ds):
    """Shares USGS prints in its text: DRC 76% of cobalt, China 99% of low-purity gallium."""
    co = _prod(ds, "mining", "Co", 2024)
    assert round(co["COD"] / 290_000 * 100) == 76
    ga = _prod(ds, "refining", "Ga", 2024)
    assert round(ga["CHN"] / 760 * 100) == 99


def test_lithium_us_is_withheld_not_zero(ds):
    """USGS withholds US lithium output: the rows exist with a blank, never a made-up 0."""
    cap = ds.capacity
    us = cap[(cap.country == "USA") & (cap.material == "Li") & (cap.stage == "mining")]
    assert len(us) == 2
    assert us["production_t"].isna().all()


def test_germanium_has_no_invented_country_output(ds):
    """USGS publishes no germanium production by country: no number may appear."""
    cap = ds.capacity
    ge = cap[cap.material == "Ge"]
    assert not ge.empty
    assert ge["production_t"].isna().all()
    assert ge["capacity_t"].isna().all()


# ---------------------------------------------------------------- rare-earth chain 2024


def _recipe(ds, stage, material, input_material):
    r = ds.recipes
    row = r[(r.stage == stage) & (r.material == material) & (r.input_material == input_material)]
    assert len(row) == 1
    return float(row["input_t_per_t"].iloc[0])


def test_ndpr_chain_2024_balances(ds):
    """Separation = metal = NdPr in world magnets, for NdPr, Dy and Tb (t contained element).

    The estimates are built from one anchor (world NdFeB 293,800 t), so world output at
    each stage must equal magnets x recipe content to within 2 t of rounding.
    """
    magnets = _prod(ds, "magnet", "NdFeB", 2024).sum()
    assert magnets == pytest.approx(293_800, abs=1)
    for element in ("NdPr", "Dy", "Tb"):
        need = magnets * _recipe(ds, "magnet", "NdFeB", element)
        assert _prod(ds, "separation", element, 2024).sum() == pytest.approx(need, abs=2)
        assert _prod(ds, "metal", element, 2024).sum() == pytest.approx(need, abs=2)


def test_china_share_of_ndpr_separation_close_to_iea(ds):
    """The residual estimate gives China ~92.7% of NdPr separation; IEA says 91% (magnet REE)."""
    sep = _prod(ds, "separation", "NdPr", 2024)
    share = sep["CHN"] / sep.sum()
    assert share == pytest.approx(0.91, abs=0.025)


def test_separation_recipe_reproduces_world_mining(ds):
    """The REO the separators take = world mine production 2023 (376,000 t REO), the year
    of the magnet anchor: China's NdPr × its recipe, plus the US's and Malaysia's NdPr
    divided by what a tonne of their ores yields (co-production, feeds.csv); the country
    rows of 2023 and 2024 both cover it, so no year of the chain runs short."""
    from critmin.model.network import build_network
    ratio = _recipe(ds, "separation", "NdPr", "REO")
    sep = _prod(ds, "separation", "NdPr", 2024)
    feeds = build_network(ds).feeds
    taken = ratio * sep["CHN"] + sum(sep[k] / feeds[(k, "separation")].yield_of("NdPr")
                                     for k in ("USA", "MYS"))
    assert set(sep.index) == {"CHN", "USA", "MYS"}
    assert taken == pytest.approx(376_000, rel=1e-3)
    for year in (2023, 2024):
        assert _prod(ds, "mining", "REO", year).sum() >= taken


def test_company_figures_behind_estimates(ds):
    """MP 1,294 t NdPr oxide; Lynas 1,724 + 1,504 + 1,677 + 1,292 t oxide in the four
    quarters of 2024 and 6,558 t in its 2025 financial year; x 0.8426 element."""
    sep = _prod(ds, "separation", "NdPr", 2024)
    assert sep["USA"] == round(1_294 * 0.8426)
    assert sep["MYS"] == round((1_724 + 1_504 + 1_677 + 1_292) * 0.8426)
    assert _prod(ds, "separation", "NdPr", 2025)["MYS"] == round(6_558 * 0.8426)


def test_production_never_exceeds_capacity(ds):
    cap = ds.capacity.dropna(subset=["capacity_t", "production_t"])
    assert not cap.empty
    assert (cap["production_t"] <= cap["capacity_t"]).all()


def test_recipes_match_stoichiometry_and_sources(ds):
    """NdFeB: NdPr (0.29+0.325)/2; heavy rare earth (0.006+0.012)/2 = 0.009, split Dy : Tb
    as IEA's 2024 EV-motor demand, 0.674 : 0.134 kt -> Tb 0.0015, Dy 0.0075; SmCo: Sm2Co17
    by atomic weights."""
    assert _recipe(ds, "magnet", "NdFeB", "NdPr") == pytest.approx(0.3075)
    tb = round(0.009 * 0.134139 / (0.67431 + 0.134139), 4)
    assert tb == 0.0015
    assert _recipe(ds, "magnet", "NdFeB", "Tb") == pytest.approx(tb)
    assert _recipe(ds, "magnet", "NdFeB", "Dy") == pytest.approx(0.009 - tb)
    sm = 2 * 150.36 / (2 * 150.36 + 17 * 58.933)
    assert _recipe(ds, "magnet", "SmCo", "Sm") == pytest.approx(sm, abs=1e-4)
    assert _recipe(ds, "magnet", "SmCo", "Sm") + _recipe(ds, "magnet", "SmCo", "Co") == (
        pytest.approx(1.0))


@pytest.mark.parametrize(("element", "factor"), [
    ("La", 0.8527), ("Ce", 0.8141), ("Pr", 0.8277), ("Nd", 0.8574), ("Sm", 0.8624),
    ("Eu", 0.8636), ("Gd", 0.8676), ("Tb", 0.8502), ("Dy", 0.8713), ("Y", 0.7874),
])
def test_oxide_factors(ds, element, factor):
    """Element mass fraction of the usual oxide, e.g. Nd2O3: 2x144.242/(2x144.242+3x15.999)."""
    m = ds.materials.set_index("material")
    assert m.loc[element, "element_per_oxide"] == pytest.approx(factor, abs=1e-4)


# ---------------------------------------------------------------- trade and demand


def test_us_import_estimates_conserve_the_usgs_totals(ds):
    """Shares of each US import table sum to 100%, so the split conserves the USGS total.

    E.g. rare-earth compounds + metals 2023: 8,920 + 476 = 9,396 t REO.
    """
    t = ds.trade[(ds.trade.importer == "USA") & (ds.trade.source_id == "est-us-imports-by-source")]
    totals = t.groupby(["material", "year"])["quantity_t"].sum()
    assert totals[("REO", 2023)] == pytest.approx(9_396)
    assert totals[("Li", 2023)] == pytest.approx(3_390)
    assert totals[("Cu", 2020)] == pytest.approx(676_000)
    ree = t[(t.material == "REO") & (t.year == 2023)].set_index("exporter")["quantity_t"]
    assert ree["CHN"] / ree.sum() == pytest.approx(0.70)


def test_ev_demand_estimate(ds):
    """China 2024: 11 million electric cars x 2 kg NdFeB = 22,000 t."""
    d = ds.demand
    row = d[(d.country == "CHN") & (d.sector == "ev") & (d.year == 2024)]
    assert row["demand_t"].item() == pytest.approx(22_000)



def _demand(ds, sector: str, year: int = 2024) -> pd.Series:
    d = ds.demand
    rows = d[(d.sector == sector) & (d.year == year) & (d.material == "NdFeB")]
    return rows.set_index("country")["demand_t"]


def test_ev_demand_adds_up_to_world_sales(ds):
    """All countries together: 17.0 million electric cars (IEA 2024) x 2 kg = 34,000 t NdFeB;
    Germany 381,000 and UK 382,000 battery-electric cars x 2 kg = 762 t and 764 t; Korea
    127,900 electric cars (IEA) x 2 kg = 255.8 t."""
    ev = _demand(ds, "ev")
    assert ev.sum() == pytest.approx(34_000)
    assert ev["DEU"] == pytest.approx(762)
    assert ev["GBR"] == pytest.approx(764)
    assert ev["KOR"] == pytest.approx(255.8)
    rest = 17.0e6 - 11.0e6 - 1.6e6 - 59_736 - 381_000 - 382_000 - 127_900
    assert ev["XOT"] == pytest.approx(rest * 2 / 1000)


def test_wind_demand_from_additions_and_iea_share(ds):
    """Wind NdFeB = MW added (WWEA 2024, world 121,305 MW) x fleet-average intensity,
    intensity = (18% - 7%) x 93,000 t magnet REE / 0.3165 / 117,000 MW = 0.2763 t/MW."""
    intensity = 0.11 * 93_000 / 0.3165 / 117_000
    assert intensity == pytest.approx(0.2763, abs=1e-4)
    it = ds.intensities.set_index("application")
    assert it.loc["wind-fleet-average", "value"] == pytest.approx(0.2763)
    wind = _demand(ds, "wind")
    assert wind.sum() == pytest.approx(121_305 * 0.2763)
    assert wind["CHN"] == pytest.approx(86_700 * 0.2763)
    assert wind["USA"] == pytest.approx(4_200 * 0.2763)


def test_us_nickel_demand_is_primary_consumption(ds):
    """US nickel demand = USGS apparent primary consumption (84,000 t in 2024), not the
    180,000 t total, whose scrap part (92,000 t) has no supply row; every year the primary
    imports (112,000 t in 2023, 100,000 t in 2024) cover it."""
    d = ds.demand
    ni = d[(d.country == "USA") & (d.material == "Ni")].set_index("year")["demand_t"]
    assert ni.to_dict() == {2020: 94_100, 2021: 97_500, 2022: 120_000, 2023: 100_000, 2024: 84_000}
    imports = ds.trade[(ds.trade.importer == "USA") & (ds.trade.material == "Ni")]
    by_year = imports.groupby("year")["quantity_t"].sum()
    assert by_year[2024] == pytest.approx(100_000)
    assert (by_year.reindex(ni.index) >= ni).all()


def test_us_antimony_demand_excludes_secondary(ds):
    """US antimony demand = apparent consumption - secondary output from old scrap
    (USGS): 24,000 - 3,500 = 20,500 t in 2024, covered by 2024 imports of oxide (20,000 t)
    and unwrought metal (4,100 t)."""
    d = ds.demand
    sb = d[(d.country == "USA") & (d.material == "Sb")].set_index("year")["demand_t"]
    assert sb[2024] == pytest.approx(24_000 - 3_500)
    assert sb[2020] == pytest.approx(22_400 - 3_520)
    imports = ds.trade[(ds.trade.importer == "USA") & (ds.trade.material == "Sb")]
    by_year = imports.groupby("year")["quantity_t"].sum()
    assert by_year[2024] == pytest.approx(24_100)
    assert (by_year.reindex(sb.index) >= sb).all()


def test_no_shock_baseline_has_no_shortfall(ds):
    """The bundled no-shock scenario (36 months from 2025-01), and every year from 2023 (the
    first year of the rare-earth chain's data) to 2027, meets every demand row from capacity
    and trade: a shortfall here means the demand and supply rows disagree (as 2024's magnet
    demand did with 2023's mining, before the REO recipe was set on the anchor's year)."""
    from critmin.scenarios import Horizon
    from critmin.scenarios.library import load_library_scenario
    from critmin.simulate import simulate

    sc = load_library_scenario("baseline")
    res = simulate(ds, sc)
    assert res.shortfall["demand_t"].sum() > 1e6
    assert res.shortfall["shortfall_t"].sum() == pytest.approx(0.0, abs=1e-3)
    yearly = simulate(ds, sc.model_copy(update={"horizon": Horizon(start="2023", end="2027",
                                                                   step="year")}))
    assert yearly.shortfall["shortfall_t"].sum() == pytest.approx(0.0, abs=1e-3)


# ---------------------------------------------------------------- ore compositions


def test_compositions_as_published(ds):
    """Shares of REO (Gupta & Krishnamurthy 2005 / Castor & Hedrick 2006): Longnan clay
    Y 64.9%, Dy 6.7%, Tb 1.3%; Australian monazite sums to 99.94%; no origin above 100%."""
    c = ds.table("compositions")
    share = c.set_index(["origin", "material"])["share_of_reo"]
    assert share[("ionic-clay-longnan", "Y")] == pytest.approx(0.649)
    assert share[("ionic-clay-longnan", "Dy")] == pytest.approx(0.067)
    assert share[("ionic-clay-longnan", "Tb")] == pytest.approx(0.013)
    assert share[("mountain-pass", "Nd")] == pytest.approx(0.12)
    sums = c.groupby("origin")["share_of_reo"].sum()
    assert sums["monazite-australia-east-coast"] == pytest.approx(0.9994)
    assert (sums <= 1.0 + 1e-9).all()


def test_heavy_rare_earths_traced_to_their_deposits(ds):
    """Dy2O3 mined = REO x composition: Myanmar 27,000 x 6.7% = 1,809 t, China's ionic clays
    2 x 10,140 x 6.7% = 1,358.8 t, Australia 29,000 x 0.69% = 200.1 t, so Myanmar supplies
    54% of the traced Dy; with 1/0.8713 t Dy2O3 per t Dy they cover China's 2,204 t."""
    dy = _prod(ds, "mining", "Dy", 2024)
    assert dy.to_dict() == pytest.approx({"MMR": 1_809, "CHN": 1_358.8, "AUS": 200.1})
    assert dy["MMR"] / dy.sum() == pytest.approx(0.537, abs=0.005)
    tb = _prod(ds, "mining", "Tb", 2024)
    assert tb.to_dict() == pytest.approx({"MMR": 351, "CHN": 263.6, "AUS": 11.6})
    for element, factor in (("Dy", 0.8713), ("Tb", 0.8502)):
        assert _recipe(ds, "separation", element, element) == pytest.approx(1 / factor, abs=1e-4)
    need = _prod(ds, "separation", "Dy", 2024).sum() * _recipe(ds, "separation", "Dy", "Dy")
    assert dy.sum() >= need
    # element oxide mined never exceeds the country's rare-earth mine production
    reo = _prod(ds, "mining", "REO", 2024)
    assert ((dy + tb) <= reo.reindex(dy.index)).all()
    # Burma's ore and Lynas' heavy-REE concentrate went to China in 2024
    t = ds.trade[(ds.trade.stage == "mining") & (ds.trade.material == "Dy")]
    assert set(t["importer"]) == {"CHN"}
    assert t.set_index("exporter")["quantity_t"].to_dict() == pytest.approx(
        {"MMR": dy["MMR"], "AUS": dy["AUS"]})

def test_world_aggregate_code_only_in_outlooks(ds):
    """XWL (world) is used only for projections with an outlook, never beside country rows."""
    d = ds.demand
    xwl = d[d.country == "XWL"]
    assert not xwl.empty
    assert (xwl["outlook"] != "").all()
    assert set(xwl["year"]).isdisjoint(set(d[d.country != "XWL"]["year"]))
    assert "XWL" not in set(ds.capacity.country) | set(ds.trade.exporter) | set(ds.trade.importer)


# ---------------------------------------------------------------- facilities, policies, other


def test_facilities_outside_china(ds):
    f = ds.facilities.set_index("facility_id")
    assert (f["country"] != "CHN").sum() >= 25
    assert f.loc["mp-independence", "capacity_t"] == 1_000
    assert f.loc["vulcan-elements", "capacity_t"] == 10_000
    assert "Office of Strategic Capital ($620m loan)" in f.loc["vulcan-elements", "partners"]
    assert (f.loc["neo-narva", ["country", "status", "capacity_t"]].tolist()
            == ["EST", "operating", 2_000])
    assert f.loc["iluka-eneabba", "capacity_t"] == 23_000
    assert f.loc["iluka-eneabba", "start_year"] == 2027


def test_china_export_controls(ds):
    p = ds.policies.set_index("policy_id")
    a18 = p.loc["mofcom-2025-18"]
    assert a18["start"] == "2025-04-04"
    assert {"Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"} <= set(split_list(a18["materials"]))
    ban = p.loc["mofcom-2024-46"]
    assert (ban["type"], ban["destinations"]) == ("export_ban", "USA")
    assert set(split_list(ban["materials"])) == {"Ga", "Ge", "Sb"}
    # Ann. 57 elements are suspended by Ann. 70 to 10 Nov 2026; Ann. 18 elements are not.
    susp = p.loc["mofcom-2025-70"]
    assert susp["end"] == "2026-11-10"
    assert {"Ho", "Er", "Tm", "Eu", "Yb"} <= set(split_list(susp["materials"]))
    assert "Dy" not in split_list(susp["materials"])
    assert p.loc["mofcom-2025-72", "end"] == "2026-11-27"


def test_no_severity_without_a_source(ds):
    """No public source gives a withheld share for any control: severity stays blank."""
    assert ds.policies["severity"].isna().all()


def test_price_floor_and_stockpile_rule(ds):
    p = ds.policies.set_index("policy_id")
    assert p.loc["dod-mp-price-floor", "type"] == "price_floor"
    assert float(p.loc["dod-mp-price-floor", "value_usd_per_kg"]) == 110
    s = ds.stockpiles
    jp = s[(s.country == "JPN") & (s.holder == "JOGMEC")]
    assert jp["target_days"].astype(float).tolist() == [60]
    assert jp["quantity_t"].isna().all()  # holdings are secret


def test_prices(ds):
    """Argus via USGS: Nd oxide $56/kg (2024), Tb oxide $2,051/kg (2022); W $250/mtu / 7.93."""
    pr = ds.prices.set_index(["material", "stage", "region", "year"])["price_usd_per_kg"]
    assert pr[("Nd", "separation", "world", 2024)] == 56
    assert pr[("Tb", "separation", "world", 2022)] == 2_051
    assert pr[("W", "mining", "Rotterdam", 2024)] == pytest.approx(250 / 7.93, abs=0.01)


def test_groups(ds):
    g = ds.groups
    assert (len(g["G7"]), len(g["EU27"]), len(g["MSP"]), len(g["QUAD"])) == (7, 27, 14, 4)
    assert ds.resolve_countries(["QUAD"]) == ["AUS", "IND", "JPN", "USA"]


def test_wgi_scaled_from_2023_estimates(ds):
    """wgi_scaled = 5 - 2 x mean of the six WGI 2023 estimates (higher = weaker governance).

    China: mean(-0.01, 0.68, -0.51, -0.04, -0.36, -1.50) = -0.29 -> 5.58.
    United States: mean(1.12, 1.22, 0.03, 1.33, 1.39, 0.88) = 0.995 -> 3.01.
    """
    c = ds.countries.set_index("country")
    assert c.loc["CHN", "wgi_scaled"] == pytest.approx(5.58, abs=0.005)
    assert c.loc["USA", "wgi_scaled"] == pytest.approx(3.01, abs=0.005)
    means = pd.to_numeric(c["wgi_mean_2023"], errors="coerce")
    scored = c["wgi_scaled"].notna()
    assert (c.loc[scored, "wgi_scaled"] - (5 - 2 * means[scored])).abs().max() < 0.006
    # every real country has a score except New Caledonia, which the WGI does not cover;
    # the aggregates (Europe, rest of world, world) have none
    unscored = set(c.index[~scored])
    assert unscored == {"NCL", "XEU", "XOT", "XWL"}
    assert c.loc["MMR", "wgi_scaled"] > c.loc["CHN", "wgi_scaled"] > c.loc["JPN", "wgi_scaled"]


# ---------------------------------------------------------------- provenance

_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
_PREFIXES = ("usgs-", "est-", "iea-", "mp-", "lynas-", "mofcom-", "crs-", "ciaaw-")


def _cited(ds) -> set[str]:
    """source_ids cited by any row, including the extra provenance columns."""
    used = set(ds.source_ids_used())
    for table, column in (("materials", "source_id"), ("countries", "groups_source_id"),
                          ("capacity", "capacity_source_id"),
                          ("prices", "conversion_source_id")):
        df = ds.table(table)
        if column in df.columns:
            for cell in df[column]:
                used.update(split_list(cell))
    return used


def test_every_cited_source_resolves(ds):
    known = set(ds.sources["source_id"])
    assert _cited(ds) - known == set()


def test_estimates_state_their_method_and_inputs(ds):
    """Every estimate has a note naming at least one source it was derived from, and every
    source id a note names exists."""
    known = set(ds.sources["source_id"])
    est = ds.sources[ds.sources["kind"] == "estimate"]
    assert len(est) >= 10
    for sid, note in zip(est["source_id"], est["note"], strict=True):
        assert len(note) > 40, sid
        tokens = set(_ID.findall(note))
        assert tokens & known, f"{sid} names no input source"
        named = {t for t in tokens if t.startswith(_PREFIXES)}
        assert named <= known, f"{sid} names unknown sources {named - known}"


def _bundled_plan_and_outlook_sources() -> set[str]:
    """Source ids a bundled plan (its ``sources``, a candidate's ``source_id``) or demand
    outlook (``source_ids``) cites for the numbers it carries."""
    import yaml

    out: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "source_id" and isinstance(v, str):
                    out.add(v)
                elif k in ("source_ids", "sources") and isinstance(v, list):
                    out.update(str(x) for x in v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    import critmin

    root = Path(critmin.__file__).parent
    for path in [*root.glob("optimize/plans/*.yaml"), *root.glob("stocks/outlooks/*.yaml")]:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def test_no_orphan_sources(ds):
    """Every source is cited by a row, named as an input in an estimate's note, or cited by
    a bundled scenario for a parameter it uses (an elasticity is a scenario's, not a row's)."""
    from critmin.scenarios.library import list_scenarios, load_library_scenario

    named = {sid for name in list_scenarios() for sid in load_library_scenario(name).sources}
    named |= _bundled_plan_and_outlook_sources()
    for note in ds.sources.loc[ds.sources["kind"] == "estimate", "note"]:
        named.update(_ID.findall(note))
    orphans = set(ds.sources["source_id"]) - _cited(ds) - named
    assert orphans == set()


def test_sources_are_complete(ds):
    s = ds.sources
    for col in ("title", "publisher", "url"):
        assert (s[col].str.len() > 0).all(), col
    assert set(s["kind"]) <= {"primary", "secondary", "estimate"}
    assert s.loc[s["kind"] == "secondary", "accessed"].str.len().gt(0).all()


# ---------------------------------------------------------------- source addresses

_DOCS = Path(__file__).resolve().parents[2] / "docs" / "reference-dataset.md"
_ESTIMATE_URL = re.compile(r"docs/reference-dataset\.md#([a-z0-9_-]+)")
_HOMEPAGE_REASON = "publisher has no deeper public address found; homepage given"


def _slug(heading: str) -> str:
    """GitHub's anchor of a Markdown heading: lowercase, punctuation other than '-' and '_'
    removed, each space turned into '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _doc_anchors() -> set[str]:
    """Anchors of every heading of docs/reference-dataset.md (outside code blocks), with
    GitHub's -1, -2 suffixes for repeated headings."""
    text = re.sub(r"^```.*?^```", "", _DOCS.read_text(encoding="utf-8"), flags=re.M | re.S)
    anchors: set[str] = set()
    for heading in re.findall(r"^#{1,6}[ \t]+(.+?)[ \t]*$", text, flags=re.M):
        base, n = _slug(heading), 0
        while (anchor := base if n == 0 else f"{base}-{n}") in anchors:
            n += 1
        anchors.add(anchor)
    return anchors


def test_slug_is_githubs():
    assert _slug("Trade, demand and prices") == "trade-demand-and-prices"
    assert _slug("Capacity and production (`capacity.csv`)") == (
        "capacity-and-production-capacitycsv")
    assert _slug("Oxide-to-element factors") == "oxide-to-element-factors"


def test_no_source_points_to_the_placeholder_repository(ds):
    """Estimates used to point at a placeholder github.com/critmin/critmin copy of the docs."""
    urls = ds.sources["url"]
    placeholder = ds.sources[urls.str.contains("github.com/critmin/critmin", regex=False)]
    assert placeholder.empty, list(placeholder["source_id"])


def test_estimates_link_to_the_heading_that_derives_them(ds):
    """Every estimate's url is docs/reference-dataset.md#anchor, and the anchor is a heading
    there."""
    anchors = _doc_anchors()
    est = ds.sources[ds.sources["kind"] == "estimate"]
    assert len(est) >= 10
    for sid, url in zip(est["source_id"], est["url"], strict=True):
        m = _ESTIMATE_URL.fullmatch(url)
        assert m, f"{sid}: {url} is not docs/reference-dataset.md#anchor"
        assert m.group(1) in anchors, f"{sid}: no heading of {_DOCS.name} has anchor {m.group(1)}"


def test_no_source_cites_the_unshipped_working_file(ds):
    """Sources say how the publication itself was read, not 'per figures.md' (a working file that
    is not shipped)."""
    for col in ("title", "publisher", "url", "note", "accessed"):
        text = ds.sources[col].fillna("").str.lower()
        cited = ds.sources.loc[text.str.contains("figures.md", regex=False)
                               | text.str.contains("shared/reference", regex=False), "source_id"]
        assert cited.empty, f"{col}: {list(cited)}"


def test_a_homepage_url_says_why(ds):
    """A bare homepage (path empty or '/', no query naming a page such as '?p=138890') is
    allowed only when the note says no deeper public address was found."""
    s = ds.sources
    for sid, url, note in zip(s["source_id"], s["url"], s["note"].fillna(""), strict=True):
        parsed = urlparse(url)
        if parsed.scheme in ("http", "https") and parsed.path in ("", "/") and not parsed.query:
            assert _HOMEPAGE_REASON in note.lower(), f"{sid}: homepage {url} with no reason given"
