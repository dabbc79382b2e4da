"""Every dataset rule: a broken copy of the sample dataset is refused with an error that
names the file, the row (line in the file, header = line 1), the column and the rule."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from critmin.data import load_dataset, validate_dataset
from critmin.exceptions import DatasetError, Problem


def edit_cell(folder: Path, table: str, line: int, column: str, value: str) -> None:
    """Set one cell of ``table.csv`` (``line`` as an editor shows it; header is line 1)."""
    file = folder / f"{table}.csv"
    with file.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0].keys())
    rows[line - 2][column] = value
    with file.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def append_line(folder: Path, table: str, line: str) -> int:
    """Append a raw CSV line; return its line number."""
    file = folder / f"{table}.csv"
    text = file.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    file.write_text(text + line + "\n", encoding="utf-8")
    return len((text + line).splitlines())


def only_problem(folder: Path) -> Problem:
    problems = validate_dataset(folder)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_sample_is_valid(sample_copy: Path) -> None:
    assert validate_dataset(sample_copy) == []


@pytest.mark.parametrize(
    ("table", "line", "column", "value", "rule"),
    [
        ("capacity", 3, "production_t", "-5", "non_negative"),
        ("capacity", 3, "production_t", "lots", "type"),
        ("capacity", 3, "year", "2024.5", "type"),
        ("capacity", 3, "country", "", "required_value"),
        ("capacity", 4, "country", "ZZY", "unknown_country"),
        ("capacity", 4, "material", "Unobtainium", "unknown_material"),
        ("capacity", 4, "stage", "smelting", "unknown_stage"),
        ("capacity", 5, "source_id", "nowhere-2025", "unknown_source"),
        ("trade", 2, "quantity_t", "-1", "non_negative"),
        ("trade", 2, "importer", "JPX", "unknown_country"),
        ("demand", 2, "sector", "toys", "enum"),
        ("materials", 2, "basis", "powder", "enum"),
        ("materials", 3, "element_per_oxide", "1.2", "maximum"),
        ("countries", 2, "country", "CHX", "iso3"),
        ("countries", 2, "wgi_scaled", "11", "maximum"),
        ("policies", 2, "start", "April 2025", "period"),
        ("policies", 2, "destinations", "USA;NATO", "unknown_group"),
        ("policies", 2, "materials", "Dy;Kryptonite", "unknown_material"),
        ("facilities", 2, "status", "dreaming", "enum"),
        ("sources", 8, "note", "", "estimate_note"),
        ("recipes", 4, "input_material", "REO", "recipe_input"),
    ],
)
def test_rule_names_file_row_column(sample_copy: Path, table: str, line: int, column: str,
                                    value: str, rule: str) -> None:
    edit_cell(sample_copy, table, line, column, value)
    problems = validate_dataset(sample_copy)
    matching = [p for p in problems if p.rule == rule]
    assert matching, f"expected rule {rule}, got: {[str(p) for p in problems]}"
    p = matching[0]
    assert (p.file, p.row, p.column) == (f"{table}.csv", line, column)
    assert f"{table}.csv, row {line}, column '{column}'" in str(p)


def test_unknown_country_in_countries_csv_is_not_iso3(sample_copy: Path) -> None:
    """A code that is not ISO 3166 alpha-3 (nor user-assigned) is refused; XOT is allowed."""
    p = only_problem_after(sample_copy, "countries", 2, "country", "CHNA")
    assert p.rule == "iso3"


def only_problem_after(folder: Path, table: str, line: int, column: str, value: str) -> Problem:
    edit_cell(folder, table, line, column, value)
    problems = [p for p in validate_dataset(folder) if p.file == f"{table}.csv"]
    assert len(problems) == 1, problems
    return problems[0]


def test_production_above_capacity(sample_copy: Path) -> None:
    # capacity.csv line 8 is CHN mining REO 2024 with capacity 270000
    edit_cell(sample_copy, "capacity", 8, "production_t", "280000")
    p = only_problem(sample_copy)
    assert (p.rule, p.row, p.column) == ("production_le_capacity", 8, "production_t")
    assert "280000" in p.message
    assert "270000" in p.message


def test_duplicate_key(sample_copy: Path) -> None:
    line = append_line(sample_copy, "capacity", "USA,mining,REO,2024,,45000,usgs-mcs-2025-ree,")
    p = only_problem(sample_copy)
    assert (p.rule, p.row, p.file) == ("duplicate_key", line, "capacity.csv")
    assert "row 9" in p.message  # where the key was first seen


def test_recipe_must_come_from_an_earlier_stage(sample_copy: Path) -> None:
    line = append_line(sample_copy, "recipes",
                       "separation,Dy,magnet,NdFeB,0.1,sample-illustrative")
    p = only_problem(sample_copy)
    assert (p.rule, p.row, p.column) == ("recipe_stage_order", line, "input_stage")


def test_missing_required_column(sample_copy: Path) -> None:
    file = sample_copy / "trade.csv"
    lines = file.read_text().splitlines()
    header = lines[0].split(",")
    keep = [i for i, h in enumerate(header) if h != "quantity_t"]
    file.write_text("\n".join(",".join(line.split(",")[i] for i in keep) for line in lines) + "\n")
    p = only_problem(sample_copy)
    assert (p.file, p.row, p.column, p.rule) == ("trade.csv", None, "quantity_t", "missing_column")


def test_missing_required_table(sample_copy: Path) -> None:
    (sample_copy / "countries.csv").unlink()
    problems = validate_dataset(sample_copy)
    assert any(p.rule == "missing_table" and p.file == "countries.csv" for p in problems)


def test_missing_optional_table_is_empty(sample_copy: Path) -> None:
    (sample_copy / "prices.csv").unlink()
    ds = load_dataset(sample_copy)
    assert ds.prices.empty
    assert list(ds.prices.columns)[:5] == ["material", "stage", "region", "year",
                                           "price_usd_per_kg"]


def test_dataset_yaml_required(sample_copy: Path) -> None:
    (sample_copy / "dataset.yaml").write_text("name: x\n")
    problems = validate_dataset(sample_copy)
    assert {p.column for p in problems if p.rule == "dataset_yaml"} == {
        "version", "description", "base_year"}


def test_several_problems_are_all_reported(sample_copy: Path) -> None:
    """One DatasetError lists every problem, across files, not just the first."""
    edit_cell(sample_copy, "capacity", 3, "production_t", "-5")
    edit_cell(sample_copy, "trade", 2, "importer", "JPX")
    edit_cell(sample_copy, "demand", 2, "sector", "toys")
    edit_cell(sample_copy, "capacity", 5, "source_id", "nowhere")
    with pytest.raises(DatasetError) as err:
        load_dataset(sample_copy)
    found = {(p.file, p.row, p.column, p.rule) for p in err.value.problems}
    assert found == {
        ("capacity.csv", 3, "production_t", "non_negative"),
        ("trade.csv", 2, "importer", "unknown_country"),
        ("demand.csv", 2, "sector", "enum"),
        ("capacity.csv", 5, "source_id", "unknown_source"),
    }
    text = str(err.value)
    assert "4 problems" in text
    assert "trade.csv, row 2, column 'importer'" in text


def test_no_such_folder(tmp_path: Path) -> None:
    problems = validate_dataset(tmp_path / "nope")
    assert [p.rule for p in problems] == ["missing_dataset"]


def _feeds(folder: Path, rows: list[str]) -> None:
    (folder / "compositions.csv").write_text(
        "origin,country,ore_type,material,share_of_reo,source_id\n"
        "ore-a,USA,bastnaesite,NdPr,0.2,sample-illustrative\n"
        "ore-a,USA,bastnaesite,Dy,0.01,sample-illustrative\n", encoding="utf-8")
    (folder / "feeds.csv").write_text(
        "country,stage,feed_stage,feed_material,origin,share_of_feed,source_id\n"
        + "".join(r + "\n" for r in rows), encoding="utf-8")


def test_a_feed_names_a_known_origin(sample_copy: Path) -> None:
    _feeds(sample_copy, ["USA,separation,mining,REO,ore-b,1,sample-illustrative"])
    p = only_problem(sample_copy)
    assert (p.file, p.rule, p.row, p.column) == ("feeds.csv", "feed_origin", 2, "origin")
    assert "ore-b" in p.message


def test_feed_shares_add_up_to_one(sample_copy: Path) -> None:
    _feeds(sample_copy, ["USA,separation,mining,REO,ore-a,0.6,sample-illustrative"])
    p = only_problem(sample_copy)
    assert (p.file, p.rule, p.column) == ("feeds.csv", "feed_shares", "share_of_feed")
    assert "0.6" in p.message and "USA" in p.message


def test_a_valid_feed_passes(sample_copy: Path) -> None:
    _feeds(sample_copy, ["USA,separation,mining,REO,ore-a,1,sample-illustrative"])
    assert validate_dataset(sample_copy) == []


def test_one_node_separates_one_feed_good(sample_copy: Path) -> None:
    """Two rows of USA separation naming REO and Dy as the feed: the second is refused
    (the model reads one feed good per node)."""
    _feeds(sample_copy, ["USA,separation,mining,REO,ore-a,0.5,sample-illustrative",
                         "USA,separation,separation,Dy,ore-b,0.5,sample-illustrative"])
    with (sample_copy / "compositions.csv").open("a", encoding="utf-8") as fh:
        fh.write("ore-b,USA,bastnaesite,Dy,0.01,sample-illustrative\n")
    p = only_problem(sample_copy)
    assert (p.file, p.rule, p.row, p.column) == ("feeds.csv", "feed_good", 3, "feed_material")
    assert "mining/REO" in p.message


def test_a_suspension_names_known_policies(sample_copy: Path) -> None:
    (sample_copy / "policies.csv").write_text(
        "policy_id,type,country,materials,stages,destinations,start,end,severity,source_id,"
        "suspends\n"
        "mofcom-2025-18,export_control,CHN,Dy;NdFeB,separation;magnet,all,2025-04-04,,,"
        "mofcom-2025-18,\n"
        "pause,suspension,CHN,,,all,2025-11-07,2026-11-10,,mofcom-2025-18,"
        "mofcom-2025-18;mofcom-2025-99\n", encoding="utf-8")
    p = only_problem(sample_copy)
    assert (p.file, p.rule, p.row, p.column) == ("policies.csv", "suspends_policy", 3,
                                                 "suspends")
    assert "mofcom-2025-99" in p.message
