"""The FastAPI application: JSON API under ``/api/`` and the dashboard pages."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi import exception_handlers as default
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from critmin.api import pages, run_pages, scenario_pages
from critmin.api.deps import AppState
from critmin.api.jobs import Runner
from critmin.api.middleware import EdgeMiddleware
from critmin.api.render import error_page, wants_html
from critmin.api.routes import auth, datasets, runs, scenarios
from critmin.api.schemas import EDGE_RESPONSES, Health
from critmin.app.lock import lock_data_dir
from critmin.app.settings import Settings
from critmin.app.store import Store
from critmin.core.version import __version__

logger = logging.getLogger(__name__)


async def invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """422 naming each field (``loc``, ``msg``, ``type``), without echoing the input back:
    an ``inf`` sent in made FastAPI's own handler fail with a 500, and a large or private
    payload should not be returned to the sender's logs."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    detail = [{"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")),
               "type": str(e.get("type", ""))} for e in errors]
    return JSONResponse(status_code=422, content={"detail": detail})


def create_app(settings: Settings | None = None,
               data_dir: str | os.PathLike[str] | None = None) -> FastAPI:
    """Build the app. State lives in ``settings.data_dir`` (SQLite file and datasets), or
    in the PostgreSQL database of ``settings.db``.

    Runs left queued or running by a server that is gone are marked failed with the reason
    when the app starts (and, on a shared PostgreSQL database, while it runs), so no run is
    ever lost silently; the runs of other live servers are left alone.
    """
    settings = settings or Settings.from_env(data_dir)
    settings.prepare()
    lock = lock_data_dir(settings.data_dir)  # before anything touches another server's runs
    store = Store(settings.database)
    store.register_server()
    interrupted = store.fail_interrupted()  # only of servers that are gone
    if interrupted:
        logger.warning("%d run(s) interrupted by a server's shutdown were marked failed",
                       interrupted)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            app.state.critmin.runner.shutdown()
            lock.close()

    # no Swagger UI / ReDoc: both load their scripts from a CDN, and critmin runs offline;
    # the OpenAPI document itself is served at /openapi.json
    app = FastAPI(title="critmin", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  description="Critical-mineral and rare-earth supply-chain resilience: "
                              "datasets, metrics, scenarios and runs.",
                  responses=EDGE_RESPONSES)
    app.add_middleware(EdgeMiddleware, allowed_hosts=settings.allowed_hosts,
                       max_body_bytes=settings.max_body_bytes)
    if settings.cors_origins:  # off by default: no browser on another origin may call
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST", "DELETE"], allow_headers=["*"])
    app.state.critmin = AppState(settings=settings, store=store,
                                 runner=Runner(store, workers=settings.workers))

    @app.get("/api/health", response_model=Health, tags=["service"])
    def health() -> Health:
        """Liveness and version."""
        return Health(status="ok", version=__version__)

    _error_pages(app)
    app.include_router(auth.router)
    app.include_router(datasets.router)
    app.include_router(scenarios.router)
    app.include_router(runs.router)
    app.include_router(pages.router)
    app.include_router(scenario_pages.router)
    app.include_router(run_pages.router)
    return app


def _error_pages(app: FastAPI) -> None:
    """Errors of dashboard pages render a page; the JSON API keeps its JSON errors."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 401 and wants_html(request):  # a page: the sign-in form
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='/')}", status_code=303)
        if wants_html(request):
            return error_page(request, exc.status_code, exc.detail)
        return await default.http_exception_handler(request, exc)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        logger.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        message = ("something went wrong on the server (the server's log has the details); "
                   "nothing was changed")
        if wants_html(request):
            return error_page(request, 500, message)
        return JSONResponse({"detail": message}, status_code=500)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if wants_html(request):
            return error_page(request, 422, exc.errors())
        return await invalid_request(request, exc)
