// Driver's day sheet: the tour on the base map, stops numbered in order.
"use strict";
(function () {
  const d = MedibusMap.data("map-data");
  const el = document.getElementById("day-map");
  if (!d || !el || !d.stops || !d.stops.length) return;
  const map = MedibusMap.base(el);
  MedibusMap.departments(map);
  const line = d.stops.map((s) => [s.lat, s.lon]);
  line.push(line[0]);
  L.polyline(line, { color: "#0b4f8a", weight: 4, opacity: 0.8 }).addTo(map);
  d.stops.forEach((s, i) => {
    if (s.kind === "depot") {
      L.circleMarker([s.lat, s.lon], { radius: 9, color: "#ffffff", weight: 2, fillColor: "#b3261e", fillOpacity: 1 })
        .bindTooltip(MedibusMap.text("Dépôt : " + s.label)).addTo(map);
    } else {
      MedibusMap.numbered([s.lat, s.lon], s.label.split(".")[0], s.label)
        .bindTooltip(MedibusMap.text(s.label), { permanent: true, direction: "auto", offset: [12, 0], className: "stoplabel" }).addTo(map);
    }
  });
  map.fitBounds(L.latLngBounds(line).pad(0.35));
  document.body.dataset.map = "ready";
})();
