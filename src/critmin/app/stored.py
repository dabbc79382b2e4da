"""Runs the service stored, read back for a report (``critmin report --run RUN_ID``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from critmin.app.settings import Settings
from critmin.app.sqlbackend import is_postgres, redact
from critmin.app.store import Store
from critmin.data import Dataset, bundled_path, load_dataset
from critmin.exceptions import CritminError
from critmin.scenarios import Scenario, scenario_from_dict
from critmin.simulate.result import SimulationResult

BUNDLED_DATASETS = ("reference", "sample")


class StoredRunError(CritminError, LookupError):
    """No such stored run, or it is not a finished simulation."""


def dataset_folder(settings: Settings, name: str) -> Path:
    """The folder of the service's dataset ``name`` (bundled, or under its data folder)."""
    return bundled_path(name) if name in BUNDLED_DATASETS else settings.datasets_dir / name


def stored_simulation(run_id: str, data_dir: Path | None = None
                      ) -> tuple[SimulationResult, Scenario, Dataset]:
    """The result, scenario and dataset of the finished simulation ``run_id`` in the
    service's store under ``data_dir`` (default ``$CRITMIN_DATA_DIR`` or ``~/.critmin``), or
    in ``$CRITMIN_DATABASE``."""
    settings = Settings.from_env(data_dir)
    where = redact(str(settings.database))
    if not is_postgres(settings.database) and not Path(settings.database).exists():
        msg = f"--run: no service database at {where}"
        raise StoredRunError(msg)
    rec = Store(settings.database).get_run(run_id)
    if rec is None:
        msg = f"--run: no run with id {run_id!r} in {where}"
        raise StoredRunError(msg)
    if rec["status"] != "done" or rec["kind"] != "simulate":
        msg = f"--run: run {run_id} is a {rec['kind']} run that is {rec['status']}; only " \
              "finished simulations have a report"
        raise StoredRunError(msg)
    res = rec["result"]
    result = SimulationResult(
        scenario=res["scenario"], periods=res["periods"],
        shortfall=pd.DataFrame(res["shortfall"]), stocks=pd.DataFrame(res["stocks"]),
        prices=pd.DataFrame(res["prices"]), production=pd.DataFrame(),
        flows=pd.DataFrame(), shadow_prices=pd.DataFrame(), summary=res["summary"])
    ds = load_dataset(dataset_folder(settings, rec["request"]["dataset"]))
    return result, scenario_from_dict(rec["request"]["scenario"]), ds
