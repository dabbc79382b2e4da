"""The shipped HS → (stage, material) map: every factor sourced, every pair in the
reference dataset, stoichiometric factors equal to what the atomic weights give."""

from __future__ import annotations

from pathlib import Path

import pytest

from critmin.data.tradeio import TradeFileError, load_hs_map

#: IUPAC 2021 conventional atomic weights (Prohaska et al. 2022, the map's iupac-aw-2021).
LI, H, C, OX = 6.94, 1.008, 12.011, 15.999


def test_every_factor_has_a_resolvable_source() -> None:
    m = load_hs_map()
    for code, r in m.rows.items():
        for col in ("source_id", "factor_source_id"):
            if r[col]:
                s = m.sources[r[col]]
                assert s["title"] and s["publisher"] and s["url"].startswith("http"), code
                assert 1900 < int(s["year"]) <= 2026
        assert (m.factor_of(code) is None) == (not r["factor"]), code
        assert r["note"], f"{code}: say what the code holds and its ambiguity"


def test_mapped_pairs_exist_in_the_reference_dataset(reference) -> None:
    pairs = set()
    for name in ("capacity", "trade", "demand"):
        t = reference.tables[name]
        pairs |= set(zip(t["stage"], t["material"], strict=True))
    m = load_hs_map()
    mapped = {(r["stage"], r["material"]) for r in m.rows.values() if r["stage"]}
    assert mapped <= pairs


@pytest.mark.parametrize(("code", "expected"), [
    ("283691", 2 * LI / (2 * LI + C + 3 * OX)),          # Li2CO3
    ("282520", LI / (LI + OX + H + 2 * H + OX)),          # LiOH.H2O
])
def test_lithium_factors_follow_from_atomic_weights(code: str, expected: float) -> None:
    assert load_hs_map().factor_of(code)[2] == pytest.approx(expected, abs=5e-6)


def test_ambiguous_codes_have_no_invented_factor() -> None:
    m = load_hs_map()
    for code in ("280530", "284610", "284690", "282560", "811292", "810520", "253090"):
        assert m.factor_of(code) is None, code
    for code in ("850519", "380110", "811261", "811269"):  # listed, not mapped
        assert m.rows[code]["stage"] == ""


def test_bad_user_map_names_row_and_column(tmp_path: Path) -> None:
    own = tmp_path / "m.csv"
    own.write_text("hs_code,stage,material,factor,source_id,factor_source_id,note\n"
                   "850511,magnet,NdFeB,1,wco-hs2022,wco-hs2022,ok\n"
                   "28053,separation,REO,one,wco-hs2022,nowhere,bad\n", encoding="utf-8")
    with pytest.raises(TradeFileError) as err:
        load_hs_map(own)
    got = {(p.row, p.column, p.rule) for p in err.value.problems}
    assert got == {(3, "hs_code", "hs_code"), (3, "factor", "type"),
                   (3, "factor_source_id", "unknown_source")}
