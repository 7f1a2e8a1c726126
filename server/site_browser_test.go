package server_test

import (
	"context"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"medibus/server"
)

// The static site of the Creuse's published plan (all of France), written once and
// shared by the tests that read it; each compares it with a live server of its own on
// the same fixture, published the same way.
var creuseSite struct {
	once sync.Once
	dir  string
	sum  server.SiteSummary
	err  error
}

// sharedSite returns the folder of the Creuse's static site and what was written.
func sharedSite(t *testing.T) (string, server.SiteSummary) {
	t.Helper()
	creuseSite.once.Do(func() {
		e := newEnv(t)
		e.publish("1")
		var parent string
		if parent, creuseSite.err = os.MkdirTemp("", "medibus-site"); creuseSite.err != nil {
			return
		}
		creuseSite.dir = filepath.Join(parent, "site")
		creuseSite.sum, creuseSite.err = e.srv.WriteSite(context.Background(), server.SiteOptions{Dir: creuseSite.dir})
	})
	if creuseSite.err != nil {
		t.Fatalf("the Creuse's static site: %v", creuseSite.err)
	}
	return creuseSite.dir, creuseSite.sum
}

// TestBrowserSite opens the static site in headless Chromium, served from its folder by
// http.FileServer as by any static host: the search runs in the browser and finds what
// the live search finds (accents and case ignored, postal codes, one hit opens its
// page), a commune's page lists its sessions and draws its map at 360 px, its feed is
// there; axe-core checks the home page with results and the commune's page.
func TestBrowserSite(t *testing.T) {
	bctx := browser(t)
	dir, _ := sharedSite(t)
	e := newEnv(t)
	e.publish("1")
	if err := mime.AddExtensionType(".ics", "text/calendar; charset=utf-8"); err != nil {
		t.Fatal(err)
	}
	static := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(static.Close)
	t.Run("commune", func(t *testing.T) { browseSiteCommune(t, bctx, static.URL) })
	t.Run("search", func(t *testing.T) { browseSiteSearch(t, bctx, e, static.URL) })
}

// browseSiteCommune: from the home page, La Souterraine found by name opens its page, which
// lists its sessions and draws its map without scrolling sideways on a phone; the
// live server's address without the final slash leads there too; the feed is served;
// its calendar link and its poster, written without public_url.
func browseSiteCommune(t *testing.T, ctx context.Context, base string) {
	var first, path, feed, written string
	var scroll, width int
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)),
		chromedp.Navigate(base+"/"),
		poll(`document.body.dataset.search === "ready"`),
		chromedp.SendKeys("#q", "la souterraine", chromedp.ByID),
		chromedp.Submit("#q", chromedp.ByID),
		chromedp.WaitVisible(`#search-results a[href="/communes/23176/"]`),
		chromedp.Click(`#search-results a[href="/communes/23176/"]`),
		chromedp.WaitVisible("ul.occurrences li"),
		poll(`document.body.dataset.map === "ready" && document.querySelector("#place-map .leaflet-marker-icon") !== null`),
		chromedp.Text("ul.occurrences li", &first),
		chromedp.Text("p.written", &written),
		chromedp.Evaluate(`location.pathname`, &path),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll),
		chromedp.Evaluate(`window.innerWidth`, &width),
		chromedp.Evaluate(`fetch("/communes/23176.ics").then(r => r.text().then(b => r.headers.get("Content-Type") + "\n" + b))`, &feed, awaitPromise),
	)
	if err != nil {
		t.Fatal(err)
	}
	if path != "/communes/23176/" || !strings.Contains(first, "novembre 2026") || !strings.Contains(first, ":") {
		t.Errorf("at %s, the first session %q", path, first)
	}
	if !strings.Contains(written, "Page mise à jour le lundi 23 novembre 2026") {
		t.Errorf("the page says %q of when it was written", written)
	}
	if scroll > width || width != 360 {
		t.Errorf("the page is %d px wide in a %d px window: it scrolls sideways", scroll, width)
	}
	if !strings.HasPrefix(feed, "text/calendar") || !strings.Contains(feed, "BEGIN:VEVENT") {
		t.Errorf("the feed: %.200s", feed)
	}
	checkAxe(t, ctx, "the static /communes/23176/")
	// Written without public_url, the page's calendar link is completed from the address
	// it was read at, and its poster says it has no QR code, and why.
	var webcal, missing string
	err = chromedp.Run(ctx,
		chromedp.AttributeValue(`section.agenda a[data-webcal]`, "href", &webcal, nil),
		chromedp.Click(`p.poster-link a`, chromedp.ByQuery),
		chromedp.WaitVisible(`article.sheet-a4`),
		chromedp.Evaluate(`location.pathname`, &path),
		chromedp.Text(`.qr-missing`, &missing),
	)
	if err != nil {
		t.Fatal(err)
	}
	if webcal != "webcal://"+strings.TrimPrefix(base, "http://")+"/communes/23176.ics" {
		t.Errorf("the static page's calendar link: %q", webcal)
	}
	if path != "/communes/23176/affiche/" || !strings.Contains(missing, "Pas de code QR sur cette affiche") || !strings.Contains(missing, "public_url") {
		t.Errorf("the static poster at %s says %q", path, missing)
	}
	sideways(t, ctx, "the static poster", 360)
	checkAxe(t, ctx, "the static /communes/23176/affiche/")
	var h1 string
	if err := chromedp.Run(ctx, chromedp.Navigate(base+"/communes/23176"), chromedp.Text("h1", &h1), chromedp.Evaluate(`location.pathname`, &path),
		chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	if h1 != "Médicobus près de La Souterraine" || path != "/communes/23176/" {
		t.Errorf("/communes/23176 shows %q at %s", h1, path)
	}
}

