// Patient page: a small map of the places where the bus parks near the commune, and
// the calendar subscription links.
"use strict";
(function () {
  // A subscription needs the site's absolute address. A static site written without
  // public_url does not know it: its links are completed from the address the page
  // was read at.
  const webcal = (path) => "webcal://" + location.host + path;
  document.querySelectorAll("a[data-webcal]").forEach((a) => {
    a.href = webcal(a.dataset.webcal);
  });
  document.querySelectorAll("a[data-google]").forEach((a) => {
    a.href = "https://calendar.google.com/calendar/render?cid=" + encodeURIComponent(webcal(a.dataset.google));
    a.hidden = false;
  });
})();
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
