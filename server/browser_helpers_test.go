package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// axeScript is axe-core 4.14.1 (npm, MPL-2.0), vendored for the browser test only.
const axeScript = "testdata/axe-core-4.14.1/axe.min.js"

// axeViolation is what the test reports of one axe-core violation.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// checkAxe injects axe-core into the page and fails the test on any serious or
// critical violation of WCAG 2.1 A/AA; lesser ones are logged.
func checkAxe(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	src, err := os.ReadFile(axeScript)
	if err != nil {
		t.Fatalf("axe-core: %v", err)
	}
	var out string
	run := `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}, resultTypes: ["violations"]})
		.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map(n => n.target.join(" "))}))))`
	err = chromedp.Run(ctx,
		chromedp.Evaluate(string(src), nil),
		chromedp.Evaluate(run, &out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	)
	if err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Errorf("axe on %s: %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, v.Nodes)
		} else {
			t.Logf("axe on %s: %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, v.Nodes)
		}
	}
}

// shoot saves a PNG of the viewport, or of the element sel, to $MEDIBUS_SCREENSHOTS
// (docs/screenshots in the repository) when that variable is set.
func shoot(t *testing.T, ctx context.Context, name, sel string) {
	t.Helper()
	dir := os.Getenv("MEDIBUS_SCREENSHOTS")
	if dir == "" {
		return
	}
	var buf []byte
	action := chromedp.CaptureScreenshot(&buf)
	if sel != "" {
		action = chromedp.Screenshot(sel, &buf, chromedp.ByQuery)
	}
	if err := chromedp.Run(ctx, action); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}

// unavailableMove finds, in plan id, a session and a professional of the same role who
// may work on its bus but is not available that half-day: the desk must refuse it.
func unavailableMove(t *testing.T, e *env, id int) (unit, date, half, staff string) {
	t.Helper()
	var detail struct {
		Staff []struct {
			ID    string   `json:"id"`
			Role  string   `json:"role"`
			Units []string `json:"units"`
		} `json:"staff"`
	}
	var ses struct {
		Sessions []struct {
			Unit, Date, Half string
			Staff            []string
		} `json:"sessions"`
	}
	_, body := e.do("GET", fmt.Sprintf("/api/plans/%d", id), e.coordinator, "")
	mustUnmarshal(t, body, &detail)
	_, body = e.do("GET", fmt.Sprintf("/api/plans/%d/sessions", id), e.coordinator, "")
	mustUnmarshal(t, body, &ses)
	role := map[string]string{}
	for _, m := range detail.Staff {
		role[m.ID] = m.Role
	}
	for _, s := range ses.Sessions {
		for _, m := range detail.Staff {
			if m.ID == s.Staff[0] || m.Role != role[s.Staff[0]] || !strings.Contains(strings.Join(m.Units, " "), s.Unit) {
				continue
			}
			req := fmt.Sprintf(`{"unit":%q,"date":%q,"half":%q,"to_staff":[%q]}`, s.Unit, s.Date, s.Half, m.ID)
			_, body := e.do("POST", fmt.Sprintf("/api/plans/%d/pins/check", id), e.coordinator, req)
			if strings.Contains(body, `"code":"staff-unavailable"`) && strings.Contains(body, `"slots":[{`) {
				return s.Unit, s.Date, s.Half, m.ID
			}
		}
	}
	t.Fatalf("plan %d has no session that an unavailable professional could be moved onto", id)
	return
}

func mustUnmarshal(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%v: %.300s", err, body)
	}
}

// poll waits for a JavaScript condition to hold.
func poll(expr string) chromedp.Action {
	return chromedp.Poll(expr, nil, chromedp.WithPollingTimeout(40*time.Second))
}

// pollRun waits for a JavaScript condition that an optimisation run brings about: on
// two cores shared with other work, a run of France takes longer than a page.
func pollRun(expr string) chromedp.Action {
	return chromedp.Poll(expr, nil, chromedp.WithPollingTimeout(3*time.Minute))
}
