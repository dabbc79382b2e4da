"""Which datasets and overlays of a data directory a caller may use.

A dataset folder under ``DATA_DIR/datasets/NAME`` is public unless its ``dataset.yaml``
says otherwise::

    access: {partner: JPN, visibility: private}          # or coalition, with
    access: {partner: JPN, visibility: coalition, partners: [USA]}

Partner-private overlays (:mod:`critmin.data.overlay`) live under
``DATA_DIR/overlays/NAME``; they are never listed or served, only fed into the runs of a
coalition their partner belongs to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from critmin.core.yamlio import read_yaml
from critmin.exceptions import DatasetError, InputError

PUBLIC: dict[str, Any] = {"partner": None, "visibility": "public", "partners": []}


def dataset_access(folder: Path) -> dict[str, Any]:
    """``partner``, ``visibility`` and ``partners`` of the dataset in ``folder``
    (public if its ``dataset.yaml`` has no ``access``). :class:`InputError` naming the
    field if ``access`` is malformed: a dataset meant to be private is never shown
    because its access could not be read."""
    meta_file = folder / "dataset.yaml"
    try:
        meta = read_yaml(meta_file, "dataset", InputError)
    except InputError:
        return {**PUBLIC, "visibility": "private", "partner": "?"}  # unreadable: nobody's
    access = meta.get("access") if isinstance(meta, dict) else None
    if access is None:
        return dict(PUBLIC)
    from critmin.app.access import is_partner as is_iso3

    where = f"{folder.name}/dataset.yaml: access"
    if not isinstance(access, dict) or not is_iso3(str(access.get("partner", ""))):
        msg = f"{where} needs partner (ISO3) and visibility"
        raise InputError(msg)
    vis = access.get("visibility", "private")
    if vis not in ("private", "coalition", "public"):
        msg = f"{where}.visibility: {vis!r} is not private, coalition or public"
        raise InputError(msg)
    partners = access.get("partners") or []
    if not isinstance(partners, list) or not all(is_iso3(str(p)) for p in partners):
        msg = f"{where}.partners: a list of ISO3 codes"
        raise InputError(msg)
    return {"partner": str(access["partner"]), "visibility": vis,
            "partners": sorted(str(p) for p in partners)}


def overlays_for(data_dir: Path, dataset: str, members: list[str]) -> list[Any]:
    """The overlays of ``dataset`` whose partner is one of ``members`` (by name).

    :class:`DatasetError` if one of them is malformed: a run never goes ahead quietly
    without a partner's figures it should have had."""
    from critmin.data.overlay import read_overlay

    root = data_dir / "overlays"
    if not root.is_dir():
        return []
    out = []
    for folder in sorted(p for p in root.iterdir() if (p / "overlay.yaml").is_file()):
        ov = read_overlay(folder)
        if ov.of == dataset and ov.partner in members:
            out.append(ov)
    return out


__all__ = ["PUBLIC", "DatasetError", "dataset_access", "overlays_for"]
