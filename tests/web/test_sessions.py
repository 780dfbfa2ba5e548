"""Logins that outlive the server: a session cookie from one app instance works in a new one over the same
database (SQLite and PostgreSQL), and logging out or the login's end closes it everywhere."""
import re

import pytest

pytest.importorskip("fastapi", reason="needs optional part: the web extra (pip install marsad[web])")

from fastapi.testclient import TestClient  # noqa: E402

from marsad.jobs.demo import run_demo  # noqa: E402
from marsad.web.app import create_app  # noqa: E402
from marsad.web.review import CSRF_COOKIE, SESSION_COOKIE  # noqa: E402
from marsad.web.security import Sessions, sessions_file  # noqa: E402

TOKEN = "session-token-4321"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_db(request, tmp_path_factory):
    from conftest import demo_database

    return demo_database(request.param, tmp_path_factory.mktemp("sessions"))


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch):
    """The user's data folder, where the logins of a PostgreSQL database are kept, made here."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _login(client: TestClient, who: str) -> str:
    page = client.get("/login").text
    answer = client.post("/login", data={"csrf": _csrf(page), "token": TOKEN, "who": who, "next": "/review"},
                         follow_redirects=False)
    assert answer.status_code == 303
    return client.cookies[SESSION_COOKIE]


def _logged_in(client: TestClient, event_id: str, who: str) -> bool:
    form = client.get(f"/events/{event_id}/review").text
    return f"logged in as {who}" in form and 'name="token"' not in form


def _write(client: TestClient, event_id: str, action: str) -> int:
    form = client.get(f"/events/{event_id}/review").text
    return client.post(f"/events/{event_id}/review", follow_redirects=False,
                       data={"csrf": _csrf(form), "action": action, "who": "Hiba", "why": "read again"}).status_code


def test_a_login_works_in_a_new_server_over_the_same_database_until_logout(demo_db):
    with TestClient(create_app(demo_db, write_token=TOKEN)) as first:
        session = _login(first, "Hiba")
        events = first.get("/api/events?limit=3").json()["items"]
    assert session not in sessions_file(demo_db).read_bytes().decode("latin-1")  # only the id's hash is kept
    with TestClient(create_app(demo_db, write_token=TOKEN)) as second:  # the server was started again
        second.cookies.set(SESSION_COOKIE, session)
        assert _logged_in(second, events[0]["id"], "Hiba")
        assert _write(second, events[0]["id"], "confirm") == 303
        assert second.get(f"/api/events/{events[0]['id']}").json()["status"] == "confirmed"
        queue = second.get("/review").text
        assert second.post("/logout", data={"csrf": _csrf(queue)}, follow_redirects=False).status_code == 303
    with TestClient(create_app(demo_db, write_token=TOKEN)) as third:  # the cookie, kept by someone, is dead
        third.cookies.set(SESSION_COOKIE, session)
        assert not _logged_in(third, events[1]["id"], "Hiba")
        assert _write(third, events[1]["id"], "reject") == 401
        assert third.get(f"/api/events/{events[1]['id']}").json()["status"] == "machine"


def test_a_server_started_with_another_token_honours_no_old_login(demo_db):
    with TestClient(create_app(demo_db, write_token=TOKEN)) as first:
        session = _login(first, "Hiba")
        event = first.get("/api/events?limit=1").json()["items"][0]
    with TestClient(create_app(demo_db, write_token="a-new-token-after-a-leak")) as second:
        second.cookies.set(SESSION_COOKIE, session)
        assert not _logged_in(second, event["id"], "Hiba")
        assert _write(second, event["id"], "reject") == 401
    with TestClient(create_app(demo_db)) as read_only:  # no token at all: nothing is written, whoever asks
        read_only.cookies.set(SESSION_COOKIE, session)
        read_only.cookies.set(CSRF_COOKIE, "matching")
        refused = read_only.post(f"/events/{event['id']}/review", data={"csrf": "matching", "action": "reject",
                                                                        "who": "Hiba"})
        assert refused.status_code == 403 and "read-only" in refused.text
    with TestClient(create_app(demo_db, write_token=TOKEN)) as third:  # the first token again: still open
        third.cookies.set(SESSION_COOKIE, session)
        assert _logged_in(third, event["id"], "Hiba")


def test_a_login_ends_when_its_hours_are_over(demo_db):
    now = [1_000_000.0]
    app = create_app(demo_db, write_token=TOKEN, session_hours=2)
    app.state.sessions.clock = lambda: now[0]
    with TestClient(app) as client:
        session = _login(client, "Rami")
        event = client.get("/api/events?limit=1").json()["items"][0]
        now[0] += 2 * 3600 - 60
        assert _logged_in(client, event["id"], "Rami")
        now[0] += 120  # past its two hours
        assert not _logged_in(client, event["id"], "Rami")
        assert _write(client, event["id"], "reject") == 401
    again = create_app(demo_db, write_token=TOKEN, session_hours=2)
    again.state.sessions.clock = lambda: now[0] - 3600  # an earlier time: the ended login was deleted
    with TestClient(again) as client:
        client.cookies.set(SESSION_COOKIE, session)
        assert not _logged_in(client, event["id"], "Rami")


def test_a_stale_csrf_token_still_refuses_a_logged_in_form(demo_db):
    with TestClient(create_app(demo_db, write_token=TOKEN)) as client:
        _login(client, "Hiba")
        event = client.get("/api/events?limit=1").json()["items"][0]
        answer = client.post(f"/events/{event['id']}/review", data={"csrf": "an-old-page", "action": "confirm",
                                                                    "who": "Hiba"})
        assert answer.status_code == 403 and "CSRF" in answer.text


def test_where_the_logins_are_kept(tmp_path, monkeypatch):
    assert sessions_file(tmp_path / "marsad.db") == tmp_path / "marsad.db.sessions"
    assert sessions_file("sqlite:///:memory:") is None
    pg = sessions_file("postgresql://someone:secret@localhost/marsad")
    assert pg.parent == tmp_path / "data" / "marsad" and "secret" not in pg.name
    assert pg != sessions_file("postgresql://someone:secret@localhost/other")
    kept = Sessions(None, hours=1)  # no file: kept in memory, still ended by logout
    sid = kept.start("Hiba", TOKEN)
    assert kept.get(sid, TOKEN) == {"who": "Hiba"} and kept.get("forged", TOKEN) is None
    assert kept.get(sid, "another-token") is None and kept.get(sid, None) is None
    kept.end(sid)
    assert kept.get(sid, TOKEN) is None
    monkeypatch.setenv("MARSAD_SESSION_HOURS", "soon")
    with pytest.raises(ValueError, match="MARSAD_SESSION_HOURS"):
        Sessions(None)


def test_a_server_no_one_logs_in_to_writes_no_logins_file(tmp_path):
    _, store = run_demo(tmp_path / "demo.db")
    store.close()
    with TestClient(create_app(tmp_path / "demo.db", write_token=TOKEN)) as client:
        client.cookies.set(SESSION_COOKIE, "made-up")
        event = client.get("/api/events?limit=1").json()["items"][0]
        assert not _logged_in(client, event["id"], "Hiba") and client.get("/review").status_code == 200
        assert not sessions_file(tmp_path / "demo.db").exists()
        client.cookies.clear()
        _login(client, "Hiba")
        assert sessions_file(tmp_path / "demo.db").exists()
        assert sessions_file(tmp_path / "demo.db").stat().st_mode & 0o077 == 0  # for the server's user only