// browseSiteSearch: for each query, the static site's search (home page, ?q=) finds the
// communes the live server's search finds, in the same order; one hit opens its page.
func browseSiteSearch(t *testing.T, ctx context.Context, e *env, base string) {
	for _, q := range []string{"Guéret", "GUERET", "23000", "87000", "saint", "Saint-Étienne", "la souter", "l'abergement",
		"ssac", "st", "Évaux", "oeuilly", "ŒUILLY", "xyzzy", "23096", "St Sébastien", "ste feyre", "97100", "99999"} {
		var live struct {
			Communes []struct {
				INSEE string `json:"insee"`
			} `json:"communes"`
		}
		_, body := e.do("GET", "/api/public/communes?q="+url.QueryEscape(q), "", "")
		mustUnmarshal(t, body, &live)
		var want []string
		for _, c := range live.Communes {
			want = append(want, "/communes/"+c.INSEE+"/")
		}
		var got []string
		// One hit opens its page, as the live server redirects to it; more are listed.
		wait := chromedp.Tasks{chromedp.WaitVisible(`#search-results > *`),
			chromedp.Evaluate(`[...document.querySelectorAll("#search-results a")].map(a => a.getAttribute("href"))`, &got)}
		if len(want) == 1 {
			var path string
			wait = chromedp.Tasks{chromedp.WaitReady("main.commune"), chromedp.Evaluate(`location.pathname`, &path),
				chromedp.ActionFunc(func(context.Context) error { got = []string{path}; return nil })}
		}
		err := chromedp.Run(ctx, chromedp.Navigate(base+"/?q="+url.QueryEscape(q)), wait)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if len(want) == 0 && len(got) == 0 {
			var status string
			if err := chromedp.Run(ctx, chromedp.Text(`#search-results [role="status"]`, &status)); err != nil || !strings.Contains(status, "Aucune commune") && !strings.Contains(status, "France métropolitaine seulement") {
				t.Errorf("%q: no hit, and the page says %q (%v)", q, status, err)
			}
			continue
		}
		t.Logf("%q: %d communes", q, len(got))
		if !slices.Equal(got, want) {
			t.Errorf("%q: the static search finds %v, the live one %v", q, got, want)
		}
		if q == "saint" {
			checkAxe(t, ctx, "the static home page with results")
		}
	}
}

// awaitPromise makes chromedp.Evaluate wait for a promise's value.
func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
