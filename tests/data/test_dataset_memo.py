"""Names and groups of a dataset are memoised per table, and follow a replaced table."""

from __future__ import annotations

import pandas as pd

from critmin.data import Dataset


def test_names_follow_a_replaced_countries_table(sample) -> None:
    ds = Dataset(tables=dict(sample.tables), meta=sample.meta)
    assert "ZZZ" not in ds.names()["country"]
    extra = pd.DataFrame([{**ds.countries.iloc[0].to_dict(), "country": "ZZZ",
                           "groups": "NEWGROUP"}])
    ds.tables["countries"] = pd.concat([ds.countries, extra], ignore_index=True)
    assert "ZZZ" in ds.names()["country"]
    assert ds.groups["NEWGROUP"] == ["ZZZ"]
    assert ds.resolve_countries(["NEWGROUP"]) == ["ZZZ"]
    ds.groups["NEWGROUP"].append("XXX")  # a caller's copy: the memo is not touched
    assert ds.groups["NEWGROUP"] == ["ZZZ"]
