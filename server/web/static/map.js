// Médicobus maps: Leaflet with no tile layer, drawn on the outlines of the departments
// (IGN GEOFLA via france-geojson, Licence Ouverte), served by this binary. Shared by the
// planning desk, the driver's day sheet and the patient pages.
"use strict";
window.MedibusMap = (function () {
  let outlines = null;
  function loadOutlines() {
    if (!outlines) outlines = fetch("/static/departments-fr.geojson").then((r) => r.json());
    return outlines;
  }
  // base makes a map in element el with French controls and the credit of the outlines.
  function base(el, opts) {
    const map = L.map(el, Object.assign({ zoomControl: false, zoomSnap: 0.25, preferCanvas: true, minZoom: 4, maxZoom: 14 }, opts || {}));
    L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
    L.control.scale({ imperial: false, position: "topright" }).addTo(map);
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Contours : IGN, Licence Ouverte");
    return map;
  }
  // departments draws the outlines, styled by style(feature), under everything else.
  async function departments(map, style, onEach) {
    const gj = await loadOutlines();
    if (!map.getPane("outlines")) { map.createPane("outlines"); map.getPane("outlines").style.zIndex = 350; }
    return L.geoJSON(gj, { pane: "outlines", style: style || (() => ({ color: "#8c8c8c", weight: 1, fillColor: "#f2f2f2", fillOpacity: 1 })), onEachFeature: onEach }).addTo(map);
  }
  // data reads the JSON a page embeds in <script type="application/json" id=…>.
  function data(id) {
    const el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  // numbered is a round marker with a number, for the stops of a tour.
  function numbered(latlng, n, title) {
    return L.marker(latlng, { title: title, keyboard: false, icon: L.divIcon({ className: "stopnum", html: String(n), iconSize: [24, 24] }) });
  }
  // text is a tooltip's content as text, never as HTML.
  function text(s) { const e = document.createElement("span"); e.textContent = s; return e; }
  return { base, departments, data, numbered, text };
})();
