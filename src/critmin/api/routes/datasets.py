"""``/api/datasets``: the datasets the service knows, their tables and sources."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from critmin.api.deps import Page, State, get_caller
from critmin.api.schemas import LOOKUP_RESPONSES, DatasetInfo, TablePage
from critmin.core.jsonio import records

router = APIRouter(prefix="/api/datasets", tags=["datasets"], responses=LOOKUP_RESPONSES,
                   dependencies=[Depends(get_caller)])


def _info(state: State, name: str) -> DatasetInfo:
    ds = state.dataset(name)
    return DatasetInfo(name=name, title=ds.name, version=ds.version,
                       description=str(ds.meta.get("description", "")),
                       base_year=ds.base_year,
                       tables={k: len(v) for k, v in ds.tables.items()})


@router.get("", response_model=list[DatasetInfo])
def list_datasets(state: State, page: Page) -> list[DatasetInfo]:
    """Datasets, a page at a time: the bundled reference and sample, and those under the
    data directory."""
    out = []
    for name in page.slice(state.dataset_names()):
        try:
            out.append(_info(state, name))
        except HTTPException:
            continue  # an invalid user dataset is reported by its own endpoint
    return out


@router.get("/{name}", response_model=DatasetInfo)
def get_dataset(name: str, state: State) -> DatasetInfo:
    """Metadata and table sizes of one dataset."""
    return _info(state, name)


@router.get("/{name}/tables/{table}", response_model=TablePage)
def get_table(
    name: str,
    table: str,
    state: State,
    where: Annotated[list[str] | None, Query(
        description="COLUMN=VALUE filters, all must hold")] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> TablePage:
    """Rows of a table, filtered with ``where=COLUMN=VALUE`` and paged."""
    ds = state.dataset(name)
    if table not in ds.tables:
        raise HTTPException(404, f"unknown table {table!r}; known: {', '.join(ds.tables)}")
    df = ds.table(table)
    for cond in where or []:
        col, sep, value = cond.partition("=")
        if not sep or col not in df.columns:
            raise HTTPException(422, [{"loc": ["query", "where"], "type": "value_error",
                                       "msg": f"{cond!r}: expected COLUMN=VALUE with a column "
                                              f"of {table}"}])
        df = df[df[col].astype(str) == value]
    page = df.iloc[offset:offset + limit]
    return TablePage(dataset=name, table=table, total=len(df), offset=offset, limit=limit,
                     rows=records(page))


@router.get("/{name}/sources", response_model=list[dict])
def get_sources(name: str, state: State, page: Page) -> list[dict]:
    """Sources of the dataset (title, publisher, year, URL, note), a page at a time."""
    return records(page.slice(state.dataset(name).sources))
