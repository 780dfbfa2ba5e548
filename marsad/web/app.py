"""``marsad serve``: the HTTP API and the dashboard, one FastAPI application over the storage module.

Read-only unless a write token is configured (``MARSAD_WRITE_TOKEN`` or ``--write-token``); then
writes need it: the API as ``Authorization: Bearer <token>``, the review forms as a form field, with a
CSRF token (a cookie the form must echo). All document text is escaped wherever it is shown (Jinja2
autoescaping; data for scripts travels as escaped JSON, never as code), and a Content-Security-Policy
allows scripts from the server only. No request reaches the file system or raw SQL: static files come
from a fixed package folder, and every query is built by the storage module. The API checks the token
before it reads a body, and every body is bounded (:mod:`.body`); ``/docs`` is rendered here from the
OpenAPI description (:mod:`.reference`), so it needs no script and no other host.
"""
from __future__ import annotations

import os
import secrets
from contextlib import asynccontextmanager
from importlib import resources
from importlib.metadata import version
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..storage import DatabaseReadOnly, Store
from ..storage.review import ReviewError
from .body import BodyError, BodyLimit, BodyTooLarge, documents_limit
from .query import EmptyParameters, FilterError
from .readable import install
from .security import SecurityHeaders, Sessions, sessions_file


def _xstatic(package: str) -> str:
    module = __import__(f"xstatic.pkg.{package}", fromlist=["BASE_DIR"])
    return module.BASE_DIR


def create_app(db: str | os.PathLike | None = None, *, write_token: str | None = None,
               max_body_bytes: int | None = None, create: bool = True,
               gazetteer: str | os.PathLike | None = None, sessions: str | os.PathLike | None = None,
               session_hours: float | None = None) -> FastAPI:
    """The application over the database ``db`` (see :func:`marsad.storage.database_url`). A body of
    ``POST /api/documents`` may hold ``max_body_bytes`` (default: ``$MARSAD_MAX_BODY_MB`` or 40 MiB). With
    ``create=False`` (``marsad serve``) a database that does not exist yet is an error naming it, not made.
    The map's outlines come from ``gazetteer`` (default: the configured local gazetteer, :mod:`.outlines`).
    Analysts' logins are kept in ``sessions`` (default: beside the database, :func:`.security.sessions_file`)
    and last ``session_hours`` (default: ``$MARSAD_SESSION_HOURS`` or 12)."""
    body_limit = documents_limit(max_body_bytes)
    store = Store(db, create=create)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        store.close()

    app = FastAPI(title="marsad", lifespan=lifespan, version=version("marsad"), docs_url=None, redoc_url=None,
                  description="Conflict events from Arabic and English news: documents, events, claims, "
                              "incidents and sources, with analysts' review.")
    app.state.store = store
    app.state.write_token = write_token or os.environ.get("MARSAD_WRITE_TOKEN") or None
    app.state.csrf_secret = secrets.token_bytes(32)
    app.state.gazetteer = gazetteer
    app.state.sessions = Sessions(sessions or sessions_file(db), hours=session_hours)
    here = Path(str(resources.files("marsad") / "web"))
    app.state.templates = Jinja2Templates(directory=str(here / "templates"))
    install(app.state.templates.env)
    app.mount("/static/leaflet", StaticFiles(directory=_xstatic("leaflet")), name="leaflet")
    app.mount("/static/markercluster", StaticFiles(directory=_xstatic("leaflet_markercluster")), name="cluster")
    app.mount("/static", StaticFiles(directory=str(here / "static")), name="static")

    @app.exception_handler(FilterError)
    async def bad_filter(request: Request, exc: FilterError):
        return _bad_parameter(request, str(exc), exc.param)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError):
        # a query parameter of the wrong type (limit=abc, date_from=2021-13-01), named as FilterError names it
        first = next(iter(exc.errors()), {})
        where, name = (tuple(first.get("loc", ())) + ("", ""))[:2]
        problem = f"{first.get('input')!r}: {first.get('msg', 'cannot be read')}"
        if where == "body":
            return JSONResponse(status_code=400, content={"error": f"field {name!r}: {problem}", "field": name})
        return _bad_parameter(request, f"parameter {name!r}: {problem}", str(name))

    @app.exception_handler(BodyError)
    async def bad_body(request: Request, exc: BodyError):
        return JSONResponse(status_code=400, content={"error": str(exc), "field": exc.field})

    @app.exception_handler(BodyTooLarge)
    async def too_large(request: Request, exc: BodyTooLarge):
        return JSONResponse(status_code=413, content={"error": exc.detail}, headers={"Connection": "close"})

    @app.exception_handler(ReviewError)
    async def bad_review(request: Request, exc: ReviewError):
        return JSONResponse(status_code=400, content={"error": str(exc)})

    @app.exception_handler(DatabaseReadOnly)
    async def read_only(request: Request, exc: DatabaseReadOnly):
        return JSONResponse(status_code=503, content={"error": "the database is served read-only (it cannot be "
                                                               "written where it lies); writes are refused"})

    from .api import router as api_router
    from .downloads import router as downloads_router
    from .outlines import router as outlines_router
    from .pages import router as pages_router
    from .review import router as review_router

    app.include_router(api_router)
    app.include_router(downloads_router)
    app.include_router(outlines_router)
    app.include_router(pages_router)
    app.include_router(review_router)
    app.add_middleware(BodyLimit, documents_bytes=body_limit)
    app.add_middleware(EmptyParameters)
    app.add_middleware(SecurityHeaders)
    return app


def _bad_parameter(request: Request, message: str, param: str):
    """A 400 naming the parameter: JSON for the API, a page saying so for the dashboard."""
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse(status_code=400, content={"error": message, "param": param})
    return request.app.state.templates.TemplateResponse(request, "error.html", {"message": message, "param": param},
                                                        status_code=400)
