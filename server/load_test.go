package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"medibus"
	"medibus/scenario"
	"medibus/scheduler"
	"medibus/server"
	"medibus/store"
	"medibus/territory"
)

// TestLoad is a bounded loopback load test of the patient and driver endpoints on a
// published france rotation (100 buses) with 500 published dated changes, each
// cancelling one bus-day of the next twelve weeks. It runs only with MEDIBUS_LOAD=1 (it
// plans France first, then loads the server for MEDIBUS_LOAD_SECONDS, default 10) and
// prints req/s and latency percentiles. The load generator shares the machine's cores
// with the server.
func TestLoad(t *testing.T) {
	if os.Getenv("MEDIBUS_LOAD") != "1" {
		t.Skip("set MEDIBUS_LOAD=1 to run the load test")
	}
	ctx := context.Background()
	fr, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "france.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	began := time.Now()
	sc, err := scenario.Build(context.Background(), "france", scenario.Defaults(), fr, gcTravel, scenario.Imports{})
	if err != nil {
		t.Fatal(err)
	}
	start, _ := medibus.ParseDate("2026-11-23")
	pl, err := scheduler.Engines["greedy"]().Plan(ctx, sc, scheduler.Options{Travel: gcTravel, Start: start, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if pl.ScenarioID, _, err = db.SaveScenario(ctx, sc); err != nil {
		t.Fatal(err)
	}
	pl.Status = medibus.StatusPublished
	if _, err := db.SavePlan(ctx, pl); err != nil {
		t.Fatal(err)
	}
	t.Logf("france planned and stored in %.1f s: %d sessions", time.Since(began).Seconds(), len(pl.Sessions))
	began = time.Now()
	changed, err := publishChanges(ctx, db, pl, 500)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("500 dated changes stored and published in %.1f s", time.Since(began).Seconds())
	secret, _, err := db.CreateToken(ctx, store.RoleDriver, "")
	if err != nil {
		t.Fatal(err)
	}
	// Access logs are formatted as in production, then discarded.
	srv, err := server.New(server.Config{DB: db, Territory: fr, Travel: gcTravel, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	began = time.Now()
	if res, err := http.Get(ts.URL + "/communes/23176"); err != nil || res.StatusCode != 200 {
		t.Fatalf("first page: %v %v", res, err)
	}
	t.Logf("first page (the calendar of the rotation and the 500 changes built) in %.0f ms", float64(time.Since(began).Milliseconds()))
	sheet, _ := http.NewRequest("GET", ts.URL+"/driver/"+changed.Unit+"/"+changed.Date.String(), nil)
	sheet.Header.Set("Authorization", "Bearer "+secret)
	if res, err := http.DefaultClient.Do(sheet); err != nil || res.StatusCode != 200 {
		t.Fatalf("sheet of a changed day: %v %v", res, err)
	} else if b, _ := io.ReadAll(res.Body); !strings.Contains(string(b), "Journée modifiée : panne du bus") {
		t.Fatalf("the sheet of %v does not show its change", changed)
	}

	// Requests: commune pages of random communes (weighted to where people live is not
	// needed: every page costs the same once cached), their feeds, and driver sheets of
	// random buses and working days of the next four weeks.
	var days []medibus.Date
	for d := medibus.DateOf(testNow); len(days) < 20; d = d.AddDays(1) {
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			days = append(days, d)
		}
	}
	type req struct {
		kind, path string
		auth       bool
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var reqs []req
	for range 20000 {
		c := fr.Communes[rng.IntN(len(fr.Communes))]
		u := sc.Units[rng.IntN(len(sc.Units))]
		d := days[rng.IntN(len(days))]
		switch rng.IntN(10) {
		case 0, 1, 2, 3:
			reqs = append(reqs, req{"patient page", "/communes/" + c.INSEE, false})
		case 4:
			reqs = append(reqs, req{"patient ics", "/communes/" + c.INSEE + ".ics", false})
		case 5:
			reqs = append(reqs, req{"patient search", "/?q=" + c.PostalCodes[0], false})
		case 6, 7, 8:
			reqs = append(reqs, req{"driver sheet", "/driver/" + u.ID + "/" + d.String(), true})
		default:
			reqs = append(reqs, req{"driver gpx", "/driver/" + u.ID + "/" + d.String() + ".gpx", true})
		}
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256, MaxConnsPerHost: 256}}
	run := func(d time.Duration, workers int) map[string][]time.Duration {
		var mu sync.Mutex
		lat := map[string][]time.Duration{}
		var wg sync.WaitGroup
		deadline := time.Now().Add(d)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				local := map[string][]time.Duration{}
				buf := make([]byte, 32<<10)
				for i := w; time.Now().Before(deadline); i += workers {
					r := reqs[i%len(reqs)]
					hr, _ := http.NewRequest("GET", ts.URL+r.path, nil)
					if r.auth {
						hr.Header.Set("Authorization", "Bearer "+secret)
					}
					t0 := time.Now()
					res, err := client.Do(hr)
					if err != nil {
						t.Error(err)
						return
					}
					for {
						if _, err := res.Body.Read(buf); err != nil {
							break
						}
					}
					res.Body.Close()
					el := time.Since(t0)
					if res.StatusCode != 200 {
						t.Errorf("%s: %d", r.path, res.StatusCode)
						return
					}
					local[r.kind] = append(local[r.kind], el)
					local["all"] = append(local["all"], el)
				}
				mu.Lock()
				for k, v := range local {
					lat[k] = append(lat[k], v...)
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		return lat
	}
	secs := 10
	if v := os.Getenv("MEDIBUS_LOAD_SECONDS"); v != "" {
		fmt.Sscan(v, &secs)
	}
	warm := time.Now()
	run(5*time.Second, 8) // warm the caches: the first request of each page renders it
	t.Logf("warm-up 5 s done (%.1f s)", time.Since(warm).Seconds())
	workers := 32
	if v := os.Getenv("MEDIBUS_LOAD_WORKERS"); v != "" {
		fmt.Sscan(v, &workers)
	}
	lat := run(time.Duration(secs)*time.Second, workers)
	kinds := make([]string, 0, len(lat))
	for k := range lat {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	t.Logf("GOMAXPROCS %d, %d workers, %d s, keep-alive", runtime.GOMAXPROCS(0), workers, secs)
	t.Logf("%-15s %8s %9s %8s %8s %8s", "endpoint", "requests", "req/s", "p50 ms", "p99 ms", "max ms")
	for _, k := range kinds {
		ls := lat[k]
		sort.Slice(ls, func(i, j int) bool { return ls[i] < ls[j] })
		pct := func(p float64) float64 { return float64(ls[int(p*float64(len(ls)-1))].Microseconds()) / 1000 }
		t.Logf("%-15s %8d %9.0f %8.2f %8.2f %8.2f", k, len(ls), float64(len(ls))/float64(secs), pct(0.5), pct(0.99), pct(1))
	}
}

// publishChanges stores and publishes n dated changes of rotation pl, each cancelling
// one bus-day of pl in the twelve weeks from testNow (a breakdown without re-plan: the
// read path is what is measured).
func publishChanges(ctx context.Context, db *store.DB, pl *medibus.Plan, n int) (medibus.SlotKey, error) {
	rng := rand.New(rand.NewPCG(3, 4))
	today := medibus.DateOf(testNow)
	days := 7 * 2
	seen := map[medibus.SlotKey]bool{}
	var last medibus.SlotKey
	for len(seen) < n {
		bd := pl.BusDays[rng.IntN(len(pl.BusDays))]
		d := bd.Date.AddDays(days * (1 + rng.IntN(5)))
		k := medibus.SlotKey{Unit: bd.Unit, Date: d}
		if d < today || seen[k] {
			continue
		}
		seen[k], last = true, k
		ch := &medibus.Plan{Kind: medibus.KindChange, ScenarioID: pl.ScenarioID, Start: d, Engine: "replan", Travel: pl.Travel,
			Change: &medibus.Change{Kind: medibus.ChangeBreakdown, From: d, To: d, Reason: "panne du bus " + bd.Unit,
				Days: []medibus.ChangedDay{{Unit: bd.Unit, Date: d, Was: pl.ID}}}}
		if _, err := db.SaveReplan(ctx, ch, pl.ID); err != nil {
			return last, err
		}
		if err := db.Publish(ctx, ch.ID); err != nil {
			return last, err
		}
	}
	return last, nil
}
