// Médicobus planning desk, the part that changes plans: moves (to another half-day,
// professional or site) and pins checked before they are stored, breakdowns and
// absences, closures, scenario files, and publication with its summary of changes and
// the list of people to tell. Each result is said next to the control that asked.
"use strict";
(function () {
  const P = window.Planning, { $, el, api, say, state, halfFr, dateLabel, unitOf, staffOf, nf } = P;

  // Selection and moves.
  document.addEventListener("slot-selected", (e) => select(e.detail.session, e.detail.button));
  document.addEventListener("slot-dropped", (e) => {
    const { unit, date, half, to } = e.detail;
    if (unit !== to.unit) { say("Une séance ne se glisse que sur le même bus : choisissez une demi-journée de sa ligne, ou choisissez la séance pour la déplacer.", true, "pins-status"); return; }
    setPin({ unit, date, half, to_date: to.date, to_half: to.half });
  });
  document.addEventListener("plan-shown", () => { $("verdict").replaceChildren(); fillReplanWho(); fillDated(); fillPublication(); loadClosures().catch((e) => say(e.message, true, "closure-status")); });

  function select(s, button) {
    document.querySelectorAll(".slot.selected").forEach((b) => b.classList.remove("selected"));
    button.classList.add("selected");
    state.selected = s;
    $("selection").hidden = false;
    $("verdict").replaceChildren();
    $("sel-title").textContent = `${unitOf(s.unit).name} — ${dateLabel(s.date)}, ${halfFr(s.half)}`;
    $("sel-detail").textContent = `${s.service_name} à ${s.site_name}, ${s.start}–${s.end}, avec ${s.staff_names.join(", ")}`;
    const md = $("move-date"); md.replaceChildren();
    for (const d of state.detail.dates) md.append(el("option", { value: d.date }, d.label + (d.holiday ? ` (${d.holiday})` : "")));
    md.value = s.date; $("move-half").value = s.half;
    // Professionals of the same profession who may work on this bus.
    const role = staffOf(s.staff[0]).role;
    const ms = $("move-staff"); ms.replaceChildren();
    for (const m of state.detail.staff.filter((m) => m.role === role && m.units.includes(s.unit))) ms.append(el("option", { value: m.id }, m.name));
    ms.value = s.staff[0];
    $("move-site-q").value = "";
    fillSites(s).catch((e) => say(e.message, true, "verdict"));
    $("sel-title").scrollIntoView({ block: "nearest" });
  }

  // Another site: the scenario's sites of the bus's region, chosen by commune name;
  // the text field narrows the list.
  const sitesOf = new Map();
  async function fillSites(s) {
    const key = `${state.plan.id}|${s.unit}`;
    if (!sitesOf.has(key)) sitesOf.set(key, (await api("GET", `/api/plans/${state.plan.id}/sites?unit=${encodeURIComponent(s.unit)}`)).sites);
    if (state.selected !== s) return;
    const q = $("move-site-q").value.trim().toLocaleLowerCase("fr"), sel = $("move-site");
    sel.replaceChildren(el("option", { value: "" }, `le même lieu (${s.site_commune || s.site_name})`));
    const label = (x) => x.name.toLocaleLowerCase("fr").includes(x.commune.toLocaleLowerCase("fr")) ? x.name : `${x.commune} — ${x.name}`;
    for (const x of sitesOf.get(key)) {
      if (x.id === s.site || (q && !x.commune.toLocaleLowerCase("fr").includes(q) && !x.name.toLocaleLowerCase("fr").includes(q))) continue;
      sel.append(el("option", { value: x.id }, label(x)));
    }
    if (q && sel.options.length > 1) sel.selectedIndex = 1;
  }
  $("move-site-q").addEventListener("input", () => { if (state.selected) fillSites(state.selected).catch((e) => say(e.message, true, "verdict")); });

  function moveRequest() {
    const s = state.selected;
    const req = { unit: s.unit, date: s.date, half: s.half, to_date: $("move-date").value, to_half: $("move-half").value };
    if ($("move-staff").value && $("move-staff").value !== s.staff[0]) req.to_staff = [$("move-staff").value, ...s.staff.slice(1)];
    if ($("move-site").value) req.to_site = $("move-site").value;
    return req;
  }

  // showVerdict says why a move is refused, with the moves that would work as buttons,
  // or what an accepted move will change.
  function showVerdict(vd, stored) {
    const box = $("verdict");
    if (!vd.ok) {
      const alt = vd.alternatives, who = vd.pin.staff.map((id) => staffOf(id).name).join(", ");
      const when = `${dateLabel(vd.pin.date)} ${halfFr(vd.pin.half)}`;
      const staffAlts = alt.staff.map((o) => el("li", {}, el("button", { type: "button", class: "secondary", onclick: () => applyAlt({ to_staff: o.staff }) }, o.label),
        (o.current ? " (comme prévu)" : "") + (o.free ? "" : " (déjà prévu ailleurs ce créneau)")));
      const slotAlts = alt.slots.map((o) => el("li", {}, el("button", { type: "button", class: "secondary", onclick: () => applyAlt({ to_date: o.date, to_half: o.half }) }, o.label),
        o.free ? " (libre)" : " (remplace la séance prévue)"));
      box.replaceChildren(el("div", { class: "verdict refused" },
        el("p", {}, el("strong", {}, "Déplacement refusé, rien n'a été enregistré.")),
        el("ul", {}, ...vd.refusals.map((r) => el("li", {}, r.message))),
        staffAlts.length || slotAlts.length ? el("p", {}, "Ce qui serait accepté :") : el("p", {}, "Aucune autre demi-journée ni aucun autre professionnel ne conviendrait pour cette séance."),
        staffAlts.length ? el("p", { class: "alt-head" }, `Le ${when}, avec :`) : null,
        staffAlts.length ? el("ul", { class: "alternatives" }, ...staffAlts) : null,
        slotAlts.length ? el("p", { class: "alt-head" }, `Avec ${who}, un autre jour :`) : null,
        slotAlts.length ? el("ul", { class: "alternatives" }, ...slotAlts) : null));
      return;
    }
    box.replaceChildren(el("div", { class: "verdict accepted" },
      el("p", {}, el("strong", {}, stored ? "Séance épinglée : ré-optimisez pour replanifier autour." : "Ce déplacement serait accepté.")),
      vd.warnings.length ? el("ul", {}, ...vd.warnings.map((w) => el("li", {}, w.message))) : null));
  }

  // applyAlt pins an alternative the desk offered: the move asked, with the change.
  async function applyAlt(change) {
    await setPin(Object.assign(moveRequest(), change));
  }

  async function setPin(body) {
    try {
      const vd = await api("POST", `/api/plans/${state.plan.id}/pins`, body, { "If-Match": `"p${state.pinsRevision}"` });
      await P.showPlan(state.plan.id);
      $("selection").hidden = false;
      showVerdict(vd, true);
    } catch (e) {
      $("selection").hidden = false;
      if (e.data && e.data.refusals) showVerdict(e.data, false);
      else {
        if (e.status === 409) { await P.showPlan(state.plan.id); $("selection").hidden = false; }
        $("verdict").replaceChildren(el("div", { class: "verdict refused" }, el("p", {}, e.message)));
      }
    }
  }

  $("check").addEventListener("click", async () => {
    try { showVerdict(await api("POST", `/api/plans/${state.plan.id}/pins/check`, moveRequest()), false); }
    catch (e) { $("verdict").replaceChildren(el("div", { class: "verdict refused" }, el("p", {}, e.message))); }
  });
  $("move").addEventListener("click", () => { if (state.selected) setPin(moveRequest()); });
  $("pin").addEventListener("click", () => { const s = state.selected; if (s) setPin({ unit: s.unit, date: s.date, half: s.half }); });
  $("reoptimise").addEventListener("click", async () => {
    try { P.follow(await api("POST", `/api/plans/${state.plan.id}/reoptimise`, { time_limit_s: Number($("run-limit").value) || 20 }), "pins-status"); }
    catch (e) { say(e.message, true, "pins-status"); }
  });

  // Breakdowns and absences.
  function fillReplanWho() {
    const who = $("replan-who"), kind = $("replan-kind").value, keep = who.value;
    who.replaceChildren();
    if (kind === "unit") for (const u of state.detail.units) who.append(el("option", { value: u.id }, u.name));
    else for (const m of state.detail.staff.filter((m) => state.sessions.some((s) => s.staff.includes(m.id)))) who.append(el("option", { value: m.id }, `${m.name}, ${m.role_label}`));
    if ([...who.options].some((o) => o.value === keep)) who.value = keep;
    // A change is of the days to come, on the published calendar.
    $("replan-from").min = $("replan-to").min = state.detail.today;
    if (!$("replan-from").value) $("replan-from").value = state.detail.today;
  }
  $("replan-kind").addEventListener("change", fillReplanWho);

  // The dated changes stored (breakdowns, absences), latest first, each one click away.
  function fillDated() {
    const ul = $("dated"), changes = state.plans.filter((p) => p.kind === "change").reverse();
    ul.replaceChildren();
    if (!changes.length) ul.append(el("li", {}, "Aucun changement daté : déclarez une panne ou une absence ci-dessous."));
    for (const p of changes) {
      const c = p.change || {}, days = (c.days || []).length;
      const text = `n° ${p.id} (${P.statusFr[p.status] || p.status}) — ${c.reason || "changement"}, du ${frDate(c.from)} au ${frDate(c.to)}, ${days} jour${days > 1 ? "s" : ""}-bus remplacé${days > 1 ? "s" : ""}`;
      ul.append(el("li", {}, p.id === state.plan.id ? el("strong", {}, text + " (affiché)") : el("a", { href: `/plan?view=changements&plan=${p.id}`, onclick: (e) => {
        e.preventDefault(); history.pushState(null, "", `/plan?view=changements&plan=${p.id}`);
        $("plan-select").value = String(p.id); P.showPlan(p.id).catch((x) => say(x.message, true, "replan-status"));
      } }, text)));
    }
  }
  $("replan-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const from = $("replan-from").value, to = $("replan-to").value || from, ref = state.plan.id;
    const who = { id: $("replan-who").value, from, to };
    const body = { fill: $("replan-fill").checked, time_limit_s: Number($("run-limit").value) || 20 };
    body[$("replan-kind").value === "unit" ? "unavailable" : "absent"] = [who];
    try {
      P.follow(await api("POST", `/api/plans/${ref}/replan`, body), "replan-status", async (st) => showChanges($("replan-result"), await api("GET", `/api/plans/${st.plan_id}/changes`)));
    } catch (x) { say(x.message, true, "replan-status"); }
  });

  // changeList describes what a plan changes of what people see: against the
  // published calendar (the default), or against another plan.
  function frDate(d) { return new Date(d + "T12:00:00").toLocaleDateString("fr-FR", { weekday: "long", day: "numeric", month: "long", year: "numeric" }); }
  function changeList(ch, max) {
    const s = ch.summary;
    const head = ch.against_id ? `Par rapport au plan n° ${ch.against_id}` : `Par rapport au planning publié, du ${frDate(ch.from)} au ${frDate(ch.to)}`;
    const out = [el("p", {}, s.reference_sessions ? `${head} : ${s.kept} séances inchangées, ${s.restaffed} avec un autre professionnel, ${s.moved} sur un autre bus, ${s.retimed} à d'autres horaires, ${s.cancelled} annulées, ${s.added} ajoutées.`
      : `Rien n'était publié pour ces bus à ces dates : ses ${s.added} séances sont toutes nouvelles.`)];
    for (const r of ch.replaces || []) {
      out.push(el("p", {}, `Remplace, pour ${r.units.length > 4 ? r.units.length + " bus" : r.units.map((id) => unitOf(id).name).join(", ")} et à partir du ${frDate(ch.effective)}, le planning n° ${r.plan_id} (${r.scenario})${r.by ? ", publié par " + r.by : ""}.`));
    }
    if (ch.changes.length && s.reference_sessions) {
      // Scrollable when long: focusable and named, so that a keyboard reaches it.
      out.push(el("ul", { class: "changes", tabindex: "0", "aria-label": "Séances qui changent" }, ...ch.changes.slice(0, max).map((c) => el("li", {}, `${c.date_label}, ${c.half} — ${c.service_name} à ${c.site_name} : ${c.kind_label}` +
        (c.kind === "moved" ? ` (${c.after.unit_name})` : c.kind === "restaffed" ? ` (${c.after.staff_names.join(", ")})` : c.kind === "retimed" ? ` (${c.after.start}–${c.after.end})` : "")))));
      if (ch.changes.length > max) out.push(el("p", { class: "muted" }, `… et ${ch.changes.length - max} autres changements.`));
    }
    const lose = ch.communes.filter((c) => c.after < c.before), gain = ch.communes.filter((c) => c.after > c.before);
    if (s.reference_sessions && (lose.length || gain.length)) {
      const line = (c) => `${c.name} (${c.before} → ${c.after} séance${c.after > 1 ? "s" : ""})`;
      if (lose.length) out.push(el("p", {}, el("strong", {}, "Communes qui perdent des passages : "), lose.map(line).join(", ")));
      if (gain.length) out.push(el("p", {}, el("strong", {}, "Communes qui en gagnent : "), gain.map(line).join(", ")));
    }
    if (s.reference_sessions && ch.drivers.length) out.push(el("p", {}, el("strong", {}, "Conducteurs concernés : "), ch.drivers.map((d) => `${d.name} (${d.dates.join(", ")})`).join(" ; ")));
    for (const c of ch.closures_ahead || []) out.push(el("p", { class: "warning" }, el("strong", {}, "Route fermée à venir : "), c.text));
    return out;
  }
  function showChanges(box, ch) { box.replaceChildren(el("h3", {}, `${ch.kind === "change" ? "Changement" : "Plan"} n° ${ch.plan_id} : ce qui change`), ...changeList(ch, 30)); }

  // Publication: the summary, read at a revision of what is published; the
  // confirmation names that revision, so that a publication made meanwhile by someone
  // else is refused (409) and the summary shown again; then who to tell.
  async function showPublishSummary(note) {
    const ch = await api("GET", `/api/plans/${state.plan.id}/changes`);
    state.publishRevision = ch.revision;
    const isChange = state.plan.kind === "change";
    $("publish-h").textContent = isChange ? `Publier le changement n° ${state.plan.id} ?` : `Publier le plan n° ${state.plan.id} ?`;
    $("publish-summary").replaceChildren(...(note ? [el("p", { class: "error", role: "alert" }, note)] : []), ...changeList(ch, 15),
      el("p", {}, isChange ? "Une fois publié, ce changement est figé : les patients, les calendriers et les conducteurs voient aussitôt ces jours-là changés ; les autres jours ne changent pas."
        : `Une fois publié, le plan est figé : il remplace, pour ses bus et à partir du ${frDate(ch.effective)}, le planning publié ; les dates passées ne changent pas.`));
  }
  // fillPublication says what publishing the plan on show would do, or why it cannot.
  function fillPublication() {
    const p = state.plan, mine = state.detail.units.filter((u) => u.may_change).length;
    $("pub-text").textContent = p.status !== "draft" ? `Le plan n° ${p.id} est ${P.statusFr[p.status] || p.status}, donc figé : ré-optimisez-le (onglet « Grilles ») pour obtenir un brouillon à publier.`
      : `Le plan n° ${p.id} est un brouillon. Le publier le rend visible des patients, des calendriers et des conducteurs pour ${mine === state.detail.units.length ? "ses " + mine + " bus" : mine + " bus de votre ressort sur " + state.detail.units.length} ; vous verrez d'abord ce qui change.`;
    if (!$("publish-status").classList.contains("keep")) $("publish-status").textContent = "";
    $("publish-status").classList.remove("keep");
  }
  $("publish").addEventListener("click", async () => {
    try {
      await showPublishSummary();
      $("publish-dialog").showModal();
      document.body.dataset.dialog = "publish";
    } catch (e) { say(e.message, true, "publish-status"); }
  });
  $("publish-cancel").addEventListener("click", () => { $("publish-dialog").close(); document.body.dataset.dialog = ""; });
  $("publish-confirm").addEventListener("click", async () => {
    const id = state.plan.id;
    try {
      const done = await api("POST", `/api/plans/${id}/publish`, { revision: state.publishRevision });
      $("publish-dialog").close(); document.body.dataset.dialog = "";
      const msg = state.plan.kind === "change" ? `Changement n° ${id} publié.` : `Plan n° ${id} publié pour ${done.units.length} bus à partir du ${frDate(done.effective)}.`;
      $("after-publish").hidden = false;
      $("after-text").textContent = "Prévenez les mairies et les conducteurs de ce qui change par rapport à ce qui était publié.";
      $("notice-link").href = `/plan/${id}/notice`;
      $("notice-csv").href = `/api/plans/${id}/notice.csv`;
      await P.loadPlans(id);
      say(msg, false, "publish-status"); $("publish-status").classList.add("keep");
    } catch (e) {
      if (e.status === 409) {
        // Someone published meanwhile: show what the publication would change now.
        try { await showPublishSummary(e.message); } catch (x) { $("publish-dialog").close(); say(x.message, true, "publish-status"); }
        return;
      }
      $("publish-dialog").close(); say(e.message, true, "publish-status");
    }
  });

  // Closures.
  async function loadClosures() {
    const dept = $("closure-dept"), site = $("closure-site");
    if (dept.options.length === 1) {
      const seen = new Map(state.detail.units.map((u) => [u.department, u.department_name]));
      for (const [code, name] of [...seen].sort()) dept.append(el("option", { value: code }, `${name} (${code})`));
    }
    site.replaceChildren(el("option", { value: "" }, "tous"));
    for (const s of (state.detail.sites || []).slice().sort((a, b) => a.name.localeCompare(b.name, "fr"))) site.append(el("option", { value: s.id }, s.name));
    const { closures } = await api("GET", "/api/closures");
    const ul = $("closures"); ul.replaceChildren();
    if (!closures.length) ul.append(el("li", {}, "Aucune fermeture déclarée."));
    for (const c of closures) {
      const dept = [...$("closure-dept").options].find((o) => o.value === c.department);
      const where = c.site ? ((state.detail.sites || []).find((s) => s.id === c.site) || { name: c.site }).name : c.department ? `département : ${dept ? dept.textContent : c.department}` : "tous les lieux";
      ul.append(el("li", {}, `Du ${c.from} au ${c.to}, ${where} : ${c.reason} `, el("button", { type: "button", class: "secondary", onclick: async () => {
        try { await api("DELETE", `/api/closures/${c.id}`); await loadClosures(); say("Fermeture retirée.", false, "closure-status"); } catch (e) { say(e.message, true, "closure-status"); }
      } }, "Retirer")));
    }
  }
  $("closure-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      await api("POST", "/api/closures", { from: $("closure-from").value, to: $("closure-to").value || undefined,
        department: $("closure-dept").value || undefined, site: $("closure-site").value || undefined, reason: $("closure-reason").value });
      await loadClosures();
      say("Fermeture déclarée : les pages des patients, les calendriers et les feuilles de route l'appliquent.", false, "closure-status");
    } catch (x) { say(x.message, true, "closure-status"); }
  });

  // Scenario files.
  $("upload-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const fd = new FormData();
    fd.append("kind", $("upload-kind").value);
    fd.append("file", $("upload-file").files[0]);
    const box = $("upload-result");
    try {
      const r = await api("POST", `/api/scenarios/${$("upload-scenario").value}/files`, fd);
      const warnings = r.warnings || [];
      box.replaceChildren(...[el("p", {}, r.message + (r.unchanged ? " (contenu identique à la version actuelle)" : " Choisissez-le dans « Optimiser » pour planifier.")),
        r.need ? el("p", {}, r.need[0].toUpperCase() + r.need.slice(1) + ".") : null,
        warnings.length ? el("div", { class: "verdict", role: "alert" }, el("p", {}, "À vérifier :"), el("ul", {}, ...warnings.map((w) => el("li", {}, el("code", {}, w))))) : null].filter(Boolean));
      await P.loadPlans(state.plan && state.plan.id);
      $("run-scenario").value = String(r.id);
    } catch (x) {
      const probs = (x.data && x.data.problems) || [];
      box.replaceChildren(el("div", { class: "verdict refused" }, el("p", {}, x.message), probs.length ? el("ul", {}, ...probs.map((p) => el("li", {}, el("code", {}, p)))) : null));
    }
  });
})();
