"""The overview and material pages are computed once per version of their dataset, not
once per request (issue 16: the overview cost 2 s of CPU per request, so 50 clients waited
18 s), and a changed dataset is shown at once."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import critmin.metrics
from critmin.data import bundled_path


@pytest.mark.slow
def test_the_overview_is_computed_once_per_dataset_version(client: TestClient, data_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = critmin.metrics.coalition_exposure
    monkeypatch.setattr(critmin.metrics, "coalition_exposure",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    folder = data_dir / "datasets" / "mine"
    shutil.copytree(bundled_path("sample"), folder)
    pages = [client.get("/?dataset=mine") for _ in range(3)]
    assert [p.status_code for p in pages] == [200, 200, 200]
    assert len(calls) == 1
    assert pages[0].text == pages[2].text
    meta = folder / "dataset.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("version:", "version: 9.9 #"),
                    encoding="utf-8")
    later = time.time() + 5
    os.utime(meta, (later, later))
    page = client.get("/?dataset=mine")
    assert len(calls) == 2
    assert "v9.9" in page.text
