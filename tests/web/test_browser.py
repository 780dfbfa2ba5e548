"""The dashboard in a real headless Chromium (Debian's), driven by Playwright, against a live server."""
import csv
import io
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT, free_port, needs
from outline_sample import write_wof_sample

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TOKEN = "browser-token-5678"
SCREENSHOT = ROOT / "docs" / "dashboard.png"
INCIDENT_SCREENSHOT = ROOT / "docs" / "incident.png"
XSS = ('<script>window.__xss = 1</script> Attack on <img src=x onerror="window.__xss=2"> Douma\n\n'
       'Regime forces shelled the city of Douma on Monday, killing three civilians, activists said. '
       '<a href="javascript:window.__xss=3">more</a> <iframe src="javascript:window.top.__xss=4"></iframe>')


WOF = next(iter(sorted((ROOT.parent / "shared" / "data" / "gazetteer").glob("whosonfirst-data-admin-sy-*.tar.gz"))),
           None)


@contextmanager
def _serving(app):
    import uvicorn

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    needs(Path(CHROMIUM).exists(), f"Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    pytest.importorskip("playwright", reason="needs optional part: playwright (pip install marsad[test])")
    from marsad.jobs.demo import run_demo

    db = tmp_path_factory.mktemp("browser") / "demo.db"
    _, store = run_demo(db)
    store.close()
    return db


@pytest.fixture(scope="module")
def outlines_gazetteer(tmp_path_factory):
    """A gazetteer with admin outlines: the shared Who's On First archive imported when it is here (the real
    shapes), else the invented sample folder."""
    from marsad.extraction.gazetteer import import_paths

    folder = tmp_path_factory.mktemp("outlines")
    source = WOF if WOF is not None and WOF.is_file() else write_wof_sample(folder / "wof")
    import_paths([source], gazetteer=folder / "g.sqlite")
    return folder / "g.sqlite"


@pytest.fixture(scope="module")
def server(demo_db, outlines_gazetteer):
    from marsad.web.app import create_app

    with _serving(create_app(demo_db, write_token=TOKEN, gazetteer=outlines_gazetteer)) as url:
        yield url


def _offline(page, server) -> list[str]:
    """Abort every request to another host (the tiles among them); the list fills with their addresses."""
    elsewhere: list[str] = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
               else (elsewhere.append(route.request.url), route.abort()))
    return elsewhere


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    yield page
    context.close()


def _located(page, server, query=""):
    events = page.request.get(f"{server}/api/events?limit=1000&{query}").json()["items"]
    return [e for e in events if e["lat"] is not None]


def test_the_map_shows_the_sample_events_on_the_outlines_with_no_other_host(page, server):
    elsewhere = _offline(page, server)
    page.goto(server + "/")
    page.wait_for_selector("#map[data-ready='1'][data-outlines-read='1']")
    located = _located(page, server)
    assert int(page.get_attribute("#map", "data-markers")) == len(located) > 20
    assert page.locator(".ev-cluster, path.leaflet-interactive").count() > 0  # clusters and circles drawn
    served = page.request.get(f"{server}/api/outlines.geojson").json()
    kinds = [f["properties"]["kind"] for f in served["features"]]
    assert kinds.count("country") == 1 and kinds.count("governorate") >= 2
    assert int(page.get_attribute("#map", "data-outlines")) == len(kinds)
    drawn = page.locator(".leaflet-outlines-pane path")
    assert drawn.count() == len(kinds)  # one path per outline, in their own pane under the markers
    assert all(len(d) > 20 for d in drawn.evaluate_all("ps => ps.map(p => p.getAttribute('d'))"))
    country = drawn.first.bounding_box()  # the country comes first, and every event lies within its outline's box
    assert country["width"] > 200 and country["height"] > 150
    for marker in page.locator(".ev-cluster, .leaflet-overlay-pane path.leaflet-interactive").all():
        box = marker.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        assert country["x"] <= x <= country["x"] + country["width"]
        assert country["y"] <= y <= country["y"] + country["height"]
    assert "Who's On First" in page.inner_text(".leaflet-control-attribution")
    assert "GeoNames" in page.inner_text(".leaflet-control-attribution")
    assert page.inner_text("#map-note") == ""
    assert elsewhere and all("tile.openstreetmap.org" in url for url in elsewhere)  # only tiles were asked for
    assert page.screenshot(full_page=False)[:8] == b"\x89PNG\r\n\x1a\n"


