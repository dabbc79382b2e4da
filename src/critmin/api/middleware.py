"""The service's edge, in front of every route and page (plain ASGI, no buffering).

* the ``Host`` header must be one of :attr:`Settings.allowed_hosts` (else 400): a web page
  on another site cannot reach the API through DNS rebinding;
* a request body above :attr:`Settings.max_body_bytes` gets 413, whether it says its
  length or streams it;
* every response carries a Content-Security-Policy and the usual security headers.

CORS is off unless origins are configured (:func:`critmin.api.app.create_app`).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Scripts and styles from this server only (the pages' own inline scripts and Plotly's
#: inline styles included); nothing is framed, no plug-ins, forms post here.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class _TooLarge(HTTPException):
    """Raised while the body streams in: FastAPI passes HTTP errors through as they are."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit:,} bytes")


def host_name(value: str) -> str:
    """The name of a Host header without its port: ``[::1]:8000`` → ``::1``.

    >>> host_name("LocalHost:8000"), host_name("[::1]:80"), host_name("127.0.0.1")
    ('localhost', '::1', '127.0.0.1')
    """
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    return value.rpartition(":")[0] if value.count(":") == 1 else value


async def _reply(send: Send, status: int, detail: str, extra: list | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            *SECURITY_HEADERS, *(extra or [])]})
    await send({"type": "http.response.body", "body": body})


class EdgeMiddleware:
    """Host check, body limit and security headers (see the module's docstring)."""

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...],
                 max_body_bytes: int) -> None:
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts}
        self.max_body = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", [])}
        if "*" not in self.allowed and host_name(headers.get("host", "")) not in self.allowed:
            await _reply(send, 400, "this server does not answer to that Host header")
            return
        length = headers.get("content-length", "")
        if length and (not length.isdigit() or int(length) > self.max_body):
            await _reply(send, 413, f"request body over {self.max_body:,} bytes")
            return
        started = False

        async def send_secure(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((k, v) for k, v in SECURITY_HEADERS if k not in names)]
            await send(message)

        try:
            await self.app(scope, self._limited(receive), send_secure)
        except _TooLarge:
            if not started:
                await _reply(send, 413, f"request body over {self.max_body:,} bytes")

    def _limited(self, receive: Receive) -> Receive:
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _TooLarge(self.max_body)
            return message

        return limited
