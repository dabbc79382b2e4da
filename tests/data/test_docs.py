"""docs/data.md documents exactly the columns the schemas declare."""

from pathlib import Path

from critmin.data.docs import END, START, schema_markdown

DOC = Path(__file__).parents[2] / "docs" / "data.md"


def test_data_md_matches_schemas() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split(START, 1)[1].split(END, 1)[0]
    assert section.strip() == schema_markdown().strip(), "run `make docs` to regenerate"


def test_every_rule_is_documented() -> None:
    from critmin.data.checks import RULES

    text = DOC.read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule}`" in text, rule