def test_filters_change_map_and_table_together(page, server):
    page.goto(server + "/")
    page.select_option("#f-event-type", "Battles")
    page.click("#apply")
    page.wait_for_selector("#map[data-ready='1']")
    located = _located(page, server, "event_type=Battles")
    total = page.request.get(f"{server}/api/events?event_type=Battles").json()["total"]
    assert int(page.get_attribute("#map", "data-markers")) == len(located)
    rows = page.locator("#events tbody tr")
    assert rows.count() == min(total, 100) > 0
    assert set(rows.evaluate_all("rows => rows.map(r => r.dataset.type)")) == {"Battles"}
    assert page.inner_text("#event-count") == str(total)


def test_an_incident_page_shows_the_conflicting_claims(page, server):
    azaz = page.request.get(f"{server}/api/events?place=Azaz&salience=main&limit=1").json()["items"][0]
    page.goto(f"{server}/incidents/{azaz['incident_id']}")
    claims = page.locator("#reconciled-killed tr.claim")
    assert claims.count() >= 3
    claimants = set(claims.evaluate_all("rows => rows.map(r => r.cells[2].textContent)"))
    assert len(claimants) >= 2
    heading = page.inner_text("#reconciled-killed h2")
    assert "low" in heading and "best" in heading and "high" in heading
    if os.environ.get("MARSAD_UPDATE_SCREENSHOT"):  # the README's picture, remade only when asked for
        page.screenshot(path=str(INCIDENT_SCREENSHOT), full_page=False)


def test_an_arabic_document_reads_right_to_left_with_its_evidence_marked(page, server):
    docs = page.request.get(f"{server}/api/documents?language=ar&limit=100").json()["items"]
    doc = next(d for d in docs if page.request.get(f"{server}/api/documents/{d['id']}").json()["events"])
    page.goto(f"{server}/documents/{doc['id']}")
    text = page.locator("article#text")
    assert text.get_attribute("dir") == "rtl"
    assert text.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert page.locator("article#text mark.event").count() >= 1
    assert page.locator("article#text mark.claim").count() >= 1


def test_a_correction_made_in_the_form_shows_in_the_export(page, server):
    event = page.request.get(f"{server}/api/events?place=Kafr Nabl&salience=main&limit=1").json()["items"][0]
    page.goto(f"{server}/events/{event['id']}/review")
    page.select_option("#f-action", "correct")
    page.fill("#f-best", "77")
    page.fill("#f-high", "77")
    page.fill("#f-who", "Layla")
    page.fill("#f-why", "hospital records")
    page.fill("#f-token", TOKEN)
    page.click("#f-submit")
    page.wait_for_selector("#status")
    assert page.inner_text("#status") == "corrected"
    assert "hospital records" in page.inner_text("#history")
    exported = page.request.get(f"{server}/api/export/events.csv?place=Kafr Nabl").text()
    rows = {r["event_id_cnty"]: r for r in csv.DictReader(io.StringIO(exported))}
    assert rows[event["id"]]["fatalities"] == "77"


