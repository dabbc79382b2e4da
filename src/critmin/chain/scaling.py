"""Scalings: a draw's change to the dataset's numbers, applied without copying the dataset.

An ensemble future may scale capacities (``capacity_factor``) or grow demand
(``demand_growth``). Copying the tables and rebuilding the network, structure and LP for
every future is slow; a :class:`Scaling` passed to ``simulate(..., scalings=...)`` scales
the same numbers where the model reads them, with the same result (a test compares both).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Scaling:
    """Multiply the numbers of the rows matching ``country`` / ``stage`` / ``material`` /
    ``sector`` (None matches all).

    ``kind="capacity"``: capacity and production of the dataset's capacity rows (not the
    supply implied by trade for exporters without one) and the capacity of matching
    facilities, × ``factor`` (> 0). ``kind="demand"``: demand of every year after
    ``base_year`` × (1 + ``growth``)^(year − ``base_year``) (growth > −1). ``sector``
    applies to demand only (capacity rows have none).
    """

    kind: Literal["capacity", "demand"]
    factor: float = 1.0
    growth: float = 0.0
    base_year: int = 0
    country: str | None = None
    stage: str | None = None
    material: str | None = None
    sector: str | None = None

    def matches(self, country: str, stage: str, material: str, sector: str | None = None
                ) -> bool:
        """Does a row of these labels match?"""
        return ((self.country is None or self.country == country)
                and (self.stage is None or self.stage == stage)
                and (self.material is None or self.material == material)
                and (self.sector is None or sector is None or self.sector == sector))

    def demand_factor(self, year: int) -> float:
        return (1.0 + self.growth) ** (year - self.base_year) if year > self.base_year else 1.0
