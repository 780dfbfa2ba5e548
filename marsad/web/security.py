"""The write token (who may change the database through the API and the review forms), and the
security headers every answer carries."""
from __future__ import annotations

import hmac

from fastapi import FastAPI


def token_ok(app: FastAPI, given: str | None) -> bool:
    """Whether ``given`` is the configured write token (compared in constant time)."""
    expected = app.state.write_token
    return bool(expected and given and hmac.compare_digest(expected.encode(), given.encode()))


CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: https://*.tile.openstreetmap.org; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"referrer-policy", b"no-referrer")]


class SecurityHeaders:
    """ASGI middleware setting :data:`HEADERS` on every answer (replacing any the app set)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + HEADERS}
            await send(message)

        await self.app(scope, receive, send_with_headers)
