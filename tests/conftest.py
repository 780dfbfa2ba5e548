"""Shared fixtures, and the rule that a missing optional part fails under CI.

A test that needs a part which may be absent (a server, a browser, the shared
evaluation data) calls :func:`needs`. Locally it skips with the reason; under
CI (``CI=true``) the skip is turned into a failure, because CI installs every part.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from marsad.storage import Store

NEEDS_PREFIX = "needs optional part: "
ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now, for a test server."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def needs(available: bool, part: str) -> None:
    """Skip the calling test unless ``available``; under CI the skip becomes a failure."""
    if not available:
        pytest.skip(NEEDS_PREFIX + part)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI", "").lower() == "true":
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        if NEEDS_PREFIX in reason:
            report.outcome = "failed"
            report.longrepr = f"CI must provide every optional part, but this test was skipped: {reason}"


PG_URL = os.environ.get("MARSAD_TEST_PG_URL")  # set by .ci/run, which installs and starts PostgreSQL


def fresh_database(backend: str, tmp_path: Path) -> str:
    """A URL of an empty database: a new SQLite file, or the test PostgreSQL database emptied."""
    if backend == "sqlite":
        return str(tmp_path / "test.db")
    needs(bool(PG_URL), "a PostgreSQL server (set MARSAD_TEST_PG_URL, as .ci/run does)")
    from sqlalchemy import create_engine, text

    from marsad.storage import database_url

    engine = create_engine(database_url(PG_URL))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return PG_URL


def demo_database(backend: str, tmp_path: Path) -> str:
    """A URL of a fresh database (see :func:`fresh_database`) holding the demo: the sample corpus ingested and
    linked."""
    from marsad.jobs.demo import run_demo

    url = fresh_database(backend, tmp_path)
    _, store = run_demo(url)
    store.close()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    with Store(fresh_database(request.param, tmp_path)) as s:
        yield s


@pytest.fixture
def dev_docs() -> Path:
    path = SHARED_EVAL / "dev" / "docs"
    needs(path.is_dir(), f"the shared dev set at {path}")
    return path


@pytest.fixture
def read_only_copy(tmp_path):
    """copy(files) -> folder: the files copied into a folder that cannot be written: a tmpfs remounted
    read-only when run as root, else a folder and files without write permission."""
    folder = tmp_path / "ro"
    folder.mkdir()
    root = os.geteuid() == 0
    if root and subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)]).returncode:
        pytest.skip("running as root, but mounting a tmpfs failed (no mount permission here)")

    def copy(files) -> os.PathLike:
        for f in files:
            shutil.copy(f, folder / f.name)
        if root:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            for f in [*folder.iterdir(), folder]:
                f.chmod(0o555 if f.is_dir() else 0o444)
        return folder

    yield copy
    if root:
        subprocess.run(["umount", str(folder)])
    else:
        folder.chmod(0o755)
