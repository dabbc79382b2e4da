"""Write ``src/critmin/report/world_110m.geojson``: the world's countries for the dashboard's
map, bundled so that the map needs no network (Plotly would fetch its shapes from a CDN).

Source: Natural Earth 1:110m Cultural Vectors, Admin 0 – Countries (public domain), as
shipped inside the geopandas 0.14.4 wheel on PyPI (``geopandas/datasets/
naturalearth_lowres``, where geopandas replaced Natural Earth's ``-99`` ISO codes of France,
Norway and Kosovo by their ``ADM0_A3``). Only ``iso3`` and ``name`` are kept and coordinates
are rounded to 0.01° (about 1 km, far below what 1:110m resolves).

Usage (pyshp reads the shapefile; neither package is a dependency of critmin)::

    pip download --no-deps geopandas==0.14.4 pyshp -d /tmp/ne
    cd /tmp/ne && unzip -o geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*'
    unzip -o pyshp-*.whl shapefile.py
    PYTHONPATH=/tmp/ne python tools/world_shapes.py \
        /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).parents[1] / "src" / "critmin" / "report" / "world_110m.geojson"


def _round(coords: object) -> object:
    if isinstance(coords, list | tuple):
        if coords and isinstance(coords[0], int | float):
            return [round(float(c), 2) for c in coords]
        return [_round(c) for c in coords]
    return coords


def main(shp: str) -> None:
    import shapefile  # pyshp

    features = []
    with shapefile.Reader(shp) as reader:
        fields = [f[0] for f in reader.fields[1:]]
        for rec in reader.iterShapeRecords():
            props = dict(zip(fields, rec.record, strict=True))
            iso3 = str(props["iso_a3"])
            if len(iso3) != 3 or not iso3.isalpha():
                continue  # no ISO code (e.g. Northern Cyprus, Somaliland): nothing to map
            geom = rec.shape.__geo_interface__
            features.append({"type": "Feature",
                             "properties": {"iso3": iso3, "name": str(props["name"])},
                             "geometry": {"type": geom["type"],
                                          "coordinates": _round(geom["coordinates"])}})
    features.sort(key=lambda f: f["properties"]["iso3"])
    OUT.write_text(json.dumps({"type": "FeatureCollection", "features": features},
                              separators=(",", ":")) + "\n")
    print(f"{len(features)} countries → {OUT} ({OUT.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main(sys.argv[1])
