package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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

// The fixtures: a scenario planned greedily from Monday 2026-11-23, stored once in a
// template database that each test copies, so tests do not share state — the creuse
// scenario for most tests, France (100 buses) for the browser test.
type fixture struct {
	name string
	once sync.Once
	dir  string
	err  error
}

var (
	creuseFixture = &fixture{name: "creuse"}
	franceFixture = &fixture{name: "france"}
)

// testNow is the Monday morning the plan starts, in Paris: published then, it is in
// force from its first day.
var testNow = time.Date(2026, 11, 23, 8, 0, 0, 0, time.FixedZone("CET", 3600))

// path builds the fixture the first time and returns its template database.
func (f *fixture) path(t *testing.T) string {
	t.Helper()
	f.once.Do(func() { f.dir, f.err = buildFixture(f.name) })
	if f.err != nil {
		t.Fatalf("fixture %s: %v", f.name, f.err)
	}
	return filepath.Join(f.dir, "t.db")
}

func buildFixture(name string) (dir string, err error) {
	if dir, err = os.MkdirTemp("", "medibus-server-fixture"); err != nil {
		return "", err
	}
	return dir, planFixture(name, filepath.Join(dir, "t.db"))
}

// planFixture plans scenario name greedily from 2026-11-23 and stores it at path.
func planFixture(name, path string) error {
	fr, err := territory.Load()
	if err != nil {
		return err
	}
	ctx := context.Background()
	sc, err := scenario.Build(ctx, name, scenario.Defaults(), fr, gcTravel, scenario.Imports{})
	if err != nil {
		return err
	}
	start, _ := medibus.ParseDate("2026-11-23")
	// No time limit: a greedy plan cut by a deadline depends on the machine's load, and
	// the fixture must be the same plan on every run (a loaded CI machine once got
	// another France, and another nearest stop for Archignat).
	pl, err := scheduler.Engines["greedy"]().Plan(ctx, sc, scheduler.Options{Travel: gcTravel, Start: start, Seed: 1})
	if err != nil {
		return err
	}
	if pl.KPIs, err = scheduler.KPIs(ctx, sc, pl, gcTravel); err != nil {
		return err
	}
	db, err := store.Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	if pl.ScenarioID, _, err = db.SaveScenario(ctx, sc); err != nil {
		return err
	}
	_, err = db.SavePlan(ctx, pl)
	return err
}

// env is a server on a fresh copy of the fixture, with a coordinator and two drivers.
type env struct {
	t           *testing.T
	db          *store.DB
	path        string // the database file
	srv         *server.Server
	ts          *httptest.Server
	coordinator string
	driver      string // bus-23 only
	allDriver   string // every bus
}

func newEnv(t *testing.T) *env { t.Helper(); return newEnvWith(t, 0, nil) }

// newFranceEnv is newEnv on the plan of France.
func newFranceEnv(t *testing.T) *env {
	t.Helper()
	return newEnvOf(t, franceFixture, store.Options{}, nil)
}

// newEnvWith is newEnv with the database's busy timeout (0: the default) and a change
// to the server's configuration (nil: none).
func newEnvWith(t *testing.T, busy time.Duration, conf func(*server.Config)) *env {
	t.Helper()
	return newEnvOf(t, creuseFixture, store.Options{BusyTimeout: busy}, conf)
}

// newEnvOf is newEnvWith on fixture f, its database opened with opts.
func newEnvOf(t *testing.T, f *fixture, opts store.Options, conf func(*server.Config)) *env {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	b, err := os.ReadFile(f.path(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := store.OpenWith(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	fr, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	c := server.Config{DB: db, Territory: fr, Travel: gcTravel, Engine: "greedy", RunTimeLimit: 5 * time.Second,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return testNow }}
	if conf != nil {
		conf(&c)
	}
	srv, err := server.New(c)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: db, srv: srv, path: path}
	e.coordinator = e.token(store.RoleCoordinator, "")
	e.driver = e.token(store.RoleDriver, "bus-23")
	e.allDriver = e.token(store.RoleDriver, "")
	e.ts = httptest.NewServer(srv)
	t.Cleanup(e.ts.Close)
	return e
}

func (e *env) token(role, unit string) string {
	e.t.Helper()
	s, _, err := e.db.CreateToken(context.Background(), role, unit)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// do sends a request with an optional bearer token and JSON body and returns the
// response with its body read.
func (e *env) do(method, path, token, body string) (*http.Response, string) {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.ts.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return res, string(b)
}

func (e *env) publish(id string) {
	e.t.Helper()
	if res, body := e.do("POST", "/api/plans/"+id+"/publish", e.coordinator, ""); res.StatusCode != 200 {
		e.t.Fatalf("publish: %d %s", res.StatusCode, body)
	}
}

func sleep() { time.Sleep(50 * time.Millisecond) }
