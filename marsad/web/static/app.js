// The dashboard map: the filtered events, each a circle coloured by its event type and sized by its deaths,
// clustered (a cluster takes the colour of the type most of its events have). Moving the map by hand reloads
// the page with the map's area as the bbox filter, so the table, the facets and the timeline follow it.
// Data arrives as JSON in a non-executable script tag; every text goes into the page as text, never as HTML.
(function () {
  "use strict";
  var holder = document.getElementById("map");
  var data = document.getElementById("map-data");
  if (!holder || !data || typeof L === "undefined") { return; }
  var points = JSON.parse(data.textContent);
  var map = L.map(holder, { preferCanvas: false }).setView([35.0, 38.5], 6);
  // Tiles when online; offline the map keeps its plain background and the markers still show.
  L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18, attribution: "© OpenStreetMap contributors"
  }).addTo(map);

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
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 9, animate: false });
  }

  function filterToView() {
    var b = map.getBounds();
    var clamp = function (v, lo, hi) { return Math.min(hi, Math.max(lo, v)).toFixed(4); };
    var area = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
                clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].join(",");
    var query = holder.dataset.query;
    window.location.assign("/?" + (query ? query + "&" : "") + "bbox=" + encodeURIComponent(area));
  }
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
