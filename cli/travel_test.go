package cli_test

import (
	"context"
	"fmt"
	"math"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
	"medibus/routing/osrm/osrmfake"
	"medibus/store"
)

// slowRoads are a road service's legs slower and longer than the great-circle
// model's: minutes × 1.6 and km × 1.1, so that a plan, its check and its figures made
// with them differ visibly from the default model's.
type slowRoads struct{ gc *routing.GreatCircle }

const fakeSlow, fakeLong = 1.6, 1.1

func (f slowRoads) leg(a, b orb.Point) routing.Leg {
	l := f.gc.Leg(a, b)
	return routing.Leg{Km: l.Km * fakeLong, Min: l.Min * fakeSlow}
}

func (f slowRoads) Table(_ context.Context, src, dst []orb.Point) ([][]routing.Leg, error) {
	out := make([][]routing.Leg, len(src))
	for i, a := range src {
		out[i] = make([]routing.Leg, len(dst))
		for j, b := range dst {
			out[i][j] = f.leg(a, b)
		}
	}
	return out, nil
}

// TestOSRMEndToEnd plans Creuse with a road service that is slower than the default
// model: the plan's legs, the validator and the figures must all use its times.
func TestOSRMEndToEnd(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	gc, _ := routing.NewGreatCircle(routing.DefaultTravel)
	fake := slowRoads{gc: gc}
	service := &osrmfake.Server{Legs: fake}
	srv := httptest.NewServer(service)
	defer srv.Close()

	_, errOut, code := run(t, "plan", "--scenario", "creuse", "--start", "2026-11-23", "--engine", "greedy", "--db", "road.db", "--osrm", srv.URL)
	if code != 0 {
		t.Fatalf("plan with OSRM: exit %d: %s", code, errOut)
	}
	if service.Stats().Requests == 0 {
		t.Fatal("the plan never asked the road service")
	}
	_, errOut, code = run(t, "plan", "--scenario", "creuse", "--start", "2026-11-23", "--engine", "greedy", "--db", "gc.db")
	if code != 0 {
		t.Fatalf("plan with the default model: exit %d: %s", code, errOut)
	}
	road, gcPlan := loadLatest(t, "road.db"), loadLatest(t, "gc.db")

	if want := "osrm " + srv.URL + " (driving)"; road.Travel != want {
		t.Errorf("plan's travel model %q, want %q", road.Travel, want)
	}
	// Every first leg of a day is the road service's depot → site time, not the model's.
	sc := loadScenario(t, "road.db", road.ScenarioID)
	ix := medibus.NewIndex(sc)
	checked := 0
	for _, s := range road.Sessions {
		if s.Half != medibus.AM {
			continue
		}
		depot := ix.Depots[ix.Units[s.Unit].Depot]
		want := fake.leg(depot.Point, ix.Sites[s.Site].Point)
		if s.DriveMinFromPrevious != int(math.Ceil(want.Min-1e-9)) || math.Abs(s.DriveKmFromPrevious-want.Km) > 0.01 {
			t.Fatalf("%s %s %s: leg %d min %.2f km, want the road service's %.1f min %.2f km",
				s.Unit, s.Date, s.Half, s.DriveMinFromPrevious, s.DriveKmFromPrevious, want.Min, want.Km)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no morning session to check")
	}
	// Slower roads put more communes beyond 20 minutes of a town (more people in need)
	// and shrink every catchment (a smaller share of them within reach of a session).
	if road.KPIs.PopulationInNeed <= gcPlan.KPIs.PopulationInNeed || road.KPIs.CoverageShare >= gcPlan.KPIs.CoverageShare {
		t.Errorf("figures do not follow the road service: in need %d (great-circle %d), covered %.3f (great-circle %.3f)",
			road.KPIs.PopulationInNeed, gcPlan.KPIs.PopulationInNeed, road.KPIs.CoverageShare, gcPlan.KPIs.CoverageShare)
	}

	out, errOut, code := run(t, "validate", "--db", "road.db", "--osrm", srv.URL)
	if code != 0 || !strings.Contains(out, "every hard constraint holds") {
		t.Fatalf("validate with the same road service: exit %d: %s %s", code, out, errOut)
	}
	_, errOut, code = run(t, "validate", "--db", "road.db")
	if code == 0 || !strings.Contains(errOut, "travel model") {
		t.Fatalf("validate with another model must refuse and say why: exit %d: %s", code, errOut)
	}
}

func loadLatest(t *testing.T, path string) *medibus.Plan {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pl, err := db.ResolvePlan(context.Background(), "latest")
	if err != nil {
		t.Fatal(fmt.Errorf("%s: %w", path, err))
	}
	return pl
}

func loadScenario(t *testing.T, path string, id int64) *medibus.Scenario {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sc, err := db.Scenario(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
