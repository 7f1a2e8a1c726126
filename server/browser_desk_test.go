package server_test

import (
	"context"
	"fmt"
	"medibus"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browseCoordinator acts as a coordinator at the desk: its views, each reached by URL
// and by the back button, at 1,400 and 360 pixels; the map zoomed to a department; an
// optimisation with its progress next to its button; a move onto an unavailable
// professional, refused in French, then an accepted alternative; a move to a site of
// another commune; re-optimising, with the pins carried over listed; publishing
// through the summary of changes; declaring a breakdown.
func browseCoordinator(t *testing.T, ctx context.Context, e *env) {
	base := e.ts.URL
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(1400, 1000),
		login(base, e.coordinator, "/plan"),
		chromedp.WaitVisible("main.planning"),
		poll(`document.body.dataset.ready === "1"`),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("views", func(t *testing.T) { deskViews(t, ctx, e) })
	t.Run("map", func(t *testing.T) { deskMap(t, ctx) })
	t.Run("grids", func(t *testing.T) { deskGrids(t, ctx) })
	t.Run("optimise with progress", func(t *testing.T) { deskRun(t, ctx) })
	t.Run("refused move, then an accepted one", func(t *testing.T) { deskMove(t, ctx, e) })
	t.Run("move to another commune", func(t *testing.T) { deskMoveSite(t, ctx, e) })
	t.Run("re-optimise and publish", func(t *testing.T) { deskPublish(t, ctx, e) })
	t.Run("breakdown", func(t *testing.T) { deskBreakdown(t, ctx, e) })
	t.Run("the breakdown published, as patients and drivers see it", func(t *testing.T) { breakdownSeen(t, ctx, e) })
}

// breakdownSeen publishes the breakdown of bus-23 (change 4) through the desk's
// publish dialog, then opens, on a 360-pixel phone, the page of a commune whose
// session it cancels (« annulée » with the reason, at its date or after the list) and bus-23's sheet of that
// day (« Journée modifiée »), and the same day a cycle later (as published before).
func breakdownSeen(t *testing.T, ctx context.Context, e *env) {
	var ch struct {
		Changes []struct {
			Kind, INSEE string
			Date        medibus.Date
		}
	}
	_, body := e.do("GET", "/api/plans/4/changes", e.coordinator, "")
	mustUnmarshal(t, body, &ch)
	var insee string
	var day medibus.Date
	for _, c := range ch.Changes {
		if c.Kind == "cancelled" {
			insee, day = c.INSEE, c.Date
			break
		}
	}
	if insee == "" {
		t.Skip("the breakdown cancelled nothing (every session moved to another bus)")
	}
	err := chromedp.Run(ctx,
		chromedp.Navigate(e.ts.URL+"/plan?view=publication&plan=4"), poll(`document.body.dataset.ready === "4"`),
		chromedp.Click("#publish", chromedp.ByID),
		poll(`document.getElementById("publish-dialog").open`),
		chromedp.Click("#publish-confirm", chromedp.ByID),
		poll(`document.body.dataset.ready === "4" && document.getElementById("plan-status").textContent === "publié"`),
	)
	if err != nil {
		t.Fatal(err)
	}
	var cancelled, sheet, later string
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)),
		chromedp.Navigate(e.ts.URL+"/communes/"+insee),
		chromedp.WaitVisible("ul.occurrences li.annulee, ul.cancelled li", chromedp.ByQuery),
		chromedp.Evaluate(`[...document.querySelectorAll("ul.occurrences li.annulee, ul.cancelled li")].map(li => li.innerText).join("\n")`, &cancelled),
		chromedp.Evaluate(`document.querySelector("ul.occurrences li.annulee, ul.cancelled li").scrollIntoView()`, nil),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cancelled, frDate(day)) || !strings.Contains(cancelled, "panne du Médicobus Creuse") {
		t.Errorf("commune %s: cancelled sessions %q, want %s and the breakdown", insee, cancelled, frDate(day))
	}
	checkAxe(t, ctx, "/communes/"+insee+" with a cancelled session")
	shoot(t, ctx, "patient-360-cancelled.png", "")
	err = chromedp.Run(ctx,
		chromedp.Navigate(e.ts.URL+"/driver/bus-23/"+day.String()), chromedp.Text("main", &sheet),
		chromedp.Navigate(e.ts.URL+"/driver/bus-23/"+day.AddDays(14).String()), chromedp.Text("main", &later),
		chromedp.Navigate(e.ts.URL+"/driver/bus-23/"+day.String()),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sheet, "Journée modifiée : panne du Médicobus Creuse") {
		t.Errorf("bus-23's sheet of %s: %.500s", day, sheet)
	}
	if strings.Contains(later, "modifiée") || !strings.Contains(later, "Départ") {
		t.Errorf("bus-23's sheet a cycle later: %.500s", later)
	}
	shoot(t, ctx, "driver-changed.png", "main")
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1400, 1000)); err != nil {
		t.Fatal(err)
	}
}