def test_a_wrong_token_in_the_form_is_refused_and_keeps_the_edits(page, server):
    event = page.request.get(f"{server}/api/events?limit=1").json()["items"][0]
    page.goto(f"{server}/events/{event['id']}/review")
    page.select_option("#f-action", "correct")
    page.select_option("#f-actor2", "Civilians")
    page.fill("#f-high", "321")
    page.fill("#f-who", "Mallory")
    page.fill("#f-why", "a long note typed with care")
    page.fill("#f-token", "guess")
    with page.expect_navigation() as info:
        page.click("#f-submit")
    assert info.value.status == 401
    assert "token is wrong" in page.inner_text("#error")
    assert page.input_value("#f-high") == "321" and page.input_value("#f-who") == "Mallory"
    assert page.input_value("#f-why") == "a long note typed with care"
    assert page.input_value("#f-actor2") == "Civilians" and page.input_value("#f-action") == "correct"
    assert page.request.get(f"{server}/api/events/{event['id']}").json()["corrections"] == []
    page.fill("#f-low", "9")  # the same form with the token: checked, and figures out of order are refused
    page.fill("#f-best", "3")
    page.fill("#f-token", TOKEN)
    with page.expect_navigation() as info:
        page.click("#f-submit")
    assert info.value.status == 400 and "low ≤ best ≤ high" in page.inner_text("#error")
    assert page.input_value("#f-low") == "9"


def test_a_review_through_the_queue_with_a_pick_list_changes_the_incident(page, server):
    page.goto(server + "/review")
    waiting = int(page.inner_text("#queue-count"))
    page.click("#login-link")
    page.fill("#l-who", "Noura")
    page.fill("#l-token", TOKEN)
    page.click("#l-submit")
    page.wait_for_selector("#queue-count")
    assert page.url.endswith("/review") and "Noura" in page.inner_text("main")
    first = page.locator("section.queued").first
    event_id = first.get_attribute("data-id")
    event = page.request.get(f"{server}/api/events/{event_id}").json()
    assert first.locator(".evidence").inner_text().strip() == event["evidence"].strip()
    first.locator("a.review-link").click()
    page.wait_for_selector("#review-form")
    assert page.locator("#f-token").count() == 0 and page.input_value("#f-who") == "Noura"  # the session's
    subs = page.locator("#f-sub optgroup[label='" + event["event_type"] + "'] option").all_inner_texts()
    other = next(s for s in subs if s != event["sub_event_type"])
    page.select_option("#f-action", "correct")
    page.select_option("#f-sub", other)
    page.fill("#f-why", "the report describes it so")
    page.click("#f-submit")
    page.wait_for_selector("#queue-count")  # back to the queue, one event fewer
    assert int(page.inner_text("#queue-count")) == waiting - 1
    assert page.locator(f"section.queued[data-id='{event_id}']").count() == 0
    page.goto(f"{server}/incidents/{event['incident_id']}")
    assert other in page.inner_text("#incident-events")
    assert page.request.get(f"{server}/api/events/{event_id}").json()["sub_event_type"] == other


def test_hostile_article_text_is_inert(page, server):
    posted = page.request.post(f"{server}/api/documents", data={"id": "xss", "text": XSS, "title": XSS[:70],
                                                                "published": "2021-07-26"},
                               headers={"Authorization": f"Bearer {TOKEN}"})
    assert posted.status == 201
    assert page.request.post(f"{server}/api/documents", data={"text": "Clashes in Homs."}).status == 401
    doc = next(d for d in page.request.get(f"{server}/api/documents?limit=1000").json()["items"] if d["key"] == "xss")
    detail = page.request.get(f"{server}/api/documents/{doc['id']}").json()
    urls = [f"/documents/{doc['id']}", "/", "/incidents", "/sources"]
    urls += [f"/incidents/{e['incident_id']}" for e in detail["events"] if e["incident_id"]]
    urls += [f"/events/{e['id']}/review" for e in detail["events"]]
    for url in urls:
        page.goto(server + url)
        page.wait_for_load_state("load")
        for link in page.locator("a").all()[:50]:
            assert not (link.get_attribute("href") or "").lower().startswith("javascript:")
        assert page.evaluate("() => window.__xss") is None, url
    assert page.dialogs == []
    page.goto(f"{server}/documents/{doc['id']}")
    assert "<script>window.__xss = 1</script>" in page.inner_text("article#text")  # shown as text, not run
    assert page.locator("article#text script, article#text img, article#text iframe").count() == 0


