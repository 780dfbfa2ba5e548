"""Analysts' review in the dashboard: a login that keeps the write token for the session, a queue of the
events no one has reviewed, and the review form with pick-lists drawn from the knowledge.

Every write form carries a CSRF token that must match a same-site cookie. The write token is given once,
at ``/login``: the browser then keeps a random session id in an HTTP-only, same-site cookie, and the server
the id's hash, beside the database (:class:`.security.Sessions`), so a login outlives a restart of the server
until it ends (logout, or ``$MARSAD_SESSION_HOURS``); a form may also carry the token itself. A refused form
(wrong token, stale CSRF token, a correction that does not validate) comes back with the analyst's edits in it
and the reason.
"""
from __future__ import annotations

import hmac
import secrets

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..extraction.knowledge import knowledge
from ..storage.review import DATE_PRECISIONS, EVENT_FIELDS, ReviewError
from .query import EventSort, Filters, no_unknown_parameters, select_events, taxonomy
from .security import token_ok

router = APIRouter(include_in_schema=False, dependencies=[Depends(no_unknown_parameters)])
CSRF_COOKIE = "marsad_csrf"
SESSION_COOKIE = "marsad_session"
ACTIONS = ("confirm", "correct", "reject", "split")


def render_with_csrf(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    """A page with a fresh CSRF token in its forms and in the cookie they must match."""
    csrf = secrets.token_urlsafe(24)
    response = request.app.state.templates.TemplateResponse(
        request, template, {"csrf": csrf, "writable": bool(request.app.state.write_token),
                            "session": _session(request), **context}, status_code=status)
    response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="strict")
    return response


def _session(request: Request) -> dict | None:
    return request.app.state.sessions.get(request.cookies.get(SESSION_COOKIE), request.app.state.write_token)


def _local(path: str | None, default: str) -> str:
    """``path`` when it is a path of this server, else ``default`` (no redirect to another host)."""
    return path if path and path.startswith("/") and not path.startswith(("//", "/\\")) else default


def write_refusal(request: Request, csrf: str, token: str) -> tuple[int, str] | None:
    """Why a form may not write (status, reason), or None: a CSRF token matching the cookie, and a session
    or the write token."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), (csrf or "").encode()):
        return 403, "the form's CSRF token does not match (the page was old): your edits are kept, save again"
    if not request.app.state.write_token:
        return 403, "this server is read-only: no write token is configured"
    if _session(request) is None and not token_ok(request.app, token):
        return 401, "the write token is wrong: your edits are kept, give the token again"
    return None


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> HTMLResponse:
    return render_with_csrf(request, "login.html", next=_local(next, "/review"), error=None)


@router.post("/login")
async def login(request: Request):
    form = await request.form()
    target = _local(str(form.get("next", "")), "/review")
    who = str(form.get("who", "")).strip()[:200]
    refused = write_refusal(request, str(form.get("csrf", "")), str(form.get("token", "")))
    if refused or not token_ok(request.app, str(form.get("token", ""))):
        status, reason = refused or (401, "the write token is wrong")
        return render_with_csrf(request, "login.html", status, next=target, error=reason, who=who)
    session_id = request.app.state.sessions.start(who, request.app.state.write_token)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, session_id, httponly=True, samesite="strict")
    return response


@router.post("/logout")
async def logout(request: Request):
    form = await request.form()
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if cookie and hmac.compare_digest(cookie.encode(), str(form.get("csrf", "")).encode()):
        request.app.state.sessions.end(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/review", response_class=HTMLResponse)
def queue(request: Request, f: Filters, sort: EventSort = None) -> HTMLResponse:
    """The events no analyst has reviewed (any filter narrows them), the main events first, each with its
    claims and the words of the report it was read from."""
    store = request.app.state.store
    chosen, _ = select_events(store, f, paginate=False)
    waiting = [e for e in chosen if e["status"] == "machine"]
    if not f.sort:
        waiting.sort(key=lambda e: {"main": 0, "secondary": 1}.get(e["salience"], 2))
    page = waiting[f.offset:f.offset + f.limit]
    claims: dict[str, list[dict]] = {}
    for claim in store.all_claims():
        claims.setdefault(claim["event_id"], []).append(claim)
    here = request.url.path + ("?" + request.url.query if request.url.query else "")
    return render_with_csrf(request, "queue.html", f=f, events=page, claims=claims, total=len(waiting), here=here,
                   next_qs=f.query_string(offset=f.offset + f.limit) if f.offset + f.limit < len(waiting) else None)


def _choices() -> dict:
    kb = knowledge()
    places = sorted({p.location.name for p in kb.places.values()
                     if not p.imported and p.location.precision != "country"})
    return {"taxonomy": taxonomy(), "actors": sorted(kb.actors), "places": places, "precisions": DATE_PRECISIONS,
            "actions": ACTIONS}


def _values(event: dict) -> dict:
    return {field: event.get("location_name" if field == "place" else field) for field in EVENT_FIELDS}


def _form(request: Request, event: dict, *, values: dict | None = None, error: str | None = None,
          status: int = 200, action: str = "", who: str = "", why: str = "", next_path: str = "") -> HTMLResponse:
    store = request.app.state.store
    session = _session(request)
    return render_with_csrf(request, "review.html", status, e=event, v=values or _values(event), error=error,
                            action=action, who=who or (session or {}).get("who", ""), why=why, next=next_path,
                            claims=store.claims_of(event["id"]), corrections=store.corrections("event", event["id"]),
                            **_choices())


@router.get("/events/{event_id}/review", response_class=HTMLResponse)
def review_form(request: Request, event_id: str, next: str | None = None) -> HTMLResponse:
    event = request.app.state.store.event(event_id)
    if event is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
    return _form(request, event, next_path=_local(next, ""))


@router.post("/events/{event_id}/review")
async def review_post(request: Request, event_id: str):
    form = await request.form()
    store = request.app.state.store
    event = store.event(event_id)
    if event is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
    action, who, why = (str(form.get(k, "")).strip() for k in ("action", "who", "why"))
    values = {field: str(form.get(field, "")).strip() for field in EVENT_FIELDS}
    kept = {"values": values, "action": action, "who": who, "why": why,
            "next_path": _local(str(form.get("next", "")), "")}
    refused = write_refusal(request, str(form.get("csrf", "")), str(form.get("token", "")))
    if refused:
        return _form(request, event, error=refused[1], status=refused[0], **kept)
    current = _values(event)
    changes = {f: v for f, v in values.items() if action == "correct" and v != ("" if current[f] is None
                                                                                  else str(current[f]))}
    try:
        store.review("event", event_id, action, who=who, why=why, changes=changes)
    except ReviewError as exc:
        return _form(request, event, error=str(exc), status=400, **kept)
    return RedirectResponse(kept["next_path"] or f"/events/{event_id}/review", status_code=303)


@router.post("/incidents/{incident_id}/merge")
def merge(request: Request, incident_id: str, into: str = Form(...), who: str = Form(...), why: str = Form(""),
          csrf: str = Form(""), token: str = Form("")) -> RedirectResponse:
    refused = write_refusal(request, csrf, token)
    if refused:
        raise HTTPException(status_code=refused[0], detail=refused[1])
    request.app.state.store.review("incident", incident_id, "merge", who=who, why=why, changes={"into": into})
    return RedirectResponse(f"/incidents/{into}", status_code=303)
