// Médicobus planning UI: plain JavaScript over the JSON API, with the session cookie.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const state = { plans: [], plan: null, detail: null, sessions: [], pins: [], selected: null };

  async function api(method, path, body) {
    const opt = { method, headers: {}, credentials: "same-origin" };
    if (body !== undefined) { opt.headers["Content-Type"] = "application/json"; opt.body = JSON.stringify(body); }
    const res = await fetch(path, opt);
    const text = await res.text();
    const data = text && (res.headers.get("Content-Type") || "").includes("json") ? JSON.parse(text) : text;
    if (!res.ok) throw new Error((data && data.error) || res.status + " " + res.statusText);
    return data;
  }
  function say(msg, isError) { const m = $("message"); m.textContent = msg; m.className = isError ? "error" : ""; }
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const k of kids) e.append(k);
    return e;
  }

  // body[data-ready] names the plan on show once every part of it is drawn, and is
  // empty while a plan loads: tests and scripts wait on it instead of guessing.
  async function loadPlans(selectID) {
    document.body.dataset.ready = "";
    const [{ plans }, { scenarios }] = await Promise.all([api("GET", "/api/plans"), api("GET", "/api/scenarios")]);
    state.plans = plans;
    const sel = $("plan-select"), cmp = $("compare-select");
    sel.replaceChildren(); cmp.replaceChildren(el("option", { value: "" }, "—"));
    for (const p of plans.slice().reverse()) {
      const label = `#${p.id} ${p.scenario} v${p.version} (${p.status === "published" ? "publié" : "brouillon"})`;
      sel.append(el("option", { value: p.id }, label));
      cmp.append(el("option", { value: p.id }, label));
    }
    const rs = $("run-scenario"); rs.replaceChildren();
    for (const s of scenarios.slice().reverse()) rs.append(el("option", { value: s.id }, `${s.name} v${s.version}`));
    if (selectID) sel.value = String(selectID);
    if (plans.length) await showPlan(Number(sel.value));
    else say("Aucun plan : lancez une optimisation.");
  }

  async function showPlan(id) {
    document.body.dataset.ready = "";
    const [detail, ses, pins] = await Promise.all([
      api("GET", `/api/plans/${id}`), api("GET", `/api/plans/${id}/sessions`), api("GET", `/api/plans/${id}/pins`)]);
    state.plan = detail.plan; state.detail = detail; state.sessions = ses.sessions; state.pins = pins.pins; state.selected = null;
    const st = $("plan-status");
    st.textContent = detail.plan.status === "published" ? "publié" : "brouillon";
    st.className = "badge " + detail.plan.status;
    $("publish").disabled = detail.plan.status === "published";
    $("run-start").value = detail.plan.start;
    $("selection").hidden = true;
    renderKPIs(); renderGrid(); renderStaff(); renderPins(); renderServices();
    await loadMap();
    document.body.dataset.ready = String(id);
  }

  // renderServices fills the map's service list with the plan's services, keeping the
  // service chosen for the previous plan when this one offers it too.
  function renderServices() {
    const sel = $("map-service"), prev = sel.value;
    sel.replaceChildren();
    for (const s of state.detail.services || []) sel.append(el("option", { value: s.id }, `${s.name} (${s.id})`));
    if (prev && [...sel.options].some((o) => o.value === prev)) sel.value = prev;
  }

  // loadMap draws the plan's map for the chosen service: communes coloured by the share
  // of their need that the plan serves.
  async function loadMap() {
    const svc = $("map-service").value;
    const q = svc ? `?service=${encodeURIComponent(svc)}` : "";
    const svg = await api("GET", `/api/plans/${state.plan.id}/map.svg${q}`);
    $("map").innerHTML = svg; // our own server's SVG, no user input
  }

  // [key, label, percentage, better]: better is +1 when more is better, -1 when less
  // is, 0 when neither (the compare view colours differences by it).
  const figures = [
    ["per_1000_in_need", "Consultations pour 1 000 personnes en besoin par an", false, 1],
    ["worst_decile_per_1000", "… dans le dixième le moins servi", false, 1],
    ["worst_department_per_1000", "… dans le département le moins servi", false, 1],
    ["gini", "Inégalité (Gini)", false, -1],
    ["share_to_need", "Part des consultations aux personnes en besoin", true, 1],
    ["need_met", "Part de leur besoin couverte sur le cycle", true, 1],
    ["population_in_need", "Personnes en besoin", false, 0], ["population_covered", "… à 20 min d'une séance", false, 1],
    ["coverage_share", "Couverture", true, 1],
    ["sessions", "Séances", false, 0], ["bus_days", "Jours-bus", false, 0], ["sites_used", "Sites", false, 0],
    ["communes_served", "Communes desservies", false, 1], ["consultation_slots", "Créneaux", false, 1],
    ["expected_patients", "Patients attendus", false, 1], ["slots_booked", "Créneaux réservés", true, 1],
    ["buses_used", "Bus utilisés", false, 1], ["half_days_used", "Demi-journées utilisées", true, 1],
    ["drive_min_p95", "Conduite quotidienne (95e centile, min)", false, -1], ["longest_leg_min", "Trajet le plus long (min)", false, -1],
    ["fixed_rhythm_share", "Rythme fixe", true, 1], ["drive_km", "km", false, -1], ["drive_hours", "Heures de conduite", false, -1],
    ["co2_kg", "kg CO2", false, -1], ["staff_utilisation", "Utilisation du personnel", true, 1],
    ["assisted_sessions", "Séances avec assistant·e médical·e", false, 1],
    ["assistant_consultations", "Consultations ajoutées par les assistant·es", false, 1],
    ["intern_sessions", "Séances tenues par un·e interne", false, 0]];
  const nf = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
  function fmt(v, pct) { return pct ? nf.format(100 * v) + " %" : nf.format(v); }

  async function renderKPIs() {
    const t = $("kpis"); t.replaceChildren();
    const otherID = $("compare-select").value;
    let other = null;
    if (otherID) other = (await api("GET", `/api/plans/compare?a=${otherID}&b=${state.plan.id}`));
    const head = el("tr", {}, el("th", { scope: "col" }, "Indicateur"), el("th", { scope: "col" }, `Plan #${state.plan.id}`));
    if (other) { head.append(el("th", { scope: "col" }, `Plan #${otherID}`), el("th", { scope: "col" }, "Écart")); }
    t.append(el("thead", {}, head));
    const body = el("tbody");
    for (const [k, label, pct, better] of figures) {
      const tr = el("tr", {}, el("th", { scope: "row" }, label), el("td", {}, fmt(state.plan.kpis[k] || 0, pct)));
      if (other) {
        const d = other.delta[k] || 0, sign = Math.sign(d) * better;
        tr.append(el("td", {}, fmt(other.plans[0].kpis[k] || 0, pct)), el("td", { class: sign > 0 ? "delta-up" : sign < 0 ? "delta-down" : "" }, (d > 0 ? "+" : "") + fmt(d, pct)));
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

  function slotKey(unit, date, half) { return `${unit}|${date}|${half}`; }
  function pinned(s) { return s.pinned || state.pins.some((p) => p.unit === s.unit && p.date === s.date && p.half === s.half); }

  function renderGrid() {
    const d = state.detail, byKey = new Map();
    for (const s of state.sessions) byKey.set(slotKey(s.unit, s.date, s.half), s);
    const t = el("table", { class: "week" });
    const head = el("tr", {}, el("th", { scope: "col" }, "Bus"));
    for (const date of d.dates) head.append(el("th", { scope: "col", colspan: "2" }, date));
    t.append(el("thead", {}, head));
    const body = el("tbody");
    for (const u of d.units) {
      const tr = el("tr", {}, el("th", { scope: "row" }, u.name));
      for (const date of d.dates) for (const half of ["AM", "PM"]) {
        const s = byKey.get(slotKey(u.id, date, half));
        const b = el("button", { type: "button", class: "slot" + (s ? (pinned(s) ? " pinned" : "") : " empty"),
          "data-unit": u.id, "data-date": date, "data-half": half,
          "aria-label": `${u.name} ${date} ${half === "AM" ? "matin" : "après-midi"}${s ? " : " + s.service + " à " + s.site_name : " : libre"}` },
          s ? `${half} ${s.service} · ${s.site_name.replace(/^Place de la mairie, /, "")}${pinned(s) ? " 📌" : ""}` : half);
        if (s) {
          b.draggable = true;
          b.addEventListener("click", () => select(s, b));
          b.addEventListener("dragstart", (e) => { e.dataTransfer.setData("text/plain", slotKey(s.unit, s.date, s.half)); });
        }
        b.addEventListener("dragover", (e) => { if (b.dataset.unit) { e.preventDefault(); b.classList.add("dragover"); } });
        b.addEventListener("dragleave", () => b.classList.remove("dragover"));
        b.addEventListener("drop", (e) => {
          e.preventDefault(); b.classList.remove("dragover");
          const [unit, fromDate, fromHalf] = e.dataTransfer.getData("text/plain").split("|");
          if (unit !== b.dataset.unit) { say("Une séance ne se déplace que sur le même bus.", true); return; }
          setPin({ unit, date: fromDate, half: fromHalf, to_date: b.dataset.date, to_half: b.dataset.half });
        });
        tr.append(el("td", {}, b));
      }
      body.append(tr);
    }
    t.append(body);
    $("grid").replaceChildren(t);
  }

  function renderStaff() {
    const d = state.detail, byStaff = new Map();
    for (const s of state.sessions) for (const id of s.staff) byStaff.set(`${id}|${s.date}|${s.half}`, s);
    const t = el("table", { class: "week" });
    const head = el("tr", {}, el("th", { scope: "col" }, "Professionnel"));
    for (const date of d.dates) head.append(el("th", { scope: "col", colspan: "2" }, date));
    t.append(el("thead", {}, head));
    const body = el("tbody");
    for (const m of d.staff) {
      if (!state.sessions.some((s) => s.staff.includes(m.id))) continue;
      const tr = el("tr", {}, el("th", { scope: "row" }, `${m.name} (${m.role})`));
      for (const date of d.dates) for (const half of ["AM", "PM"]) {
        const s = byStaff.get(`${m.id}|${date}|${half}`);
        tr.append(el("td", {}, s ? `${half} ${s.unit} · ${s.site_name.replace(/^Place de la mairie, /, "")}` : ""));
      }
      body.append(tr);
    }
    t.append(body);
    $("staff-grid").replaceChildren(t);
  }

  function renderPins() {
    const ul = $("pins"); ul.replaceChildren();
    if (!state.pins.length) ul.append(el("li", {}, "Aucune."));
    for (const p of state.pins) {
      const rm = el("button", { type: "button", onclick: async () => {
        try { await api("DELETE", `/api/plans/${state.plan.id}/pins/${encodeURIComponent(p.unit)}/${p.date}/${p.half}`); await showPlan(state.plan.id); }
        catch (e) { say(e.message, true); }
      } }, "Retirer");
      ul.append(el("li", {}, `${p.unit} ${p.date} ${p.half} : ${p.service} à ${p.site} `, rm));
    }
  }

  function select(s, button) {
    document.querySelectorAll(".slot.selected").forEach((b) => b.classList.remove("selected"));
    button.classList.add("selected");
    state.selected = s;
    $("selection").hidden = false;
    $("sel-title").textContent = `${s.unit_name} — ${s.date} ${s.half === "AM" ? "matin" : "après-midi"}`;
    $("sel-detail").textContent = `${s.service}, ${s.site_name}, ${s.start}–${s.end}, ${s.staff_names.join(", ")}`;
    const md = $("move-date"); md.replaceChildren();
    for (const d of state.detail.dates) md.append(el("option", { value: d }, d));
    md.value = s.date; $("move-half").value = s.half;
  }

  async function setPin(body) {
    try {
      await api("POST", `/api/plans/${state.plan.id}/pins`, body);
      say("Séance épinglée. Ré-optimisez pour replanifier autour.");
      await showPlan(state.plan.id);
    } catch (e) { say(e.message, true); }
  }

  function follow(run) {
    $("progress").hidden = false;
    $("progress-text").textContent = "Démarrage…";
    const es = new EventSource(`/api/runs/${run.id}/events`);
    const show = (ev) => {
      const st = JSON.parse(ev.data);
      const pct = st.total ? Math.round(100 * st.done / st.total) : 0;
      $("progress-bar").value = pct;
      $("progress-text").textContent = `${st.phase || "optimisation"} : ${st.done}/${st.total}`;
      return st;
    };
    es.addEventListener("progress", show);
    es.addEventListener("done", async (ev) => {
      const st = show(ev); es.close();
      $("progress-bar").value = 100;
      $("progress-text").textContent = `Terminé : plan #${st.plan_id}`;
      say(`Plan #${st.plan_id} enregistré.`);
      await loadPlans(st.plan_id);
    });
    es.addEventListener("failed", (ev) => { const st = JSON.parse(ev.data); es.close(); $("progress-text").textContent = "Échec"; say(st.error, true); });
  }

  $("plan-select").addEventListener("change", (e) => showPlan(Number(e.target.value)).catch((x) => say(x.message, true)));
  $("map-service").addEventListener("change", async () => {
    document.body.dataset.ready = "";
    try { await loadMap(); } catch (x) { say(x.message, true); }
    document.body.dataset.ready = String(state.plan.id);
  });
  $("compare-select").addEventListener("change", () => renderKPIs().catch((x) => say(x.message, true)));
  $("pin").addEventListener("click", () => { const s = state.selected; if (s) setPin({ unit: s.unit, date: s.date, half: s.half }); });
  $("move").addEventListener("click", () => {
    const s = state.selected; if (!s) return;
    setPin({ unit: s.unit, date: s.date, half: s.half, to_date: $("move-date").value, to_half: $("move-half").value });
  });
  $("publish").addEventListener("click", async () => {
    try { await api("POST", `/api/plans/${state.plan.id}/publish`); say(`Plan #${state.plan.id} publié.`); await loadPlans(state.plan.id); }
    catch (e) { say(e.message, true); }
  });
  $("reoptimise").addEventListener("click", async () => {
    try { follow(await api("POST", `/api/plans/${state.plan.id}/reoptimise`, { time_limit_s: Number($("run-limit").value) || 20 })); }
    catch (e) { say(e.message, true); }
  });
  $("run-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      follow(await api("POST", "/api/runs", { scenario_id: Number($("run-scenario").value), start: $("run-start").value || undefined,
        time_limit_s: Number($("run-limit").value) || 20 }));
    } catch (x) { say(x.message, true); }
  });
  loadPlans().catch((e) => say(e.message, true));
})();
