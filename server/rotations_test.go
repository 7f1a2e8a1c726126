package server_test

import (
	"context"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"medibus"
	"medibus/planning"
	"medibus/scenario"
	"medibus/scheduler"
	"medibus/server"
	"medibus/territory"
)

// These tests read what patients read, the iCalendar feeds, around the publications of
// rotations and dated changes: the "Done means" for rotations on real dates.

// at runs the server of newEnv on date day at 08:00 in Paris.
func at(day string) func(*server.Config) {
	d, _ := medibus.ParseDate(day)
	paris, _ := time.LoadLocation("Europe/Paris")
	return func(c *server.Config) { c.Now = func() time.Time { return d.At(8*60, paris) } }
}

// planRotation plans built-in scenario name greedily from start as a rotation, checks
// and stores it, and returns its id.
func planRotation(t *testing.T, e *env, name, start string) int64 {
	t.Helper()
	fr, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sc, err := scenario.Build(ctx, name, scenario.Defaults(), fr, gcTravel, scenario.Imports{})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := medibus.ParseDate(start)
	svc := planning.Service{Store: e.db, Travel: gcTravel}
	pl, err := svc.Plan(ctx, sc, planning.Request{Engine: "greedy", Options: scheduler.Options{Start: d, Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return pl.ID
}

// event is one VEVENT of a feed, without its DTSTAMP (the feed's revision time).
type event struct {
	uid, start, status, text string
}

var (
	veventRe  = regexp.MustCompile(`(?s)BEGIN:VEVENT\r\n(.*?)END:VEVENT`)
	uidRe     = regexp.MustCompile(`(?m)^UID:(.*)\r$`)
	dtstartRe = regexp.MustCompile(`(?m)^DTSTART[^:]*:(\d{8})`)
	dtstampRe = regexp.MustCompile(`(?m)^DTSTAMP:.*\r\n`)
)

// feedEvents reads the events of the feed of commune insee.
func feedEvents(t *testing.T, e *env, insee string) (string, []event) {
	t.Helper()
	res, body := e.do("GET", "/communes/"+insee+".ics", "", "")
	if res.StatusCode != 200 {
		t.Fatalf("feed of %s: %d %.200s", insee, res.StatusCode, body)
	}
	var out []event
	for _, m := range veventRe.FindAllStringSubmatch(body, -1) {
		ev := event{text: dtstampRe.ReplaceAllString(m[1], "")}
		if u := uidRe.FindStringSubmatch(m[1]); u != nil {
			ev.uid = u[1]
		}
		if s := dtstartRe.FindStringSubmatch(m[1]); s != nil {
			ev.start = s[1]
		}
		if strings.Contains(m[1], "STATUS:CANCELLED") {
			ev.status = "cancelled"
		}
		out = append(out, ev)
	}
	return body, out
}

// communesOf lists the INSEE codes of a department's communes.
func communesOf(t *testing.T, dept string) []string {
	t.Helper()
	fr, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range fr.Communes {
		if c.Department == dept {
			out = append(out, c.INSEE)
		}
	}
	return out
}

// fridays counts the distinct events held and cancelled on Fridays in the feeds of
// communes.
func fridays(t *testing.T, e *env, communes []string) (held, cancelled int, cancelledOn []string) {
	t.Helper()
	seen := map[string]bool{}
	for _, insee := range communes {
		_, evs := feedEvents(t, e, insee)
		for _, ev := range evs {
			d, err := time.Parse("20060102", ev.start)
			if err != nil || d.Weekday() != time.Friday || seen[ev.uid] {
				continue
			}
			seen[ev.uid] = true
			if ev.status == "cancelled" {
				cancelled++
				if !slices.Contains(cancelledOn, ev.start) {
					cancelledOn = append(cancelledOn, ev.start)
				}
			} else {
				held++
			}
		}
	}
	slices.Sort(cancelledOn)
	return held, cancelled, cancelledOn
}

// TestHolidayInCycleFeeds: a Creuse rotation started on 2026-12-21, whose first cycle
// holds Christmas and New Year's Day (its two Fridays), published: over the feeds' 12
// weeks, its Friday sessions are at least 80 % of those of a rotation started
// 2027-01-04 (without holiday), and only those two Fridays are cancelled. Before
// rotations, the holidays emptied every second Friday for good: 0 Friday sessions in
// the next two months.
func TestHolidayInCycleFeeds(t *testing.T) {
	communes := communesOf(t, "23")
	count := func(start string) (int, int, []string) {
		e := newEnvWith(t, 0, at(start))
		id := planRotation(t, e, "creuse", start)
		e.publish(itoa(id))
		return fridays(t, e, communes)
	}
	heldA, cancelledA, onA := count("2026-12-21")
	heldB, cancelledB, _ := count("2027-01-04")
	t.Logf("Friday sessions in the feeds over 12 weeks: started 2026-12-21 %d held (%d cancelled on %v), started 2027-01-04 %d held (%d cancelled)",
		heldA, cancelledA, onA, heldB, cancelledB)
	if heldB == 0 || float64(heldA) < 0.8*float64(heldB) {
		t.Errorf("started 2026-12-21: %d Friday sessions held, started 2027-01-04: %d; want at least 80 %%", heldA, heldB)
	}
	if !slices.Equal(onA, []string{"20261225", "20270101"}) || cancelledB != 0 {
		t.Errorf("cancelled on %v (and %d from 2027-01-04), want 25 December and 1 January only", onA, cancelledB)
	}
}

// TestChangeTwoWeeksAheadFeeds: every Creuse bus broken down on the Tuesday and the
// Wednesday two weeks ahead, re-planned through the API and published: in every
// Creuse feed, the events of those two days change (cancelled, or moved), and every
// other event, before and after, is exactly as before.
func TestChangeTwoWeeksAheadFeeds(t *testing.T) {
	communes := communesOf(t, "23")
	e := newEnvWith(t, 0, at("2026-12-21"))
	id := planRotation(t, e, "creuse", "2026-12-21")
	e.publish(itoa(id))
	snapshot := func() map[string]event {
		out := map[string]event{}
		for _, insee := range communes {
			_, evs := feedEvents(t, e, insee)
			for _, ev := range evs {
				out[insee+"|"+ev.uid] = ev
			}
		}
		return out
	}
	before := snapshot()
	res, body := e.do("POST", "/api/plans/"+itoa(id)+"/replan", e.coordinator,
		`{"unavailable":[{"id":"bus-23","from":"2027-01-05","to":"2027-01-06"},{"id":"bus-23b","from":"2027-01-05","to":"2027-01-06"}],"reason":"contrôle technique"}`)
	if res.StatusCode != 202 {
		t.Fatalf("replan: %d %s", res.StatusCode, body)
	}
	waitRunDone(t, e, runID(t, body))
	e.publish(itoa(id + 1))
	after := snapshot()
	changed, cancelled := 0, 0
	for k, b := range before {
		a, ok := after[k]
		day := b.start == "20270105" || b.start == "20270106"
		switch {
		case day && a.status == "cancelled":
			cancelled++
			if !strings.Contains(a.text, "contrôle technique") {
				t.Errorf("cancelled event without its reason: %s", a.text)
			}
		case day:
			t.Errorf("event of %s on a day both buses are off the road: %s", b.start, a.text)
		case !ok || a != b:
			changed++
			if changed < 5 {
				t.Errorf("event %s of %s changed:\nbefore %s\nafter  %s", b.uid, b.start, b.text, a.text)
			}
		}
	}
	for k, a := range after {
		if _, ok := before[k]; !ok {
			t.Errorf("new event %s on %s: %s", a.uid, a.start, a.text)
		}
	}
	t.Logf("%d events in the Creuse's feeds: %d cancelled on 5-6 January, %d changed on any other date", len(before), cancelled, changed)
	if cancelled == 0 || changed != 0 {
		t.Errorf("%d events cancelled on the two days, %d changed on other days; want some and none", cancelled, changed)
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// fallback matches a feed event of a stop farther than the catchment (20 minutes):
// the commune has none nearer and is shown the nearest.
// « à 21 min de Lussat », « du Châtenet-en-Dognon », « des Mars », « d'Ahun ».
var fallback = regexp.MustCompile(`à (2[1-9]|[3-9][0-9]|[0-9]{3,}) min (de |du |des |d['’]|de l['’])`)

// creuseIn reports whether a feed holds an event of a Creuse bus.
func creuseIn(feed string, creuse map[string]bool) bool {
	for _, m := range uidRe.FindAllStringSubmatch(feed, -1) {
		if creuse[m[1]] {
			return true
		}
	}
	return false
}

// creuseUIDs are the event UIDs of the Creuse's buses over the feeds' horizon.
func creuseUIDs(from medibus.Date) map[string]bool {
	out := map[string]bool{}
	for _, unit := range []string{"bus-23", "bus-23b"} {
		for d := from; d < from.AddDays(12*7+1); d++ {
			for _, h := range []medibus.Half{medibus.AM, medibus.PM} {
				for _, svc := range []string{"gp", "gyn", "eye", "derm", "cardio"} {
					out[server.SessionUID(unit, d, h, svc)] = true
				}
			}
		}
	}
	return out
}

// TestFranceThenCreuse: in one database, France is planned and published, then the
// Creuse's coordinator plans and publishes a rotation of its two buses: every feed of
// a commune outside the Creuse that no Creuse bus serves is byte for byte as before,
// and in the others every event of another bus is as before. Before rotations, the
// Creuse's publication archived the national plan and sent the Cantal's communes to
// Crocq, 106 minutes away. The communes read are those of the Creuse's neighbours and
// one in four of the others (every one with MEDIBUS_ALL_FEEDS=1: 34,480 feeds, a
// minute).
func TestFranceThenCreuse(t *testing.T) {
	if testing.Short() {
		t.Skip("plans France")
	}
	e := newFranceEnv(t)
	e.publish("1")
	fr, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	all := os.Getenv("MEDIBUS_ALL_FEEDS") == "1"
	var outside []string
	for i, c := range fr.Communes {
		neighbour := slices.Contains([]string{"03", "19", "36", "63", "87"}, c.Department)
		if c.Department != "23" && (all || neighbour || i%4 == 0) {
			outside = append(outside, c.INSEE)
		}
	}
	snapshot := func() map[string]string {
		out := make(map[string]string, len(outside))
		for _, insee := range outside {
			out[insee], _ = feedEvents(t, e, insee)
		}
		return out
	}
	began := time.Now()
	before := snapshot()
	t.Logf("%d feeds outside the Creuse read in %.1f s", len(before), time.Since(began).Seconds())
	id := planRotation(t, e, "creuse", "2026-11-23")
	res, body := e.do("POST", "/api/plans/"+itoa(id)+"/publish", e.coordinator, "")
	if res.StatusCode != 200 || !strings.Contains(body, `"units":["bus-23","bus-23b"]`) {
		t.Fatalf("publish the Creuse: %d %.300s", res.StatusCode, body)
	}
	after := snapshot()
	creuse := creuseUIDs(medibus.DateOf(testNow))
	same, served := 0, 0
	for _, insee := range outside {
		b, a := before[insee], after[insee]
		if b == a {
			same++
			continue
		}

		others := func(feed string) []string {
			var out []string
			for _, m := range veventRe.FindAllStringSubmatch(feed, -1) {
				if u := uidRe.FindStringSubmatch(m[1]); u != nil && !creuse[u[1]] {
					out = append(out, dtstampRe.ReplaceAllString(m[1], ""))
				}
			}
			return out
		}
		if !creuseIn(b, creuse) && !creuseIn(a, creuse) {
			t.Errorf("commune %s, which no Creuse bus serves, has another feed", insee)
			continue
		}
		served++
		// A commune with no stop within 20 minutes is shown the nearest stop: a Creuse
		// bus's new stop may now be nearer, and replace it.
		if fallback.MatchString(b) && creuseIn(a, creuse) {
			continue
		}
		if !slices.Equal(others(b), others(a)) {
			t.Errorf("commune %s: the events of other buses changed", insee)
		}
	}
	t.Logf("%d feeds outside the Creuse unchanged, %d served by a Creuse bus with every other bus's event unchanged", same, served)
	if same < len(outside)*9/10 {
		t.Errorf("only %d of %d feeds unchanged", same, len(outside))
	}
}

// TestDraftLabelGoesWithPublication: a coordinator previews a draft's day sheet
// (« brouillon »), publishes the plan, and the same sheet no longer says draft, nor does
// the published calendar's: no cached page outlives the publication. Before, a driver
// saw « brouillon, plan 5 » on a published plan until the server restarted.
func TestDraftLabelGoesWithPublication(t *testing.T) {
	e := newEnv(t)
	date, _ := firstSession(t, e)
	_, page := e.do("GET", "/driver/bus-23/"+date+"?plan=1", e.coordinator, "")
	if !strings.Contains(page, "brouillon, plan 1") {
		t.Fatalf("the draft's sheet does not say draft: %.1500s", page)
	}
	if res, _ := e.do("GET", "/driver/bus-23/"+date, e.driver, ""); res.StatusCode != 404 {
		t.Errorf("a driver sees a sheet before anything is published: %d", res.StatusCode)
	}
	e.publish("1")
	for _, path := range []string{"/driver/bus-23/" + date + "?plan=1", "/driver/bus-23/" + date} {
		res, page := e.do("GET", path, e.coordinator, "")
		if res.StatusCode != 200 || strings.Contains(page, "brouillon") || !strings.Contains(page, "Médicobus Creuse") {
			t.Errorf("%s after publication: %d %.800s", path, res.StatusCode, page)
		}
	}
}

// TestPastSheetsStay: a driver's sheet of a date long past (beyond the two months the
// public calendar keeps) still shows what was published then, and a later publication
// does not change it.
func TestPastSheetsStay(t *testing.T) {
	e := newEnvWith(t, 0, at("2027-06-07"))
	old := "2026-11-24"
	if _, err := e.db.PublishWith(context.Background(), 1, medibus.PublishOptions{}); err != nil { // from its start, 2026-11-23
		t.Fatal(err)
	}
	_, before := e.do("GET", "/driver/bus-23/"+old, e.driver, "")
	if !strings.Contains(before, "Départ") {
		t.Fatalf("sheet of %s: %.600s", old, before)
	}
	id := planRotation(t, e, "creuse", "2027-06-07")
	e.publish(itoa(id))
	if _, after := e.do("GET", "/driver/bus-23/"+old, e.driver, ""); after != before {
		t.Errorf("the sheet of %s changed with a later publication", old)
	}
}
