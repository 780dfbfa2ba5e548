"""The write token: who may change the database through the API and the review forms."""
from __future__ import annotations

import hmac

from fastapi import FastAPI


def token_ok(app: FastAPI, given: str | None) -> bool:
    """Whether ``given`` is the configured write token (compared in constant time)."""
    expected = app.state.write_token
    return bool(expected and given and hmac.compare_digest(expected.encode(), given.encode()))
