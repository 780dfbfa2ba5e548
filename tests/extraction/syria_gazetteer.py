"""Fixtures for tests that need the whole shared Syrian gazetteer (import them into the test module)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import needs
from marsad.extraction.gazetteer import LocalGazetteer, import_paths

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GAZETTEER_FILES = SHARED / "data" / "gazetteer"


@pytest.fixture(scope="session")
def syria(tmp_path_factory):
    """The whole shared Syrian gazetteer: the one CI imported, else imported here once."""
    given = os.environ.get("MARSAD_GAZETTEER")
    if given and Path(given).is_file():
        with LocalGazetteer(given) as gz:
            if gz.counts()["places"] > 10_000:
                return Path(given)
    files = sorted(GAZETTEER_FILES.glob("whosonfirst-data-admin-sy-*.tar.gz"))
    files.append(GAZETTEER_FILES / "opensyria-data-geography")
    needs(len(files) == 2 and files[1].is_dir(), "the gazetteer files in ../shared/data/gazetteer")
    path = tmp_path_factory.mktemp("syria") / "gazetteer.sqlite"
    import_paths(files + sorted(GAZETTEER_FILES.glob("ucdp*.csv")), gazetteer=path)
    return path


@pytest.fixture()
def with_syria(syria, monkeypatch):
    monkeypatch.setenv("MARSAD_GAZETTEER", str(syria))
    return syria
