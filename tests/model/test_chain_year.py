"""The one chain in a year: carried forward per key, exports closed by implied production
where nothing is recorded (unexplained, of unknown origin, where something is), and read
alike by the exposure metrics and the simulation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from critmin.metrics import trace_origins, traced_exposure
from critmin.model import build_network, carry_forward
from critmin.scenarios import Horizon, load_library_scenario
from critmin.simulate.inputs import prepare


def naive_carry_forward(df: pd.DataFrame, keys: list[str], year: int) -> list[tuple]:
    """Per key the rows of its latest year ≤ year, else of its earliest year: the rule,
    written as plainly as it reads. ``(key, value)`` of every row kept, sorted."""
    out = []
    for key, rows in df.groupby(keys):
        past = rows[rows["year"] <= year]
        chosen = past["year"].max() if len(past) else rows["year"].min()
        out += [(key if isinstance(key, tuple) else (key,), int(v))
                for v in rows.loc[rows["year"] == chosen, "v"]]
    return sorted(out)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(rows=st.lists(st.tuples(st.sampled_from("abc"), st.integers(2018, 2028),
                               st.integers(0, 99)), min_size=1, max_size=25),
       year=st.integers(2016, 2030))
def test_carry_forward_keeps_the_latest_rows_at_or_before_the_year(rows, year) -> None:
    df = pd.DataFrame(rows, columns=["k", "year", "v"])
    got = carry_forward(df, ["k"], year)
    assert sorted(((k,), int(v)) for k, v in zip(got["k"], got["v"], strict=True)) == \
        naive_carry_forward(df, ["k"], year)
    assert got["k"].is_monotonic_increasing


def test_exports_beyond_supply_are_implied_only_where_nothing_is_recorded(toys) -> None:
    """XDD exports 7 t with no capacity row: 7 t implied. XEE re-exports 5 of its 8 t of
    imports: nothing implied (a trading hub is not a producer). XAA reports 40 t and
    exports 50 t: the published 40 t stands; the 10 t beyond it are unexplained (origin
    unknown), not production, and its capacity stays 40 t."""
    ds = toys.toy_dataset(
        capacity=[("XAA", "separation", "Dy", None, 40)],
        trade=[("XDD", "XCC", "separation", "Dy", 7), ("XAA", "XEE", "separation", "Dy", 8),
               ("XEE", "XCC", "separation", "Dy", 5), ("XAA", "XCC", "separation", "Dy", 42)],
        demand=[("XCC", "ev", "separation", "Dy", 10)])
    cap = build_network(ds).capacity(2025).set_index("country")
    assert cap.loc["XDD", "implied_t"] == pytest.approx(7.0)
    assert bool(cap.loc["XDD", "implied"])
    assert "XEE" not in cap.index
    assert cap.loc["XAA", "implied_t"] == 0.0
    assert cap.loc["XAA", "unexplained_t"] == pytest.approx(10.0)
    assert not bool(cap.loc["XAA", "implied"])
    assert cap.loc["XAA", "capacity_t"] == pytest.approx(40.0)
    assert cap.loc["XAA", "net_exports_t"] == pytest.approx(50.0)
    assert cap.loc["XDD", "unexplained_t"] == 0.0


def test_unexplained_exports_trace_to_unknown(toys) -> None:
    """XAA mines 40 t and ships 50 t to XCC, which has no other supply: 40/50 of XCC's
    supply is XAA's, the 10 t beyond XAA's published output are of unknown origin."""
    ds = toys.toy_dataset(
        capacity=[("XAA", "separation", "Dy", None, 40)],
        trade=[("XAA", "XCC", "separation", "Dy", 50)],
        demand=[("XCC", "ev", "separation", "Dy", 50)])
    t = traced_exposure(ds, "XCC", materials="Dy", year=2025)
    share = t.set_index("origin")["share"]
    assert share["XAA"] == pytest.approx(0.8)
    assert share["unknown"] == pytest.approx(0.2)


def test_exposure_and_the_simulation_read_the_same_chain_in_a_year(reference) -> None:
    """On the reference dataset, for the base year: every producer's supply that the
    exposure tables trace (reported production, blank as 0, plus production implied by
    exports) is what the simulation of that year reads, and so is every trade flow the
    simulation has. The flows it has not are those to an importer with no demand for the
    good in the data, or from an exporter that only re-exports what it imports (the
    simulation moves supply from producers to users; it has no transit through a hub)."""
    year = reference.base_year
    tr = trace_origins(reference, year)
    sc = load_library_scenario("baseline").model_copy(
        update={"horizon": Horizon(start=str(year), end=str(year), step="year")})
    inputs = prepare(reference, sc)
    s, numbers = inputs.model.structure, inputs.years[year]
    supply = np.where(numbers.reported_blank, np.maximum(numbers.net_exports, 0.0),
                      numbers.reported_production)
    pos = {c: i for i, c in enumerate(tr.countries)}
    checked = 0
    for n, (k, stage, material) in enumerate(s.producers):
        node = (stage, material)
        if node in tr.production:
            made = tr.production[node] - tr.unexplained[node]
            assert made[pos[k]] == pytest.approx(supply[n], abs=1e-9)
            checked += 1
    traced = {}
    for (stage, material), t in tr.trade.items():
        for e, i in zip(*np.nonzero(t), strict=True):
            traced[(tr.countries[e], tr.countries[i], stage, material)] = float(t[e, i])
    simulated = {k: float(q) for k, q in zip(s.flows, numbers.trade, strict=True) if q > 0}
    assert checked > 100
    assert {k: traced[k] for k in simulated} == pytest.approx(simulated)
    users = {(k, st_, m) for k, _, st_, m in s.demands}
    unused = [k for k in traced if k not in simulated]
    assert unused  # the gap is real, and this test says where it is
    assert all((i, st_, m) not in users or (e, st_, m) not in s.producers
               for e, i, st_, m in unused)
    for node, production in tr.production.items():  # nothing traced the simulation lacks
        for i in np.flatnonzero(production - tr.unexplained[node] > 0):
            assert (tr.countries[i], *node) in s.producers
