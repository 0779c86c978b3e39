"""Request size limit: a body over `settings.max_body_bytes` gets 413 with a message, before it is read into memory.

A small ASGI middleware rather than a check in each route: it refuses a declared `Content-Length` over the limit
at once, and stops a body sent without one (chunked) as soon as it grows past the limit.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def too_large(size: int | str, limit: int) -> str:
    size_text = f"{size:,}" if isinstance(size, int) else str(size)
    return f"request body is {size_text} bytes, over the limit of {limit:,} (NEWSKG_MAX_BODY_BYTES)"


class BodySizeLimit:
    """Refuse request bodies larger than the app's `settings.max_body_bytes` with 413 and a one-line message."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = scope["app"].state.settings.max_body_bytes
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await JSONResponse({"detail": too_large(declared, limit)}, status_code=413)(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Raised inside the route's body read; Starlette turns it into the 413 response.
                    raise HTTPException(413, too_large(f"over {received:,}", limit))
            return message

        await self.app(scope, counting_receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
