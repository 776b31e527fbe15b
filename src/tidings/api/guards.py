"""What every request passes before a route sees it: the Host check and the body-size cap.

Both are pure ASGI middleware, so they answer before FastAPI reads or parses anything and
before any route's dependencies (the token check included) run:

- :class:`HostCheck`: a server bound to localhost answers only requests whose ``Host`` header
  names localhost (``localhost``, ``127.0.0.1``, ``[::1]``, any port). A web page on another
  site can make a browser send requests to ``127.0.0.1:8000`` under its own name (DNS
  rebinding); those carry the attacker's host name and are refused with 400.
- :class:`BodyLimit`: a body larger than the cap is answered 413 from its ``Content-Length``
  alone; a body without one (chunked) is counted as it arrives and cut off at the cap.
- :class:`RejectNul`: a URL with a NUL character (``%00``) is answered 400; no search, filter
  or name means anything with one, and PostgreSQL cannot even compare text holding one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


async def _reply(send: Send, status: int, detail: str) -> None:
    """A JSON error in FastAPI's shape (``{"detail": ...}``), sent directly."""
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 413:
        headers.append((b"connection", b"close"))  # do not read the rest of the body
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def host_name(header: str) -> str:
    """``Host`` header -> lower-case name without port (``[::1]:8000`` -> ``::1``)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class HostCheck:
    """Refuse requests whose ``Host`` header is not one of ``hosts`` (400)."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str] = LOCAL_HOSTS) -> None:
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        raw = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        if host_name(raw) in self.hosts:
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        shown = raw[:100] or "(none)"
        await _reply(
            send,
            400,
            f"Host header {shown!r} is not allowed: this server is bound to localhost and "
            "answers only localhost, 127.0.0.1 or [::1]",
        )


class RejectNul:
    """Refuse URLs (path or query string) that hold a NUL character (400)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query = (scope.get("query_string") or b"").lower()
            if "\x00" in scope.get("path", "") or b"%00" in query or b"\x00" in query:
                await _reply(send, 400, "the URL holds a NUL character (%00)")
                return
        await self.app(scope, receive, send)


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a body without ``Content-Length`` passes the cap; FastAPI
    lets HTTPExceptions through its body parsing, so the client gets this 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large(limit))


def too_large(limit: int) -> str:
    return (
        f"request body larger than {limit // 1024} KB (TIDINGS_API_MAX_BODY_KB); for long "
        "or many articles use `tidings ingest`"
    )


class BodyLimit:
    """Answer 413 to a request body over ``limit`` bytes, before it is read or parsed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _reply(send, 400, "Content-Length is not a number")
                return
            if size > self.limit:
                await _reply(send, 413, too_large(self.limit))
                return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            if started:
                raise
            await _reply(send, 413, too_large(self.limit))


__all__ = ["LOCAL_HOSTS", "BodyLimit", "HostCheck", "RejectNul", "host_name"]