def test_the_api_reference_renders_under_the_servers_policy(page, server):
    problems, elsewhere = [], []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
               else (elsewhere.append(route.request.url), route.abort()))  # offline: nothing from another host
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("requestfailed", lambda request: problems.append(request.url))
    page.goto(server + "/docs")
    page.wait_for_load_state("load")
    assert problems == [] and elsewhere == []  # nothing blocked by the Content-Security-Policy, nothing from afar
    spec = page.request.get(f"{server}/openapi.json").json()
    shown = page.locator("section.operation h2").all_inner_texts()
    assert sorted(shown) == sorted(f"{m.upper()} {p}" for p, item in spec["paths"].items() for m in item)
    assert page.locator(".method").first.evaluate("el => getComputedStyle(el).fontWeight") == "700"  # styled


def _table_ids(page, selector="#events tbody tr"):
    return set(page.locator(selector).evaluate_all("rows => rows.map(r => r.dataset.id)"))


def _api_ids(page, server, path, query):
    return {e["id"] for e in page.request.get(f"{server}{path}?limit=1000&{query}").json()["items"]}


def test_an_arabic_place_name_in_the_form_finds_the_towns_events(page, server):
    page.goto(server + "/")
    page.fill("#f-place", "أعزاز")
    page.click("#apply")
    page.wait_for_selector("#map[data-ready='1']")
    azaz = _api_ids(page, server, "/api/events", "place=Azaz")
    assert azaz and _table_ids(page) == azaz
    assert int(page.get_attribute("#map", "data-markers")) == len(_located(page, server, "place=Azaz"))
    assert page.input_value("input[name=place]") == "أعزاز"  # the form keeps what was typed


def test_an_actor_alias_in_the_form_finds_the_actors_events(page, server):
    page.goto(server + "/")
    page.fill("#f-actor", "قسد")
    page.click("#apply")
    page.wait_for_selector("#map[data-ready='1']")
    sdf = _api_ids(page, server, "/api/events", "actor=Syrian Democratic Forces")
    assert sdf and _table_ids(page) == sdf
    assert page.inner_text("#event-count") == str(len(sdf))


def test_clicking_a_facet_narrows_the_table_and_the_map(page, server):
    page.goto(server + "/")
    page.wait_for_selector("#map[data-ready='1']")
    before = int(page.inner_text("#event-count"))
    value = page.locator("[data-facet=governorate] a.facet-value").first
    name = value.inner_text()
    count = int(value.locator("xpath=..").locator(".facet-count").inner_text())
    assert 0 < count < before
    value.click()
    page.wait_for_selector("#map[data-ready='1']")
    assert int(page.inner_text("#event-count")) == count
    assert _table_ids(page) == _api_ids(page, server, "/api/events", f"place={name}")
    assert int(page.get_attribute("#map", "data-markers")) == len(_located(page, server, f"place={name}"))
    assert page.locator("[data-facet=governorate] a.facet-value.on").inner_text().endswith(name)
    page.locator("[data-facet=event_type] a.facet-value").first.click()  # a second facet narrows further
    page.wait_for_selector("#map[data-ready='1']")
    assert 0 < int(page.inner_text("#event-count")) <= count


def test_the_incidents_page_filters_sorts_and_exports(page, server):
    page.goto(server + "/incidents")
    everything = page.locator("#incidents tbody tr").count()
    page.select_option("#f-event-type", ["Explosions/Remote violence"])
    page.click("#apply")
    page.wait_for_load_state("load")
    shown = _table_ids(page, "#incidents tbody tr")
    expected = _api_ids(page, server, "/api/incidents", "event_type=Explosions/Remote violence")
    assert shown == expected and 0 < len(shown) < everything
    titles = page.locator("a.incident-title").all_inner_texts()
    assert titles and all(", " in t and "None" not in t for t in titles)
    page.click("th[data-column=killed] a")
    page.wait_for_load_state("load")
    assert "sort=killed" in page.url and _table_ids(page, "#incidents tbody tr") == expected
    with page.expect_download() as info:
        page.click("a.download:text('CSV')")
    exported = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    ids = [r["event_id_cnty"] for r in exported]  # one row per incident; those told only as background left out
    assert ids and len(set(ids)) == len(ids) and set(ids) <= expected
    killed = [int(r["best"]) for r in exported if r["best"]]
    assert killed == sorted(killed)  # in the page's order


