package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"medibus/store"
)

// deskViewNames are the desk's views, as ?view= names them.
var deskViewNames = []string{"indicateurs", "carte", "grilles", "changements", "publication"}

// showView opens a view of the desk by its tab and waits for it to be drawn.
func showView(name string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Click(fmt.Sprintf(`nav.tabs a[data-view=%q]`, name), chromedp.ByQuery),
		poll(fmt.Sprintf(`Planning.state.view === %q && !document.querySelector('.view[data-view=%q]').hidden && Planning.state.plan !== null && document.body.dataset.ready === String(Planning.state.plan.id)`, name, name)),
	}
}

// nextTo fails the test unless the status element status is announced (role=status
// or aria-live, on it or around it) and sits in the same form or section as button.
func nextTo(t *testing.T, ctx context.Context, button, status string) {
	t.Helper()
	var verdict string
	js := fmt.Sprintf(`(() => {
		const b = document.querySelector(%q), s = document.querySelector(%q);
		if (!b || !s) return "missing: " + (!b ? %q : %q);
		const live = s.closest('[role="status"], [aria-live]');
		if (!live) return "not announced: no role=status or aria-live on or around it";
		const box = b.closest("form, section");
		if (!box || !box.contains(s)) return "not in the form or section of the button (" + (box ? box.id || box.tagName : "none") + ")";
		const rb = b.getBoundingClientRect(), rs = s.getBoundingClientRect();
		if (s.offsetParent !== null && Math.abs(rs.top - rb.bottom) > 600) return "far from the button: " + Math.round(rs.top - rb.bottom) + " px";
		return "ok";
	})()`, button, status, button, status)
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &verdict)); err != nil {
		t.Fatal(err)
	}
	if verdict != "ok" {
		t.Errorf("the result of %s in %s: %s", button, status, verdict)
	}
}

