"""BACI and Comtrade importers on fixtures in the published layouts, against totals
computed by hand from the fixture rows.

Fixtures (tests/data/sources/): ``baci/BACI_HS22_Y2023_V202501.csv`` with BACI's header
``t,i,j,k,v,q`` (CEPII, BACI description: value in thousand USD, quantity in t, product
codes as text with leading zeros) and ``country_codes_V202501.csv`` (BACI's layout:
``country_code,country_name,country_iso2,country_iso3``; 842 = USA, 490 = "Other Asia,
nes" without an ISO code); ``comtrade/TradeData_2023_HS6.csv`` with the 47 columns of a
Comtrade+ CSV export (``typeCode, freqCode, … primaryValue, legacyEstimationFlag,
isReported, isAggregate``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from critmin.data import load_dataset, validate_dataset
from critmin.data.tradeio import TradeFileError, import_trade, load_hs_map
from critmin.data.tradeio.baci import parse_baci
from critmin.data.tradeio.comtrade import parse_comtrade
from critmin.data.tradeio.write import write_import

SOURCES = Path(__file__).parent / "sources"
BACI = SOURCES / "baci" / "BACI_HS22_Y2023_V202501.csv"
COMTRADE = SOURCES / "comtrade" / "TradeData_2023_HS6.csv"
LI2CO3, LIOH_H2O = 0.18785, 0.16539


def _row(trade, exporter, importer, material):
    hit = trade[(trade.exporter == exporter) & (trade.importer == importer)
                & (trade.material == material)]
    assert len(hit) <= 1
    return None if hit.empty else hit.iloc[0]


def _copy_baci(tmp_path: Path, text: str, name: str = BACI.name) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    shutil.copy(BACI.with_name("country_codes_V202501.csv"), folder)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_baci_rows_match_hand_totals() -> None:
    r = parse_baci([BACI], load_hs_map())
    t = r.trade
    assert _row(t, "CHN", "USA", "NdFeB").quantity_t == pytest.approx(20.0)  # "   20.000"
    # 4 t Li2CO3 + 10 t LiOH.H2O, as t Li
    assert _row(t, "CHN", "USA", "Li").quantity_t == pytest.approx(4 * LI2CO3 + 10 * LIOH_H2O)
    assert _row(t, "CHN", "DEU", "graphite").quantity_t == pytest.approx(1000 + 100)
    assert _row(t, "XOT", "USA", "NdFeB").quantity_t == pytest.approx(0.5)  # Other Asia, nes
    assert _row(t, "FRA", "USA", "Ni").quantity_t == pytest.approx(2.0)  # BACI code 251
    # quantity NA and blank: unknown, not zero; 2846.90 has no sourced factor; horses unmapped
    assert _row(t, "CHN", "KOR", "NdFeB") is None and _row(t, "CHN", "VNM", "NdFeB") is None
    assert _row(t, "MYS", "JPN", "REO") is None
    assert len(t) == 9 and r.skipped["rows_without_any_quantity"] == 2
    assert _row(t, "CHN", "USA", "NdFeB").value_usd == pytest.approx(1_000_000)
    assert set(t.source_id) == {"baci-hs22-v202501"}
    assert "282520 x 0.16539, 283691 x 0.18785" in _row(t, "CHN", "USA", "Li").note


def test_progress_reaches_the_rows_of_the_file() -> None:
    """The progress bar's last report: every one of the fixture's 15 data rows read."""
    calls: list[tuple[int, int]] = []
    parse_baci([BACI], load_hs_map(), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (15, 15)
    assert all(d <= t for d, t in calls)


def test_column_order_and_padded_missing_quantities(tmp_path: Path) -> None:
    """CEPII's description lists t,k,i,j,v,q; its files have t,i,j,k,v,q; some releases pad
    numbers and NA with spaces. Same rows either way."""
    lines = BACI.read_text(encoding="utf-8").splitlines()
    swapped = ["t,k,i,j,v,q"]
    for line in lines[1:]:
        t, i, j, k, v, q = line.split(",")
        swapped.append(",".join([t, k, i, j, v, "         NA" if q == "NA" else q]))
    file = _copy_baci(tmp_path, "\n".join(swapped) + "\n")
    got = parse_baci([file], load_hs_map()).trade
    pd.testing.assert_frame_equal(got, parse_baci([BACI], load_hs_map()).trade)


def test_leading_zeros_are_kept(tmp_path: Path) -> None:
    """A user map that maps 010121 (read as the number 10121 it would match nothing)."""
    own = tmp_path / "my_map.csv"
    text = (load_hs_map().path.read_text(encoding="utf-8")
            + '010121,HS22,"test",magnet,NdFeB,1,wco-hs2022,wco-hs2022,"test only"\n')
    own.write_text(text, encoding="utf-8")
    t = parse_baci([BACI], load_hs_map(own)).trade
    assert _row(t, "CHN", "USA", "NdFeB").quantity_t == pytest.approx(20.0 + 1.0)


def test_import_into_new_dataset_replaces_the_years_it_covers(tmp_path: Path,
                                                              reference) -> None:
    out = tmp_path / "mine"
    rep = import_trade("baci", [BACI], out)
    assert validate_dataset(out) == []
    ds = load_dataset(out)
    li = ds.trade[(ds.trade.material == "Li") & (ds.trade.stage == "refining")]
    assert set(li[li.year == 2023].source_id) == {"baci-hs22-v202501"}
    old = reference.trade
    old_2022 = old[(old.material == "Li") & (old.year == 2022)]
    assert len(li[li.year == 2022]) == len(old_2022)  # other years untouched
    assert rep.written.rows_added == 9
    replaced = old[old.year == 2023].merge(
        rep.parsed.trade[["stage", "material"]].drop_duplicates())
    assert rep.written.rows_replaced == len(replaced)
    afg = ds.countries.set_index("country").loc["AFG"]
    assert afg["name"] == "Afghanistan"
    src = ds.sources.set_index("source_id")
    assert src.loc["baci-hs22-v202501", "year"] == 2025
    assert "Etalab" in src.loc["baci-hs22-v202501", "licence"]
    assert {"iupac-aw-2021", "wco-hs2022"} <= set(src.index)


def test_extend_sample_in_place(sample_copy: Path) -> None:
    before = (sample_copy / "capacity.csv").read_bytes()
    w = import_trade("baci", [BACI], sample_copy).written
    assert (sample_copy / "capacity.csv").read_bytes() == before
    assert w.created_from is None
    # the sample has no Li, graphite, Ni or Sb: only the four magnet rows fit
    assert w.rows_added == 4 and w.rows_without_stage_material == 5
    ds = load_dataset(sample_copy)
    mag = ds.trade[(ds.trade.year == 2023) & (ds.trade.stage == "magnet")]
    assert mag.quantity_t.sum() == pytest.approx(20 + 10 + 2.5 + 0.5)


BAD = [
    ("t,i,j,k,v\n2023,156,842,850511,1000\n", 1, "q", "missing_column"),
    ("t,i,j,k,v,q\n2023,156,842,850511,1000,20\n2023,156,392,850511,500,ten\n", 3, "q",
     "type"),
    ("t,i,j,k,v,q\n2023,156,842,850511,1000,20\n2023,999,392,850511,500,10\n", 3, "i",
     "unknown_country"),
]


@pytest.mark.parametrize(("text", "row", "column", "rule"), BAD)
def test_bad_baci_file_names_file_row_column(tmp_path: Path, text: str, row: int,
                                             column: str, rule: str) -> None:
    file = _copy_baci(tmp_path, text)
    out = tmp_path / "out"
    with pytest.raises(TradeFileError) as err:
        import_trade("baci", [file], out)
    p = err.value.problems[0]
    assert (Path(p.file).name, p.row, p.column, p.rule) == (file.name, row, column, rule)
    assert not out.exists()


def test_bad_file_leaves_an_existing_dataset_untouched(tmp_path: Path,
                                                       sample_copy: Path) -> None:
    before = (sample_copy / "trade.csv").read_bytes()
    file = _copy_baci(tmp_path, BAD[1][0])
    with pytest.raises(TradeFileError):
        import_trade("baci", [file], sample_copy)
    assert (sample_copy / "trade.csv").read_bytes() == before


def test_comtrade_prefers_the_importers_report() -> None:
    r = parse_comtrade([COMTRADE], load_hs_map())
    t = r.trade
    usa = _row(t, "CHN", "USA", "NdFeB")  # USA's 20,000 kg, not China's 19,000 kg mirror,
    assert usa.quantity_t == pytest.approx(20.0)  # nor the 7,000 kg customs-regime line
    assert usa.reported_by == "importer" and "importer-reported" in usa.note
    jpn = _row(t, "CHN", "JPN", "NdFeB")  # Japan gave no weight: China's export instead
    assert jpn.quantity_t == pytest.approx(8.0)
    assert jpn.reported_by == "exporter" and "mirror" in jpn.note
    assert _row(t, "CHN", "VNM", "NdFeB").quantity_t == pytest.approx(5.0)  # only mirror
    assert _row(t, "CHN", "JPN", "Li").quantity_t == pytest.approx(10.0 * LI2CO3)  # qty, kg
    assert _row(t, "XOT", "KOR", "NdFeB").quantity_t == pytest.approx(1.0)  # S19 pooled
    assert len(t) == 5  # World partner, re-exports and the horse row left out


@pytest.mark.parametrize(("old", "new", "row", "column"), [
    (",20000,False,,False,1000000,,1000000,", ",20 t,False,,False,1000000,,1000000,", 2,
     "netWgt"),
])
def test_bad_comtrade_cell(tmp_path: Path, old: str, new: str, row: int, column: str) -> None:
    text = COMTRADE.read_text(encoding="utf-8")
    assert old in text
    file = tmp_path / COMTRADE.name
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TradeFileError) as err:
        parse_comtrade([file], load_hs_map())
    p = err.value.problems[0]
    assert (p.row, p.column) == (row, column)


def test_comtrade_missing_column(tmp_path: Path) -> None:
    text = COMTRADE.read_text(encoding="utf-8").replace("primaryValue", "value", 1)
    file = tmp_path / COMTRADE.name
    file.write_text(text, encoding="utf-8")
    with pytest.raises(TradeFileError) as err:
        parse_comtrade([file], load_hs_map())
    assert [(p.row, p.column) for p in err.value.problems] == [(1, "primaryValue")]


def test_write_refuses_a_folder_of_the_user(tmp_path: Path) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(TradeFileError):
        write_import(parse_baci([BACI], load_hs_map()), out)
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep me"
    file = tmp_path / "a-file.csv"
    file.write_text("x\n", encoding="utf-8")
    with pytest.raises(TradeFileError):
        write_import(parse_baci([BACI], load_hs_map()), file)
    assert file.read_text(encoding="utf-8") == "x\n"
