"""What runs on the same dataset share, in one typed cache.

A :class:`RunCache` keeps, for runs on the same dataset tables (the same objects): the
network of the demand outlook, the structure of the last run shape, each year's numbers
on it, the no-shock baselines, the last market template and the baseline's template. Every
entry says what it depends on (its key); an entry whose key differs is rebuilt, a new
structure drops the numbers built on the old one, and a new network everything. Ensembles
keep one cache per worker process; a plain ``simulate()`` uses none.

=================  ==================================================  ====================
entry              key (rebuilt when it changes)                        holds
=================  ==================================================  ====================
``network``        dataset tables (identity), demand outlook            :class:`Network`
``structures``     years, the structure's extra nodes (:class:`Extras`)  (structure, base)
``years``          the structure; year                                  :class:`YearNumbers`
``baselines``      the structure, priorities; year                      :class:`Baseline`
``template``       structure, priorities, purchase weights, caps         :class:`ChainTemplate`
``base_template``  base structure, priorities                           template, Resolver
=================  ==================================================  ====================
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np

from critmin.chain import ChainTemplate, Resolver, Structure, YearNumbers
from critmin.chain.structure import Extras
from critmin.data import Dataset
from critmin.model.network import Network, build_network

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

NETWORK_TABLES = ("capacity", "trade", "demand", "recipes", "stockpiles", "facilities",
                  "materials", "stages", "feeds", "compositions", "ramps")


@dataclass(frozen=True)
class Baseline:
    """The no-shock, no-measure market LP of a year: annual flows per trade pair and
    production per producer (t/yr)."""

    flows: np.ndarray
    production: np.ndarray


class Slot(Generic[K, V]):
    """One value for one key: asking with another key rebuilds it."""

    def __init__(self) -> None:
        self._key: object = None
        self._value: V | None = None

    def get(self, key: K, make: Callable[[], V]) -> V:
        if self._value is None or self._key != key:
            self._key, self._value = key, make()
        return self._value

    def peek(self) -> V | None:
        """The value held now (None if none)."""
        return self._value

    def clear(self) -> None:
        self._key, self._value = None, None


@dataclass
class RunCache:
    """The shared pieces of runs on one dataset (see the module's table)."""

    network: Slot[tuple, Network] = field(default_factory=Slot)
    structures: Slot[tuple, tuple[Structure, Structure]] = field(default_factory=Slot)
    years: dict[int, YearNumbers] = field(default_factory=dict)
    baselines: dict[tuple, dict[int, Baseline]] = field(default_factory=dict)
    template: Slot[tuple, ChainTemplate] = field(default_factory=Slot)
    base_template: Slot[tuple, tuple[ChainTemplate, Resolver]] = field(default_factory=Slot)

    def network_of(self, ds: Dataset, outlook: str) -> Network:
        """The network of ``ds`` and ``outlook``; a new one drops everything else."""
        key = (tuple(id(ds.tables[n]) for n in NETWORK_TABLES), outlook)
        before = self.network.peek()
        net = self.network.get(key, lambda: build_network(ds, outlook))
        if net is not before:
            self.structures.clear()
            self._drop_numbers()
            self.template.clear()
            self.base_template.clear()
        return net

    def structures_of(self, years: tuple[int, ...], extras: Extras,
                      make: Callable[[], tuple[Structure, Structure]]
                      ) -> tuple[Structure, Structure]:
        """The structures of ``years`` and ``extras``; a new structure drops the years'
        numbers and baselines (they are aligned to the old one)."""
        before = self.structures.peek()
        out = self.structures.get((years, extras), make)
        if out is not before:
            self._drop_numbers()
        return out

    def _drop_numbers(self) -> None:
        self.years.clear()
        self.baselines.clear()