// deskViews walks the views with the region of the Creuse chosen, at 1,400 and at 360
// pixels: each view is at most a few screens high, has no sideways scroll, no « de »
// French would elide and no code for a name, and no serious axe-core violation (at
// 1,400 px); the URL names the view and the back button
// returns to the previous one.
func deskViews(t *testing.T, ctx context.Context, e *env) {
	const screen, tallest = 1000, 4 // a view is at most four screens of 1,000 px
	// The first view by its URL, the others by their tabs.
	err := chromedp.Run(ctx, chromedp.EmulateViewport(1400, screen), chromedp.Navigate(e.ts.URL+"/plan?view=carte&region=75"),
		poll(`document.body.dataset.ready === "1" && Planning.state.view === "carte"`))
	if err != nil {
		t.Fatal(err)
	}
	for _, width := range []int64{1400, 360} {
		for _, v := range deskViewNames {
			var height, scroll, inner int64
			var text string
			err := chromedp.Run(ctx,
				chromedp.EmulateViewport(width, screen),
				showView(v),
				chromedp.ScrollIntoView("h1", chromedp.ByQuery),
				chromedp.Evaluate(`document.documentElement.scrollHeight`, &height),
				chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll),
				chromedp.Evaluate(`document.documentElement.clientWidth`, &inner),
				chromedp.Text("main", &text),
			)
			if err != nil {
				t.Fatalf("%s at %d px: %v", v, width, err)
			}
			t.Logf("view %s at %d px: %d px high (%.1f screens)", v, width, height, float64(height)/screen)
			if width == 1400 && height > tallest*screen {
				t.Errorf("view %s at 1,400 px is %d px high, more than %d screens", v, height, tallest)
			}
			if scroll > inner {
				var wide string
				_ = chromedp.Run(ctx, chromedp.Evaluate(`[...document.querySelectorAll("main *")].filter((x) => x.offsetParent !== null && x.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !x.parentElement.closest(".gridwrap, .mapbox"))
					.slice(0, 6).map((x) => x.tagName + (x.id ? "#" + x.id : "") + "." + x.className + " " + Math.round(x.getBoundingClientRect().right)).join(", ")`, &wide))
				t.Errorf("view %s at %d px scrolls sideways: %d px for %d (%s)", v, width, scroll, inner, wide)
			}
			if bad := unelided(text); len(bad) > 0 {
				t.Errorf("view %s reads %q, where French elides", v, bad)
			}
			for _, code := range []string{"région 75", "org-"} {
				if strings.Contains(text, code) {
					t.Errorf("view %s shows the code %q instead of a name", v, code)
				}
			}
			if width == 1400 { // the same page at 360 px; axe-core takes seconds on France's grids
				checkAxe(t, ctx, fmt.Sprintf("/plan?view=%s at %d px", v, width))
			}
			shoot(t, ctx, fmt.Sprintf("desk-%s-%d.png", v, width), "")
		}
	}
	// The figures say why half-days stay empty, bus by bus, in French.
	var idle string
	began := time.Now()
	err = chromedp.Run(ctx, chromedp.EmulateViewport(1400, screen),
		chromedp.Navigate(e.ts.URL+"/plan?view=indicateurs&dept=23"), poll(`document.body.dataset.ready === "1" && document.querySelector("table.idle") !== null`),
		chromedp.Text("#idle", &idle))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the figures with the empty half-days of France, already computed for the plan, shown in %v", time.Since(began).Round(time.Millisecond))
	if !strings.Contains(idle, "Tout le plan : ") || !strings.Contains(idle, "séances possibles pour") || !strings.Contains(idle, "Médicobus Creuse") {
		t.Errorf("the figures' empty half-days read %.600q", idle)
	}
	// Tabs, then back: the URL and the view follow.
	var back, again string
	err = chromedp.Run(ctx,
		showView("grilles"), showView("changements"),
		chromedp.NavigateBack(), poll(`Planning.state.view === "grilles" && !document.querySelector('.view[data-view="grilles"]').hidden`),
		chromedp.Location(&back),
		chromedp.NavigateBack(), poll(`Planning.state.view === "indicateurs" && !document.querySelector('.view[data-view="indicateurs"]').hidden`),
		chromedp.Location(&again),
	)
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := url.Parse(back); u.Query().Get("view") != "grilles" || u.Query().Get("dept") != "23" {
		t.Errorf("back from changements: %s", back)
	}
	if u, _ := url.Parse(again); u.Query().Get("view") != "indicateurs" {
		t.Errorf("back again: %s", again)
	}
	var territory string
	if err := chromedp.Run(ctx, chromedp.AttributeValue(`nav.tabs a[href="/plan/territoire"]`, "href", &territory, nil)); err != nil || territory != "/plan/territoire" {
		t.Errorf("no Territoire tab: %q %v", territory, err)
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(e.ts.URL+"/plan"), poll(`document.body.dataset.ready === "1"`)); err != nil {
		t.Fatal(err)
	}
}

// siteMove finds, in plan id, a session that the desk accepts to move to a site of
// another commune, the bus and the half-day staying: its slot, the site and its
// commune.
func siteMove(t *testing.T, e *env, id int) (unit, date, half, site, commune string) {
	t.Helper()
	var ses struct {
		Sessions []struct {
			Unit, Date, Half, Site string
			SiteCommune            string `json:"site_commune"`
		} `json:"sessions"`
	}
	_, body := e.do("GET", fmt.Sprintf("/api/plans/%d/sessions?unit=bus-23", id), e.coordinator, "")
	mustUnmarshal(t, body, &ses)
	var sites struct {
		Sites []struct{ ID, Name, Commune, Department string }
	}
	_, body = e.do("GET", fmt.Sprintf("/api/plans/%d/sites?unit=bus-23", id), e.coordinator, "")
	mustUnmarshal(t, body, &sites)
	for _, s := range ses.Sessions {
		for _, st := range sites.Sites {
			if st.Commune == s.SiteCommune || st.Department != "23" {
				continue
			}
			req := fmt.Sprintf(`{"unit":%q,"date":%q,"half":%q,"to_site":%q}`, s.Unit, s.Date, s.Half, st.ID)
			_, body := e.do("POST", fmt.Sprintf("/api/plans/%d/pins/check", id), e.coordinator, req)
			var vd struct{ OK bool }
			if json.Unmarshal([]byte(body), &vd) == nil && vd.OK {
				return s.Unit, s.Date, s.Half, st.ID, st.Commune
			}
		}
	}
	t.Fatalf("plan %d: no session of bus-23 can move to a site of another commune", id)
	return
}

