// Static site (medibus site): the home page's search, run in the browser on the index
// of communes as the live server runs it (server/search.go): five digits are a postal
// code (or an INSEE code); otherwise the name is folded as the server folds it (accents,
// case, hyphens and apostrophes ignored): exact names first, larger communes first,
// then names that start with it, then, from three letters, names that contain it.
"use strict";
(function () {
  const form = document.querySelector("form.search[data-index]");
  const out = document.getElementById("search-results");
  if (!form || !out) return;
  const input = form.querySelector("#q");
  const limit = 20;
  let index = null;

  function load() {
    if (!index) {
      index = fetch(form.dataset.index).then((r) => {
        if (!r.ok) throw new Error("index: " + r.status);
        return r.json();
      });
    }
    return index;
  }

  // normalize is server/search.go's normalize, abbreviations spelled out.
  const abbreviations = { st: "saint", ste: "sainte", sts: "saints", stes: "saintes" };
  function normalize(s) {
    return s.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC")
      .replace(/[œŒ]/g, "oe").replace(/[æÆ]/g, "ae").toLowerCase()
      .split(/[^\p{L}\p{Nd}]+/u).filter(Boolean).map((w) => abbreviations[w] || w).join(" ");
  }

  // notFound is server/search.go's notFound.
  const overseas = { "971": "la Guadeloupe", "972": "la Martinique", "973": "la Guyane", "974": "La Réunion", "975": "Saint-Pierre-et-Miquelon",
    "976": "Mayotte", "977": "Saint-Barthélemy", "978": "Saint-Martin", "986": "Wallis-et-Futuna", "987": "la Polynésie française", "988": "la Nouvelle-Calédonie" };
  function notFound(q) {
    if (/^[0-9]{5}$/.test(q)) {
      const where = overseas[q.slice(0, 3)];
      if (where) return `Le code postal ${q} est celui d'une commune de ${where} : les médicobus de ce service circulent en France métropolitaine seulement.`;
      if (q.startsWith("980")) return `Le code postal ${q} est celui de Monaco : les médicobus de ce service circulent en France métropolitaine seulement.`;
      return `Aucune commune de France métropolitaine n'a le code postal ${q} : vérifiez-le, ou cherchez par le nom de la commune.`;
    }
    return `Aucune commune ne s'appelle « ${q} » ni ne commence ainsi : vérifiez l'orthographe (accents, majuscules et traits d'union ne comptent pas ; « St » vaut « Saint »), ou cherchez par le code postal.`;
  }

  // find is communeIndex.find: up to limit rows of the index ([insee, name, postal
  // codes, department, folded name]).
  function find(ix, q) {
    q = q.trim();
    const cs = ix.communes;
    if (/^[0-9]{5}$/.test(q)) {
      let hits = cs.filter((c) => c[2].split(" ").includes(q));
      if (hits.length === 0) hits = cs.filter((c) => c[0] === q);
      return hits.slice(0, limit);
    }
    const key = normalize(q);
    if (key === "") return [];
    const exact = [], prefix = [];
    for (const i of ix.by_name) {
      const k = cs[i][4];
      if (k === key) exact.push(i);
      else if (k.startsWith(key) && prefix.length < limit) prefix.push(i);
    }
    const seen = new Set();
    const hits = [];
    for (const i of exact.concat(prefix)) {
      if (hits.length === limit) return hits;
      seen.add(i);
      hits.push(cs[i]);
    }
    // The server counts bytes of UTF-8.
    if (new TextEncoder().encode(key).length < 3) return hits;
    for (const i of ix.by_name) {
      if (hits.length === limit) break;
      if (!seen.has(i) && cs[i][4].includes(key)) {
        seen.add(i);
        hits.push(cs[i]);
      }
    }
    return hits;
  }

  function url(c) { return "/communes/" + encodeURIComponent(c[0]) + "/"; }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    children.forEach((c) => e.append(c));
    return e;
  }

  // show lists the communes found, as the live server's home page does.
  function show(q, hits) {
    out.replaceChildren();
    if (hits.length === 0) {
      out.append(el("p", { role: "status" }, notFound(q)));
      return;
    }
    const ul = el("ul", { class: "results" });
    hits.forEach((c) => {
      const pcs = c[2].split(" ").join(", ");
      ul.append(el("li", {}, el("a", { href: url(c) }, c[1]), " ", el("span", { class: "muted" }, `(${pcs} — dép. ${c[3]})`)));
    });
    out.append(el("h2", {}, "Communes trouvées"), ul);
  }

  async function search(q, go) {
    if (q.trim() === "") return;
    try {
      const hits = find(await load(), q);
      if (go && hits.length === 1) {
        window.location.assign(url(hits[0]));
        return;
      }
      show(q.trim(), hits);
    } catch (err) {
      out.replaceChildren(el("p", { role: "status" }, "La recherche n'a pas pu se charger ; rechargez la page."));
    }
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = input.value;
    history.replaceState(null, "", "?q=" + encodeURIComponent(q));
    search(q, true);
  });
  const q = new URLSearchParams(window.location.search).get("q");
  if (q) {
    input.value = q;
    search(q, true);
  }
  document.body.dataset.search = "ready";
})();
