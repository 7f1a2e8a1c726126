package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// territoryBrowser drives the territory editor in Chromium.
type territoryBrowser struct {
	t   *testing.T
	ctx context.Context
	e   *env
}

func (b *territoryBrowser) run(actions ...chromedp.Action) {
	b.t.Helper()
	if err := chromedp.Run(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression into out.
func (b *territoryBrowser) eval(expr string, out any) {
	b.t.Helper()
	b.run(chromedp.Evaluate(expr, out))
}

// scenarioID is the version the editor shows.
func (b *territoryBrowser) scenarioID() string {
	var id string
	b.eval(`(document.querySelector("main[data-scenario]") || {dataset: {}}).dataset.scenario || ""`, &id)
	return id
}

// waitVersion waits for the editor to show a version other than from, the page
// loaded and wired, and returns its id and the message it shows.
func (b *territoryBrowser) waitVersion(from string) (id, message string) {
	b.t.Helper()
	deadline := time.Now().Add(40 * time.Second)
	for time.Now().Before(deadline) {
		var state struct{ ID, Ready, Message string }
		// Evaluations fail while the page navigates: try again.
		err := chromedp.Run(b.ctx, chromedp.Evaluate(`({id: (document.querySelector("main[data-scenario]") || {dataset: {}}).dataset.scenario || "",
			ready: document.readyState === "complete" ? (document.body.dataset.ready || "") : "",
			message: (document.getElementById("message") || {}).textContent || ""})`, &state))
		if err == nil && state.ID != "" && state.ID != from && state.Ready == "1" {
			return state.ID, state.Message
		}
		time.Sleep(100 * time.Millisecond)
	}
	var errs string
	_ = chromedp.Run(b.ctx, chromedp.Evaluate(`[...document.querySelectorAll(".form-error:not([hidden]), .field-error:not([hidden])")].map(e => e.textContent).join(" | ")`, &errs))
	b.t.Fatalf("the editor still shows version %s: %s", from, errs)
	return "", ""
}

// save submits form and waits for the new version; the message must say it was saved.
func (b *territoryBrowser) save(form string) string {
	b.t.Helper()
	from := b.scenarioID()
	b.run(chromedp.Click("#"+form+` button[type="submit"]`, chromedp.ByQuery))
	id, msg := b.waitVersion(from)
	if !strings.HasPrefix(msg, "Enregistré") {
		b.t.Errorf("after saving %s: message %q", form, msg)
	}
	return id
}

// set gives text fields of form their values, by name.
func (b *territoryBrowser) set(form string, values map[string]string) {
	b.t.Helper()
	for name, v := range values {
		b.run(chromedp.SetValue(fmt.Sprintf(`#%s [name="%s"]`, form, name), v, chromedp.ByQuery))
	}
}

// tick checks the boxes of group name in form with the given values.
func (b *territoryBrowser) tick(form, name string, values ...string) {
	b.t.Helper()
	vs, _ := json.Marshal(values)
	var n int
	b.eval(fmt.Sprintf(`(() => { let n = 0; for (const v of %s) { const c = document.querySelector('#%s input[name="%s"][value="' + v + '"]');
		if (c) { if (!c.checked) c.click(); n++; } } return n })()`, vs, form, name), &n)
	if n != len(values) {
		b.t.Fatalf("%s: %d of the boxes %v of %s found", form, n, values, name)
	}
}

// pick searches a commune in the search box prefix and chooses the first answer;
// it returns the INSEE code chosen.
func (b *territoryBrowser) pick(prefix, query string) string {
	b.t.Helper()
	var insee string
	b.run(
		chromedp.SetValue("#"+prefix+"-q", "", chromedp.ByID),
		chromedp.SendKeys("#"+prefix+"-q", query, chromedp.ByID),
		poll(fmt.Sprintf(`document.getElementById("%s-picks").dataset.query === %q && document.querySelector("#%s-picks button.pick") !== null`, prefix, query, prefix)),
		chromedp.Click("#"+prefix+"-picks button.pick", chromedp.ByQuery),
		poll(`document.getElementById("`+prefix+`").value !== ""`),
		chromedp.Value("#"+prefix, &insee, chromedp.ByID),
	)
	return insee
}

// narrow checks at 360 px that the page does not scroll sideways, and takes the
// screenshots of the page at 360 and 1,400 px.
func (b *territoryBrowser) narrow(name string) {
	b.t.Helper()
	var scroll, width int
	b.run(chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)), chromedp.Sleep(300*time.Millisecond),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll), chromedp.Evaluate(`window.innerWidth`, &width))
	if scroll > width {
		b.t.Errorf("%s at 360 px scrolls sideways: %d px wide", name, scroll)
	}
	shoot(b.t, b.ctx, name+"-360.png", "body")
	b.run(chromedp.EmulateViewport(1400, 1000), chromedp.Sleep(300*time.Millisecond))
	shoot(b.t, b.ctx, name+"-1400.png", "body")
}

