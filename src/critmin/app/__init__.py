"""The application layer: what the command line, the service and ``critmin assess`` share.

* :mod:`critmin.app.resolve` — one resolver of scenario and plan names and files and of
  the dataset they run on (a file's ``dataset:`` is honoured everywhere);
* :mod:`critmin.app.jobs` — ``run_job(job, progress)``, the one way to run a simulation,
  a portfolio or an ensemble;
* :mod:`critmin.app.assess` — the main job, a coalition's assessment;
* :mod:`critmin.app.store`, :mod:`critmin.app.sqlbackend`, :mod:`critmin.app.settings`,
  :mod:`critmin.app.stored` — the service's store of scenarios and runs (SQLite, or
  PostgreSQL for several servers) and its settings, read by the service and by
  ``critmin report --run``.

The command line (:mod:`critmin.cli`) and the service (:mod:`critmin.api`) are thin
adapters over this layer and never import each other.
"""

from critmin.app.jobs import Job as Job
from critmin.app.jobs import execute as execute
from critmin.app.jobs import payload as payload
from critmin.app.jobs import run_job as run_job

__all__ = ["Job", "execute", "payload", "run_job"]
