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

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
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

// TestBrowser drives the pages in headless Chromium: a patient finds their commune and
// sees the next session, a driver opens a day sheet, and a coordinator runs a plan with
// progress, pins a session, re-optimises and publishes.
func TestBrowser(t *testing.T) {
	path := chromium()
	if path == "" {
		t.Skip("no chromium binary (apt-get install -y chromium, or set MEDIBUS_CHROMIUM)")
	}
	if testing.Short() {
		t.Skip("browser tests skipped with -short")
	}
	e := newEnv(t)
	e.publish("1")

	// The flags a closed network needs: no background connections, no updates, no sync.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profileDir(t)), chromedp.WindowSize(1280, 900))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	defer acancel()
	// Newer Chromium sends events this chromedp's protocol tables do not know; they are
	// irrelevant here, so only other errors are logged.
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithErrorf(func(format string, args ...any) {
		if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "could not unmarshal event") {
			t.Logf("chromedp: %s", msg)
		}
	}))
	defer bcancel()

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
	base := e.ts.URL
	poll := func(expr string) chromedp.Action {
		return chromedp.Poll(expr, nil, chromedp.WithPollingTimeout(25*time.Second))
	}

	t.Run("patient finds their commune", func(t *testing.T) {
		var first string
		err := chromedp.Run(bctx,
			chromedp.Navigate(base+"/"),
			chromedp.SendKeys("#q", "la souterraine", chromedp.ByID),
			chromedp.Submit("#q", chromedp.ByID),
			chromedp.WaitVisible(`a[href="/communes/23176"]`),
			chromedp.Click(`a[href="/communes/23176"]`),
			chromedp.WaitVisible("table.sessions tbody tr"),
			chromedp.Text("table.sessions tbody tr", &first),
		)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(first, "décembre 2026") || !strings.Contains(first, ":") {
			t.Errorf("first session row %q", first)
		}
	})

	login := func(token, next string) chromedp.Tasks {
		return chromedp.Tasks{
			chromedp.Navigate(base + "/login?next=" + next),
			chromedp.SetValue("#token", token, chromedp.ByID),
			chromedp.Click(`form.login button[type="submit"]`),
		}
	}

	t.Run("driver opens a day sheet", func(t *testing.T) {
		var stops int
		var title string
		err := chromedp.Run(bctx,
			login(e.driver, "/driver/bus-23/2026-12-07"),
			chromedp.WaitVisible("ol.stops"),
			chromedp.Evaluate(`document.querySelectorAll("ol.stops li").length`, &stops),
			chromedp.Text("h1", &title),
			chromedp.WaitVisible("svg.daymap"),
		)
		if err != nil {
			t.Fatal(err)
		}
		if stops < 3 || !strings.Contains(title, "bus-23") {
			t.Errorf("%d stops, title %q", stops, title)
		}
	})

	t.Run("coordinator runs, pins, re-optimises, publishes", func(t *testing.T) {
		var pins int
		var status string
		err := chromedp.Run(bctx,
			login(e.coordinator, "/plan"),
			chromedp.WaitVisible("#grid table"),
			chromedp.WaitVisible("#map svg"),
			// The map follows the service chosen in its labelled list.
			poll(`document.querySelector('label[for="map-service"]') !== null && document.querySelectorAll("#map-service option").length > 1`),
			chromedp.SetValue("#map-service", "eye", chromedp.ByID), // fires "change"
			poll(`document.body.dataset.ready === "1" && document.querySelector("#map svg title").textContent.includes("Ophtalmologie")`),
			chromedp.SetValue("#run-start", "2026-11-23", chromedp.ByID),
			chromedp.SetValue("#run-limit", "5", chromedp.ByID),
			chromedp.Click("#run-start-btn", chromedp.ByID),
			poll(`document.getElementById("progress-text").textContent.startsWith("Terminé : plan #2")`),
			poll(`document.body.dataset.ready === "2" && document.querySelector(".slot:not(.empty)") !== null`),
			chromedp.Click(".slot:not(.empty)"),
			chromedp.WaitVisible("#selection"),
			chromedp.Click("#pin", chromedp.ByID),
			poll(`document.body.dataset.ready === "2" && document.querySelectorAll("#pins li button").length === 1`),
			chromedp.Evaluate(`document.querySelectorAll("#pins li button").length`, &pins),
			chromedp.Click("#reoptimise", chromedp.ByID),
			poll(`document.getElementById("progress-text").textContent.startsWith("Terminé : plan #3")`),
			poll(`document.body.dataset.ready === "3" && document.getElementById("publish").disabled === false`),
			chromedp.Click("#publish", chromedp.ByID),
			poll(`document.body.dataset.ready === "3" && document.getElementById("plan-status").textContent === "publié"`),
			chromedp.Text("#plan-status", &status),
		)
		if err != nil {
			var msg string
			_ = chromedp.Run(bctx, chromedp.Text("#message", &msg))
			t.Fatalf("%v (page says %q)", err, msg)
		}
		// The re-plan holds the pinned session and is now the published plan.
		res, body := e.do("GET", "/api/plans/3", e.coordinator, "")
		if res.StatusCode != 200 || !strings.Contains(body, `"status":"published"`) || !strings.Contains(body, `"parent_id":2`) {
			t.Errorf("plan 3: %d %.300s", res.StatusCode, body)
		}
		_, body = e.do("GET", "/api/plans/3/sessions", e.coordinator, "")
		if !strings.Contains(body, `"pinned":true`) {
			t.Error("plan 3 holds no pinned session")
		}
	})
	mu.Lock()
	defer mu.Unlock()
	for _, m := range jsErrors {
		t.Errorf("JavaScript exception: %s", m)
	}
}
