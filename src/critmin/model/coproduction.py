"""Co-production: a separation plant turns its feed into every element of the feed's ore.

Rare earths come out of one ore in fixed ratios (the *balance problem*): separating a
tonne of mixed rare-earth oxide yields each element in the share its ore holds. The
dataset says which ore a country's plants separate (``feeds.csv``: origins of
``compositions.csv`` with their share of the feed); :func:`feed_yields` turns that into
tonnes of each material per tonne of feed, which the chain LP uses as the joint output of
one separation column (``docs/model.md``, co-production).

>>> import pandas as pd
>>> comp = pd.DataFrame({"origin": ["o", "o", "o"], "material": ["Nd", "Pr", "Dy"],
...                      "share_of_reo": [0.2, 0.05, 0.01]})
>>> mats = pd.DataFrame({"material": ["Nd", "Pr", "Dy", "NdPr"],
...                      "element_per_oxide": [float("nan")] * 4})
>>> feed_yields({"o": 1.0}, comp, mats, {"NdPr", "Dy"})
{'Dy': 0.01, 'NdPr': 0.25}
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd

Good = tuple[str, str]


@dataclass(frozen=True)
class Feed:
    """What one country's separation plants make of a tonne of their feed.

    Attributes
    ----------
    country, stage : the separating node's country and stage.
    feed : the good separated (e.g. ``("mining", "REO")``, t REO).
    yields : t of each material (element content) per t of feed, in material order;
        elements of the chain's goods are summed into them (Nd and Pr into NdPr), the
        others are kept by element (co-products the chain does not carry, e.g. La, Ce).
    origins : the origins and their shares of the feed.
    """

    country: str
    stage: str
    feed: Good
    yields: tuple[tuple[str, float], ...]
    origins: tuple[tuple[str, float], ...]

    def yield_of(self, material: str) -> float:
        return dict(self.yields).get(material, 0.0)


def components(material: str, elements: Collection[str]) -> list[str]:
    """The elements a composite material is named after (``NdPr`` → ``[Nd, Pr]``); a
    material that is itself an element, or not made of known elements, gives ``[]``.

    >>> components("NdPr", {"Nd", "Pr", "Dy"}), components("Dy", {"Dy"})
    (['Nd', 'Pr'], [])
    """
    parts = re.findall(r"[A-Z][a-z]?", material)
    if len(parts) > 1 and "".join(parts) == material and all(p in elements for p in parts):
        return parts
    return []


def material_of(element: str, chain: Collection[str], elements: Collection[str]) -> str:
    """The chain material an element's output counts towards: the element itself if the
    chain carries it, else a composite the chain carries that contains it, else the
    element (a co-product outside the chain)."""
    if element in chain:
        return element
    for m in sorted(chain):
        if element in components(m, elements):
            return m
    return element


def feed_yields(origins: Mapping[str, float], compositions: pd.DataFrame,
                materials: pd.DataFrame, chain: Collection[str]) -> dict[str, float]:
    """Tonnes of each material per tonne of feed, from the feed's ``origins`` (origin →
    share of feed) and their compositions (share of each element's oxide in the REO).

    Oxide shares become element content with the material's ``element_per_oxide`` (1
    where the material table has none, e.g. an oxide-basis material); the elements of
    ``chain`` materials (a stage's goods) are summed into them (:func:`material_of`).
    """
    factor = {str(m): (float(f) if f is not None and not math.isnan(float(f)) else 1.0)
              for m, f in zip(materials["material"], materials["element_per_oxide"],
                              strict=True)}
    out: dict[str, float] = {}
    for origin, w in origins.items():
        rows = compositions[compositions["origin"] == origin]
        for e, share in zip(rows["material"], rows["share_of_reo"], strict=True):
            m = material_of(str(e), chain, factor)
            out[m] = out.get(m, 0.0) + float(w) * float(share) * factor.get(str(e), 1.0)
    return dict(sorted(out.items()))


def feeds_of(feeds: pd.DataFrame, compositions: pd.DataFrame, materials: pd.DataFrame,
             chain_materials: Mapping[str, Collection[str]]) -> dict[tuple[str, str], Feed]:
    """Every separating node's :class:`Feed` from the dataset's tables; ``chain_materials``
    gives the materials the chain carries at each stage."""
    out: dict[tuple[str, str], Feed] = {}
    if feeds.empty:
        return out
    for (k, st), rows in feeds.groupby(["country", "stage"], sort=True):
        fs, fm = rows["feed_stage"].iloc[0], rows["feed_material"].iloc[0]
        origins = {str(o): float(w) for o, w in zip(rows["origin"], rows["share_of_feed"],
                                                    strict=True)}
        ys = feed_yields(origins, compositions, materials, chain_materials.get(str(st), ()))
        out[(str(k), str(st))] = Feed(str(k), str(st), (str(fs), str(fm)),
                                      tuple(ys.items()), tuple(origins.items()))
    return out
