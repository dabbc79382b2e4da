"""Background runs, each in its own worker process.

A request returns at once with the run's id; a dispatcher thread starts queued runs in
child processes, at most ``workers`` at a time. A process (unlike a thread) can be stopped:
cancelling a running run terminates its process, and so does stopping the server. The child
records its progress and result in the store itself (SQLite or PostgreSQL), and stops when
its run was cancelled or failed meanwhile, also by another server sharing the database.

A job is described by data (a :class:`critmin.app.jobs.Job` as plain data: kind, dataset
folder, scenario or plan), never by a closure, so that it can cross the process boundary;
:func:`critmin.app.jobs.execute` turns it into a result, as the command line does.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import select
import threading
import time
import traceback
from multiprocessing.process import BaseProcess
from typing import Any

from critmin.app.store import HEARTBEAT_S, Store, now

logger = logging.getLogger(__name__)

_CONTEXT = mp.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["critmin.api.jobs", "critmin.app.jobs", "critmin.simulate"])


def die_with_server(server_pid: int) -> None:
    """End this worker as soon as the server process ``server_pid`` ends, even by kill -9.

    A worker's parent is the forkserver, which every worker keeps alive (each holds the
    forkserver's "alive" pipe), so the parent-death signal cannot help: a watcher thread
    waits on a pidfd of the server (polling where pidfds are missing) and exits the
    worker. Then the forkserver and the resource tracker, left without clients, end too.
    """
    def watch() -> None:
        try:
            fd = os.pidfd_open(server_pid)
            select.select([fd], [], [])
        except (AttributeError, OSError):
            while True:
                try:
                    os.kill(server_pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.5)
        os._exit(70)

    threading.Thread(target=watch, name="critmin-watch-server", daemon=True).start()


def _child(run_id: str, database: str, spec: dict[str, Any], server_pid: int) -> None:
    """Body of a worker process: run the job and record the outcome."""
    die_with_server(server_pid)
    from critmin.app.jobs import execute
    from critmin.exceptions import CritminError

    store = Store(database)
    if not store.update_run(run_id, expect="queued", status="running", started_at=now()):
        return  # cancelled between dispatch and start

    def progress(fraction: float, message: str = "") -> None:
        if not store.update_run(run_id, expect="running",
                                progress=max(0.0, min(1.0, float(fraction))), message=message):
            os._exit(0)  # no longer running: cancelled or failed meanwhile, nothing to keep

    try:
        result = execute(spec, progress)
    except CritminError as exc:
        store.update_run(run_id, expect="running", status="failed", finished_at=now(),
                         error=str(exc))
    except Exception as exc:  # a bug: the traceback goes to the server's log, not the page
        logging.getLogger(__name__).error("run %s failed:\n%s", run_id,
                                          traceback.format_exc(limit=8))
        store.update_run(run_id, expect="running", status="failed", finished_at=now(),
                         error=f"internal error ({type(exc).__name__}: {exc}); this is a bug "
                               "in critmin, the server's log has the details")
    else:
        store.update_run(run_id, expect="running", status="done", progress=1.0,
                         finished_at=now(), result=result, message="")


class Runner:
    """Start queued runs in worker processes, at most ``workers`` at once."""

    def __init__(self, store: Store, workers: int = 1) -> None:
        self.store = store
        self.workers = workers
        self._queue: queue.Queue[tuple[str, dict[str, Any]] | None] = queue.Queue()
        self._slots = threading.Semaphore(workers)
        self._procs: dict[str, BaseProcess] = {}
        self._done: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self._stopping = False
        self._dispatcher = threading.Thread(target=self._dispatch, name="critmin-dispatch",
                                            daemon=True)
        self._dispatcher.start()
        self._beating = threading.Event()
        if store.shared and store.server_id is not None:
            threading.Thread(target=self._beat, name="critmin-heartbeat", daemon=True).start()

    def _beat(self) -> None:
        """On a shared database: tell the other servers this one is alive, and fail the
        runs of servers that are gone (crashed, or cut off for longer than STALE_S)."""
        while not self._beating.wait(HEARTBEAT_S):
            try:
                self.store.heartbeat()
                if n := self.store.fail_interrupted():
                    logger.warning("%d run(s) of a server that is gone were marked failed", n)
            except Exception as exc:  # the database is unreachable for a while: try again
                logger.warning("heartbeat failed: %s", exc)

    def submit(self, run_id: str, spec: dict[str, Any]) -> None:
        """Queue run ``run_id`` (already stored as ``queued``) for execution."""
        with self._lock:
            self._done[run_id] = threading.Event()
        self._queue.put((run_id, spec))

    def _dispatch(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            run_id, spec = item
            self._slots.acquire()
            if self._stopping or self.store.status(run_id) != "queued":
                self._slots.release()
                self._finish(run_id)
                continue
            proc = _CONTEXT.Process(target=_child, args=(run_id, self.store.database, spec,
                                                        os.getpid()),
                                    name=f"critmin-run-{run_id}", daemon=True)
            with self._lock:  # started before it is listed: cancel and shutdown terminate
                started = not self._stopping  # only started processes (no pid before)
                if started:
                    proc.start()
                    self._procs[run_id] = proc
            if not started:
                self._slots.release()
                self._finish(run_id)
                continue
            threading.Thread(target=self._watch, args=(run_id, proc), daemon=True).start()

    def _watch(self, run_id: str, proc: BaseProcess) -> None:
        proc.join()
        with self._lock:
            self._procs.pop(run_id, None)
        self._slots.release()
        for status in ("queued", "running"):  # ended without an outcome: killed or crashed
            self.store.update_run(run_id, expect=status, status="failed", finished_at=now(),
                                  error=f"the worker process ended with exit code "
                                        f"{proc.exitcode} before finishing")
        self._finish(run_id)

    def _finish(self, run_id: str) -> None:
        with self._lock:
            event = self._done.pop(run_id, None)
        if event is not None:
            event.set()

    def cancel(self, run_id: str) -> str | None:
        """Cancel a queued or running run; returns its status afterwards (None if unknown)."""
        status = self.store.status(run_id)
        if status is None:
            return None
        if status in ("queued", "running"):
            if not self.store.update_run(run_id, expect=status, status="cancelled",
                                         finished_at=now(), message=f"cancelled while {status}"):
                return self.store.status(run_id)  # it moved on meanwhile
            with self._lock:
                proc = self._procs.get(run_id)
            if proc is not None:
                proc.terminate()
                proc.join(timeout=10)
            if proc is None:
                self._finish(run_id)
            return "cancelled"
        return status

    def wait(self, run_id: str, timeout: float | None = None) -> bool:
        """Block until the run has finished; False on timeout."""
        with self._lock:
            event = self._done.get(run_id)
        return True if event is None else event.wait(timeout)

    def shutdown(self) -> None:
        """Stop dispatching and terminate running workers, marking their runs failed; the
        server leaves the register, so what it left queued is failed by the next sweep."""
        self._beating.set()
        with self._lock:
            self._stopping = True
            procs = dict(self._procs)
        self._queue.put(None)
        for run_id, proc in procs.items():
            proc.terminate()
            proc.join(timeout=10)
            self.store.update_run(run_id, expect="running", status="failed", finished_at=now(),
                                  error="interrupted: the server stopped while this run was "
                                        "running; start it again")
        if self.store.server_id is not None:
            self.store.unregister_server()
