"""The supply-chain network built from a dataset (tidy tables, no solver)."""

from critmin.model.network import Network as Network
from critmin.model.network import build_network as build_network
from critmin.model.network import carry_forward as carry_forward
from critmin.model.network import year_capacity as year_capacity

__all__ = ["Network", "build_network", "carry_forward", "year_capacity"]