// deskMoveSite moves a session of plan 2 to a site of another commune, chosen in the
// grid by its commune's name.
func deskMoveSite(t *testing.T, ctx context.Context, e *env) {
	unit, date, half, site, commune := siteMove(t, e, 2)
	slot := fmt.Sprintf(`button.slot[data-unit=%q][data-date=%q][data-half=%q]`, unit, date, half)
	var accepted, where, pins string
	err := chromedp.Run(ctx,
		showView("grilles"),
		chromedp.Click(slot, chromedp.ByQuery),
		chromedp.WaitVisible("#selection", chromedp.ByID),
		chromedp.SendKeys("#move-site-q", commune, chromedp.ByID),
		poll(fmt.Sprintf(`[...document.getElementById("move-site").options].some((o) => o.value === %q)`, site)),
		chromedp.SetValue("#move-site", site, chromedp.ByID),
		chromedp.Click("#move", chromedp.ByID),
		poll(`document.body.dataset.ready === "2" && document.querySelector(".verdict.accepted") !== null`),
		chromedp.Text(".verdict.accepted", &accepted),
		chromedp.Text(fmt.Sprintf(`button.slot[data-unit=%q][data-date=%q][data-half=%q] .where`, unit, date, half), &where),
		chromedp.Text("#pins", &pins),
	)
	if err != nil {
		t.Fatal(err)
	}
	nextTo(t, ctx, "#move", ".verdict.accepted")
	if !strings.Contains(accepted, "Séance épinglée") || !strings.Contains(where, "→ "+commune) || !strings.Contains(pins, commune) || strings.Contains(pins, site) {
		t.Errorf("moved to %s (%s): the verdict says %q, the slot %q, the pins %q", site, commune, accepted, where, pins)
	}
	_, body := e.do("GET", "/api/plans/2/pins", e.coordinator, "")
	if !strings.Contains(body, fmt.Sprintf(`"site":%q`, site)) {
		t.Errorf("the pin at %s is not stored: %.400s", site, body)
	}
}

// browseScoped is a coordinator limited to the region of Nouvelle-Aquitaine: the desk
// names the region, opens on its buses, and shows another region's buses read-only,
// without a control to move or pin them.
func browseScoped(t *testing.T, ctx context.Context, e *env) {
	tok, _, err := e.db.CreateTokenFor(context.Background(), store.TokenSpec{Role: store.RoleCoordinator, Region: "75"})
	if err != nil {
		t.Fatal(err)
	}
	var note, region, loc string
	var mine, others, controls, labels int
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(1400, 1000),
		login(e.ts.URL, tok, "/plan?view=grilles&plan=3"),
		chromedp.WaitVisible("main.planning"),
		poll(`/^[0-9]+$/.test(document.body.dataset.ready || "") && Planning.state.view === "grilles"`),
		chromedp.Text("p.scope", &note),
		chromedp.Value("#f-region", &region),
		chromedp.Location(&loc),
		chromedp.Evaluate(`document.querySelectorAll("#grid tbody tr:not(.readonly)").length`, &mine),
		chromedp.SetValue("#f-region", "84", chromedp.ByID),
		chromedp.Evaluate(`document.querySelectorAll("#grid tbody tr.readonly").length`, &others),
		chromedp.Evaluate(`document.querySelectorAll("#grid tbody tr.readonly button, #grid tbody tr.readonly [draggable=true]").length`, &controls),
		chromedp.Evaluate(`[...document.querySelectorAll("#grid tbody tr.readonly .ro")].filter((s) => /^lecture seule — bus de (l'organisation|la région) /.test(s.textContent)).length`, &labels),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, "la région Nouvelle-Aquitaine") || strings.Contains(note, "75") {
		t.Errorf("scope note %q", note)
	}
	if region != "75" || !strings.Contains(loc, "region=75") || mine == 0 {
		t.Errorf("the desk opens on region %q (%s) with %d buses of its own", region, loc, mine)
	}
	if others == 0 || controls != 0 || labels != others {
		t.Errorf("other regions: %d buses, %d controls, %d « lecture seule » labels", others, controls, labels)
	}
	shoot(t, ctx, "desk-readonly-1400.png", "#grid")
	checkAxe(t, ctx, "/plan?view=grilles, read-only buses")
}
