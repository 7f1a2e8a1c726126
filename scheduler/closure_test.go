package scheduler_test

import (
	"context"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
	"medibus/routing/coast"
	"medibus/scheduler"
	"medibus/validate"
)

// TestClosedPass: on hand-made land split north to south by a crest whose one pass is
// closed from November to June, a summer plan serves the commune beyond it over the
// pass and a winter plan cannot; both are valid, the summer plan is not valid once the
// pass is closed on its dates, and it reports the closure ahead that its drives cross.
func TestClosedPass(t *testing.T) {
	r := coast.NewRaster(coast.Frame{Lon0: 1.9, Lat0: 45.85, DLon: 0.01, DLat: 0.01, Cols: 60, Rows: 30})
	for y := range 30 {
		for x := range 60 {
			r.SetLand(x, y, true)
		}
	}
	land, err := routing.NewGreatCircleOnLand(routing.DefaultTravel, coast.New(r, nil))
	if err != nil {
		t.Fatal(err)
	}
	crest := medibus.RoadClosure{Name: "crête", Line: orb.LineString{{2.2, 45.8}, {2.2, 46.05}}}
	north := medibus.RoadClosure{Name: "crête nord", Line: orb.LineString{{2.2, 46.12}, {2.2, 46.2}}}
	pass := medibus.RoadClosure{Name: "Col", Line: orb.LineString{{2.2, 46.04}, {2.2, 46.13}}, Closed: medibus.Period{From: "11-01", To: "06-30"}}
	sc := ferryScenario(t, false)
	sc.Ferries = nil
	sc.RoadClosures = []medibus.RoadClosure{crest, north, pass}
	date := func(s string) medibus.Date { d, _ := medibus.ParseDate(s); return d }
	beyond := func(pl *medibus.Plan) (n int) {
		for _, s := range pl.Sessions {
			if s.Site == "s99002" {
				n++
			}
		}
		return n
	}
	plans := map[string]*medibus.Plan{}
	for _, start := range []string{"2027-01-04", "2027-07-05"} {
		pl, err := scheduler.Greedy{}.Plan(context.Background(), sc, scheduler.Options{Travel: land, Start: date(start), Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if vs, err := validate.Check(context.Background(), sc, pl, land); err != nil || len(vs) > 0 {
			t.Fatalf("%s: validate: %v %v", start, err, vs)
		}
		plans[start] = pl
	}
	if n := beyond(plans["2027-01-04"]); n != 0 {
		t.Errorf("winter: %d sessions beyond the closed pass", n)
	}
	if n := beyond(plans["2027-07-05"]); n == 0 {
		t.Fatal("summer: no session beyond the open pass")
	}
	ex, err := scheduler.Explain(context.Background(), sc, plans["2027-01-04"], land, "99002", "gp")
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) != 1 || ex[0].Verdict != scheduler.VerdictOutOfReach || !strings.Contains(strings.Join(ex[0].Reasons, " "), "the roads closed on this cycle's dates may be why: Col (from 11-01 to 06-30 every year)") {
		t.Errorf("winter: why is the commune beyond the pass not served? %+v", ex)
	}
	summer := plans["2027-07-05"]
	ahead, err := scheduler.ClosuresAhead(context.Background(), sc, summer, land)
	if err != nil {
		t.Fatal(err)
	}
	if len(ahead) != 1 || ahead[0].Closure.Name != "Col" || ahead[0].Starts != date("2027-11-01") || ahead[0].Legs == 0 || len(ahead[0].Units) != 1 {
		t.Errorf("closures ahead of the summer plan: %+v, want the Col from 2027-11-01, driven by u1", ahead)
	}
	if ahead, _ := scheduler.ClosuresAhead(context.Background(), sc, plans["2027-01-04"], land); len(ahead) != 0 {
		t.Errorf("the winter plan crosses no closure ahead: %+v", ahead)
	}
	// The same sessions with the pass closed on their dates break the drive rules.
	closed := *sc
	always := pass
	always.Closed = medibus.Period{}
	closed.RoadClosures = []medibus.RoadClosure{crest, north, always}
	vs, err := validate.Check(context.Background(), &closed, summer, land)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		t.Error("the summer plan passes the validator with its pass closed")
	}
}
