package server_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"medibus"
)

// chromium finds a Chromium binary: $MEDIBUS_CHROMIUM, or Debian's.
func chromium() string {
	if p := os.Getenv("MEDIBUS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// profileDir is Chromium's profile folder. Chromium's helper processes may still write
// to its cache for a moment after the browser is closed, so the folder is removed with
// retries rather than by t.TempDir, whose cleanup fails the test on a race.
func profileDir(t *testing.T) string {
	dir, err := os.MkdirTemp("", "medibus-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 20 {
			if os.RemoveAll(dir) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Logf("could not remove the Chromium profile %s", dir)
	})
	return dir
}

// browser starts headless Chromium, or skips the test. JavaScript exceptions are
// collected and fail the test at its end.
func browser(t *testing.T) context.Context {
	path := chromium()
	if path == "" {
		t.Skip("no chromium binary (apt-get install -y chromium, or set MEDIBUS_CHROMIUM)")
	}
	if testing.Short() {
		t.Skip("browser tests skipped with -short")
	}
	// The flags a closed network needs: no background connections, no updates, no sync.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "fr-FR"), chromedp.UserDataDir(profileDir(t)), chromedp.WindowSize(1280, 900))
	// The whole browser walk: a few minutes on an idle machine, more on a loaded one.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	// Newer Chromium sends events this chromedp's protocol tables do not know (or does
	// not handle); they are irrelevant here, so only other errors are logged.
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithErrorf(func(format string, args ...any) {
		if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "could not unmarshal event") && !strings.Contains(msg, "unhandled node event") {
			t.Logf("chromedp: %s", msg)
		}
	}))
	t.Cleanup(bcancel)
	var mu sync.Mutex
	var jsErrors []string
	chromedp.ListenTarget(bctx, func(ev any) {
		if ex, ok := ev.(*runtime.EventExceptionThrown); ok {
			mu.Lock()
			jsErrors = append(jsErrors, ex.ExceptionDetails.Error())
			mu.Unlock()
		}
	})
	if err := chromedp.Run(bctx); err != nil {
		t.Skipf("chromium at %s does not start: %v", path, err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, m := range jsErrors {
			t.Errorf("JavaScript exception: %s", m)
		}
	})
	return bctx
}

// TestBrowser acts as each user in headless Chromium on the planned France (100 buses,
// planned greedily from 2026-11-23): a patient on a phone in the Creuse, a driver of
// bus-23, a coordinator who zooms to the Creuse, moves, re-optimises, publishes and
// declares a breakdown; axe-core checks every page.
func TestBrowser(t *testing.T) {
	if testing.Short() || chromium() == "" {
		browser(t) // skips, saying why
	}
	// The plan of France is made before the browser starts, out of its time budget.
	e := newFranceEnv(t)
	e.publish("1")
	bctx := browser(t)
	base := e.ts.URL
	t.Run("patient", func(t *testing.T) { browsePatient(t, bctx, e) })
	t.Run("calendar", func(t *testing.T) { browseHolidays(t, bctx, e) })
	t.Run("driver", func(t *testing.T) { browseDriver(t, bctx, e) })
	t.Run("coordinator", func(t *testing.T) { browseCoordinator(t, bctx, e) })
	t.Run("coordinator of a region", func(t *testing.T) { browseScoped(t, bctx, e) })
	t.Run("errors in French", func(t *testing.T) {
		var h1, nav string
		err := chromedp.Run(bctx, chromedp.Navigate(base+"/nope"), chromedp.Text("h1", &h1),
			chromedp.Navigate(base+"/login"), chromedp.SetValue("#token", "mb_wrong", chromedp.ByID),
			chromedp.Click(`form.login button[type="submit"]`), chromedp.WaitVisible(".error"), chromedp.Text("header nav", &nav))
		if err != nil {
			t.Fatal(err)
		}
		if h1 != "404 — Page introuvable" {
			t.Errorf("404 page says %q", h1)
		}
		if strings.Contains(nav, "Se déconnecter") || !strings.Contains(nav, "Connexion") {
			t.Errorf("after a failed login the header says %q", nav)
		}
	})
}