// TestBrowserTerritory acts a coordinator who brings their own territory from the
// desk alone: an empty Creuse; an organisation with a booking phone, two buses, four
// GPs and a gynaecologist on Tuesdays (the service added), ten sites from the commune
// search; a professional with no day refused at its field; an undo; then planning and
// publishing from the desk, and a patient's page of one of those communes showing the
// session. axe-core checks every page; none scrolls sideways at 360 px.
func TestBrowserTerritory(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	b := &territoryBrowser{t: t, ctx: ctx, e: e}
	b.run(chromedp.EmulateViewport(1400, 1000), login(e.ts.URL, e.coordinator, "/plan"), chromedp.WaitVisible("main.planning", chromedp.ByQuery),
		poll(`document.body.dataset.ready === "1"`),
		chromedp.Click(`a[href="/plan/territoire"]`, chromedp.ByQuery), chromedp.WaitVisible("#create-form", chromedp.ByID), poll(`document.body.dataset.ready === "1"`))
	checkAxe(t, ctx, "/plan/territoire")
	b.narrow("territory-list")

	// Create the empty Creuse.
	b.run(chromedp.SetValue("#create-name", "Creuse sans fichier", chromedp.ByID),
		chromedp.SetValue("#create-department", "23", chromedp.ByID),
		chromedp.Click("#create-btn", chromedp.ByID))
	_, msg := b.waitVersion("")
	if !strings.Contains(msg, "Creuse sans fichier") {
		t.Errorf("after creating: %q", msg)
	}
	var missing string
	b.run(chromedp.Text("#missing-h + ul", &missing, chromedp.ByQuery))
	if !strings.Contains(missing, "Aucun bus") || !strings.Contains(missing, "Aucun lieu") {
		t.Errorf("what is missing before planning: %q", missing)
	}
	checkAxe(t, ctx, "/plan/territoire/{id}/modifier, empty")
	b.narrow("territory-empty")

	// An organisation with a booking phone.
	b.set("f-organisations", map[string]string{"name": "MSP de Felletin", "phone": "05 55 66 00 00"})
	b.pick("organisations-base", "Felletin")
	b.save("f-organisations")

	// The gynaecology service, from its template, held by a gynaecologist.
	b.run(chromedp.SetValue("#services-template", "gyn", chromedp.ByID),
		chromedp.Evaluate(`document.getElementById("services-template").dispatchEvent(new Event("change")); true`, nil))
	b.set("f-services", map[string]string{"name": "Gynécologie", "roles": "gynaecologist"})
	b.save("f-services")

	// Two buses of the MSP, Monday to Friday; the first has the gynaecology chair.
	weekdays := []string{"Mon-AM", "Mon-PM", "Tue-AM", "Tue-PM", "Wed-AM", "Wed-PM", "Thu-AM", "Thu-PM", "Fri-AM", "Fri-PM"}
	for i, base := range []string{"Felletin", "Bourganeuf"} {
		b.set("f-units", map[string]string{"name": fmt.Sprintf("Médicobus Creuse %d", i+1), "organisation": "org-msp-de-felletin"})
		b.pick("units-base", base)
		b.tick("f-units", "units-days", weekdays...)
		if i == 0 {
			b.tick("f-units", "equipment", "gyn_chair")
		}
		b.save("f-units")
	}

	// A professional with no day: refused at the field, focus on it.
	b.set("f-staff", map[string]string{"name": "Dr Sans Jour", "role": "gp", "organisation": "org-msp-de-felletin"})
	from := b.scenarioID()
	var fieldErr, focused, invalid, describedBy string
	b.run(chromedp.Click(`#f-staff button[type="submit"]`, chromedp.ByQuery),
		poll(`!document.getElementById("staff-availability-err").hidden`),
		chromedp.Text("#staff-availability-err", &fieldErr, chromedp.ByID),
		chromedp.Evaluate(`document.activeElement.name + " " + document.activeElement.value`, &focused),
		chromedp.Evaluate(`document.querySelector('#f-staff input[name="staff-availability"]').getAttribute("aria-invalid")`, &invalid),
		chromedp.Evaluate(`document.querySelector('#f-staff input[name="staff-availability"]').getAttribute("aria-describedby")`, &describedBy))
	if !strings.Contains(fieldErr, "Cochez au moins une demi-journée") || focused != "staff-availability Mon-AM" || invalid != "true" ||
		!strings.Contains(describedBy, "staff-availability-err") || b.scenarioID() != from {
		t.Errorf("professional with no day: error %q, focus on %q, aria-invalid %q, aria-describedby %q, version %s (was %s)",
			fieldErr, focused, invalid, describedBy, b.scenarioID(), from)
	}
	checkAxe(t, ctx, "/plan/territoire/{id}/modifier with a field error")
	b.run(chromedp.ScrollIntoView("#f-staff", chromedp.ByID))
	shoot(t, ctx, "territory-field-error.png", "#f-staff")

	// Four GPs of the MSP with their days, and the gynaecologist on Tuesdays.
	gps := []struct {
		name string
		days []string
	}{
		{"Dr Claire Martin", []string{"Mon-AM", "Mon-PM", "Tue-AM", "Tue-PM", "Wed-AM", "Wed-PM"}},
		{"Dr Julien Roux", []string{"Thu-AM", "Thu-PM", "Fri-AM", "Fri-PM"}},
		{"Dr Nadia Girard", []string{"Mon-AM", "Tue-AM", "Wed-AM", "Thu-AM", "Fri-AM"}},
		{"Dr Paul Faure", []string{"Tue-AM", "Tue-PM", "Wed-AM", "Wed-PM", "Thu-AM", "Thu-PM"}},
	}
	for _, gp := range gps {
		b.set("f-staff", map[string]string{"name": gp.name, "role": "gp", "organisation": "org-msp-de-felletin"})
		b.tick("f-staff", "staff-availability", gp.days...)
		b.save("f-staff")
	}
	b.set("f-staff", map[string]string{"name": "Dr Léa Blanc, gynécologue", "role": "gynaecologist", "organisation": "org-msp-de-felletin"})
	b.tick("f-staff", "staff-availability", "Tue-AM", "Tue-PM")
	b.save("f-staff")

	// Ten sites from the commune search, each open Monday to Friday.
	towns := []string{"Crocq", "Auzances", "Boussac", "Bénévent-l'Abbaye", "Dun-le-Palestel", "Royère-de-Vassivière", "Bellegarde-en-Marche",
		"Chambon-sur-Voueize", "Gentioux-Pigerolles", "Saint-Sulpice-les-Champs"}
	var sites []string
	for i, town := range towns {
		sites = append(sites, b.pick("sites-insee", town))
		b.tick("f-sites", "sites-allowed", weekdays...)
		if i == 0 {
			b.set("f-sites", map[string]string{"name": "Place de la mairie", "per_week": "2"})
		}
		b.save("f-sites")
	}

	// An eleventh, then undone: the ten are back.
	b.pick("sites-insee", "Faux-la-Montagne")
	b.tick("f-sites", "sites-allowed", "Mon-AM")
	eleventh := b.save("f-sites")
	b.run(chromedp.Click("#undo", chromedp.ByID))
	undone, msg := b.waitVersion(eleventh)
	var listed int
	b.eval(`document.querySelectorAll("#s-sites .items li button[data-edit]").length`, &listed)
	if listed != 10 || !strings.Contains(msg, "annulée") {
		t.Errorf("after undo: %d sites listed, message %q", listed, msg)
	}
	// The undone version still opens, read-only, pointing to the latest.
	var old string
	var disabled bool
	b.run(chromedp.Navigate(e.ts.URL+"/plan/territoire/"+eleventh+"/modifier"), poll(`document.body.dataset.ready === "1"`),
		chromedp.Text(`p.note[role="alert"]`, &old, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('#f-sites button[type="submit"]').disabled`, &disabled),
		chromedp.Navigate(e.ts.URL+"/plan/territoire/"+undone+"/modifier"), poll(`document.body.dataset.ready === "1"`))
	if !strings.Contains(old, "Vous lisez une ancienne version") || !disabled {
		t.Errorf("the undone version's page: %q, saving disabled %v", old, disabled)
	}
	var view struct {
		Sites []struct{ INSEE string }
		Staff []struct {
			Role         string
			Availability string
			Units        []string
		}
		Units   []struct{ Equipment []string }
		Missing []string
	}
	_, body := e.do("GET", "/api/scenarios/"+undone+"/territory", e.coordinator, "")
	mustUnmarshal(t, body, &view)
	if len(view.Sites) != 10 || len(view.Staff) != 5 || len(view.Units) != 2 || len(view.Missing) != 0 ||
		view.Staff[4].Role != "gynaecologist" || view.Staff[4].Availability != "Tue" || len(view.Staff[0].Units) != 2 {
		t.Errorf("the territory: %s", body)
	}
	// A click on the map chooses the nearest commune for a new site, at the point clicked.
	var x, y float64
	var clicked, lat string
	b.run(chromedp.ScrollIntoView("#t-map", chromedp.ByID), poll(`document.getElementById("t-map").dataset.ready === "1"`),
		chromedp.Evaluate(`(() => { const r = document.getElementById("t-map").getBoundingClientRect(); return r.left + r.width / 2 })()`, &x),
		chromedp.Evaluate(`(() => { const r = document.getElementById("t-map").getBoundingClientRect(); return r.top + r.height / 2 })()`, &y))
	b.run(chromedp.MouseClickXY(x, y), poll(`document.getElementById("sites-insee").value !== ""`),
		chromedp.Text("#sites-insee-picked", &clicked, chromedp.ByID),
		chromedp.Evaluate(`document.getElementById("f-sites").dataset.lat || ""`, &lat))
	if !strings.HasPrefix(clicked, "Commune choisie") || lat == "" {
		t.Errorf("a click on the map: %q, point %q", clicked, lat)
	}
	checkAxe(t, ctx, "/plan/territoire/{id}/modifier, filled")
	b.narrow("territory-edit")

	// Plan this version from the desk, and publish it.
	var chosen string
	b.run(chromedp.Click("#plan-link", chromedp.ByID), chromedp.WaitVisible("main.planning", chromedp.ByQuery),
		poll(`document.body.dataset.ready === "1" && document.getElementById("run-scenario").options.length > 0`),
		chromedp.Value("#run-scenario", &chosen, chromedp.ByID))
	if chosen != undone {
		t.Errorf("the desk offers scenario %s to plan, want %s", chosen, undone)
	}
	b.run(chromedp.SetValue("#run-start", "2026-11-23", chromedp.ByID), chromedp.SetValue("#run-limit", "5", chromedp.ByID),
		chromedp.Click("#run-start-btn", chromedp.ByID),
		poll(`document.getElementById("run-status").textContent.startsWith("Terminé : plan n° 2")`),
		poll(`document.body.dataset.ready === "2" && document.getElementById("publish").disabled === false`),
		showView("publication"),
		chromedp.Click("#publish", chromedp.ByID),
		poll(`document.getElementById("publish-dialog").open`),
		chromedp.Click("#publish-confirm", chromedp.ByID),
		poll(`document.body.dataset.ready === "2" && document.getElementById("plan-status").textContent === "publié"`))

	// A patient's page of one of those communes shows its session.
	var ses struct {
		Sessions []struct {
			SiteINSEE   string `json:"site_insee"`
			ServiceName string `json:"service_name"`
			Unit        string `json:"unit"`
		}
	}
	_, body = e.do("GET", "/api/plans/2/sessions", e.coordinator, "")
	mustUnmarshal(t, body, &ses)
	insee, gyn := "", 0
	for _, s := range ses.Sessions {
		if insee == "" && strings.Contains(strings.Join(sites, " "), s.SiteINSEE) {
			insee = s.SiteINSEE
		}
		if s.ServiceName == "Gynécologie" {
			gyn++
		}
	}
	if insee == "" || gyn == 0 {
		t.Fatalf("plan 2: no session at the ten sites %v, or none of gynaecology (%d): %.500s", sites, gyn, body)
	}
	var page string
	b.run(chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)), chromedp.Navigate(e.ts.URL+"/communes/"+insee),
		chromedp.WaitVisible("main", chromedp.ByQuery), chromedp.Text("main", &page, chromedp.ByQuery))
	if !strings.Contains(page, "05 55 66 00 00") || !strings.Contains(page, "Organisé par MSP de Felletin") {
		t.Errorf("patient page of %s: %.800s", insee, page)
	}
	shoot(t, ctx, "territory-patient-360.png", "main")
	b.run(chromedp.EmulateViewport(1400, 1000))
}
