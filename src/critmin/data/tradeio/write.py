"""Write imported trade rows into a dataset folder, atomically, and check the result.

The target is ``out``: a critmin dataset folder is extended in place; a missing (or empty)
folder is created from ``base`` (the bundled reference dataset by default). Only
``trade.csv``, ``countries.csv``, ``sources.csv`` (and, for a new folder,
``dataset.yaml``) change; every other file is copied as it was. The folder is built beside
the target, loaded with every check of ``critmin data validate``, and only then renamed
into place: a problem leaves the target untouched.

Imported rows replace every existing trade row of the same stage × material × year: a
complete customs extract must not be added to estimates of the same flows (the bundled
trade rows spread published import totals over partners; see docs/trade-data.md).
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from critmin.core.files import atomic_directory
from critmin.data.tradeio.common import OTHERS, TradeImport, fail

if TYPE_CHECKING:
    import pandas as pd

    from critmin.data.dataset import Dataset

META = "dataset.yaml"
TRADE_COLUMNS = ["exporter", "importer", "stage", "material", "year", "quantity_t",
                 "source_id", "note", "basis", "value_usd", "hs_codes", "reported_by"]


@dataclass
class WriteResult:
    """The written dataset and what changed: rows added and replaced, countries and
    sources added, rows left out because the dataset lacks their stage or material."""

    dataset: Dataset
    rows_added: int
    rows_replaced: int
    countries_added: list[str] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)
    rows_without_stage_material: int = 0
    created_from: str | None = None


def _base_folder(base: str | Path | None) -> Path:
    from critmin.data.io import bundled_path

    if base is None or str(base) in ("reference", "bundled"):
        return bundled_path("reference")
    if str(base) == "sample":
        return bundled_path("sample")
    return Path(base)


def _read_text(file: Path) -> pd.DataFrame:
    import pandas as pd

    if not file.exists():
        return pd.DataFrame()
    return pd.read_csv(file, dtype=str, keep_default_na=False, na_filter=False)


def _text(x: Any) -> str:
    if isinstance(x, float):
        return "" if x != x else repr(x).removesuffix(".0")
    return str(x)


def write_import(result: TradeImport, out: str | Path,
                 base: str | Path | None = None) -> WriteResult:
    """Extend the dataset at ``out`` (or create it from ``base``) with ``result``.

    Raises
    ------
    DatasetError
        If the source dataset or the result breaks a rule (nothing is written).
    TradeFileError
        If ``out`` is a non-empty folder that is not a dataset.
    """
    from critmin.data.dataset import Dataset
    from critmin.data.io import load_dataset, read_raw
    from critmin.exceptions import DatasetError

    out = Path(out)
    extend = (out / META).is_file()
    src = out if extend else _base_folder(base)
    if out.exists() and not out.is_dir():
        raise fail(out, None, None, "not_a_dataset", "is a file, not a dataset folder")
    if out.exists() and not extend and any(out.iterdir()):
        raise fail(out, None, None, "not_a_dataset",
                   f"exists, is not empty and has no {META}: refusing to replace it")
    raws, meta, problems = read_raw(src)  # checked once, with the import, below
    if problems:
        raise DatasetError(problems, path=str(src))
    materials, stages = set(raws["materials"]["material"]), set(raws["stages"]["stage"])
    new = result.trade
    fits = new["stage"].isin(stages) & new["material"].isin(materials)
    new = new[fits]
    with atomic_directory(out, marker=META, what=f"is not a critmin dataset ({META})") as tmp:
        for item in src.iterdir():
            if item.is_file() and not item.name.startswith("."):
                shutil.copy2(item, tmp / item.name)
        added, replaced = _write_trade(src, tmp, new)
        countries = _write_countries(src, tmp, result, new)
        sources = _write_sources(src, tmp, result, new)
        if not extend:
            _write_meta(meta, tmp, out, result)
        try:
            written = load_dataset(tmp)  # every check of `critmin data validate`
        except DatasetError as exc:
            raise DatasetError(exc.problems, path=str(out)) from None
    return WriteResult(dataset=Dataset(tables=written.tables, meta=written.meta, path=out),
                       rows_added=added, rows_replaced=replaced,
                       countries_added=countries, sources_added=sources,
                       rows_without_stage_material=int((~fits).sum()),
                       created_from=None if extend else str(src))


def _write_csv(df: pd.DataFrame, file: Path) -> None:
    df.to_csv(file, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")


def _write_trade(src: Path, tmp: Path, new: pd.DataFrame) -> tuple[int, int]:
    import pandas as pd

    old = _read_text(src / "trade.csv")
    covered = set(zip(new["stage"], new["material"], new["year"].astype(str), strict=True))
    if old.empty:
        keep = old
    else:
        hit = [k in covered for k in zip(old["stage"], old["material"], old["year"],
                                          strict=True)]
        keep = old[[not h for h in hit]]
    rows = new.assign(basis="").reindex(columns=TRADE_COLUMNS).map(_text)
    columns = list(dict.fromkeys([*old.columns, *TRADE_COLUMNS]))
    merged = pd.concat([keep, rows], ignore_index=True).reindex(columns=columns).fillna("")
    _write_csv(merged, tmp / "trade.csv")
    return len(rows), len(old) - len(keep)


def _write_countries(src: Path, tmp: Path, result: TradeImport,
                     new: pd.DataFrame) -> list[str]:
    import pandas as pd

    old = _read_text(src / "countries.csv")
    known = set(old["country"]) if not old.empty else set()
    used = sorted((set(new["exporter"]) | set(new["importer"])) - known)
    names = {**result.countries, OTHERS: "Other countries (areas without an ISO 3166 code "
                                         "in the trade data, pooled)"}
    rows = pd.DataFrame([{"country": c, "name": names.get(c) or _iso_name(c)} for c in used])
    merged = pd.concat([old, rows], ignore_index=True).fillna("")
    _write_csv(merged, tmp / "countries.csv")
    return used


def _iso_name(code: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    return country.name if country else code


def _write_sources(src: Path, tmp: Path, result: TradeImport,
                   new: pd.DataFrame) -> list[str]:
    import pandas as pd

    old = _read_text(src / "sources.csv")
    known = set(old["source_id"]) if not old.empty else set()
    rows = [r for r in result.sources if r["source_id"] not in known]
    merged = pd.concat([old, pd.DataFrame(rows)], ignore_index=True).fillna("").map(_text)
    _write_csv(merged, tmp / "sources.csv")
    return [r["source_id"] for r in rows]


def _write_meta(base: dict[str, Any], tmp: Path, out: Path, result: TradeImport) -> None:
    import yaml

    ids = ", ".join(r["source_id"] for r in result.sources if "licence" in r)
    meta = dict(base)
    meta["name"] = out.name
    meta["description"] = (f"{meta.get('description', '')} Trade rows of the stages, "
                           f"materials and years imported on {date.today().isoformat()} "
                           f"from {ids} replace the base dataset's ({base.get('name')} "
                           f"v{base.get('version')}).").strip()
    (tmp / META).write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True),
                            encoding="utf-8")