def test_the_documents_page_searches_in_arabic(page, server):
    page.goto(server + "/documents")
    page.fill("#f-q", "سيارة مفخخة")
    page.click("#apply")
    page.wait_for_load_state("load")
    found = page.request.get(f"{server}/api/documents?q=سيارة مفخخة").json()
    assert page.locator("#documents tbody tr").count() == found["total"] > 0


def _drag_east(page) -> None:
    box = page.locator("#map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.9, box["y"] + box["height"] / 2, steps=8)  # eastwards: the
    page.mouse.up()  # map shows land further west, and the east of the events leaves the view


def test_panning_the_map_filters_the_table_in_place_and_the_address_shares_the_view(page, server):
    elsewhere = _offline(page, server)
    page.goto(server + "/?timeline=month")
    page.wait_for_selector("#map[data-ready='1']")
    everything = int(page.inner_text("#event-count"))
    markers = int(page.get_attribute("#map", "data-markers"))
    page.evaluate("window.__stayed = 'yes'")  # gone if the page were loaded again
    page.fill("#f-q", "typed but not applied")
    _drag_east(page)
    page.wait_for_selector("#map[data-updates='1']")
    assert page.evaluate("window.__stayed") == "yes" and page.input_value("#f-q") == "typed but not applied"
    assert "bbox=" in page.url and "timeline=month" in page.url
    area = page.url.split("bbox=")[1].split("&")[0].replace("%2C", ",")
    west, south, east, north = map(float, area.split(","))
    assert west < east and south < north
    inside = _api_ids(page, server, "/api/events", f"bbox={area}")
    assert _table_ids(page) == inside and len(inside) == int(page.inner_text("#event-count")) < everything
    located = page.request.get(f"{server}/api/events?limit=1000&bbox={area}").json()["items"]
    assert all(west <= e["lon"] <= east and south <= e["lat"] <= north for e in located)
    facet_total = sum(int(c) for c in page.locator("[data-facet=event_type] .facet-count").all_inner_texts())
    assert facet_total == len(inside)  # the facets follow the area too
    hrefs = page.locator("a.download").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    boxes = [[float(x) for x in parse_qs(urlsplit(h).query)["bbox"][0].split(",")] for h in hrefs]
    assert hrefs and all(b == [west, south, east, north] for b in boxes)  # the downloads take the area
    assert [float(x) for x in page.input_value("#f-bbox").split(",")] == [west, south, east, north]  # the form
    assert int(page.get_attribute("#map", "data-markers")) == markers  # the map keeps the events around
    _drag_east(page)  # a second move filters again, from the events the other filters keep
    page.wait_for_selector("#map[data-updates='2']")
    second = page.url.split("bbox=")[1].split("&")[0].replace("%2C", ",")
    assert second != area and _table_ids(page) == _api_ids(page, server, "/api/events", f"bbox={second}")
    shared = page.url  # the address opens the same view in another tab
    other = page.context.new_page()
    other.goto(shared)
    other.wait_for_selector("#map[data-ready='1']")
    assert _table_ids(other) == _table_ids(page) and other.inner_text("#event-count") == page.inner_text(
        "#event-count")
    assert other.locator("#timeline").get_attribute("data-unit") == "month"
    other.close()
    page.click("#whole-map")
    page.wait_for_selector("#map[data-ready='1']")
    assert "bbox" not in page.url and int(page.inner_text("#event-count")) == everything
    assert all("tile.openstreetmap.org" in url for url in elsewhere)


def test_the_timeline_has_labelled_axes_a_legend_and_the_undated_count(page, server):
    page.goto(server + "/")
    events = page.request.get(f"{server}/api/events?limit=1000").json()["items"]
    undated = sum(1 for e in events if not e["date"])
    assert undated > 0  # the sample holds events with no date
    assert page.inner_text("#undated-count") == str(undated)
    assert page.locator("#axis-events .axis-title").text_content() == "events"  # (SVG: text_content)
    assert page.locator("#axis-deaths .axis-title").text_content() == "killed"
    labels = page.locator("#axis-time text").all_text_contents()
    assert len(labels) >= 3 and labels == sorted(labels)  # dates, in order
    drawn = page.locator("#timeline rect.ev").evaluate_all("rs => rs.map(r => r.getBBox().height)")
    assert drawn and all(h > 0 for h in drawn)
    legend = page.inner_text("#timeline-legend")
    assert "Battles" in legend and "killed" in legend
    stacked = sum(int(t.split(": ")[1].split(" ")[0])
                  for t in page.locator("#timeline rect.ev title").all_text_contents())
    assert stacked == len(events) - undated  # every dated event once
    page.click("#timeline-legend a:text('month')")
    page.wait_for_selector("#timeline[data-unit='month']")
    months = page.locator("#timeline g.bin").count()
    first, last = min(e["date"] for e in events if e["date"]), max(e["date"] for e in events if e["date"])
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    assert months == span  # empty months drawn too: the axis is time


def test_a_marker_popup_gives_the_incidents_toll_and_sources(page, server):
    azaz = page.request.get(f"{server}/api/events?place=Azaz&salience=main&limit=1").json()["items"][0]
    incident = page.request.get(f"{server}/api/incidents/{azaz['incident_id']}").json()["incident"]
    page.goto(f"{server}/?incident_id={azaz['incident_id']}&salience=main&outlet={azaz['publisher']}")
    page.wait_for_selector("#map[data-ready='1']")
    assert page.get_attribute("#map", "data-markers") == "1"
    page.locator("path.leaflet-interactive").first.click()
    page.wait_for_selector(".leaflet-popup-content")
    text = page.inner_text(".leaflet-popup-content")
    assert f"told by {incident['reports']} reports" in text and "Reuters" in text and "killed" in text


def test_zoomed_in_the_map_draws_the_districts_outlines_too(page, server):
    _offline(page, server)
    page.goto(server + "/?bbox=36.3,35.6,36.8,36.0")  # around Ariha, in Idlib
    page.wait_for_selector("#map[data-ready='1'][data-outlines-read='1'][data-districts]")
    outlines = int(page.get_attribute("#map", "data-outlines"))
    districts = int(page.get_attribute("#map", "data-districts"))
    served = page.request.get(f"{server}/api/outlines.geojson?kind=district").json()["features"]
    assert districts == len(served) > 0 and any(f["properties"]["admin1"] == "Idlib" for f in served)
    drawn = page.locator(".leaflet-outlines-pane path")
    assert drawn.count() == outlines + districts
    for _ in range(4):  # out to the whole country: the districts go, the country and governorates stay
        page.click(".leaflet-control-zoom-out")
        page.wait_for_timeout(300)
    page.wait_for_function("document.querySelectorAll('.leaflet-outlines-pane path').length === "
                           f"{outlines}")


def test_with_no_imported_outlines_the_map_says_where_they_come_from_and_still_works(page, demo_db, tmp_path):
    from marsad.web.app import create_app

    with _serving(create_app(demo_db, gazetteer=tmp_path / "no-gazetteer.sqlite")) as url:
        _offline(page, url)
        page.goto(url + "/")
        page.wait_for_selector("#map[data-ready='1'][data-outlines-read='1']")
        assert page.get_attribute("#map", "data-outlines") == "0"
        assert page.locator(".leaflet-outlines-pane path").count() == 0
        assert "come with an imported gazetteer" in page.inner_text("#map-note")
        assert int(page.get_attribute("#map", "data-markers")) == len(_located(page, url)) > 20
        assert page.locator(".ev-cluster, path.leaflet-interactive").count() > 0
        if os.environ.get("MARSAD_UPDATE_SCREENSHOT"):  # the README's picture, remade only when asked for: taken
            page.screenshot(path=str(SCREENSHOT), full_page=False)  # with no import, so nothing in it is drawn
            # from ../shared's data (which the repository keeps none of)
