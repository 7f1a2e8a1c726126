package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"medibus/server"
	"medibus/store"
	"medibus/territory"
)

// TestScreenshotsFrance takes the coordinator's view of a plan of France for the
// README: it needs a database with a published plan of France in $MEDIBUS_FRANCE_DB
// (medibus plan --db F && medibus publish --db F) and $MEDIBUS_SCREENSHOTS, and is
// skipped otherwise. It also reports how long the desk's answers take at that size.
func TestScreenshotsFrance(t *testing.T) {
	path := os.Getenv("MEDIBUS_FRANCE_DB")
	if path == "" || os.Getenv("MEDIBUS_SCREENSHOTS") == "" {
		t.Skip("set MEDIBUS_FRANCE_DB and MEDIBUS_SCREENSHOTS to take the screenshots of France")
	}
	ctx := browser(t)
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fr, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{DB: db, Territory: fr, Travel: gcTravel, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	tok, _, err := db.CreateToken(context.Background(), store.RoleCoordinator, "")
	if err != nil {
		t.Fatal(err)
	}
	id, err := db.LatestPublishedID(context.Background())
	if err != nil || id == 0 {
		t.Fatalf("no published plan in %s (%v)", path, err)
	}
	began := time.Now()
	err = chromedp.Run(ctx, chromedp.EmulateViewport(1400, 1000), login(ts.URL, tok, "/plan?view=carte&plan=1"), chromedp.WaitVisible("main.planning"),
		poll(`document.body.dataset.ready === "1"`),
		chromedp.SetValue("#map-zoom", "", chromedp.ByID), chromedp.Sleep(time.Second), chromedp.ScrollIntoView("#map-h", chromedp.ByID))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the desk shows France in %v", time.Since(began))
	shoot(t, ctx, "coordinator-map-france.png", `section[aria-labelledby="map-h"]`)
	err = chromedp.Run(ctx, chromedp.Navigate(ts.URL+"/plan?view=grilles&plan=1&dept=23"), poll(`document.body.dataset.ready === "1"`),
		chromedp.ScrollIntoView("#grid-h", chromedp.ByID))
	if err != nil {
		t.Fatal(err)
	}
	shoot(t, ctx, "coordinator-grid-france.png", `section[aria-labelledby="grid-h"]`)
}
