package server_test

import (
	"bytes"
	"context"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserPublic acts in headless Chromium on the Creuse's published plan, with a
// closure on 1 December: a patient's commune page on a phone (the calendar links in
// the first screen, the closed day « annulée » at its date), the commune's poster (its
// QR code read from the screen, one A4 page when printed), a driver's sheet and its
// day links; at 360 px (and 390 px for the driver), without sideways scroll, and
// axe-core on each. With $MEDIBUS_SCREENSHOTS, each is shot at 360 and 1,400 px.
func TestBrowserPublic(t *testing.T) {
	bctx := browser(t)
	e := newEnv(t)
	e.publish("1")
	if res, body := e.do("POST", "/api/closures", e.coordinator, `{"from":"2026-12-01","department":"23","reason":"neige"}`); res.StatusCode != 201 {
		t.Fatalf("closure: %d %s", res.StatusCode, body)
	}
	t.Run("commune", func(t *testing.T) { browseCommuneTop(t, bctx, e) })
	t.Run("poster", func(t *testing.T) { browsePoster(t, bctx, e) })
	t.Run("driver", func(t *testing.T) { browseDriverDays(t, bctx, e) })
}

// sideways fails the test when the page is wider than the window.
func sideways(t *testing.T, ctx context.Context, what string, want int) {
	t.Helper()
	var scroll, width int
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll), chromedp.Evaluate(`window.innerWidth`, &width)); err != nil {
		t.Fatal(err)
	}
	if scroll > width || width != want {
		t.Errorf("%s is %d px wide in a %d px window (want %d): it scrolls sideways", what, scroll, width, want)
	}
}

// browseCommuneTop: on a 360 × 740 phone, « Ajouter à mon agenda » is in the first
// screen, before the sessions, its links completed to webcal:// and Google Agenda by the
// page's script; the day of the closure is in the list, « annulée » with its reason in
// the text itself; the poster's link is there.
func browseCommuneTop(t *testing.T, ctx context.Context, e *env) {
	var top, height float64
	var before bool
	var webcal, google, cancelled, poster string
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)),
		chromedp.Navigate(e.ts.URL+"/communes/23176"),
		chromedp.WaitVisible("section.agenda"),
		poll(`document.body.dataset.map === "ready"`),
		chromedp.Evaluate(`document.querySelector("section.agenda").getBoundingClientRect().top`, &top),
		chromedp.Evaluate(`window.innerHeight`, &height),
		chromedp.Evaluate(`!!(document.querySelector("section.agenda").compareDocumentPosition(document.querySelector("ul.occurrences")) & Node.DOCUMENT_POSITION_FOLLOWING)`, &before),
		chromedp.AttributeValue(`section.agenda a[data-webcal]`, "href", &webcal, nil),
		chromedp.AttributeValue(`section.agenda a[data-google]`, "href", &google, nil),
		chromedp.Evaluate(`[...document.querySelectorAll("ul.occurrences li.annulee")].map(li => li.innerText).join("\n")`, &cancelled),
		chromedp.AttributeValue(`p.poster-link a`, "href", &poster, nil),
	)
	if err != nil {
		t.Fatal(err)
	}
	if top < 0 || top >= height || !before {
		t.Errorf("« Ajouter à mon agenda » at %v px in a %v px window, before the sessions: %v", top, height, before)
	}
	host := strings.TrimPrefix(e.ts.URL, "http://")
	if webcal != "webcal://"+host+"/communes/23176.ics" || !strings.Contains(google, "calendar.google.com") || !strings.Contains(google, "webcal%3A%2F%2F") {
		t.Errorf("calendar links: %q, %q", webcal, google)
	}
	if !regexp.MustCompile(`mardi 1 décembre 2026, (matin|après-midi) — ANNULÉE \(fermeture : neige\)|mardi 1 décembre 2026, (matin|après-midi) — annulée \(fermeture : neige\)`).MatchString(cancelled) {
		t.Errorf("the closed day in the list reads %q", cancelled)
	}
	if poster != "/communes/23176/affiche" {
		t.Errorf("the poster's link: %q", poster)
	}
	sideways(t, ctx, "the commune's page", 360)
	checkAxe(t, ctx, "/communes/23176")
	shoot(t, ctx, "patient-360-agenda.png", "")
	if err := chromedp.Run(ctx, chromedp.ScrollIntoView("ul.occurrences li.annulee", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	shoot(t, ctx, "patient-360-annulee.png", "")
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1400, 1000), chromedp.Navigate(e.ts.URL+"/communes/23176"), chromedp.WaitVisible("section.agenda"),
		poll(`document.body.dataset.map === "ready"`)); err != nil {
		t.Fatal(err)
	}
	shoot(t, ctx, "patient-1400.png", "")
}

