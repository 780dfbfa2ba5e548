"""Request bodies: a size bound on every request, and JSON read strictly with the bad field named.

:class:`BodyLimit` wraps the application (ASGI): a body is refused with 413 the moment something reads
past its limit, and before a byte is read when its ``Content-Length`` says it is too long. Nothing is
read before an endpoint asks for the body, so the write endpoints check the token first. The limit of
``POST /api/documents`` is :data:`DOCUMENTS_BODY_BYTES` (``MARSAD_MAX_BODY_MB`` changes it); every
other request may send :data:`SMALL_BODY_BYTES` (reviews, merges, the review forms).
"""
from __future__ import annotations

import json
import math
import os
from typing import Any

from fastapi import HTTPException, Request

from ..reading.inputs import MAX_DOCUMENT_BYTES

DOCUMENTS_BODY_BYTES = 8 * MAX_DOCUMENT_BYTES  # room for eight reports at the ingest's per-document limit
SMALL_BODY_BYTES = 64 * 1024
DOCUMENTS_PATH = "/api/documents"


class BodyTooLarge(HTTPException):
    """A request body past its limit (answered 413)."""

    def __init__(self, limit: int):
        super().__init__(status_code=413, detail=f"the request body is larger than the limit of {_size(limit)}")


class BodyError(ValueError):
    """A JSON body, or one of its fields, that cannot be used; ``field`` names it (answered 400)."""

    def __init__(self, field: str, problem: str):
        self.field = field
        super().__init__(f"field {field!r}: {problem}" if field != "body" else f"the body {problem}")


def _size(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:g} MiB"
    return f"{n / 1024:g} KiB" if n >= 1024 else f"{n} bytes"


def documents_limit(configured: int | None = None) -> int:
    """The body limit of ``POST /api/documents`` in bytes: ``configured``, else ``$MARSAD_MAX_BODY_MB``,
    else :data:`DOCUMENTS_BODY_BYTES`."""
    if configured is not None:
        return configured
    value = os.environ.get("MARSAD_MAX_BODY_MB")
    if not value:
        return DOCUMENTS_BODY_BYTES
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = math.nan
    if not (math.isfinite(megabytes) and megabytes > 0):
        raise ValueError(f"MARSAD_MAX_BODY_MB must be a positive number of megabytes, not {value!r}")
    return max(1, int(megabytes * 2**20))


class BodyLimit:
    """ASGI middleware bounding every request body (see the module docstring)."""

    def __init__(self, app, *, documents_bytes: int, other_bytes: int = SMALL_BODY_BYTES):
        self.app, self.documents_bytes, self.other_bytes = app, documents_bytes, other_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.documents_bytes if scope["path"] == DOCUMENTS_PATH else self.other_bytes
        declared = dict(scope["headers"]).get(b"content-length", b"")
        received = 0

        async def bounded_receive():
            nonlocal received
            if declared.isdigit() and int(declared) > limit:
                raise BodyTooLarge(limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, bounded_receive, send)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


async def read_json(request: Request) -> Any:
    """The request's body as JSON (read within the body limit), or :class:`BodyError`."""
    raw = await request.body()
    try:
        return json.loads(raw, parse_constant=_no_constants)
    except UnicodeDecodeError:
        raise BodyError("body", "is not UTF-8 text") from None
    except RecursionError:
        raise BodyError("body", "is nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, NaN or Infinity, an integer too long to convert
        raise BodyError("body", f"is not valid JSON ({exc})") from None


def text_field(body: dict, name: str, *, required: bool = False) -> str:
    """The string field ``name`` of a JSON object ('' when absent or null and not ``required``)."""
    value = body.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise BodyError(name, f"expected a string, not {_kind(value)}")
    return value


def changes_field(body: dict) -> dict:
    """The ``changes`` object of a review: each value a string, a whole number or null."""
    changes = body.get("changes")
    if changes is None:
        return {}
    if not isinstance(changes, dict):
        raise BodyError("changes", f"expected an object of field: value, not {_kind(changes)}")
    for name, value in changes.items():
        if isinstance(value, bool) or not isinstance(value, (str, int, type(None))):
            raise BodyError(f"changes.{name}", f"expected a string, a whole number or null, not {_kind(value)}")
        if isinstance(value, int) and not -2**63 <= value < 2**63:
            raise BodyError(f"changes.{name}", "the number is out of range")
    return changes


def json_object(value: Any) -> dict:
    if not isinstance(value, dict):
        raise BodyError("body", f"is not a JSON object but {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, float) and not math.isfinite(value):
        return "a number out of range"
    return {dict: "an object", list: "a list", str: "a string", int: "a whole number",
            float: "a number with a fraction or an exponent"}.get(type(value), type(value).__name__)
