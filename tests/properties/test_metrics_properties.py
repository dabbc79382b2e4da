"""Invariants of the exposure metrics (hypothesis)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from critmin.metrics import Economy, concentration_frame, import_reliance_frame
from critmin.metrics import _kernels as k

CODES = ["XAA", "XBB", "XCC", "XDD", "XEE", "XOT"]
quantity = st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False)

pytestmark = pytest.mark.slow


@st.composite
def markets(draw):
    """A production table of 1-6 countries (XOT = rest of world) for one node."""
    n = draw(st.integers(1, len(CODES)))
    codes = draw(st.permutations(CODES))[:n]
    qty = draw(st.lists(quantity, min_size=n, max_size=n))
    return pd.DataFrame({"country": codes, "material": "Nd", "stage": "mining", "year": 2024,
                         "production_t": qty})


WGI = {c: float(i + 1) for i, c in enumerate(CODES[:-1])}


@given(markets())
@settings(deadline=None, max_examples=50)
def test_hhi_bounds(df: pd.DataFrame) -> None:
    """10⁴·max share² ≤ HHI ≤ 10⁴, and shares are fractions."""
    row = concentration_frame(df, WGI).iloc[0]
    if not row["world_t"] > 0:
        return
    top = row["top1_share"] if row["top1_country"] else 0.0
    assert 1e4 * top**2 - 1e-6 <= row["hhi"] <= 1e4 + 1e-6
    assert 0.0 <= row["top3_share"] <= 1.0 + 1e-12
    assert row["top3_share"] + row["other_share"] <= 1.0 + 1e-9
    assert 0.0 <= row["hhi_wgi"] <= 10.0 + 1e-9


@given(markets(), st.randoms(use_true_random=False), st.integers(0, 5),
       st.floats(min_value=0.0, max_value=1.0))
@settings(deadline=None, max_examples=40)
def test_concentration_invariant_to_row_order_and_splits(df, rnd, which, frac) -> None:
    """Shuffling rows, or splitting one country's row in two, changes nothing."""
    base = concentration_frame(df, WGI)
    shuffled = df.sample(frac=1.0, random_state=rnd.randint(0, 10_000))
    i = which % len(df)
    row = df.iloc[[i]]
    split = pd.concat([df.drop(df.index[i]),
                       row.assign(production_t=row["production_t"] * frac),
                       row.assign(production_t=row["production_t"] * (1 - frac))])
    for other in (concentration_frame(shuffled, WGI), concentration_frame(split, WGI)):
        pd.testing.assert_frame_equal(base, other, check_exact=False, rtol=1e-9, atol=1e-9)


@st.composite
def trade_tables(draw):
    n = draw(st.integers(0, 12))
    rows = [{"exporter": draw(st.sampled_from(CODES)), "importer": draw(st.sampled_from(CODES)),
             "material": "Nd", "stage": "mining", "year": 2024, "quantity_t": draw(quantity)}
            for _ in range(n)]
    return pd.DataFrame(rows, columns=["exporter", "importer", "material", "stage", "year",
                                       "quantity_t"])


@given(markets(), trade_tables(), st.integers(0, 11), st.floats(0.0, 1.0))
@settings(deadline=None, max_examples=40)
def test_reliance_invariant_to_row_order_and_splits(cap, trade, which, frac) -> None:
    """Import reliance of a coalition does not depend on row order or split trade rows."""
    eco = Economy("XAA+XBB", ("XAA", "XBB"))
    base = import_reliance_frame(cap, trade, eco)
    other = import_reliance_frame(cap.iloc[::-1], trade.iloc[::-1], eco)
    pd.testing.assert_frame_equal(base, other)
    if len(trade):
        i = which % len(trade)
        row = trade.iloc[[i]]
        split = pd.concat([trade.drop(trade.index[i]),
                           row.assign(quantity_t=row["quantity_t"] * frac),
                           row.assign(quantity_t=row["quantity_t"] * (1 - frac))])
        pd.testing.assert_frame_equal(base, import_reliance_frame(cap, split, eco),
                                      check_exact=False, rtol=1e-9, atol=1e-6)


