// Patient page: a small map of the places where the bus parks near the commune.
"use strict";
(function () {
  const d = MedibusMap.data("map-data");
  const el = document.getElementById("place-map");
  if (!d || !el) return;
  const map = MedibusMap.base(el, { scrollWheelZoom: false });
  const pts = [[d.center[0], d.center[1]]];
  MedibusMap.departments(map);
  L.circleMarker(pts[0], { radius: 5, color: "#4d4d4d", fillColor: "#ffffff", fillOpacity: 1, weight: 2 })
    .bindTooltip(MedibusMap.text(d.label)).addTo(map);
  // The places are numbered as in the list under the map.
  (d.points || []).forEach((p, i) => {
    pts.push([p.lat, p.lon]);
    MedibusMap.numbered([p.lat, p.lon], i + 1, p.label).bindPopup(MedibusMap.text(`${i + 1}. ${p.label}`)).addTo(map);
  });
  map.fitBounds(L.latLngBounds(pts).pad(0.3), { maxZoom: 12 });
  document.body.dataset.map = "ready";
})();