// frDate writes d as the pages do: « mardi 24 novembre 2026 ».
func frDate(d medibus.Date) string {
	days := []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	months := []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	t := d.Time(time.UTC)
	return fmt.Sprintf("%s %d %s %d", days[t.Weekday()], t.Day(), months[t.Month()-1], t.Year())
}

// deskMap zooms the map from France to the Creuse and checks the legend quotes the
// plan's figure.
func deskMap(t *testing.T, ctx context.Context) {
	var france, creuse float64
	var legend, figure string
	if err := chromedp.Run(ctx, showView("carte"), poll(`window.medibusMap !== undefined`)); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		dept, cond string
		zoom       *float64
	}{{"", "< 7", &france}, {"23", "> 7.5", &creuse}} {
		err := chromedp.Run(ctx,
			chromedp.SetValue("#map-zoom", step.dept, chromedp.ByID),
			poll(`window.medibusMap.getZoom() `+step.cond),
			chromedp.Evaluate(`window.medibusMap.getZoom()`, step.zoom))
		if err != nil {
			t.Fatalf("zoom to %q: %v", step.dept, err)
		}
	}
	err := chromedp.Run(ctx,
		chromedp.Text("#map-legend", &legend),
		chromedp.Evaluate(`new Intl.NumberFormat("fr-FR", {maximumFractionDigits: 1}).format(Planning.state.plan.kpis.per_1000_in_need)`, &figure),
		chromedp.ScrollIntoView("#map-h", chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(legend, "Ensemble du plan : "+figure) || !strings.Contains(legend, "pour 1 000 personnes en besoin par an") {
		t.Errorf("legend %q does not quote the figure %s", legend, figure)
	}
	t.Logf("zoom %.2f (France) → %.2f (Creuse)", france, creuse)
	shoot(t, ctx, "coordinator-map.png", `section[aria-labelledby="map-h"]`)
}

// deskGrids: French headings, names not ids, and the filters by bus and professional.
func deskGrids(t *testing.T, ctx context.Context) {
	var head, cell string
	var all, creuse, one, staffRows int
	err := chromedp.Run(ctx,
		showView("grilles"),
		chromedp.Text("#grid thead", &head),
		chromedp.Evaluate(`[...document.querySelectorAll("#grid .slot:not(.empty)")].map(c => c.innerText).join("\n|\n")`, &cell),
		chromedp.Evaluate(`document.querySelectorAll("#grid tbody tr").length`, &all),
		chromedp.SetValue("#f-dept", "23", chromedp.ByID),
		chromedp.Evaluate(`document.querySelectorAll("#grid tbody tr").length`, &creuse),
		chromedp.SetValue("#f-unit", "bus-23b", chromedp.ByID),
		chromedp.Evaluate(`document.querySelectorAll("#grid tbody tr").length`, &one),
		chromedp.SetValue("#f-unit", "", chromedp.ByID),
		chromedp.Evaluate(`(() => { const s = document.getElementById("f-staff"); if (s.options.length < 2) return -s.options.length; s.value = s.options[1].value; s.dispatchEvent(new Event("change")); return document.querySelectorAll("#staff-grid tbody tr").length })()`, &staffRows),
		chromedp.SetValue("#f-staff", "", chromedp.ByID),
		chromedp.SetValue("#f-dept", "", chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(head, "lun. 23 nov.") || !strings.Contains(head, "ven. 4 déc.") {
		t.Errorf("grid headings %q", head)
	}
	if !strings.Contains(cell, "Médecine générale") || !strings.Contains(cell, "Dr ") || strings.Contains(cell, "(gp)") || strings.Contains(cell, "s-23") {
		t.Errorf("the grid's cells read %.300q…", cell)
	}
	if all != 100 || creuse != 2 || one != 1 || staffRows != 1 {
		t.Errorf("rows: %d buses, %d in the Creuse, %d with one bus chosen, %d professionals with one chosen", all, creuse, one, staffRows)
	}
}

// progressText is the run's progress as the desk shows it.
var progressText = regexp.MustCompile(`^(Démarrage…|\d{1,3} % — (\d+ s restantes|estimation en cours)|Terminé : plan n° \d+, enregistré en brouillon et affiché\.)$`)

func deskRun(t *testing.T, ctx context.Context) {
	var seen []string
	err := chromedp.Run(ctx,
		showView("indicateurs"),
		chromedp.Evaluate(`window.progressSeen = []; new MutationObserver(() => window.progressSeen.push(document.getElementById("run-status").textContent))
			.observe(document.getElementById("run-status"), {childList: true, characterData: true, subtree: true}); true`, nil),
		chromedp.SetValue("#run-start", "2026-11-23", chromedp.ByID),
		chromedp.SetValue("#run-limit", "5", chromedp.ByID),
		chromedp.Click("#run-start-btn", chromedp.ByID),
		pollRun(`document.getElementById("run-status").textContent.startsWith("Terminé : plan n° 2")`),
		poll(`document.body.dataset.ready === "2" && document.querySelector(".slot:not(.empty)") !== null`),
		chromedp.Evaluate(`window.progressSeen`, &seen),
	)
	if err != nil {
		t.Fatal(err)
	}
	nextTo(t, ctx, "#run-start-btn", "#run-status")
	for _, s := range seen {
		if !progressText.MatchString(s) {
			t.Errorf("progress shown as %q, want « 33 %% — 6 s restantes »", s)
		}
	}
}

func deskMove(t *testing.T, ctx context.Context, e *env) {
	unit, date, half, staff := unavailableMove(t, e, 2)
	slot := fmt.Sprintf(`button.slot[data-unit=%q][data-date=%q][data-half=%q]`, unit, date, half)
	var refused, accepted string
	var pins int
	err := chromedp.Run(ctx,
		showView("grilles"),
		chromedp.Click(slot, chromedp.ByQuery),
		chromedp.WaitVisible("#selection", chromedp.ByID),
		chromedp.SetValue("#move-staff", staff, chromedp.ByID),
		chromedp.Click("#move", chromedp.ByID),
		poll(`document.querySelector(".verdict.refused") !== null`),
		chromedp.Text(".verdict.refused", &refused),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(refused, "Déplacement refusé") || !strings.Contains(refused, "n'est pas disponible") || !strings.Contains(refused, "Ce qui serait accepté") {
		t.Fatalf("refusal says %q", refused)
	}
	shoot(t, ctx, "move-refused.png", "#selection")
	nextTo(t, ctx, "#move", ".verdict.refused")
	checkAxe(t, ctx, "/plan with a refusal shown")
	if res, body := e.do("GET", "/api/plans/2/pins", e.coordinator, ""); res.StatusCode != 200 || !strings.Contains(body, `"pins":[]`) {
		t.Fatalf("a refused move was stored: %s", body)
	}
	err = chromedp.Run(ctx,
		chromedp.Click(".verdict.refused .alternatives button", chromedp.ByQuery),
		poll(`document.body.dataset.ready === "2" && document.querySelector(".verdict.accepted") !== null`),
		chromedp.Text(".verdict.accepted", &accepted),
		chromedp.Evaluate(`document.querySelectorAll("#pins li button").length`, &pins),
	)
	if err != nil {
		t.Fatal(err)
	}
	if pins != 1 || !strings.Contains(accepted, "Séance épinglée") {
		t.Errorf("after the accepted move: %d pins, %q", pins, accepted)
	}
}

func deskPublish(t *testing.T, ctx context.Context, e *env) {
	var summary, status, notice, carried string
	err := chromedp.Run(ctx,
		showView("grilles"),
		chromedp.Click("#reoptimise", chromedp.ByID),
		pollRun(`document.getElementById("pins-status").textContent.startsWith("Terminé : plan n° 3")`),
		poll(`document.body.dataset.ready === "3" && document.getElementById("publish").disabled === false`),
		chromedp.Text("#pins", &carried),
	)
	if err != nil {
		t.Fatal(err)
	}
	nextTo(t, ctx, "#reoptimise", "#pins-status")
	// The pins of plan 2 are carried over into plan 3, and listed as such.
	if strings.Contains(carried, "Aucune") || strings.Count(carried, "reprise du plan n° 2") != 2 {
		t.Errorf("plan 3's pins read %q, want the two pins of plan 2 carried over", carried)
	}
	err = chromedp.Run(ctx,
		showView("publication"),
		chromedp.Click("#publish", chromedp.ByID),
		poll(`document.getElementById("publish-dialog").open && document.body.dataset.dialog === "publish"`),
		chromedp.Text("#publish-summary", &summary),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Par rapport au planning publié", "séances inchangées", "annulées", "ajoutées", "Remplace", "le planning n° 1"} {
		if !strings.Contains(summary, want) {
			t.Errorf("publish summary lacks %q: %s", want, summary)
		}
	}
	shoot(t, ctx, "publish-summary.png", "#publish-dialog")
	checkAxe(t, ctx, "/plan with the publish dialog")
	err = chromedp.Run(ctx,
		chromedp.Click("#publish-confirm", chromedp.ByID),
		poll(`document.body.dataset.ready === "3" && document.getElementById("plan-status").textContent === "publié" && !document.getElementById("after-publish").hidden`),
		poll(`document.getElementById("publish-status").textContent.startsWith("Plan n° 3 publié")`),
		chromedp.Text("#plan-status", &status),
		chromedp.AttributeValue("#notice-link", "href", &notice, nil),
	)
	if err != nil {
		t.Fatal(err)
	}
	if notice != "/plan/3/notice" {
		t.Errorf("notice link %q", notice)
	}
	res, body := e.do("GET", "/api/plans/3", e.coordinator, "")
	if res.StatusCode != 200 || !strings.Contains(body, `"status":"published"`) || !strings.Contains(body, `"parent_id":2`) {
		t.Errorf("plan 3: %d %.300s", res.StatusCode, body)
	}
	if _, body := e.do("GET", "/api/plans/1", e.coordinator, ""); !strings.Contains(body, `"status":"archived"`) {
		t.Errorf("plan 1 is not archived: %.200s", body)
	}
	if _, body := e.do("GET", "/api/plans/3/sessions", e.coordinator, ""); !strings.Contains(body, `"pinned":true`) {
		t.Error("plan 3 holds no pinned session")
	}
	// Compared with plan 1, more km reads as worse, fewer as better, in colour and words.
	var km []string
	nextTo(t, ctx, "#publish", "#publish-status")
	err = chromedp.Run(ctx, showView("indicateurs"), chromedp.SetValue("#compare-select", "1", chromedp.ByID),
		poll(`document.querySelectorAll("#kpis thead th").length === 4`),
		chromedp.Evaluate(`(() => { const row = [...document.querySelectorAll("#kpis tbody tr")].find((r) => r.querySelector("th").textContent === "Kilomètres");
			const d = row.querySelectorAll("td")[2]; return [d.textContent, d.className]; })()`, &km))
	if err != nil {
		t.Fatal(err)
	}
	if up := strings.HasPrefix(km[0], "+"); (up && km[1] != "delta-worse") || (strings.HasPrefix(km[0], "−") || strings.HasPrefix(km[0], "-")) && km[1] != "delta-better" {
		t.Errorf("km difference %q coloured %q", km[0], km[1])
	}
	var h1 string
	if err := chromedp.Run(ctx, chromedp.Navigate(e.ts.URL+notice), chromedp.Text("h1", &h1)); err != nil || !strings.Contains(h1, "Personnes à prévenir") {
		t.Errorf("notice page: %q %v", h1, err)
	}
	checkAxe(t, ctx, notice)
	if err := chromedp.Run(ctx, chromedp.Navigate(e.ts.URL+"/plan?view=changements"), poll(`document.body.dataset.ready === "3"`)); err != nil {
		t.Fatal(err)
	}
}

func deskBreakdown(t *testing.T, ctx context.Context, e *env) {
	var result string
	err := chromedp.Run(ctx,
		chromedp.SetValue("#replan-kind", "unit", chromedp.ByID),
		chromedp.SetValue("#replan-who", "bus-23", chromedp.ByID),
		chromedp.SetValue("#replan-from", "2026-11-24", chromedp.ByID),
		chromedp.SetValue("#replan-to", "2026-11-25", chromedp.ByID),
		chromedp.Click("#replan-btn", chromedp.ByID),
		pollRun(`document.getElementById("replan-status").textContent.startsWith("Terminé : plan n° 4")`),
		poll(`document.getElementById("replan-result").textContent.includes("ce qui change")`),
		chromedp.Text("#replan-result", &result),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(result, "Changement n° 4") || !strings.Contains(result, "Par rapport au planning publié") || !strings.Contains(result, "annulée") && !strings.Contains(result, "autre bus") {
		t.Errorf("re-plan result %q", result)
	}
	_, body := e.do("GET", "/api/plans/4/sessions?unit=bus-23&date=2026-11-24", e.coordinator, "")
	if !strings.Contains(body, `"sessions":[]`) {
		t.Errorf("bus-23 still works on its breakdown day: %.300s", body)
	}
}
