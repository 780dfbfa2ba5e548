"""The API reference at ``/docs``: the OpenAPI description rendered as one HTML page by the server.

No script and nothing from another host, so the page works offline and under the server's own
Content-Security-Policy. The machine-readable description stays at ``/openapi.json``.
"""
from __future__ import annotations

import re

METHODS = ("get", "post", "put", "patch", "delete")


def _type(schema: dict) -> str:
    """A parameter's type in words: "integer", "date", "several: string", with a closed list's values."""
    if "anyOf" in schema:
        return " or ".join(t for t in (_type(s) for s in schema["anyOf"]) if t != "null")
    if schema.get("type") == "array":
        return "several: " + _type(schema.get("items", {}))
    kind = schema.get("format") or schema.get("type") or schema.get("$ref", "").rsplit("/", 1)[-1] or "any"
    return f"{kind}, one of: {', '.join(schema['enum'])}" if schema.get("enum") else kind


def _parameter(p: dict) -> dict:
    return {"name": p["name"], "where": p["in"], "required": p.get("required", False),
            "type": _type(p.get("schema", {})), "description": p.get("description", "")}


def operations(spec: dict) -> list[dict]:
    """Each operation of an OpenAPI description, in its order: method, path, what it does, its
    parameters, its body and its answers."""
    found = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody")
            found.append({
                "method": method.upper(), "path": path,
                "anchor": re.sub(r"[^a-z0-9]+", "-", f"{method}{path}".lower()).strip("-"),
                "summary": op.get("summary", ""), "description": op.get("description", ""),
                "parameters": [_parameter(p) for p in op.get("parameters", [])],
                "body": body and {"description": body.get("description", ""),
                                  "media": ", ".join(body.get("content", {}))},
                "responses": [(code, r.get("description", "")) for code, r in op.get("responses", {}).items()],
            })
    return found
