"""Dashboard pages that need no browser: the API reference at /docs and the outlet links of /sources."""
import html
import re
from urllib.parse import urlsplit

import pytest

pytest.importorskip("fastapi", reason="needs optional part: the web extra (pip install marsad[web])")

from fastapi.testclient import TestClient  # noqa: E402

from marsad.web.app import create_app  # noqa: E402

TOKEN = "pages-token-77"
STORY = "Shelling by government forces killed {n} civilians in Daraa on Monday, the Syrian Observatory said."
OUTLETS = ["Reuters/AFP", "Enab Baladi", "50% News?", "a/../b", "#hash", "وكالة/سانا", "..", "back\\slash", "a+b &c"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with TestClient(create_app(tmp_path_factory.mktemp("pages") / "pages.db", write_token=TOKEN)) as c:
        yield c


def _sources_allowed(policy: str, kind: str) -> list[str]:
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    return directives.get(kind, directives["default-src"])


def test_docs_lists_every_path_and_loads_only_what_its_policy_allows(client):
    page = client.get("/docs")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page.text, re.S)
    assert all('src="' in attrs and not body.strip() for attrs, body in scripts)  # no inline script
    loaded = [(kind, url) for kind, pattern in (("script-src", r'<script\b[^>]*\bsrc="([^"]+)"'),
                                                ("style-src", r'<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"'))
              for url in re.findall(pattern, page.text)]
    assert loaded, "the page should have its stylesheet"
    for kind, url in loaded:
        assert not urlsplit(url).netloc and "'self'" in _sources_allowed(policy, kind), url  # served here
        assert client.get(url).status_code == 200, url
    for path, item in client.app.openapi()["paths"].items():
        for method in item:
            assert f"{method.upper()} {html.escape(path)}" in page.text, (method, path)
    assert "parameter 'q'" not in page.text and ">q</code>" in page.text  # the filters are documented
    assert ">min_fatalities</code>" in page.text and ">status</code>" in page.text
    assert "several: string, one of: machine, confirmed, corrected, rejected" in page.text
    assert client.get("/redoc").status_code == 404  # no page that needs a CDN


def test_every_outlet_link_on_sources_answers_with_its_page(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    rows = [{"id": f"doc-{n}", "text": STORY.format(n=n + 2), "publisher": outlet} for n, outlet in enumerate(OUTLETS)]
    assert client.post("/api/documents", json=rows, headers=auth).status_code == 201
    page = client.get("/sources").text
    links = {html.unescape(re.sub(r"<[^>]+>", "", text)): html.unescape(href)
             for href, text in re.findall(r'<a href="(/sources[/?][^"]*)">(.*?)</a>', page)}
    assert set(OUTLETS) <= set(links), links
    for outlet in OUTLETS:
        answer = client.get(links[outlet])
        assert answer.status_code == 200, (outlet, links[outlet])
        assert f"<h1 dir=\"auto\">{html.escape(outlet, quote=False)}</h1>" in answer.text
    assert client.get("/sources/Reuters/AFP").status_code == 200  # a path holding the name works too
    assert client.get("/api/sources/Reuters%2FAFP").json()["outlet"] == "Reuters/AFP"