// browsePoster: the poster of La Souterraine on a phone, then on a desk: its QR code,
// read from the screen, leads to the commune's page; printed on A4 it is one page.
func browsePoster(t *testing.T, ctx context.Context, e *env) {
	var h1 string
	var shot []byte
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)),
		chromedp.Navigate(e.ts.URL+"/communes/23176/affiche"),
		chromedp.WaitVisible("svg.qr"),
		chromedp.Text("h1", &h1),
		chromedp.Screenshot("svg.qr", &shot, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if h1 != "Le médicobus passe près de chez vous" {
		t.Errorf("the poster's title: %q", h1)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeQR(t, img); got != e.ts.URL+"/communes/23176" {
		t.Errorf("the QR code on the screen says %q, want %s/communes/23176", got, e.ts.URL)
	}
	sideways(t, ctx, "the poster", 360)
	checkAxe(t, ctx, "/communes/23176/affiche")
	shoot(t, ctx, "poster-360.png", "")
	// Printed on A4, a served commune's poster and an unserved one's (Limoges: the
	// nearest stop's sessions) are one page each.
	for _, insee := range []string{"87085", "23176"} {
		var pdf []byte
		err = chromedp.Run(ctx, chromedp.EmulateViewport(1400, 1000), chromedp.Navigate(e.ts.URL+"/communes/"+insee+"/affiche"), chromedp.WaitVisible("svg.qr"),
			chromedp.ActionFunc(func(ctx context.Context) error {
				var err error
				// A4 in inches; the poster's own @page rule sets its margins.
				pdf, _, err = page.PrintToPDF().WithPaperWidth(8.27).WithPaperHeight(11.69).WithPreferCSSPageSize(true).Do(ctx)
				return err
			}))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(regexp.MustCompile(`/Type\s*/Page\b`).FindAll(pdf, -1)); n != 1 {
			t.Errorf("the poster of %s prints on %d A4 pages, want 1", insee, n)
		}
	}
	shoot(t, ctx, "poster-1400.png", "article.sheet-a4")
	// The printed page as print media lay it out in A4's 186 × 273 mm within the
	// margins (703 × 1,032 CSS pixels), for whoever looks at the shots.
	var tall float64
	if err := chromedp.Run(ctx, emulation.SetEmulatedMedia().WithMedia("print"), chromedp.EmulateViewport(703, 1032),
		chromedp.Evaluate(`document.querySelector("article.sheet-a4").getBoundingClientRect().bottom`, &tall)); err != nil {
		t.Fatal(err)
	}
	t.Logf("printed, the poster is %.0f px tall of the 1,032 an A4 page holds within its margins", tall)
	shoot(t, ctx, "poster-print.png", "")
	if err := chromedp.Run(ctx, emulation.SetEmulatedMedia().WithMedia(""), chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
}

// browseDriverDays: bus-23's sheet of Friday 27 November on phones of 360 and 390 px:
// the previous, today's and the next working day's links fit without sideways scroll,
// and « Jour suivant » opens Monday's sheet.
func browseDriverDays(t *testing.T, ctx context.Context, e *env) {
	if err := chromedp.Run(ctx, login(e.ts.URL, e.driver, "/driver/bus-23/2026-11-27"), chromedp.WaitVisible("ol.stops")); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{360, 390} {
		var nav, next string
		err := chromedp.Run(ctx,
			chromedp.EmulateViewport(int64(w), 800, chromedp.EmulateScale(2)),
			chromedp.Navigate(e.ts.URL+"/driver/bus-23/2026-11-27"),
			chromedp.WaitVisible("nav.daynav"),
			poll(`document.body.dataset.map === "ready"`),
			chromedp.Text("nav.daynav", &nav),
		)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Jour précédent", "jeudi 26 novembre", "Aujourd'hui", "lundi 23 novembre", "Jour suivant", "lundi 30 novembre"} {
			if !strings.Contains(nav, want) {
				t.Errorf("at %d px the day links say %q, lack %q", w, nav, want)
			}
		}
		sideways(t, ctx, "the driver's sheet", w)
		if w == 360 {
			checkAxe(t, ctx, "/driver/bus-23/2026-11-27")
			shoot(t, ctx, "driver-sheet-360.png", "")
			continue
		}
		err = chromedp.Run(ctx, chromedp.Click(`nav.daynav a[rel="next"]`, chromedp.ByQuery), chromedp.WaitVisible("nav.daynav"),
			chromedp.Text("p.date", &next))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(next, "lundi 30 novembre 2026") {
			t.Errorf("« Jour suivant » opens %q", next)
		}
	}
	err := chromedp.Run(ctx, chromedp.EmulateViewport(1400, 1000), chromedp.Navigate(e.ts.URL+"/driver/bus-23/2026-11-27"), chromedp.WaitVisible("nav.daynav"),
		poll(`document.body.dataset.map === "ready"`))
	if err != nil {
		t.Fatal(err)
	}
	shoot(t, ctx, "driver-sheet-1400.png", "")
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
}