func login(base, token, next string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Navigate(base + "/login?next=" + next),
		chromedp.SetValue("#token", token, chromedp.ByID),
		chromedp.Click(`form.login button[type="submit"]`),
	}
}

// browsePatient: search, then the commune page on a 360-pixel phone: no horizontal
// scroll, how to book, a map of the place.
func browsePatient(t *testing.T, ctx context.Context, e *env) {
	var first string
	var scroll, width int
	var book string
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)),
		chromedp.Navigate(e.ts.URL+"/"),
		chromedp.SendKeys("#q", "la souterraine", chromedp.ByID),
		chromedp.Submit("#q", chromedp.ByID),
		chromedp.WaitVisible(`a[href="/communes/23176"]`),
		chromedp.Click(`a[href="/communes/23176"]`),
		chromedp.WaitVisible("ul.occurrences li"),
		poll(`document.body.dataset.map === "ready"`),
		chromedp.Text("ul.occurrences li", &first),
		chromedp.Text(".note.booking", &book),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll),
		chromedp.Evaluate(`window.innerWidth`, &width),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(first, "novembre 2026") || !strings.Contains(first, ":") {
		t.Errorf("first session %q", first)
	}
	if scroll > width || width != 360 {
		t.Errorf("the page is %d px wide in a %d px window: it scrolls sideways", scroll, width)
	}
	if !strings.Contains(book, "pas de numéro de réservation communiqué") {
		t.Errorf("how to book: %q", book)
	}
	shoot(t, ctx, "patient-360.png", "")
	// The first cancelled session, in the list at its date or listed apart after it.
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector("li.annulee, ul.cancelled")?.scrollIntoView()`, nil)); err != nil {
		t.Fatal(err)
	}
	shoot(t, ctx, "patient-360-holidays.png", "")
	checkAxe(t, ctx, "/communes/23176")
	if err := chromedp.Run(ctx, chromedp.Navigate(e.ts.URL+"/")); err != nil {
		t.Fatal(err)
	}
	checkAxe(t, ctx, "/")
	// The help, accessibility and legal pages, reached from the footer on the phone.
	for _, p := range []struct{ link, h1 string }{{"/aide", "Aide"}, {"/accessibilite", "Déclaration d'accessibilité"}, {"/mentions-legales", "Mentions légales"}} {
		var h1 string
		err := chromedp.Run(ctx, chromedp.Navigate(e.ts.URL+"/"), chromedp.Click(`footer a[href="`+p.link+`"]`, chromedp.ByQuery),
			chromedp.WaitVisible("main h1"), chromedp.Text("main h1", &h1),
			chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll), chromedp.Evaluate(`window.innerWidth`, &width))
		if err != nil {
			t.Fatal(err)
		}
		if h1 != p.h1 || scroll > width {
			t.Errorf("%s: title %q, %d px wide in %d px", p.link, h1, scroll, width)
		}
		checkAxe(t, ctx, p.link)
	}
	shoot(t, ctx, "legal-360.png", "")
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
}

// browseHolidays: the communes served on the cycle's Fridays see their session of 25
// December 2026 or 1 January 2027 « annulée » with the holiday's name, at its date in
// the list or after it among the later cancelled ones, never as held; their feeds mark
// those occurrences cancelled.
func browseHolidays(t *testing.T, ctx context.Context, e *env) {
	for _, tc := range []struct{ cycleDate, holiday, label, ics string }{
		{"2026-11-27", "Noël", "25 décembre 2026", "20261225"},
		{"2026-12-04", "Jour de l'an", "1 janvier 2027", "20270101"},
	} {
		var ses struct {
			Sessions []struct {
				SiteINSEE string `json:"site_insee"`
			} `json:"sessions"`
		}
		_, body := e.do("GET", "/api/plans/1/sessions?date="+tc.cycleDate, e.coordinator, "")
		mustUnmarshal(t, body, &ses)
		if len(ses.Sessions) == 0 {
			t.Fatalf("no session on %s to project onto %s", tc.cycleDate, tc.label)
		}
		insee := ses.Sessions[0].SiteINSEE
		var held, cancelled, feed string
		err := chromedp.Run(ctx,
			chromedp.Navigate(e.ts.URL+"/communes/"+insee),
			chromedp.WaitVisible("ul.occurrences"),
			chromedp.Evaluate(`[...document.querySelectorAll("ul.occurrences li:not(.annulee)")].map(li => li.innerText).join("\n")`, &held),
			chromedp.Evaluate(`[...document.querySelectorAll("ul.occurrences li.annulee, ul.cancelled li")].map(li => li.innerText).join("\n")`, &cancelled),
			chromedp.Evaluate(`fetch("/communes/`+insee+`.ics").then(r => r.text())`, &feed,
				func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
		)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(held, tc.label) {
			t.Errorf("commune %s lists a session held on %s", insee, tc.label)
		}
		if !strings.Contains(cancelled, tc.label) || !strings.Contains(cancelled, tc.holiday) {
			t.Errorf("commune %s: the cancelled sessions say %q, want %s (%s)", insee, cancelled, tc.label, tc.holiday)
		}
		checkFeedCancels(t, feed, tc.ics)
	}
}

// checkFeedCancels: every event of the feed on day (YYYYMMDD) is STATUS:CANCELLED, and
// there is one.
func checkFeedCancels(t *testing.T, feed, day string) {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(feed))
	if err != nil {
		t.Fatalf("feed: %v", err)
	}
	n := 0
	for _, ev := range cal.Events() {
		p := ev.GetProperty(ics.ComponentPropertyDtStart)
		if p == nil || !strings.HasPrefix(p.Value, day) {
			continue
		}
		n++
		if st := ev.GetProperty(ics.ComponentPropertyStatus); st == nil || st.Value != "CANCELLED" {
			t.Errorf("event %s on %s is not cancelled", ev.Id(), day)
		}
	}
	if n == 0 {
		t.Errorf("the feed has no event on %s to mark cancelled", day)
	}
}

// browseDriver: the day sheet with its map and a navigation link per stop, on a day of
// the cycle's second occurrence on which bus-23 holds two sessions or more.
func browseDriver(t *testing.T, ctx context.Context, e *env) {
	var ses struct {
		Sessions []struct{ Date string } `json:"sessions"`
	}
	_, body := e.do("GET", "/api/plans/1/sessions?unit=bus-23", e.coordinator, "")
	mustUnmarshal(t, body, &ses)
	perDay := map[string]int{}
	day := ""
	for _, s := range ses.Sessions {
		if perDay[s.Date]++; perDay[s.Date] == 2 && (day == "" || s.Date < day) {
			day = s.Date
		}
	}
	d, err := medibus.ParseDate(day)
	if err != nil {
		t.Fatalf("bus-23 holds no day of two sessions: %v", err)
	}
	sheet := "/driver/bus-23/" + d.AddDays(14).String()
	var stops int
	var title, geo string
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)),
		login(e.ts.URL, e.driver, sheet),
		chromedp.WaitVisible("ol.stops"),
		poll(`document.body.dataset.map === "ready" && document.querySelector("#day-map .leaflet-overlay-pane, #day-map canvas") !== null`),
		chromedp.Evaluate(`document.querySelectorAll("ol.stops li").length`, &stops),
		chromedp.Text("h1", &title),
		chromedp.AttributeValue(`.nav-links a[href^="geo:"]`, "href", &geo, nil),
	)
	if err != nil {
		t.Fatal(err)
	}
	if stops < 3 || !strings.Contains(title, "Médicobus") || !strings.HasPrefix(geo, "geo:46.") {
		t.Errorf("%d stops, title %q, navigation link %q", stops, title, geo)
	}
	shoot(t, ctx, "driver-sheet.png", "")
	checkAxe(t, ctx, sheet)
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
}