@st.composite
def networks(draw):
    """Random production and trade among n countries (sparse, with re-exports)."""
    n = draw(st.integers(1, 6))
    p = np.array(draw(st.lists(st.floats(0.0, 100.0), min_size=n, max_size=n)))
    t = np.array(draw(st.lists(st.floats(0.0, 50.0), min_size=n * n, max_size=n * n)))
    mask = np.array(draw(st.lists(st.booleans(), min_size=n * n, max_size=n * n)))
    return p, (t * mask).reshape(n, n)


@given(networks())
@settings(deadline=None, max_examples=200)
def test_traced_shares_sum_to_one_where_supply_exists(net) -> None:
    """Origin mixes are probability vectors for every country with supply, and NaN for
    countries without; a country's own production share is at least P/S."""
    p, t = net
    n = len(p)
    d = np.hstack([np.eye(n), np.zeros((n, 1))])
    m = k.origin_mix(p, t, d, unknown=n)
    tt = t.copy()
    np.fill_diagonal(tt, 0.0)
    supply = p + tt.sum(axis=0)
    has = supply > 0
    np.testing.assert_allclose(m[has].sum(axis=1), 1.0, atol=1e-9)
    assert (m[has] >= -1e-9).all()
    assert np.isnan(m[~has]).all()
    own = np.diag(m[has][:, :n]) if has.all() else None
    if own is not None:
        assert (own >= p / supply - 1e-9).all()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_traced_shares_sum_to_one_on_random_datasets(seed: int) -> None:
    """Random three-stage datasets: every (node, upstream stage) mix of every country
    sums to 1 where the country has supply."""
    from critmin.metrics import trace_origins
    from critmin.testing import make_dataset, toy_tables

    rng = np.random.default_rng(seed)
    tables = toy_tables()
    codes = ["XAA", "XBB", "XCC"]
    nodes = [("mining", "Nd"), ("metal", "Nd"), ("magnet", "NdFeB")]
    tables["capacity"] = [{"country": c, "stage": s, "material": m, "year": 2024,
                           "capacity_t": q, "production_t": q, "source_id": "toy"}
                          for c in codes for s, m in nodes
                          if (q := float(rng.integers(0, 100))) > 0 or True]
    tables["trade"] = [{"exporter": e, "importer": i, "stage": s, "material": m, "year": 2024,
                        "quantity_t": float(rng.integers(1, 50)), "source_id": "toy"}
                       for e in codes for i in codes for s, m in nodes
                       if e != i and rng.random() < 0.5]
    tables["demand"] = []
    tr = trace_origins(make_dataset(tables))
    for node in tr.nodes:
        has = tr.supply(node) > 0
        for mix in tr.mix[node].values():
            np.testing.assert_allclose(mix[has].sum(axis=1), 1.0, atol=1e-9)


@given(st.randoms(use_true_random=False), st.floats(0.05, 0.95))
@settings(deadline=None, max_examples=10)
def test_exposure_invariant_to_row_order_and_split_rows(rnd, frac) -> None:
    """On the sample dataset, shuffling the capacity and trade tables and splitting one
    trade row in two leaves the coalition exposure table unchanged."""
    from critmin.data import Dataset, load_sample
    from critmin.metrics import coalition_exposure

    ds = load_sample()
    base = coalition_exposure(ds, ["USA", "JPN"])
    seed = rnd.randint(0, 10_000)
    trade = ds.trade.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    i = rnd.randint(0, len(trade) - 1)
    row = trade.iloc[[i]]
    trade = pd.concat([trade.drop(index=i), row.assign(quantity_t=row["quantity_t"] * frac),
                       row.assign(quantity_t=row["quantity_t"] * (1 - frac))],
                      ignore_index=True)
    tables = dict(ds.tables)
    tables["trade"] = trade
    tables["capacity"] = ds.capacity.sample(frac=1.0, random_state=seed + 1)
    other = coalition_exposure(Dataset(tables=tables, meta=ds.meta), ["USA", "JPN"])
    pd.testing.assert_frame_equal(base, other, check_exact=False, rtol=1e-9, atol=1e-9)
