package scheduler_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"medibus"
	"medibus/scenario"
	"medibus/scheduler"
	"medibus/territory"
)

// creuse4 is the Creuse scenario on a four-week cycle, so that weekly, fortnightly and
// monthly rhythms all fit.
func creuse4(t *testing.T) *medibus.Scenario {
	t.Helper()
	f, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	p := scenario.Defaults()
	p.CycleWeeks = 4
	sc, err := scenario.Build(context.Background(), "creuse", p, f, gcTravel, scenario.Imports{})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// visitDays groups the dates (days from the cycle start) and half-days of each site's
// service, in date order.
func visitDays(pl *medibus.Plan) map[[2]string][]medibus.Session {
	out := map[[2]string][]medibus.Session{}
	for _, s := range pl.Sessions {
		k := [2]string{s.Site, s.Service}
		out[k] = append(out[k], s)
	}
	for _, ss := range out {
		slices.SortFunc(ss, func(a, b medibus.Session) int { return int(a.Date - b.Date) })
	}
	return out
}

func TestFrequencies(t *testing.T) {
	sc := creuse4(t)
	// Give each commune with a site one of the rhythms, in turn; the monthly ones only
	// on Tuesday and Thursday mornings.
	rhythms := []medibus.Frequency{
		{Every: 1},
		{Every: 2},
		{Every: 4, Days: medibus.HalfDays(0).With(2, medibus.AM).With(4, medibus.AM)},
	}
	want := map[string]medibus.Frequency{}
	for i, s := range sc.Sites {
		f := rhythms[i%len(rhythms)]
		f.INSEE, f.Service = s.INSEE, "gp"
		if _, dup := want[s.INSEE]; dup {
			continue
		}
		want[s.INSEE] = f
		sc.Frequencies = append(sc.Frequencies, f)
	}
	siteINSEE := map[string]string{}
	for _, s := range sc.Sites {
		siteINSEE[s.ID] = s.INSEE
	}
	for _, engine := range []string{"greedy", "lns"} {
		t.Run(engine, func(t *testing.T) {
			pl := planWith(t, engine, sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 5, Iterations: 150})
			served := map[int]int{} // weeks of the rhythm → site services served
			for k, ss := range visitDays(pl) {
				if k[1] != "gp" {
					continue
				}
				f := want[siteINSEE[k[0]]]
				// Hand check: Every weeks apart means exactly 4/Every visits, each 7·Every
				// days after the previous one, on one weekday and half-day.
				if len(ss) != 4/f.Every {
					t.Errorf("%s: %d gp sessions, want %d for a %d-weekly rhythm", k[0], len(ss), 4/f.Every, f.Every)
					continue
				}
				for i := 1; i < len(ss); i++ {
					if gap := int(ss[i].Date - ss[i-1].Date); gap != 7*f.Every || ss[i].Half != ss[0].Half {
						t.Errorf("%s: sessions %s %s and %s %s: want %d days apart on one half-day", k[0], ss[i-1].Date, ss[i-1].Half, ss[i].Date, ss[i].Half, 7*f.Every)
					}
				}
				if f.Days != 0 && !f.Days.Has(ss[0].Date.Weekday(), ss[0].Half) {
					t.Errorf("%s: monthly session on %s %s, outside Tue/Thu mornings", k[0], ss[0].Date.Weekday(), ss[0].Half)
				}
				served[f.Every]++
			}
			t.Logf("site services served by rhythm (weeks → count): %v", served)
			for _, w := range []int{1, 2, 4} {
				if served[w] == 0 {
					t.Errorf("no site is served on the %d-weekly rhythm: the test checks nothing", w)
				}
			}
		})
	}
}

func planWith(t *testing.T, engine string, sc *medibus.Scenario, opt scheduler.Options) *medibus.Plan {
	t.Helper()
	pl, err := scheduler.Engines[engine]().Plan(context.Background(), sc, opt)
	if err != nil {
		t.Fatal(err)
	}
	mustBeValid(t, sc, pl)
	return pl
}

func TestPinCompletesItsRhythm(t *testing.T) {
	sc := creuse4(t)
	// Plan once, then pin the second week's session of a site made weekly: the
	// planner must put the other three weeks around it, same weekday and half-day.
	base := planWith(t, "greedy", sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1})
	var pin medibus.Session
	for _, s := range base.Sessions {
		if s.Service == "gp" && s.Date >= monday.AddDays(7) {
			pin = s
			break
		}
	}
	if pin.Site == "" {
		t.Fatal("no gp session in week 2 to pin")
	}
	pin.Pinned = true
	var insee string
	for _, s := range sc.Sites {
		if s.ID == pin.Site {
			insee = s.INSEE
		}
	}
	sc.Pins = []medibus.Session{pin}
	sc.Frequencies = []medibus.Frequency{{INSEE: insee, Service: "gp", Every: 1}}
	pl := planWith(t, "greedy", sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1})
	ss := visitDays(pl)[[2]string{pin.Site, "gp"}]
	var got []string
	for _, s := range ss {
		got = append(got, fmt.Sprintf("%s %s", s.Date, s.Half))
	}
	first := pin.Date.AddDays(-7)
	var want []string
	for w := range 4 {
		want = append(want, fmt.Sprintf("%s %s", first.AddDays(7*w), pin.Half))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("gp sessions at %s: %v, want %v", pin.Site, got, want)
	}
}

func TestFrequencyUnreachableAfterPinIsAnError(t *testing.T) {
	sc := creuse4(t)
	base := planWith(t, "greedy", sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1})
	pin := base.Sessions[0]
	pin.Pinned = true
	var insee string
	for _, s := range sc.Sites {
		if s.ID == pin.Site {
			insee = s.INSEE
		}
	}
	// Weekly, but only on a half-day the pin is not on: the pin itself breaks it.
	other := medibus.HalfDays(0).With((pin.Date.Weekday()+1)%7, pin.Half)
	sc.Pins = []medibus.Session{pin}
	sc.Frequencies = []medibus.Frequency{{INSEE: insee, Service: pin.Service, Every: 1, Days: other}}
	_, err := scheduler.Greedy{}.Plan(context.Background(), sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1})
	if err == nil {
		t.Fatal("a pin outside its own frequency's half-days was accepted")
	}
	t.Log(err)
}
