package server_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"medibus"
	"medibus/routing"
	"medibus/routing/coast"
	"medibus/scenario"
	"medibus/scheduler"
	"medibus/server"
	"medibus/store"
	"medibus/territory"
)

// TestPublishWarnsOfClosuresAhead: Savoie planned for a summer cycle on the land
// model; before publishing, the desk's summary of changes says that the Iseran closes
// on 1 November and that the plan's drives cross it.
func TestPublishWarnsOfClosuresAhead(t *testing.T) {
	ctx := context.Background()
	fr, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	land, err := coast.France()
	if err != nil {
		t.Fatal(err)
	}
	travel, err := routing.NewGreatCircleOnLand(routing.DefaultTravel, land)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Build(ctx, "savoie", scenario.Defaults(), fr, travel, scenario.Imports{})
	if err != nil {
		t.Fatal(err)
	}
	start, _ := medibus.ParseDate("2027-07-05")
	pl, err := scheduler.Engines["greedy"]().Plan(ctx, sc, scheduler.Options{Travel: travel, Start: start, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if pl.ScenarioID, _, err = db.SaveScenario(ctx, sc); err != nil {
		t.Fatal(err)
	}
	id, err := db.SavePlan(ctx, pl)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := server.New(server.Config{DB: db, Territory: fr, Travel: travel, Engine: "greedy", RunTimeLimit: 5 * time.Second,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return time.Date(2027, 6, 28, 8, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	e := &env{t: t, db: db, srv: srv, ts: ts}
	e.coordinator = e.token(store.RoleCoordinator, "")
	res, body := e.do("GET", "/api/plans/"+itoa(id)+"/changes", e.coordinator, "")
	if res.StatusCode != 200 {
		t.Fatalf("changes: %d %s", res.StatusCode, body)
	}
	var ch struct {
		ClosuresAhead []struct {
			Name, Starts, Text string
			Legs               int
		} `json:"closures_ahead"`
	}
	if err := json.Unmarshal([]byte(body), &ch); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range ch.ClosuresAhead {
		if c.Name == "Col de l'Iseran" {
			found = c.Starts == "2027-11-01" && c.Legs > 0 && strings.Contains(c.Text, "ferme le lundi 1er novembre 2027 (fermé du 1er novembre au 30 juin chaque année)")
		}
	}
	if !found {
		t.Errorf("closures ahead: %+v, want the Iseran from 2027-11-01 in French", ch.ClosuresAhead)
	}
}
