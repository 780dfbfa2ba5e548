// The dashboard map: the country's and governorates' outlines (from the server's gazetteer, so no other host
// is needed; the districts' too once zoomed in), and the filtered events, each a circle coloured by its event
// type and sized by its deaths, clustered (a cluster takes the colour of the type most of its events have).
// Moving the map by hand filters the table to the map's area in place: the page for the new area is fetched,
// and its counts, table, facets, timeline and downloads take the place of the old ones; the address bar gets
// the area, so the view can be shared. Data arrives as JSON in a non-executable script tag or from the API;
// every text goes into the page as text, never as HTML.
(function () {
  "use strict";
  var holder = document.getElementById("map");
  var data = document.getElementById("map-data");
  if (!holder || !data || typeof L === "undefined") { return; }
  var points = JSON.parse(data.textContent);
  var map = L.map(holder, { preferCanvas: false, zoomSnap: 0.25 }).setView([35.0, 38.5], 6);
  var note = document.getElementById("map-note");

  // Tiles when online; offline the outlines are the basemap. Land is filled while no tile has loaded.
  var tiles = L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18, attribution: "© OpenStreetMap contributors"
  }).addTo(map);

  function escaped(text) {
    var box = document.createElement("span");
    box.textContent = text;
    return box.innerHTML;
  }

  map.createPane("outlines");
  map.getPane("outlines").style.zIndex = 350; // above the tiles, under the markers
  var outlineStyle = {
    country: { color: "#37474f", weight: 2.2, fillColor: "#f4f1e8", fillOpacity: 1 },
    governorate: { color: "#78909c", weight: 1, dashArray: "4 3", fill: false },
    district: { color: "#b0bec5", weight: 0.6, fill: false }
  };
  var outlines = null;
  tiles.on("tileload", function () {
    if (outlines) { outlines.setStyle(function (f) { return f.properties.kind === "country" ? { fillOpacity: 0.05 } : {}; }); }
    holder.dataset.tiles = "1";
  });
  fetch("/api/outlines.geojson", { credentials: "same-origin" })
    .then(function (answer) { return answer.ok ? answer.json() : Promise.reject(answer.status); })
    .then(function (shapes) {
      outlines = L.geoJSON(shapes, {
        pane: "outlines", interactive: false,
        style: function (f) {
          var style = outlineStyle[f.properties.kind] || outlineStyle.district;
          return holder.dataset.tiles && f.properties.kind === "country" ? L.extend({}, style, { fillOpacity: 0.05 }) : style;
        }
      }).addTo(map);
      (shapes.attribution || []).forEach(function (credit) {
        map.attributionControl.addAttribution("Outlines: " + escaped(credit));
      });
      if (note) {
        note.textContent = shapes.features.length ? "" : (shapes.note || "");
      }
      holder.dataset.outlines = String(shapes.features.length);
      if (shapes.features.length) {
        map.on("zoomend", districtsWhenClose);
        districtsWhenClose();
      }
    })
    .catch(function () {
      if (note) { note.textContent = "The outlines could not be read; the events are drawn without them."; }
      holder.dataset.outlines = "0";
    })
    .then(function () { holder.dataset.outlinesRead = "1"; });

  // The districts' outlines, from the same gazetteer, once the map is close enough for them to help.
  var DISTRICT_ZOOM = 8;
  var districts = null;
  function districtsWhenClose() {
    var close = map.getZoom() >= DISTRICT_ZOOM;
    if (close && districts === null) {
      districts = L.geoJSON(null, { pane: "outlines", interactive: false, style: outlineStyle.district });
      fetch("/api/outlines.geojson?kind=district", { credentials: "same-origin" })
        .then(function (answer) { return answer.ok ? answer.json() : Promise.reject(answer.status); })
        .then(function (shapes) {
          districts.addData(shapes);
          holder.dataset.districts = String(shapes.features.length);
        })
        .catch(function () { holder.dataset.districts = "0"; });
    }
    if (districts !== null) {
      if (close && !map.hasLayer(districts)) { districts.addTo(map); }
      if (!close && map.hasLayer(districts)) { map.removeLayer(districts); }
    }
  }

  function radius(killed) { return 5 + 2.5 * Math.sqrt(killed || 0); }

  function clusterIcon(cluster) {
    var counts = {}, best = null;
    cluster.getAllChildMarkers().forEach(function (m) {
      counts[m.options.colour] = (counts[m.options.colour] || 0) + 1;
      if (best === null || counts[m.options.colour] > counts[best]) { best = m.options.colour; }
    });
    var box = document.createElement("div");
    box.className = "ev-cluster";
    box.style.background = best;
    box.textContent = String(cluster.getChildCount());
    return L.divIcon({ html: box.outerHTML, className: "ev-cluster-icon", iconSize: [30, 30] });
  }

  function popup(p) {
    var box = document.createElement("div");
    var line = document.createElement("b");
    line.textContent = (p.sub || "") + " · " + (p.place || "") + " · " + (p.date || "undated");
    box.appendChild(line);
    var detail = document.createElement("div");
    detail.textContent = "killed in this report: " + (p.killed === null || p.killed === undefined ? "–" : p.killed);
    box.appendChild(detail);
    if (p.incident) {
      var incident = document.createElement("div");
      var link = document.createElement("a");
      link.href = "/incidents/" + encodeURIComponent(p.incident);
      link.textContent = "incident";
      incident.appendChild(link);
      if (p.toll !== undefined) {
        incident.appendChild(document.createTextNode(": killed " + p.toll + ", told by " + p.reports +
          (p.reports === 1 ? " report" : " reports") + (p.sources.length ? "; figures from " + p.sources.join(", ") : "")));
      }
      box.appendChild(incident);
    }
    var report = document.createElement("a");
    report.href = "/documents/" + encodeURIComponent(p.doc);
    report.textContent = "the report";
    box.appendChild(report);
    return box;
  }

  var cluster = L.markerClusterGroup({ iconCreateFunction: clusterIcon, maxClusterRadius: 40 });
  var bounds = [];
  points.forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lon], {
      radius: radius(p.killed), color: "#fff", weight: 1, fillColor: p.colour, fillOpacity: 0.85, colour: p.colour
    });
    marker.bindPopup(popup(p));
    cluster.addLayer(marker);
    bounds.push([p.lat, p.lon]);
  });
  map.addLayer(cluster);
  var box = holder.dataset.bbox ? holder.dataset.bbox.split(",").map(Number) : null;
  if (box) {
    map.fitBounds([[box[1], box[0]], [box[3], box[2]]], { animate: false });
  } else if (bounds.length) {
    map.fitBounds(bounds, { paddingTopLeft: [20, 20], paddingBottomRight: [20, 48], maxZoom: 9, animate: false }); // clear of the credits
  }

  // The parts of the page that follow the map's area (each has an id in the page the server renders).
  var FOLLOWING = ["summary", "downloads", "map-legend", "facets", "timeline", "events", "pager"];

  function keepAreaInForm(area) {
    var form = document.getElementById("filters");
    if (!form) { return; }
    var input = document.getElementById("f-bbox");
    if (!input) {
      var label = document.createElement("label");
      label.appendChild(document.createTextNode("map area "));
      input = document.createElement("input");
      input.name = "bbox";
      input.id = "f-bbox";
      label.appendChild(input);
      form.insertBefore(label, document.getElementById("apply"));
    }
    input.value = area;
  }

  var asked = 0; // the latest area asked for: an answer for an earlier one, arriving late, is dropped
  function showArea(address, area) {
    var mine = ++asked;
    holder.dataset.loading = "1";
    return fetch(address, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (answer) { return answer.ok ? answer.text() : Promise.reject(answer.status); })
      .then(function (html) {
        if (mine !== asked) { return false; }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        FOLLOWING.forEach(function (id) {
          var old = document.getElementById(id), now = fresh.getElementById(id);
          if (old && now) { old.replaceWith(document.adoptNode(now)); }
        });
        keepAreaInForm(area);
        holder.dataset.bbox = area;
        holder.dataset.updates = String(Number(holder.dataset.updates || "0") + 1);
        delete holder.dataset.loading;
        return true;
      });
  }

  function filterToView() {
    var b = map.getBounds();
    var clamp = function (v, lo, hi) { return Math.min(hi, Math.max(lo, v)).toFixed(4); };
    var area = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
                clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].join(",");
    var query = holder.dataset.query;
    var address = "/?" + (query ? query + "&" : "") + "bbox=" + encodeURIComponent(area);
    showArea(address, area).then(function (shown) {
      if (shown) { window.history.pushState({ bbox: area }, "", address); }
    }).catch(function () { window.location.assign(address); }); // the page itself, if the fetch failed
  }
  window.addEventListener("popstate", function () { window.location.reload(); });

  // Only a move made by hand filters: listen once the map has settled on its first view.
  var timer = null;
  window.setTimeout(function () {
    map.on("dragend zoomend", function () {
      window.clearTimeout(timer);
      holder.dataset.moving = "1";
      timer = window.setTimeout(filterToView, 400);
    });
    holder.dataset.markers = String(points.length);
    holder.dataset.ready = "1";
  }, 300);
})();
