// Médicobus planning desk: plain JavaScript over the JSON API, with the session cookie.
// This file draws the plan (figures, map, week grids) in views reached by URL
// (/plan?view=grilles&region=75…, the back button included) and runs optimisations;
// desk.js handles what changes it (moves, pins, breakdowns, closures, files,
// publication). The result of an action is said in the status element next to its
// control (role=status), never at the top of the page.
"use strict";
window.Planning = (function () {
  const $ = (id) => document.getElementById(id);
  const state = { plans: [], plan: null, detail: null, sessions: [], pins: [], selected: null, map: null, mapData: null, layers: {}, who: {}, idle: {}, view: "indicateurs" };
  const views = ["indicateurs", "carte", "grilles", "changements", "publication"];
  const viewTitles = { indicateurs: "Indicateurs", carte: "Carte", grilles: "Grilles", changements: "Changements", publication: "Publication" };
  // filterParams are the URL's names of the filters of the buses shown.
  const filterParams = [["region", "f-region"], ["dept", "f-dept"], ["org", "f-org"], ["bus", "f-unit"], ["pro", "f-staff"]];
  const nf = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
  const halfFr = (h) => (h === "AM" ? "matin" : "après-midi");
  const statusFr = { published: "publié", archived: "archivé", draft: "brouillon" };

  async function api(method, path, body, headers) {
    const opt = { method, headers: Object.assign({}, headers), credentials: "same-origin" };
    if (body instanceof FormData) opt.body = body;
    else if (body !== undefined) { opt.headers["Content-Type"] = "application/json"; opt.body = JSON.stringify(body); }
    const res = await fetch(path, opt);
    const text = await res.text();
    const data = text && (res.headers.get("Content-Type") || "").includes("json") ? JSON.parse(text) : text;
    if (!res.ok) { const e = new Error((data && data.error) || res.status + " " + res.statusText); e.data = data; e.status = res.status; throw e; }
    return data;
  }
  // say writes msg into the status element where (an id), next to the control whose
  // result it is; "message", under the plan's choice, for the plan's loading.
  function say(msg, isError, where) { const m = $(where || "message"); m.textContent = msg; m.classList.toggle("error", !!isError); }
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else if (v !== undefined && v !== null) e.setAttribute(k, v);
    }
    for (const k of kids) if (k !== null && k !== undefined) e.append(k);
    return e;
  }
  const esc = (t) => String(t).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const dateLabel = (d) => { const x = (state.detail.dates || []).find((o) => o.date === d); return x ? x.label : d; };
  const unitOf = (id) => state.detail.units.find((u) => u.id === id) || { id, name: id };
  const staffOf = (id) => state.detail.staff.find((m) => m.id === id) || { id, name: id };
  function planLabel(p) { return `n° ${p.id} — ${p.scenario} v${p.version} (${statusFr[p.status] || p.status})`; }

  // body[data-ready] names the plan on show once every part of it is drawn, and is
  // empty while a plan loads: tests and scripts wait on it instead of guessing.
  async function loadPlans(selectID) {
    document.body.dataset.ready = "";
    const [{ plans }, { scenarios }, who] = await Promise.all([api("GET", "/api/plans"), api("GET", "/api/scenarios"), api("GET", "/api/me")]);
    state.plans = plans; state.who = who;
    const sel = $("plan-select"), cmp = $("compare-select");
    const keepCmp = cmp.value;
    sel.replaceChildren(); cmp.replaceChildren(el("option", { value: "" }, "—"));
    for (const p of plans.slice().reverse()) { sel.append(el("option", { value: p.id }, planLabel(p))); cmp.append(el("option", { value: p.id }, planLabel(p))); }
    cmp.value = keepCmp;
    for (const id of ["run-scenario", "upload-scenario"]) {
      const rs = $(id), keep = rs.value; rs.replaceChildren();
      for (const s of scenarios.slice().reverse()) rs.append(el("option", { value: s.id }, `${s.name} v${s.version}`));
      if (keep) rs.value = keep;
      // The territory editor's « Planifier cette version » opens /plan?scenario={id}.
      const asked = new URLSearchParams(location.search).get("scenario");
      if (!keep && asked && [...rs.options].some((o) => o.value === asked)) rs.value = asked;
    }
    const fromURL = new URLSearchParams(location.search).get("plan");
    if (selectID) sel.value = String(selectID);
    else if (fromURL && plans.some((p) => String(p.id) === fromURL)) sel.value = fromURL;
    if (plans.length) await showPlan(Number(sel.value));
    else { say("Aucun plan : lancez une optimisation dans l'onglet « Indicateurs »."); applyView(); }
  }

  async function showPlan(id) {
    document.body.dataset.ready = "";
    const [detail, ses, pins] = await Promise.all([
      api("GET", `/api/plans/${id}`), api("GET", `/api/plans/${id}/sessions`), api("GET", `/api/plans/${id}/pins`)]);
    state.plan = detail.plan; state.detail = detail; state.sessions = ses.sessions; state.pins = pins.pins; state.inherited = pins.inherited; state.pinSites = pins.sites || {}; state.selected = null;
    state.pinsRevision = pins.revision;
    const st = $("plan-status");
    st.textContent = statusFr[detail.plan.status] || detail.plan.status;
    st.className = "badge " + detail.plan.status;
    $("publish").disabled = detail.plan.status !== "draft";
    $("run-start").value = detail.plan.start;
    $("need-source").textContent = detail.need ? detail.need[0].toUpperCase() + detail.need.slice(1) + "." : "";
    $("export-csv").href = `/api/plans/${id}/export.csv`;
    $("export-xlsx").href = `/api/plans/${id}/export.xlsx`;
    $("selection").hidden = true;
    fillFilters(); renderServices();
    await renderKPIs();
    renderGrid(); renderStaff(); renderPins();
    document.dispatchEvent(new CustomEvent("plan-shown"));
    state.mapPlan = null;
    writeURL(false);
    await showView();
  }

  // The views. The URL says which one, which plan and which buses; a tab or a plan
  // chosen is a new entry of the history, a filter changed replaces the current one.
  function readURL() {
    const q = new URLSearchParams(location.search);
    state.view = views.includes(q.get("view")) ? q.get("view") : "indicateurs";
    return q;
  }
  function writeURL(push) {
    const q = new URLSearchParams();
    q.set("view", state.view);
    if (state.plan) q.set("plan", state.plan.id);
    for (const [k, id] of filterParams) if ($(id).value) q.set(k, $(id).value);
    const url = "/plan?" + q.toString();
    if (url === location.pathname + location.search) return;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }
  function applyView() {
    for (const v of document.querySelectorAll(".view")) v.hidden = v.dataset.view !== state.view;
    $("filters").hidden = !$("filters").dataset.views.split(" ").includes(state.view);
    for (const a of document.querySelectorAll("nav.tabs a[data-view]")) {
      if (a.dataset.view === state.view) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
    }
    document.title = `${viewTitles[state.view]} — Planification — Médicobus`;
  }
  // showView shows the view of the URL and draws what it alone needs: the map, the
  // explanation of the empty half-days.
  async function showView() {
    document.body.dataset.ready = "";
    applyView();
    if (state.plan) {
      if (state.view === "carte") await showMap();
      // The explanation of the empty half-days takes a few seconds on a large plan:
      // the view is ready without it, and it comes when computed.
      if (state.view === "indicateurs") renderIdle().catch((x) => say(x.message, true, "idle"));
      document.body.dataset.ready = String(state.plan.id);
    }
  }
  async function showMap() {
    if (!state.map) {
      state.map = MedibusMap.base($("map"));
      window.medibusMap = state.map; // for tests and the curious
    }
    state.map.invalidateSize({ animate: false });
    if (state.mapPlan !== state.plan.id) { await loadMap(); state.mapPlan = state.plan.id; }
  }
  for (const a of document.querySelectorAll("nav.tabs a[data-view]")) {
    a.addEventListener("click", (e) => {
      e.preventDefault();
      state.view = a.dataset.view;
      writeURL(true);
      showView().catch((x) => say(x.message, true));
    });
  }
  window.addEventListener("popstate", async () => {
    const q = readURL();
    try {
      if (q.get("plan") && state.plan && q.get("plan") !== String(state.plan.id)) { $("plan-select").value = q.get("plan"); await showPlan(Number(q.get("plan"))); return; }
      if (setFilters(q)) { fillFilters(); redraw(); }
      await showView();
    } catch (x) { say(x.message, true); }
  });

  // setFilters sets the filters from the URL, or, the first time and when it names
  // none, to the coordinator's own scope; it reports whether any changed.
  function setFilters(q) {
    let changed = false;
    const named = filterParams.some(([k]) => q.has(k));
    for (const [k, id] of filterParams) {
      let v = q.get(k) || "";
      if (!named && !state.filtersSet) v = k === "region" ? state.who.region || "" : k === "org" ? state.who.organisation || "" : "";
      const sel = $(id);
      if (v && ![...sel.options].some((o) => o.value === v)) sel.append(el("option", { value: v }, v));
      if (sel.value !== v) { sel.value = v; changed = true; }
    }
    state.filtersSet = true;
    return changed;
  }

  // Why half-days stay empty, for the buses the filters keep.
  async function renderIdle() {
    const box = $("idle"), id = state.plan.id;
    if (state.plan.kind === "change") {
      box.replaceChildren(el("p", {}, "Ce plan est un changement daté de quelques jours : les demi-journées vides s'expliquent sur le plan tournant qu'il change."));
      return;
    }
    if (!state.idle[id]) {
      box.replaceChildren(el("p", { class: "muted" }, "Calcul en cours…"));
      try { state.idle[id] = await api("GET", `/api/plans/${id}/idle`); }
      catch (e) { box.replaceChildren(el("p", { class: "error" }, e.message)); return; }
    }
    if (state.plan.id !== id) return;
    const r = state.idle[id], keep = new Set(filteredUnits(false).map((u) => u.id));
    const rows = r.units.filter((u) => keep.has(u.unit));
    const t = el("table", { class: "idle" }, el("thead", {}, el("tr", {}, ...["Bus", "Demi-journées", "Séances", "Vides", "Pourquoi elles restent vides", "Ce que les lieux à portée peuvent prendre"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, ...rows.map((u) => el("tr", {}, el("th", { scope: "row" }, u.name), el("td", {}, String(u.half_days)), el("td", {}, String(u.sessions)),
        el("td", {}, String(u.empty)), el("td", {}, u.causes || "—"), el("td", {}, u.ceiling)))));
    box.replaceChildren(
      el("p", {}, el("strong", {}, "Tout le plan : "), `${r.summary} ; ${r.ceiling}.`),
      r.causes.length ? el("ul", {}, ...r.causes.map((c) => el("li", {}, el("strong", {}, `${c.label} : ${c.half_days}`), ` — ${c.text}`))) : null,
      el("div", { class: "gridwrap", tabindex: "0", role: "region", "aria-label": "Demi-journées vides par bus" }, t),
      rows.length < r.units.length ? el("p", { class: "muted" }, `${rows.length} bus sur ${r.units.length}, selon les filtres.`) : null);
  }

  // Figures: [key, label, percentage, better]: better is +1 when more is better, -1
  // when less is, 0 when neither. The difference column says it in words too.
  const figures = [
    ["per_1000_in_need", "Consultations pour 1 000 personnes en besoin par an", false, 1],
    ["worst_decile_per_1000", "… dans le dixième le moins servi", false, 1],
    ["worst_department_per_1000", "… dans le département le moins servi", false, 1],
    ["gini", "Inégalité (Gini, 0 = égalité)", false, -1],
    ["share_to_need", "Part des consultations aux personnes en besoin", true, 1],
    ["need_met", "Part de leur besoin couverte sur le cycle", true, 1],
    ["population_in_need", "Personnes en besoin", false, 0], ["population_covered", "… à 20 min d'une séance", false, 1],
    ["coverage_share", "Part des personnes en besoin à portée", true, 1],
    ["sessions", "Séances", false, 0], ["bus_days", "Jours-bus", false, 0], ["sites_used", "Lieux", false, 0],
    ["communes_served", "Communes desservies", false, 1], ["consultation_slots", "Créneaux de consultation", false, 1],
    ["expected_patients", "Patients attendus", false, 1], ["slots_booked", "Créneaux réservés", true, 1],
    ["buses_used", "Bus utilisés", false, 1], ["half_days_used", "Demi-journées utilisées", true, 1],
    ["drive_min_p95", "Conduite par jour, 95e centile (min)", false, -1], ["longest_leg_min", "Plus long trajet (min)", false, -1],
    ["fixed_rhythm_share", "Rythme fixe", true, 1], ["drive_km", "Kilomètres", false, -1], ["drive_hours", "Heures de conduite", false, -1],
    ["co2_kg", "CO2 (kg)", false, -1], ["staff_utilisation", "Occupation des professionnels", true, 1],
    ["assisted_sessions", "Séances avec assistant·e médical·e", false, 1],
    ["assistant_consultations", "Consultations ajoutées par les assistant·es", false, 1],
    ["intern_sessions", "Séances tenues par un·e interne", false, 0],
    ["objective", "Objectif du planificateur (soins, portée, route, stabilité)", false, 1]];
  function fmt(v, pct) { return pct ? nf.format(100 * v) + " %" : nf.format(v); }
  // figure reads a figure of a plan's KPIs; the objective is the search's.
  function figure(kpis, k) { return k === "objective" ? (kpis.search ? kpis.search.objective : 0) : kpis[k] || 0; }

  async function renderKPIs() {
    const t = $("kpis"); t.replaceChildren();
    const otherID = $("compare-select").value;
    let other = null;
    if (otherID && Number(otherID) !== state.plan.id) other = await api("GET", `/api/plans/compare?a=${otherID}&b=${state.plan.id}`);
    const head = el("tr", {}, el("th", { scope: "col" }, "Indicateur"), el("th", { scope: "col" }, `Plan n° ${state.plan.id}`));
    if (other) head.append(el("th", { scope: "col" }, `Plan n° ${otherID}`), el("th", { scope: "col" }, `Écart (n° ${state.plan.id} − n° ${otherID})`));
    t.append(el("thead", {}, head));
    const body = el("tbody");
    for (const [k, label, pct, better] of figures) {
      const tr = el("tr", {}, el("th", { scope: "row" }, label), el("td", {}, fmt(figure(state.plan.kpis, k), pct)));
      if (other) {
        const d = other.delta[k] || 0, sign = Math.abs(d) < 1e-9 ? 0 : Math.sign(d) * better;
        const word = sign > 0 ? " (mieux)" : sign < 0 ? " (moins bien)" : "";
        tr.append(el("td", {}, fmt(figure(other.plans[0].kpis, k), pct)),
          el("td", { class: sign > 0 ? "delta-better" : sign < 0 ? "delta-worse" : "" }, (d > 0 ? "+" : "") + fmt(d, pct) + word));
      }
      body.append(tr);
    }
    if (other) {
      const c = other.changes;
      body.append(el("tr", {}, el("th", { scope: "row" }, "Séances identiques / modifiées / ajoutées / retirées"),
        el("td", { colspan: "3" }, `${c.same} / ${c.changed} / ${c.added} / ${c.removed}`)));
    }
    t.append(body);
  }

  // Filters of the buses shown: region, department, organisation, bus, professional;
  // each narrows the next. The first time, they come from the URL, or else from the
  // coordinator's scope.
  function fillFilters() {
    const d = state.detail, keep = {};
    if (!state.filtersSet) setFilters(new URLSearchParams(location.search));
    for (const id of ["f-region", "f-dept", "f-org", "f-unit", "f-staff"]) keep[id] = $(id).value;
    const opts = (id, all, pairs) => {
      const s = $(id); s.replaceChildren(el("option", { value: "" }, all));
      for (const [v, label] of pairs) s.append(el("option", { value: v }, label));
      if ([...s.options].some((o) => o.value === keep[id])) s.value = keep[id];
    };
    const uniq = (pairs) => [...new Map(pairs).entries()].sort((a, b) => a[1].localeCompare(b[1], "fr"));
    opts("f-region", "toutes", uniq(d.units.map((u) => [u.region, u.region_name || u.region])));
    const region = $("f-region").value;
    opts("f-dept", "tous", uniq(d.units.filter((u) => !region || u.region === region).map((u) => [u.department, `${u.department_name || u.department} (${u.department})`])));
    const dept = $("f-dept").value;
    opts("f-org", "toutes", uniq(d.units.filter((u) => u.organisation && (!region || u.region === region) && (!dept || u.department === dept))
      .map((u) => [u.organisation, u.organisation_name || u.organisation])));
    const units = filteredUnits(true);
    opts("f-unit", "tous", units.map((u) => [u.id, u.name]));
    const ids = new Set(units.map((u) => u.id));
    opts("f-staff", "tous", d.staff.filter((m) => m.units.some((u) => ids.has(u)) && state.sessions.some((s) => s.staff.includes(m.id)))
      .map((m) => [m.id, `${m.name}, ${m.role_label}`]).sort((a, b) => a[1].localeCompare(b[1], "fr")));
  }
  function filteredUnits(ignoreUnit) {
    const region = $("f-region").value, dept = $("f-dept").value, org = $("f-org").value, unit = ignoreUnit ? "" : $("f-unit").value, staff = $("f-staff").value;
    const m = staff ? staffOf(staff) : null;
    return state.detail.units.filter((u) => (!region || u.region === region) && (!dept || u.department === dept) && (!org || u.organisation === org) &&
      (!unit || u.id === unit) && (!m || m.units.includes(u.id)));
  }

  function slotKey(unit, date, half) { return `${unit}|${date}|${half}`; }
  function pinned(s) { return s.pinned || state.pins.some((p) => p.unit === s.unit && p.date === s.date && p.half === s.half); }
  // pinAt is the desk's pin of a slot, if any.
  function pinAt(s) { return state.pins.find((p) => p.unit === s.unit && p.date === s.date && p.half === s.half); }
  // siteLabel names a pin's site by its commune: « Ahun — Place de la mairie ».
  function siteLabel(id) {
    const x = state.pinSites[id];
    return !x ? id : x.name.includes(x.commune) ? x.name : `${x.commune} — ${x.name}`;
  }
  function shortStaff(s) {
    const names = (ns) => ns.map((n) => n.replace(/ \(fictif(, à distance)?\)/, "")).join(", ");
    return names(s.staff_names) + ((s.remote_names || []).length ? " + à distance " + names(s.remote_names) : "");
  }
  function sessionText(s) {
    const remote = (s.remote_names || []).length ? ` ; à distance : ${s.remote_names.join(", ")}` : "";
    return `${s.service_name} à ${s.site_name}, ${s.start}–${s.end}, avec ${s.staff_names.join(", ")}${remote}`;
  }

  // weekHead is a grid's heading: the days, then their morning and afternoon.
  function weekHead(first) {
    const head = el("tr", {}, el("th", { scope: "col", rowspan: "2" }, first)), halves = el("tr", { class: "halves" });
    for (const d of state.detail.dates) {
      head.append(el("th", { scope: "colgroup", colspan: "2" }, d.label + (d.holiday ? ` (${d.holiday})` : "")));
      halves.append(el("th", { scope: "col" }, "matin"), el("th", { scope: "col" }, "après-midi"));
    }
    return el("thead", {}, head, halves);
  }

  function renderGrid() {
    const d = state.detail, byKey = new Map(), staff = $("f-staff").value;
    for (const s of state.sessions) byKey.set(slotKey(s.unit, s.date, s.half), s);
    const t = el("table", { class: "week" }, weekHead("Bus"));
    const body = el("tbody");
    const shown = filteredUnits(false);
    $("filter-count").textContent = `${shown.length} bus sur ${d.units.length}`;
    for (const u of shown) {
      const tr = el("tr", { class: u.may_change ? "" : "readonly" }, el("th", { scope: "row" }, u.name,
        el("span", { class: "muted" }, [u.department_name, u.organisation_name].filter(Boolean).join(" — ")),
        u.published_label ? el("span", { class: "muted pub" }, u.published_label) : null,
        u.may_change ? null : el("span", { class: "ro" }, u.read_only)));
      for (const day of d.dates) for (const half of ["AM", "PM"]) tr.append(el("td", {}, slotButton(u, day, half, byKey.get(slotKey(u.id, day.date, half)), staff)));
      body.append(tr);
    }
    t.append(body);
    $("grid").replaceChildren(t);
  }

  // slotButton is one half-day of a bus. Its name for screen readers is its visible
  // text, preceded by the bus and the day in a visually hidden span. A bus of another
  // coordination has text, not buttons: nothing to move or pin there.
  function slotButton(u, day, half, s, staff) {
    const title = `${u.name}, ${day.label} ${halfFr(half)} : ` + (s ? sessionText(s) + (pinned(s) ? " (épinglée)" : "") : "libre");
    const cls = "slot" + (s ? (pinned(s) ? " pinned" : "") + (staff && !s.staff.includes(staff) ? " dim" : "") : " empty") + (u.may_change ? "" : " ro");
    const b = el(u.may_change ? "button" : "div", Object.assign(u.may_change ? { type: "button" } : {}, { class: cls, "data-unit": u.id, "data-date": day.date, "data-half": half, title }),
      el("span", { class: "sr-only" }, `${u.name}, ${day.label}, ${halfFr(half)} : `),
      s ? el("span", { class: "svc" }, s.service_name + " ") : "libre",
      s ? el("span", { class: "where" }, pinAt(s) && pinAt(s).site !== s.site ? `→ ${(state.pinSites[pinAt(s).site] || {}).commune || pinAt(s).site} (épinglée) ` : (s.site_commune || s.site_name) + " ") : null,
      s ? el("span", { class: "who" }, shortStaff(s) + (pinned(s) ? " — épinglée" : "")) : null);
    if (!u.may_change) return b;
    if (s) {
      b.draggable = true;
      b.addEventListener("click", () => document.dispatchEvent(new CustomEvent("slot-selected", { detail: { session: s, button: b } })));
      b.addEventListener("dragstart", (e) => e.dataTransfer.setData("text/plain", slotKey(s.unit, s.date, s.half)));
    }
    b.addEventListener("dragover", (e) => { e.preventDefault(); b.classList.add("dragover"); });
    b.addEventListener("dragleave", () => b.classList.remove("dragover"));
    b.addEventListener("drop", (e) => {
      e.preventDefault(); b.classList.remove("dragover");
      const [unit, date, fromHalf] = e.dataTransfer.getData("text/plain").split("|");
      document.dispatchEvent(new CustomEvent("slot-dropped", { detail: { unit, date, half: fromHalf, to: b.dataset } }));
    });
    return b;
  }

  function renderStaff() {
    const d = state.detail, byStaff = new Map(), only = $("f-staff").value;
    for (const s of state.sessions) for (const id of s.staff) byStaff.set(`${id}|${s.date}|${s.half}`, s);
    const units = new Set(filteredUnits(false).map((u) => u.id));
    const t = el("table", { class: "week" }, weekHead("Professionnel"));
    const body = el("tbody");
    for (const m of d.staff) {
      if ((only && m.id !== only) || !state.sessions.some((s) => s.staff.includes(m.id) && units.has(s.unit))) continue;
      const tr = el("tr", {}, el("th", { scope: "row" }, m.name, el("br"), el("span", { class: "muted" }, m.role_label)));
      for (const day of d.dates) for (const half of ["AM", "PM"]) {
        const s = byStaff.get(`${m.id}|${day.date}|${half}`);
        tr.append(el("td", { class: s ? "busy" : "" }, s ? `${halfFr(half)} : ${unitOf(s.unit).name}, ${s.site_commune || s.site_name}` : ""));
      }
      body.append(tr);
    }
    t.append(body);
    $("staff-grid").replaceChildren(t);
  }

  function renderPins() {
    const ul = $("pins"); ul.replaceChildren();
    const since = state.detail.pins_since || [];
    $("pins-since").hidden = !since.length;
    $("pins-since").textContent = since.length ? `Ce plan a été calculé avant ${since.length} changement${since.length > 1 ? "s" : ""} d'épingles du plan n° ${state.plan.parent_id} : ` +
      since.map((e) => `${e.who} ${e.what}`).join(" ; ") + ". Ré-optimisez le plan n° " + state.plan.parent_id + " pour en tenir compte." : "";
    // The sessions this plan holds pinned without a pin set on it: pins of the plan it
    // re-optimised, carried over, or of its scenario (pins.csv).
    const set = new Set(state.pins.map((p) => slotKey(p.unit, p.date, p.half)));
    const inherited = new Set((state.inherited || []).map((p) => slotKey(p.unit, p.date, p.half)));
    const carried = state.sessions.filter((s) => s.pinned && !set.has(slotKey(s.unit, s.date, s.half)));
    if (!state.pins.length && !carried.length) ul.append(el("li", {}, "Aucune."));
    for (const s of carried) {
      const from = inherited.has(slotKey(s.unit, s.date, s.half)) ? "fixée par le scénario (pins.csv)"
        : state.plan.parent_id ? `reprise du plan n° ${state.plan.parent_id}` : "épinglée dans ce plan";
      ul.append(el("li", { class: "carried" }, `${unitOf(s.unit).name}, ${dateLabel(s.date)} ${halfFr(s.half)} : ${s.service_name} à ${s.site_name}, avec ${s.staff_names.join(", ")} — ${from}`));
    }
    for (const p of state.pins) {
      const rm = el("button", { type: "button", class: "secondary", onclick: async () => {
        try {
          await api("DELETE", `/api/plans/${state.plan.id}/pins/${encodeURIComponent(p.unit)}/${p.date}/${p.half}`, undefined, { "If-Match": `"p${state.pinsRevision}"` });
          await showPlan(state.plan.id); say("Épingle retirée.", false, "pins-status");
        } catch (e) { if (e.status === 409) await showPlan(state.plan.id); say(e.message, true, "pins-status"); }
      } }, "Retirer");
      ul.append(el("li", {}, `${unitOf(p.unit).name}, ${dateLabel(p.date)} ${halfFr(p.half)} : ${siteLabel(p.site)}, avec ${p.staff.map((id) => staffOf(id).name).join(", ")} `, rm));
    }
  }

  function renderServices() {
    const sel = $("map-service"), prev = sel.value;
    sel.replaceChildren();
    for (const s of state.detail.services || []) sel.append(el("option", { value: s.id }, s.name));
    if (prev && [...sel.options].some((o) => o.value === prev)) sel.value = prev;
    const rt = $("map-routes"), keep = rt.value;
    rt.replaceChildren(el("option", { value: "" }, "aucune"));
    for (let w = 0; w < state.detail.cycle_weeks; w++) rt.append(el("option", { value: "w" + w }, `semaine ${w + 1}`));
    for (const d of state.detail.dates) rt.append(el("option", { value: d.date }, d.label));
    // The first time, the first week's tours; afterwards, what the coordinator chose.
    rt.value = state.routesChosen && [...rt.options].some((o) => o.value === keep) ? keep : "w0";
    state.routesChosen = true;
  }

  // The map: Leaflet without tiles, on the department outlines; departments and
  // communes in need coloured by the same care figure as the KPIs.
  async function loadMap() {
    const svc = $("map-service").value;
    state.mapData = await api("GET", `/api/plans/${state.plan.id}/map${svc ? "?service=" + encodeURIComponent(svc) : ""}`);
    await drawMap();
  }

  async function drawMap() {
    const m = state.map, d = state.mapData, L_ = state.layers;
    for (const k of Object.keys(L_)) { m.removeLayer(L_[k]); delete L_[k]; }
    const byDept = new Map(d.departments.map((x) => [x.code, x]));
    // Zoomed out, departments carry the colour; zoomed in, their fill fades so that the
    // communes' points read against it.
    const deptStyle = (f) => {
      const x = byDept.get(f.properties.code), near = m.getZoom() >= nearZoom + 1;
      return x ? { color: "#404040", weight: 1.2, fillColor: d.classes[x.class].color, fillOpacity: near ? 0.25 : 0.85 }
        : { color: "#8c8c8c", weight: 0.6, dashArray: "3 3", fillColor: "#ffffff", fillOpacity: 1 };
    };
    L_.depts = await MedibusMap.departments(m, deptStyle, (f, layer) => {
      const x = byDept.get(f.properties.code);
      layer.bindPopup(x ? `<strong>${esc(f.properties.nom)} (${x.code})</strong><br>${nf.format(x.per_1000)} ${d.figure}<br>${nf.format(x.in_need)} personnes en besoin, ${x.sessions} séances`
        : `<strong>${esc(f.properties.nom)}</strong><br>aucune personne en besoin de ce service dans le plan`);
      layer.on("click", () => m.fitBounds(layer.getBounds()));
    });
    if (!state.zoomStyled) { m.on("zoomend", zoomLayers); state.zoomStyled = true; }
    state.deptStyle = deptStyle;
    const communes = L.layerGroup();
    for (const c of d.communes) {
      L.circleMarker([c.lat, c.lon], { radius: Math.max(2.5, Math.min(9, Math.sqrt(c.in_need) / 6)), weight: 0.8, color: "#1b1b1b",
        fillColor: d.classes[c.class].color, fillOpacity: 0.95 }).bindTooltip(`${esc(c.name)} : ${nf.format(c.per_1000)} pour 1 000 en besoin par an`).addTo(communes);
    }
    L_.communes = communes;
    L_.routes = drawRoutes().addTo(m);
    const sites = L.layerGroup();
    for (const s of d.sites) L.circleMarker([s.lat, s.lon], { radius: 3, weight: 1, color: "#ffffff", fillColor: "#0b4f8a", fillOpacity: 1 }).bindTooltip(`${esc(s.name)} : ${s.sessions} séances`).addTo(sites);
    L_.sites = sites;
    const depots = L.layerGroup();
    for (const p of d.depots) L.circleMarker([p.lat, p.lon], { radius: 6, weight: 2, color: "#ffffff", fillColor: "#b3261e", fillOpacity: 1 }).bindTooltip("Dépôt : " + esc(p.name)).addTo(depots);
    L_.depots = depots.addTo(m);
    if (!state.fitted) { fitPlan(); state.fitted = true; }
    zoomLayers();
    renderLegend(); renderDeptTable(); fillZoom();
  }

  // zoomLayers shows the communes and the sites from the zoom of a region on: over
  // France, thousands of points would hide the departments' colours.
  function zoomLayers() {
    const m = state.map, L_ = state.layers, near = m.getZoom() >= nearZoom;
    if (L_.depts) L_.depts.setStyle(state.deptStyle);
    for (const k of ["communes", "sites"]) {
      if (!L_[k]) continue;
      if (near && !m.hasLayer(L_[k])) L_[k].addTo(m);
      if (!near && m.hasLayer(L_[k])) m.removeLayer(L_[k]);
    }
    if (L_.depots) L_.depots.bringToFront && L_.depots.eachLayer((l) => l.bringToFront());
  }
  const nearZoom = 7;

  function fitPlan() {
    const pts = state.mapData.communes.map((c) => [c.lat, c.lon]).concat(state.mapData.depots.map((p) => [p.lat, p.lon]));
    if (pts.length) state.map.fitBounds(L.latLngBounds(pts).pad(0.05), { animate: false });
    else state.map.setView([46.6, 2.4], 5.5);
  }

  // routeColours tell the buses apart; none is the depots' red.
  const routeColours = ["#1b9e77", "#7570b3", "#d95f02", "#66a61e", "#e7298a", "#a6761d", "#1f78b4", "#525252"];

  // drawRoutes draws the bus-days of the chosen day or week, for the buses the grid's
  // filters keep, one colour per bus.
  function drawRoutes() {
    const g = L.layerGroup(), pick = $("map-routes").value;
    if (!pick) return g;
    const units = new Set(filteredUnits(false).map((u) => u.id));
    const start = new Date(state.plan.start + "T00:00:00Z");
    const inPick = (date) => {
      if (!pick.startsWith("w")) return date === pick;
      const w = Math.floor((new Date(date + "T00:00:00Z") - start) / 864e5 / 7);
      return "w" + w === pick;
    };
    const ids = state.detail.units.map((u) => u.id);
    for (const r of state.mapData.routes) {
      if (!units.has(r.unit) || !inPick(r.date)) continue;
      L.polyline(r.points, { color: routeColours[ids.indexOf(r.unit) % routeColours.length], weight: 2.5, opacity: 0.9 })
        .bindTooltip(`${esc(unitOf(r.unit).name)}, ${dateLabel(r.date)} : ${nf.format(r.km)} km, ${r.min} min de conduite`).addTo(g);
    }
    return g;
  }

  function renderLegend() {
    const d = state.mapData, box = $("map-legend");
    const items = d.classes.map((c) => el("li", {}, el("span", { class: "swatch", "data-color": c.color }), c.label));
    box.replaceChildren(
      el("p", {}, el("strong", {}, `${d.service_name} : ${d.figure}`)),
      el("p", {}, `Ensemble du plan : ${nf.format(d.per_1000_in_need)} (le chiffre des indicateurs)` +
        (d.worst_department ? ` ; département le moins servi : ${d.worst_department_name || d.worst_department} (${d.worst_department}), ${nf.format(d.worst_department_per_1000)}.` : ".")),
      el("p", {}, d.departments_without_care.length === 0 ? "Aucun département laissé sans consultation : chacun a des consultations pour ses personnes en besoin." :
        `Départements sans aucune consultation pour leurs personnes en besoin (${d.departments_without_care.length}) : ` +
        d.departments_without_care.map((x) => `${x.name} (${x.code}), ${nf.format(x.in_need)}`).join(" ; ") + "."),
      el("ul", { class: "classes" }, ...items),
      el("p", { class: "muted" }, "Départements en aplat ; en zoomant sur une région, les communes en besoin en points (taille selon leur population) et les lieux de séance en bleu. En rouge les dépôts, en couleur les tournées choisies. Les départements en blanc, bordés de pointillés, n'ont personne en besoin de ce service. Cliquez un département pour ses chiffres."));
    box.querySelectorAll(".swatch").forEach((s) => { s.style.background = s.dataset.color; });
  }

  function renderDeptTable() {
    const d = state.mapData, t = $("dept-table");
    t.replaceChildren(el("thead", {}, el("tr", {}, ...["Département", "Personnes en besoin", "Consultations pour 1 000 par an", "Séances"].map((h) => el("th", { scope: "col" }, h)))));
    const body = el("tbody");
    for (const x of d.departments.slice().sort((a, b) => a.per_1000 - b.per_1000)) {
      body.append(el("tr", {}, el("th", { scope: "row" }, `${x.name} (${x.code})`), el("td", {}, nf.format(x.in_need)), el("td", {}, nf.format(x.per_1000)), el("td", {}, String(x.sessions))));
    }
    t.append(body);
  }

  function fillZoom() {
    const z = $("map-zoom"), keep = z.value;
    z.replaceChildren(el("option", { value: "plan" }, "tout le plan"), el("option", { value: "" }, "France entière"));
    for (const x of state.mapData.departments) z.append(el("option", { value: x.code }, `${x.name} (${x.code})`));
    z.value = [...z.options].some((o) => o.value === keep) ? keep : "plan";
  }

  // zoomTo jumps to a department, the whole plan or France, without animation: a zoom
  // asked while another is animating would be dropped.
  function zoomTo(code) {
    if (code === "plan") { fitPlan(); return; }
    if (!code) { state.map.fitBounds([[41.3, -5.2], [51.1, 9.6]], { animate: false }); return; }
    state.layers.depts.eachLayer((l) => { if (l.feature.properties.code === code) state.map.fitBounds(l.getBounds(), { animate: false }); });
  }

  // follow shows a run's progress as « 33 % — 6 s restantes » in the status element
  // where, next to the button that started it, with the progress bar beside it; then
  // its plan.
  function follow(run, where, onDone) {
    const text = $(where), bar = text.parentElement.querySelector(".progress");
    const progress = bar.querySelector("progress");
    bar.hidden = false; progress.value = 0;
    text.classList.remove("error");
    text.textContent = "Démarrage…";
    const began = Date.now();
    const es = new EventSource(`/api/runs/${run.id}/events`);
    const show = (ev) => {
      const st = JSON.parse(ev.data);
      const f = st.total ? Math.min(1, st.done / st.total) : 0;
      const pct = Math.round(100 * f);
      progress.value = pct;
      const left = f > 0.02 ? Math.max(0, Math.round((Date.now() - began) / 1000 * (1 - f) / f)) : null;
      text.textContent = `${pct} %` + (left !== null ? ` — ${left} s restantes` : " — estimation en cours");
      return st;
    };
    es.addEventListener("progress", show);
    es.addEventListener("done", async (ev) => {
      const st = JSON.parse(ev.data); es.close();
      progress.value = 100;
      await loadPlans(st.plan_id);
      if (onDone) await onDone(st);
      bar.hidden = true;
      text.textContent = `Terminé : plan n° ${st.plan_id}, enregistré en brouillon et affiché.`;
    });
    es.addEventListener("failed", (ev) => {
      const st = JSON.parse(ev.data); es.close();
      bar.hidden = true;
      say("Échec : l'optimisation n'a rien enregistré. Détail technique : " + st.error, true, where);
    });
  }

  $("plan-select").addEventListener("change", (e) => {
    history.pushState(null, "", location.pathname + location.search); // the plan left stays one step back
    showPlan(Number(e.target.value)).catch((x) => say(x.message, true));
  });
  $("map-service").addEventListener("change", async () => {
    document.body.dataset.ready = "";
    try { await loadMap(); } catch (x) { say(x.message, true, "map-legend"); }
    document.body.dataset.ready = String(state.plan.id);
  });
  $("map-routes").addEventListener("change", () => { state.map.removeLayer(state.layers.routes); state.layers.routes = drawRoutes().addTo(state.map); });
  $("map-zoom").addEventListener("change", (e) => zoomTo(e.target.value));
  $("compare-select").addEventListener("change", () => renderKPIs().catch((x) => say(x.message, true)));
  // redraw draws again what the filters choose: the grids, the routes, the idle table.
  function redraw() {
    renderGrid(); renderStaff();
    if (state.map && state.layers.routes) { state.map.removeLayer(state.layers.routes); state.layers.routes = drawRoutes().addTo(state.map); }
    if (state.view === "indicateurs" && state.idle[state.plan.id]) renderIdle();
  }
  for (const id of ["f-region", "f-dept", "f-org", "f-unit", "f-staff"]) {
    $(id).addEventListener("change", () => {
      if (id !== "f-staff" && id !== "f-unit") fillFilters();
      redraw();
      writeURL(false);
    });
  }
  $("run-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      follow(await api("POST", "/api/runs", { scenario_id: Number($("run-scenario").value), start: $("run-start").value || undefined,
        time_limit_s: Number($("run-limit").value) || 20 }), "run-status");
    } catch (x) { say(x.message, true, "run-status"); }
  });
  readURL();
  loadPlans().catch((e) => say(e.message, true));
  return { $, el, api, say, state, showPlan, loadPlans, follow, halfFr, dateLabel, unitOf, staffOf, nf, statusFr };
})();
