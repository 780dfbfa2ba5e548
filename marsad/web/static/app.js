// The dashboard map: the filtered events, clustered, coloured by event type.
// Data arrives as JSON in a non-executable script tag; every text goes into the page as text, never as HTML.
(function () {
  "use strict";
  var COLOURS = {
    "Battles": "#c0392b", "Explosions/Remote violence": "#e67e22", "Violence against civilians": "#8e44ad",
    "Protests": "#2980b9", "Riots": "#16a085", "Strategic developments": "#7f8c8d"
  };
  var holder = document.getElementById("map");
  var data = document.getElementById("map-data");
  if (!holder || !data || typeof L === "undefined") { return; }
  var points = JSON.parse(data.textContent);
  var map = L.map(holder, { preferCanvas: false }).setView([35.0, 38.5], 6);
  // Tiles when online; offline the map keeps its plain background and the markers still show.
  L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18, attribution: "© OpenStreetMap contributors"
  }).addTo(map);
  var cluster = L.markerClusterGroup();
  var bounds = [];
  points.forEach(function (p) {
    var colour = COLOURS[p.type] || "#333";
    var icon = L.divIcon({ className: "ev-marker", html: "", iconSize: [12, 12] });
    var marker = L.marker([p.lat, p.lon], { icon: icon, title: p.sub || "" });
    marker.on("add", function () { if (marker._icon) { marker._icon.style.background = colour; } });
    var box = document.createElement("div");
    var line = document.createElement("b");
    line.textContent = (p.sub || "") + " · " + (p.place || "") + " · " + (p.date || "undated");
    box.appendChild(line);
    if (p.incident) {
      var link = document.createElement("a");
      link.href = "/incidents/" + encodeURIComponent(p.incident);
      link.textContent = " incident";
      box.appendChild(link);
    }
    marker.bindPopup(box);
    cluster.addLayer(marker);
    bounds.push([p.lat, p.lon]);
  });
  map.addLayer(cluster);
  if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 9 }); }
  holder.dataset.markers = String(points.length);
  holder.dataset.ready = "1";
})();
