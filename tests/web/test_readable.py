"""Every page of the demo database shows values as people write them: no raw None, no float counts, no
internal codes; dates beside Arabic text are isolated from it."""
import html
import re

import pytest

pytest.importorskip("fastapi", reason="needs optional part: the web extra (pip install marsad[web])")

from fastapi.testclient import TestClient  # noqa: E402

from marsad.jobs.demo import run_demo  # noqa: E402
from marsad.web.app import create_app  # noqa: E402
from marsad.web.readable import day, figure, incident_title, number, plain_numbers, toll, words  # noqa: E402

RAW = {"a raw None": re.compile(r"\bNone\b|\bnull\b"), "a float count": re.compile(r"(?<![\d.])\d+\.0\b"),
       "an internal code": re.compile(r"\b[a-z]+_[a-z_]+\b")}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("readable") / "demo.db"
    _, store = run_demo(db)
    store.close()
    with TestClient(create_app(db, write_token="readable-token")) as c:
        yield c


def _shown(page: str) -> str:
    """What a reader sees of a page: no scripts, no tags, not the article's own text."""
    page = re.sub(r"<script\b.*?</script>|<article\b.*?</article>|<title>.*?</title>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _pages(client) -> list[str]:
    events = client.get("/api/events?limit=1000&include_rejected=1").json()["items"]
    urls = ["/", "/?sort=-killed", "/incidents", "/incidents?sort=killed", "/documents", "/documents?language=ar",
            "/sources", "/review", "/review?salience=main", "/login"]
    urls += [f"/documents/{d}" for d in sorted({e["doc_id"] for e in events})]
    urls += [f"/incidents/{i}" for i in sorted({e["incident_id"] for e in events if e["incident_id"]})]
    urls += [f"/events/{e['id']}/review" for e in events]
    urls += [f"/sources?outlet={s['outlet']}" for s in client.get("/api/sources").json()["items"]]
    return urls


def test_no_page_shows_a_raw_none_a_float_count_or_an_internal_code(client):
    event = client.get("/api/events?limit=1").json()["items"][0]
    auth = {"Authorization": "Bearer readable-token"}
    client.post(f"/api/events/{event['id']}/review", headers=auth,  # a history with changes to show
                json={"action": "correct", "who": "Rana", "why": "hospital list", "changes": {"fatalities_best": 4}})
    urls = _pages(client)
    assert len(urls) > 60
    found = []
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200, url
        text = _shown(answer.text)
        for what, pattern in RAW.items():
            found += [f"{url}: {what}: ...{text[max(0, m.start() - 30):m.end() + 30]!r}"
                      for m in pattern.finditer(text)]
    assert not found, "\n".join(found[:20])


def test_dates_are_isolated_from_the_text_around_them(client):
    ar = client.get("/api/documents?language=ar&limit=1").json()["items"][0]
    page = client.get("/documents?language=ar").text
    assert f'<bdi dir="ltr" class="date">{ar["published"]}</bdi>' in page
    incidents = client.get("/incidents").text
    assert re.search(r'<bdi dir="ltr" class="date">\d{4}-\d\d-\d\d</bdi>', incidents)


def test_values_read_as_people_write_them():
    assert number(19.0) == "19" and number(0.456) == "0.46" and number(12000) == "12,000" and number(None) == "–"
    assert figure(21, None, "more_than") == "more than 21" and figure(12, 12, "about") == "about 12"
    assert figure(4, 6, "range") == "4–6" and figure(None, None, "dozens") == "dozens"
    assert figure(5, None, "at_least") == "at least 5" and figure(None, 5, "at_most") == "at most 5"
    assert figure(7, 7, "exact") == "7" and figure(None, 30, "up_to") == "up to 30"
    assert toll(None, None, None) == "–" and toll(12, 12, 12) == "12" and toll(9, 12, 15) == "12 (9–15)"
    assert words("civil_defence") == "civil defence" and words(None) == "–"
    assert plain_numbers("highest 38 is 19.0 times lowest 2") == "highest 38 is 19 times lowest 2"
    assert plain_numbers("2.05 times") == "2.05 times"
    assert str(day("2021-03-14")) == '<bdi dir="ltr" class="date">2021-03-14</bdi>'
    assert "&lt;b&gt;" in str(day("<b>"))  # escaped
    assert incident_title({"sub_event_type": "Air/drone strike", "location_name": "Douma", "date": "2015-08-16"}) \
        == "Air/drone strike, Douma, 2015-08-16"
    assert incident_title({"event_type": "Battles", "location_name": None, "date": None}) == "Battles, undated"
