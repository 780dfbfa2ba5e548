"""The review workflow without a browser: a login kept for the session, the queue, pick-lists, redirects
that stay on the server."""
import re

import pytest

pytest.importorskip("fastapi", reason="needs optional part: the web extra (pip install marsad[web])")

from fastapi.testclient import TestClient  # noqa: E402

from marsad.jobs.demo import run_demo  # noqa: E402
from marsad.web.app import create_app  # noqa: E402

TOKEN = "review-token-808"


@pytest.fixture
def client(tmp_path):
    _, store = run_demo(tmp_path / "demo.db")
    store.close()
    with TestClient(create_app(tmp_path / "demo.db", write_token=TOKEN)) as c:
        yield c


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_a_login_is_kept_for_the_session_and_a_logout_ends_it(client):
    page = client.get("/login?next=//elsewhere.example/x").text
    assert 'name="next" value="/review"' in page  # no redirect to another host
    wrong = client.post("/login", data={"csrf": _csrf(page), "token": "guess", "who": "Salma", "next": "/review"})
    assert wrong.status_code == 401 and 'value="Salma"' in wrong.text and "wrong" in wrong.text
    ok = client.post("/login", data={"csrf": _csrf(wrong.text), "token": TOKEN, "who": "Salma",
                                     "next": "/incidents"}, follow_redirects=False)
    assert ok.status_code == 303 and ok.headers["location"] == "/incidents"
    assert "httponly" in ok.headers["set-cookie"].lower() and "samesite=strict" in ok.headers["set-cookie"].lower()
    event = client.get("/api/events?limit=1").json()["items"][0]
    form = client.get(f"/events/{event['id']}/review").text
    assert 'name="token"' not in form and "logged in as Salma" in form
    done = client.post(f"/events/{event['id']}/review", follow_redirects=False,
                       data={"csrf": _csrf(form), "action": "confirm", "who": "Salma"})
    assert done.status_code == 303
    assert client.get(f"/api/events/{event['id']}").json()["status"] == "confirmed"
    queue = client.get("/review").text
    assert client.post("/logout", data={"csrf": _csrf(queue)}, follow_redirects=False).status_code == 303
    form = client.get(f"/events/{event['id']}/review").text
    assert 'name="token"' in form
    refused = client.post(f"/events/{event['id']}/review", data={"csrf": _csrf(form), "action": "reject",
                                                                 "who": "Salma"})
    assert refused.status_code == 401


def test_the_queue_holds_the_unreviewed_events_with_claims_and_evidence(client):
    events = client.get("/api/events?limit=1000").json()["items"]
    page = client.get("/review?limit=1000").text
    shown = re.findall(r'<section class="queued" data-id="([^"]+)"', page)
    assert set(shown) == {e["id"] for e in events}
    saliences = [next(e["salience"] for e in events if e["id"] == i) for i in shown]
    assert saliences.index("main") == 0 and "main" not in saliences[saliences.index("secondary"):]
    assert "more than" in page or "at least" in page  # claims with their qualifier in words
    narrowed = client.get("/review?place=أعزاز").text
    assert 0 < len(re.findall(r'class="queued"', narrowed)) < len(shown)


def test_the_form_offers_pick_lists_from_the_knowledge(client):
    event = client.get("/api/events?limit=1").json()["items"][0]
    page = client.get(f"/events/{event['id']}/review").text
    assert '<select name="event_type"' in page and '<select name="sub_event_type"' in page
    assert '<select name="actor1"' in page and ">Syrian Democratic Forces</option>" in page
    assert '<datalist id="places">' in page and '<option value="Azaz">' in page
    assert '<select name="date_precision"' in page
    assert re.search(r'<option value="" selected disabled>choose', page)  # no action chosen by default
