"""Exposure and criticality metrics: "where are we exposed?".

* :func:`concentration` — world total, shares, HHI (0-10,000), top-1/top-3,
  governance-weighted HHI (0-10), share of a group, per material × stage × year;
* :func:`import_reliance`, :func:`import_sources` — net import reliance of a country
  or a coalition (one economy, internal trade removed) and where imports come from;
* :func:`traced_exposure`, :func:`exposure_bottlenecks`, :func:`trace_origins` —
  origin of supply traced upstream through trade and recipes (MRIO-style);
* :func:`eu_supply_risk`, :func:`eu_economic_importance`, :func:`eu_criticality`,
  :func:`usgs_supply_risk` — published supply-risk methods, missing inputs reported;
* :func:`coalition_exposure`, :func:`crma_scorecard` — the tables ``critmin assess``
  shows for a coalition;
* :func:`reserve_shares`, :func:`reserve_concentration` — each country's share of the
  published world reserves, and their HHI, per material × year.

Formulas and sources: ``docs/metrics.md``.

>>> from critmin.testing import make_dataset, toy_tables
>>> ds = make_dataset(toy_tables())
>>> round(float(concentration(ds, materials="Nd", stages="mining")["hhi"].iloc[0]), 6)
6800.0
"""

from critmin.metrics._common import UNKNOWN as UNKNOWN
from critmin.metrics._common import Economy as Economy
from critmin.metrics._common import MetricsError as MetricsError
from critmin.metrics._common import default_year as default_year
from critmin.metrics._common import resolve_economy as resolve_economy
from critmin.metrics.coalition import coalition_exposure as coalition_exposure
from critmin.metrics.coalition import exposure_warnings as exposure_warnings
from critmin.metrics.concentration import concentration as concentration
from critmin.metrics.concentration import concentration_frame as concentration_frame
from critmin.metrics.concentration import country_shares as country_shares
from critmin.metrics.exposure import OriginTrace as OriginTrace
from critmin.metrics.exposure import exposure_bottlenecks as exposure_bottlenecks
from critmin.metrics.exposure import trace_origins as trace_origins
from critmin.metrics.exposure import traced_exposure as traced_exposure
from critmin.metrics.reliance import import_reliance as import_reliance
from critmin.metrics.reliance import import_reliance_frame as import_reliance_frame
from critmin.metrics.reliance import import_sources as import_sources
from critmin.metrics.reserves import reserve_concentration as reserve_concentration
from critmin.metrics.reserves import reserve_shares as reserve_shares
from critmin.metrics.risk import eu_criticality as eu_criticality
from critmin.metrics.risk import eu_economic_importance as eu_economic_importance
from critmin.metrics.risk import eu_supply_risk as eu_supply_risk
from critmin.metrics.risk import usgs_supply_risk as usgs_supply_risk
from critmin.metrics.scorecard import crma_scorecard as crma_scorecard

__all__ = [
    "UNKNOWN",
    "Economy",
    "MetricsError",
    "OriginTrace",
    "coalition_exposure",
    "concentration",
    "concentration_frame",
    "country_shares",
    "crma_scorecard",
    "default_year",
    "eu_criticality",
    "eu_economic_importance",
    "eu_supply_risk",
    "exposure_bottlenecks",
    "import_reliance",
    "import_reliance_frame",
    "import_sources",
    "reserve_concentration",
    "reserve_shares",
    "resolve_economy",
    "trace_origins",
    "traced_exposure",
    "usgs_supply_risk",
]
