"""Sign-in for the dashboard, ``/api/me`` and the audit log (``/api/audit``, admins)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from critmin.api.deps import COOKIE, AppState, Caller, Page, State, get_caller
from critmin.api.render import templates
from critmin.api.schemas import WRITE_RESPONSES, AuditEntry
from critmin.api.schemas import Caller as CallerInfo
from critmin.app.access import token_hash

router = APIRouter()


def local_path(target: str | None) -> str:
    """``target`` if it is a path on this server, else ``/`` (no open redirect).

    >>> local_path("/runs?x=1"), local_path("//evil.example/"), local_path("https://x")
    ('/runs?x=1', '/', '/')
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = "/", failed: int = 0) -> HTMLResponse:
    """The sign-in form: paste the token ``critmin users add`` printed."""
    return templates.TemplateResponse(request, "login.html", {
        "title": "Sign in", "next": local_path(next), "failed": bool(failed)})


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    """Check the token and keep it in an HttpOnly, SameSite=Strict cookie."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    token = (form.get("token") or [""])[0].strip()
    target = local_path((form.get("next") or ["/"])[0])
    app: AppState = request.app.state.critmin
    user = app.store.user_by_token(token_hash(token)) if token else None
    if user is None:
        return RedirectResponse(f"/login?failed=1&next={target}", status_code=303)
    app.store.audit(user["name"], user["partner"], "sign-in", "session", user["name"])
    out = RedirectResponse(target, status_code=303)
    out.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/",
                   secure=request.url.scheme == "https")
    return out


@router.post("/logout", include_in_schema=False)
def logout() -> Response:
    out = RedirectResponse("/login", status_code=303)
    out.delete_cookie(COOKIE, path="/")
    return out


@router.get("/api/me", response_model=CallerInfo, tags=["service"],
            dependencies=[Depends(get_caller)])
def me(caller: Caller) -> dict[str, Any]:
    """Who the request acts as (``local`` when no user is configured)."""
    return {"name": caller.name, "partner": caller.partner, "role": caller.role,
            "local": caller.local}


@router.get("/api/audit", response_model=list[AuditEntry], tags=["service"],
            responses=WRITE_RESPONSES)
def audit(state: State, page: Page) -> list[dict[str, Any]]:
    """The audit log, newest first: who created, ran, read, cancelled and deleted what.
    Admins only; an admin sees the entries by their partner's users or about their
    partner's objects."""
    if not state.caller.is_admin:
        raise HTTPException(403, "the audit log is for admins")
    partner = None if state.caller.local else state.caller.partner
    return state.store.list_audit(page.limit, page.offset, partner=partner)
