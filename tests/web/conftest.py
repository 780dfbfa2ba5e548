import pytest

pytest.importorskip("fastapi", reason="needs optional part: the web extra (pip install marsad[web])")
