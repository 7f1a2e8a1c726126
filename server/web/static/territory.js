// The desk's territory editor: /plan/territoire creates a scenario, /plan/territoire/{id}/modifier
// edits version {id} of one. Each form saves through the JSON API
// (/api/scenarios/{id}/{kind}[/{item}]); a refused save shows each problem at its field
// (aria-invalid, aria-describedby, focus on the first), a saved one opens the new
// version. body[data-ready] is "1" once the page is wired: tests wait on it.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);

  async function api(method, path, body) {
    const opt = { method, headers: {}, credentials: "same-origin" };
    if (body !== undefined) { opt.headers["Content-Type"] = "application/json"; opt.body = JSON.stringify(body); }
    const res = await fetch(path, opt);
    const text = await res.text();
    let data = {};
    try { data = text ? JSON.parse(text) : {}; } catch (e) { data = { error: text }; }
    return { status: res.status, data };
  }

  function say(msg, isError) {
    const m = $("message");
    if (!m) return;
    m.textContent = msg;
    m.className = isError ? "error" : "ok";
  }

  // A message kept across the reload that opens a new version.
  function sayAfterReload(msg) { sessionStorage.setItem("territory-message", msg); }
  function sayPending() {
    const msg = sessionStorage.getItem("territory-message");
    if (msg) { sessionStorage.removeItem("territory-message"); say(msg); }
  }

  // The problems of a refused save, each at its field.
  function clearErrors(form) {
    for (const p of form.querySelectorAll(".field-error, .form-error")) { p.hidden = true; p.textContent = ""; }
    for (const box of form.querySelectorAll(".invalid")) box.classList.remove("invalid");
    for (const c of form.querySelectorAll("[aria-invalid]")) {
      c.removeAttribute("aria-invalid");
      const keep = (c.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && !id.endsWith("-err"));
      if (keep.length) c.setAttribute("aria-describedby", keep.join(" ")); else c.removeAttribute("aria-describedby");
    }
  }

  // fieldBox finds the element of a problem's field: the exact one, else its parent
  // (« unavailable.1.to » → « unavailable.1 » → « unavailable »).
  function fieldBox(form, field) {
    for (let f = field; f; f = f.includes(".") ? f.slice(0, f.lastIndexOf(".")) : "") {
      const box = form.querySelector(`[data-field="${CSS.escape(f)}"]`);
      if (box) return box;
    }
    return null;
  }

  function showProblems(form, message, problems) {
    clearErrors(form);
    let first = null;
    const general = [];
    for (const p of problems || []) {
      const box = p.field ? fieldBox(form, p.field) : null;
      const err = box && box.querySelector(":scope > .field-error, :scope .field-error");
      if (!box || !err) { general.push(p.message); continue; }
      if (!err.hidden) { err.textContent += " " + p.message; continue; }
      err.textContent = p.message;
      err.hidden = false;
      box.classList.add("invalid");
      const controls = box.matches("input, select") ? [box] : [...box.querySelectorAll("input:not([type=hidden]), select, textarea")];
      for (const c of controls) {
        c.setAttribute("aria-invalid", "true");
        const ids = (c.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (!ids.includes(err.id)) ids.push(err.id);
        c.setAttribute("aria-describedby", ids.join(" "));
      }
      if (!first && controls.length) first = controls[0];
    }
    const top = form.querySelector(".form-error");
    if (top) {
      top.textContent = [message].concat(general).filter(Boolean).join(" ");
      top.hidden = top.textContent === "";
    }
    if (first) first.focus();
    else if (top) { top.setAttribute("tabindex", "-1"); top.focus(); }
  }

  // --- The list page: create a scenario. ---
  function wireCreate() {
    const form = $("create-form");
    if (!form) return;
    const sync = () => {
      const builtin = form.querySelector("input[name=source]:checked").value === "builtin";
      $("create-dept-field").hidden = builtin;
      $("create-builtin-field").hidden = !builtin;
    };
    for (const r of form.querySelectorAll("input[name=source]")) r.addEventListener("change", sync);
    sync();
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const builtin = form.querySelector("input[name=source]:checked").value === "builtin";
      const body = { name: $("create-name").value, from: builtin ? $("create-builtin").value : "empty" };
      if (!builtin) body.department = $("create-department").value;
      $("create-btn").disabled = true;
      say("Création du territoire…");
      const { status, data } = await api("POST", "/api/scenarios", body);
      $("create-btn").disabled = false;
      if (status === 201) {
        sayAfterReload(data.message);
        location.assign(`/plan/territoire/${data.id}/modifier`);
        return;
      }
      say("");
      showProblems(form, data.error, data.problems);
    });
  }

  // --- The editor. ---
  const main = document.querySelector("main[data-scenario]");
  const view = main ? JSON.parse($("territory-data").textContent) : null;
  const byKind = view ? { organisations: view.organisations, units: view.units, staff: view.staff, sites: view.sites, services: view.services } : {};

  function opened(id, msg, anchor) {
    sayAfterReload(msg);
    location.assign(`/plan/territoire/${id}/modifier${anchor ? "#" + anchor : ""}`);
  }

  function halfDays(form, name) {
    return [...form.querySelectorAll(`input[type=checkbox][name="${name}"]:checked`)].map((c) => c.value).join(" ");
  }
  function setHalfDays(form, name, value) {
    const set = new Set();
    for (const tok of (value || "").split(/[\s,;]+/).filter(Boolean)) {
      if (tok.includes("-")) set.add(tok); else { set.add(tok + "-AM"); set.add(tok + "-PM"); }
    }
    for (const c of form.querySelectorAll(`input[type=checkbox][name="${name}"]`)) c.checked = set.has(c.value);
  }
  function checked(form, name) { return [...form.querySelectorAll(`input[type=checkbox][name="${name}"]:checked`)].map((c) => c.value); }
  function setChecked(form, name, values) { for (const c of form.querySelectorAll(`input[type=checkbox][name="${name}"]`)) c.checked = (values || []).includes(c.value); }
  function val(form, name) { const e = form.elements.namedItem(name); return e ? e.value : ""; }
  function setVal(form, name, v) { const e = form.elements.namedItem(name); if (e) e.value = v === undefined || v === null ? "" : v; }
  function num(form, name) { const v = val(form, name).trim(); return v === "" ? 0 : Number(v); }
  function words(s) { return (s || "").split(/[\s,;]+/).filter(Boolean); }

  // Date ranges: a row of two dates per absence.
  function addRange(fs, r) {
    const rows = fs.querySelector(".range-rows"), i = rows.children.length, form = fs.closest("form");
    const what = fs.dataset.what, pre = `${form.dataset.kind}-unavailable-${i}`;
    const row = document.createElement("div");
    row.className = "row range";
    row.dataset.field = `unavailable.${i}`;
    row.innerHTML = `<div class="field" data-field="unavailable.${i}.from"><label for="${pre}-from">Début</label> <input type="date" id="${pre}-from" class="r-from"><p class="field-error" id="${pre}-from-err" hidden></p></div>
      <div class="field" data-field="unavailable.${i}.to"><label for="${pre}-to">Fin</label> <input type="date" id="${pre}-to" class="r-to"><p class="field-error" id="${pre}-to-err" hidden></p></div>
      <button type="button" class="secondary r-del">Retirer cette ${what}</button><p class="field-error" id="${pre}-err" hidden></p>`;
    row.querySelector(".r-from").value = (r && r.from) || "";
    row.querySelector(".r-to").value = (r && r.to) || "";
    row.querySelector(".r-del").addEventListener("click", () => { row.querySelector(".r-from").value = ""; row.querySelector(".r-to").value = ""; row.hidden = true; });
    rows.append(row);
    return row;
  }
  function ranges(form) {
    const fs = form.querySelector(".ranges");
    if (!fs) return undefined;
    // Hidden rows are sent empty: the server skips them, and the indexes of the
    // others stay those of their fields.
    return [...fs.querySelectorAll(".range")].map((row) => ({ from: row.querySelector(".r-from").value, to: row.querySelector(".r-to").value }));
  }
  function setRanges(form, list) {
    const fs = form.querySelector(".ranges");
    if (!fs) return;
    fs.querySelector(".range-rows").replaceChildren();
    for (const r of list || []) addRange(fs, r);
  }

  // Commune searches: a search box, its results as buttons, the chosen INSEE code.
  function wirePick(box) {
    const q = box.querySelector("input[type=search]"), hidden = box.querySelector("input[type=hidden]");
    const picked = box.querySelector(".picked"), list = box.querySelector(".picks");
    let timer = 0, seq = 0;
    box.choose = (c) => {
      hidden.value = c ? c.insee : "";
      picked.textContent = c ? `Commune choisie : ${c.name}${c.department ? " (" + c.department + ")" : ""}.` : "Aucune commune choisie.";
      list.replaceChildren();
      if (c) q.value = c.name;
      box.dispatchEvent(new CustomEvent("picked", { detail: c }));
    };
    q.addEventListener("input", () => {
      clearTimeout(timer);
      const text = q.value.trim();
      if (!text) { list.replaceChildren(); return; }
      timer = setTimeout(async () => {
        const mine = ++seq;
        const { status, data } = await api("GET", `/api/scenarios/${view.id}/communes?q=${encodeURIComponent(text)}`);
        if (mine !== seq) return;
        list.replaceChildren();
        if (status !== 200) return;
        if (!data.communes.length) {
          const li = document.createElement("li");
          li.className = "muted";
          li.textContent = "Aucune commune de ce territoire ne correspond.";
          list.append(li);
        }
        for (const c of data.communes) {
          const li = document.createElement("li"), b = document.createElement("button");
          b.type = "button"; b.className = "secondary pick";
          b.textContent = `${c.name} (${(c.postal_codes || [])[0] || c.insee})${c.in_need ? " — en besoin" : ""}`;
          b.dataset.insee = c.insee;
          b.addEventListener("click", () => { box.choose(c); q.focus(); });
          li.append(b);
          list.append(li);
        }
        // The query these results answer: a test (or a script) waits on it.
        list.dataset.query = text;
      }, 150);
    });
  }
  function setPick(form, field, insee, name) {
    const box = form.querySelector(`.commune-pick[data-field="${field}"]`);
    if (box) box.choose(insee ? { insee, name: name || insee } : null);
  }

  // body reads a form as the API's body of its kind.
  function body(form) {
    switch (form.dataset.kind) {
      case "organisations":
        return { name: val(form, "name"), kind: val(form, "kind"), phone: val(form, "phone"), booking: val(form, "booking"), base: val(form, "base") };
      case "units":
        return { name: val(form, "name"), base: val(form, "base"), organisation: val(form, "organisation"), days: halfDays(form, "units-days"),
          shift_start: val(form, "shift_start"), shift_end: val(form, "shift_end"), max_drive_min: num(form, "max_drive_min"),
          equipment: checked(form, "equipment"), driver: val(form, "driver"), unavailable: ranges(form),
          staff_join: form.elements.namedItem("staff_join").checked };
      case "staff":
        return { name: val(form, "name"), role: val(form, "role"), availability: halfDays(form, "staff-availability"), units: checked(form, "units"),
          organisation: val(form, "organisation"), max_sessions_per_week: num(form, "max_sessions_per_week"), unavailable: ranges(form),
          // The placement and supervisor of an intern only: hidden otherwise.
          intern: form.elements.namedItem("intern").checked, supervisor: form.elements.namedItem("intern").checked ? val(form, "supervisor") : "",
          placement: form.elements.namedItem("intern").checked && (val(form, "placement_from") || val(form, "placement_to"))
            ? { from: val(form, "placement_from"), to: val(form, "placement_to") } : undefined };
      case "sites": {
        const b = { insee: val(form, "insee"), name: val(form, "name"), allowed: halfDays(form, "sites-allowed"), per_week: num(form, "per_week") };
        if (form.dataset.lat) { b.lat = Number(form.dataset.lat); b.lon = Number(form.dataset.lon); }
        return b;
      }
      default:
        return { name: val(form, "name"), roles: words(val(form, "roles")), equipment: words(val(form, "equipment")),
          consult_min: num(form, "consult_min"), rate_per_year: num(form, "rate_per_year"), remote: form.dataset.remote ? words(form.dataset.remote) : [],
          assistant_extra: Number(form.dataset.assistantExtra || 0) };
    }
  }

  // fill shows entity it (null: a new one) in its kind's form.
  function fill(form, it) {
    form.filling = true;
    form.reset();
    form.filling = false;
    delete form.dataset.template;
    clearErrors(form);
    delete form.dataset.lat; delete form.dataset.lon; delete form.dataset.remote; delete form.dataset.assistantExtra;
    form.dataset.item = it ? it.id : "";
    const h = form.querySelector("h3");
    h.textContent = it ? `${h.dataset.edit} « ${it.name} »` : h.dataset.new;
    setRanges(form, it && it.unavailable);
    for (const box of form.querySelectorAll(".commune-pick")) box.choose(null);
    fillEntity(form, it);
    form.dispatchEvent(new Event("filled"));
  }
  function fillEntity(form, it) {
    if (!it) return;
    switch (form.dataset.kind) {
      case "organisations":
        for (const k of ["name", "kind", "phone", "booking"]) setVal(form, k, it[k]);
        setPick(form, "base", it.base);
        break;
      case "units":
        for (const k of ["name", "organisation", "shift_start", "shift_end", "max_drive_min", "driver"]) setVal(form, k, it[k]);
        setPick(form, "base", it.base, it.base_name);
        setHalfDays(form, "units-days", it.days);
        setChecked(form, "equipment", it.equipment);
        form.elements.namedItem("staff_join").checked = false;
        break;
      case "staff":
        for (const k of ["name", "role", "max_sessions_per_week", "supervisor"]) setVal(form, k, it[k]);
        setHalfDays(form, "staff-availability", it.availability);
        setChecked(form, "units", it.units);
        form.elements.namedItem("intern").checked = !!it.intern;
        setVal(form, "placement_from", it.placement && it.placement.from);
        setVal(form, "placement_to", it.placement && it.placement.to);
        break;
      case "sites":
        setVal(form, "name", it.name);
        setVal(form, "per_week", it.per_week || 1);
        setPick(form, "insee", it.insee, it.commune);
        setHalfDays(form, "sites-allowed", it.allowed);
        form.dataset.lat = it.lat; form.dataset.lon = it.lon;
        break;
      default:
        fillService(form, it);
    }
  }
  function fillService(form, it) {
    setVal(form, "name", it.name);
    setVal(form, "roles", (it.roles || []).join(" "));
    setVal(form, "equipment", (it.equipment || []).join(" "));
    setVal(form, "consult_min", it.consult_min);
    setVal(form, "rate_per_year", it.rate_per_year);
    form.dataset.remote = (it.remote || []).join(" ");
    form.dataset.assistantExtra = it.assistant_extra || 0;
  }

  async function save(form) {
    const kind = form.dataset.kind, item = form.dataset.item || form.dataset.template || "";
    const path = `/api/scenarios/${view.id}/${kind}` + (item ? "/" + encodeURIComponent(item) : "");
    const btn = form.querySelector("button[type=submit]");
    btn.disabled = true;
    say("Vérification et enregistrement…");
    const { status, data } = await api(item ? "PUT" : "POST", path, body(form));
    btn.disabled = false;
    if (status === 200) { opened(data.id, data.message, "s-" + kind); return; }
    say(status === 409 ? "Enregistrement refusé : le scénario a changé entre-temps." : "Enregistrement refusé : corrigez le formulaire.", true);
    showProblems(form, data.error, data.problems);
    if (status === 409 && data.current_id) {
      const top = form.querySelector(".form-error"), a = document.createElement("a");
      a.href = `/plan/territoire/${data.current_id}/modifier`;
      a.textContent = ` Ouvrir la version ${data.current_version}.`;
      top.append(a);
    }
  }

  async function remove(kind, id) {
    const it = (byKind[kind] || []).find((x) => x.id === id);
    if (!confirm(`Retirer « ${it ? it.name : id} » du scénario ? Vous pourrez annuler.`)) return;
    const { status, data } = await api("DELETE", `/api/scenarios/${view.id}/${kind}/${encodeURIComponent(id)}`);
    if (status === 200) { opened(data.id, data.message, "s-" + kind); return; }
    say(data.error + " " + (data.problems || []).map((p) => p.message).join(" "), true);
  }

  async function undo() {
    $("undo").disabled = true;
    const { status, data } = await api("POST", `/api/scenarios/${view.id}/undo`);
    if (status === 200) { opened(data.id, data.message); return; }
    $("undo").disabled = false;
    say(data.error, true);
  }

  function wireMap() {
    const el = $("t-map");
    if (!el || !window.L) return;
    const map = MedibusMap.base(el, { minZoom: 5 });
    const depts = new Set(view.departments);
    const layer = L.featureGroup().addTo(map);
    MedibusMap.departments(map, (f) => depts.has(f.properties.code)
      ? { color: "#5a5a5a", weight: 1.5, fillColor: "#ffffff", fillOpacity: 1 } : { color: "#8c8c8c", weight: 1, fillColor: "#f2f2f2", fillOpacity: 1 })
      .then((g) => {
        const mine = L.featureGroup(g.getLayers().filter((l) => depts.has(l.feature.properties.code)));
        const b = layer.getLayers().length ? layer.getBounds() : mine.getLayers().length ? mine.getBounds() : null;
        if (b) map.fitBounds(b.pad(0.1)); else map.setView([46.6, 2.4], 5);
        el.dataset.ready = "1";
      });
    for (const s of view.sites || []) {
      L.circleMarker([s.lat, s.lon], { radius: 6, color: "#1b4f8a", fillColor: "#1b4f8a", fillOpacity: 0.8 })
        .bindTooltip(MedibusMap.text(s.name)).addTo(layer);
    }
    const form = $("f-sites"), box = form.querySelector(".commune-pick");
    let chosen = null;
    map.on("click", async (ev) => {
      const { status, data } = await api("GET", `/api/scenarios/${view.id}/communes?lat=${ev.latlng.lat}&lon=${ev.latlng.lng}`);
      if (status !== 200 || !data.communes.length) { say("Aucune commune de ce territoire près de ce point : cliquez plus près, ou cherchez-la.", true); return; }
      const c = data.communes[0];
      fill(form, null);
      box.choose(c);
      form.dataset.lat = ev.latlng.lat; form.dataset.lon = ev.latlng.lng;
      if (chosen) chosen.remove();
      chosen = L.circleMarker(ev.latlng, { radius: 7, color: "#8a5a00", fillColor: "#f0a500", fillOpacity: 1 }).addTo(map);
      say(`Nouveau lieu à ${c.name} : choisissez ses demi-journées, puis enregistrez.`);
      form.scrollIntoView({ block: "start" });
    });
    // A commune chosen by the search puts the site at its commune, not at an earlier click.
    box.addEventListener("picked", () => { delete form.dataset.lat; delete form.dataset.lon; });
  }

  function wireEditor() {
    if (!view) return;
    for (const box of document.querySelectorAll(".commune-pick")) wirePick(box);
    for (const fs of document.querySelectorAll(".ranges")) fs.querySelector(".add-range").addEventListener("click", () => addRange(fs).querySelector("input").focus());
    for (const form of document.querySelectorAll("form.edit")) {
      form.addEventListener("submit", (ev) => { ev.preventDefault(); save(form); });
      form.addEventListener("reset", () => { if (!form.filling) setTimeout(() => fill(form, null)); });
    }
    for (const b of document.querySelectorAll("[data-edit]")) {
      b.addEventListener("click", () => {
        const form = $("f-" + b.dataset.edit), it = byKind[b.dataset.edit].find((x) => x.id === b.dataset.item);
        fill(form, it);
        form.scrollIntoView({ block: "start" });
        form.querySelector("input:not([type=hidden]), select").focus();
      });
    }
    for (const b of document.querySelectorAll("[data-remove]")) b.addEventListener("click", () => remove(b.dataset.remove, b.dataset.item));
    const tpl = $("services-template");
    if (tpl) tpl.addEventListener("change", () => {
      const form = $("f-services"), t = view.service_templates.find((x) => x.id === tpl.value);
      form.dataset.template = t ? t.id : "";
      if (t) fillService(form, t);
    });
    // An intern's placement and supervisor show only for an intern.
    const intern = $("staff-intern"), internPart = $("staff-intern-part");
    const syncIntern = () => { internPart.hidden = !intern.checked; };
    intern.addEventListener("change", syncIntern);
    $("f-staff").addEventListener("filled", syncIntern);
    syncIntern();
    if ($("undo")) $("undo").addEventListener("click", undo);
    if (view.latest_id !== view.id) for (const b of document.querySelectorAll("form.edit button[type=submit]")) b.disabled = true;
    wireMap();
  }

  wireCreate();
  wireEditor();
  sayPending();
  document.body.dataset.ready = "1";
})();
