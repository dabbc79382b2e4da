"""The critmin web service: a JSON API under ``/api/`` and a server-rendered dashboard.

Start it with ``critmin serve`` (loopback by default) or build the app in code with
:func:`create_app`. Routes are thin adapters over the library; scenarios and runs persist
in an embedded SQLite database under the data directory.
"""

from critmin.api.app import create_app as create_app
from critmin.app.settings import Settings as Settings

__all__ = ["Settings", "create_app"]
