"""Every file critmin reads goes through one reader: UTF-8 with or without a byte-order
mark is read; Latin-1, UTF-16 and binary files are refused naming the file and the byte
offset; YAML is limited in size, depth and expanded aliases (issue 16: these were
tracebacks, a RecursionError and an alias bomb that hung)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from critmin.cli import app
from critmin.core.textio import read_text
from critmin.core.yamlio import load_yaml_text
from critmin.exceptions import InputError

runner = CliRunner()
SCENARIO = "name: café\nhorizon: {start: 2025-01, end: 2025-03, step: month}\n"
ALIAS_BOMB = "\n".join(["a: &a [x, x, x, x, x, x, x, x, x]"]
                       + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]"
                          for i in range(9)]) + "\n"


def test_utf8_with_or_without_bom_is_read(tmp_path: Path) -> None:
    for name, data in (("plain.yaml", SCENARIO.encode()),
                       ("bom.yaml", b"\xef\xbb\xbf" + SCENARIO.encode())):
        (tmp_path / name).write_bytes(data)
        assert read_text(tmp_path / name).startswith("name: café")


@pytest.mark.parametrize(("data", "expected"), [
    (SCENARIO.encode("latin-1"), "not UTF-8 (byte 0xe9 at byte offset 9)"),
    (SCENARIO.encode("utf-16"), "the file is UTF-16; save it as UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file (a NUL byte at byte offset 8)"),
])
def test_other_encodings_are_refused_naming_file_and_offset(tmp_path: Path, data: bytes,
                                                             expected: str) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_bytes(data)
    res = runner.invoke(app, ["simulate", str(path)])
    assert res.exit_code == 2
    text = " ".join(res.output.split())
    assert f"{path}: {expected}" in text, res.output
    assert "Traceback" not in res.output


def test_a_device_or_folder_is_not_read(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a regular file"):
        read_text("/dev/null")
    with pytest.raises(InputError, match="a folder"):
        read_text(tmp_path)


def test_a_latin1_dataset_table_is_a_problem_with_its_file(sample_copy: Path) -> None:
    table = sample_copy / "countries.csv"
    table.write_bytes(table.read_bytes() + "XOT,Côte,1.0,\n".encode("latin-1"))
    res = runner.invoke(app, ["data", "validate", str(sample_copy)])
    assert res.exit_code == 2
    text = " ".join(res.output.split())
    assert "countries.csv: not UTF-8 (byte 0xf4 at byte offset" in text
    assert "[rule: encoding]" in text


def test_an_alias_bomb_in_dataset_yaml_is_refused_quickly(sample_copy: Path) -> None:
    meta = sample_copy / "dataset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + ALIAS_BOMB, encoding="utf-8")
    res = runner.invoke(app, ["data", "validate", str(sample_copy)])
    assert res.exit_code == 2
    assert "once its aliases (*name) are expanded" in " ".join(res.output.split())


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    with pytest.raises(yaml.YAMLError, match="nested more than 50 levels"):
        load_yaml_text("a: " + "[" * 5000 + "]" * 5000)
    assert load_yaml_text("a: " + "[" * 40 + "]" * 40)["a"] is not None


def test_a_few_aliases_are_still_fine() -> None:
    assert load_yaml_text("a: &x {k: 1}\nb: *x\n") == {"a": {"k": 1}, "b": {"k": 1}}

