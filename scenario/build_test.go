package scenario_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"medibus"
	"medibus/scenario"
	"medibus/territory"
)

func mustFrance(t testing.TB) *territory.France {
	t.Helper()
	f, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Auvergne-Rhône-Alpes": "auvergne-rhone-alpes",
		"Côtes-d'Armor":        "cotes-d-armor",
		"Creuse":               "creuse",
		"  Île-de-France ":     "ile-de-france",
	} {
		if got := scenario.Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBuildScopes(t *testing.T) {
	f := mustFrance(t)
	for _, tc := range []struct {
		name     string
		units    int
		depots   int
		minSites int
		communes int
	}{
		// Creuse's 81,554 people in need are 1.73 of the national fleet: 2 buses, each
		// at its own base.
		{"creuse", 2, 2, 20, 255},
		{"23", 2, 2, 20, 255},
		// Bretagne: Côtes-d'Armor (1.20), Morbihan (1.01) and Finistère (0.46, but
		// 21,946 people in need) get a bus each; Ille-et-Vilaine (0.17) none.
		{"bretagne", 3, 3, 100, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := scenario.Build(context.Background(), tc.name, scenario.Defaults(), f, gcTravel, scenario.Imports{})
			if err != nil {
				t.Fatal(err)
			}
			if len(sc.Units) != tc.units || len(sc.Depots) != tc.depots {
				t.Errorf("units %d depots %d, want %d %d", len(sc.Units), len(sc.Depots), tc.units, tc.depots)
			}
			if len(sc.Sites) < tc.minSites {
				t.Errorf("sites %d, want ≥ %d", len(sc.Sites), tc.minSites)
			}
			if tc.communes > 0 && len(sc.Communes) != tc.communes {
				t.Errorf("communes %d, want %d", len(sc.Communes), tc.communes)
			}
			ix := medibus.NewIndex(sc)
			for _, st := range sc.Staff {
				if st.Availability == 0 {
					t.Errorf("staff %s has no availability", st.ID)
				}
				for _, u := range st.Units {
					if ix.Units[u] == nil {
						t.Errorf("staff %s names unknown unit %s", st.ID, u)
					}
				}
			}
		})
	}
}

// buildFrance builds the default scenario, skipping the test in -short runs.
func buildFrance(t *testing.T) *medibus.Scenario {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the whole country")
	}
	sc, err := scenario.Build(context.Background(), "france", scenario.Defaults(), mustFrance(t), gcTravel, scenario.Imports{})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func TestBuildFrance(t *testing.T) {
	sc := buildFrance(t)
	if len(sc.Units) != 100 || len(sc.Communes) != 34735 {
		t.Fatalf("units %d communes %d, want 100 and 34735", len(sc.Units), len(sc.Communes))
	}
	inNeed := map[string]int{}
	total := 0
	for _, c := range sc.Communes {
		if c.InNeed != (c.AccessMin > float64(sc.Rules.NeedAccessMin)) {
			t.Fatalf("%s: in need %v with access %.1f min", c.INSEE, c.InNeed, c.AccessMin)
		}
		if c.InNeed {
			inNeed[c.Department] += c.Population
			total += c.Population
		}
	}
	// The spec's public figure: about 4.7 million people with no town of 5,000 within 20 min.
	if total < 4_400_000 || total > 5_000_000 {
		t.Errorf("population beyond 20 min of a town = %d, want about 4.7 million", total)
	}
	ix := medibus.NewIndex(sc)
	buses := map[string]int{}
	for _, u := range sc.Units {
		d := ix.Communes[ix.Depots[u.Depot].INSEE]
		if d.Population < 2000 {
			t.Errorf("%s is based at %s, %d inhabitants: want a commune of at least 2,000", u.ID, d.Name, d.Population)
		}
		buses[d.Department]++
	}
	for dept, n := range buses {
		if inNeed[dept] == 0 {
			t.Errorf("department %s has %d buses and nobody in need", dept, n)
		}
	}
	// Dordogne has the most people in need (136,337: 2.89 quotas), Nord almost none.
	if buses["24"] != 3 || buses["59"] != 0 || buses["75"] != 0 {
		t.Errorf("Dordogne %d buses, Nord %d, Paris %d; want 3, 0, 0", buses["24"], buses["59"], buses["75"])
	}
	for dept, p := range inNeed {
		if p >= 20000 && buses[dept] == 0 {
			t.Errorf("department %s has %d people in need and no bus", dept, p)
		}
	}
}

// TestKitsWhereTheNeedIs: in every region, the gynaecology and eye kits ride buses of
// the departments with the most people in need.
func TestKitsWhereTheNeedIs(t *testing.T) {
	sc := buildFrance(t)
	ix := medibus.NewIndex(sc)
	need := map[string]int{}   // department → people in need
	top := map[string]string{} // region → its department with the most people in need and a bus
	dept := func(u *medibus.Unit) string { return ix.Communes[ix.Depots[u.Depot].INSEE].Department }
	for _, c := range sc.Communes {
		if c.InNeed {
			need[c.Department] += c.Population
		}
	}
	for _, u := range sc.Units {
		if d := dept(&u); top[u.Region] == "" || need[d] > need[top[u.Region]] {
			top[u.Region] = d
		}
	}
	for _, kit := range []string{"gyn_chair", "eye_kit"} {
		has := map[string]bool{}
		for _, u := range sc.Units {
			if u.HasEquipment([]string{kit}) {
				has[dept(&u)] = true
			}
		}
		for reg, d := range top {
			if !has[d] {
				t.Errorf("region %s: %s, its department with the most people in need, has no bus with %s", reg, d, kit)
			}
		}
	}
}

func TestBuildErrors(t *testing.T) {
	f := mustFrance(t)
	bad := scenario.Defaults()
	bad.AMEnd = "08:00"
	for _, tc := range []struct {
		name string
		p    scenario.Params
		sc   string
		want string
	}{
		{"unknown", scenario.Defaults(), "atlantis", `unknown scenario "atlantis"`},
		{"window", bad, "creuse", "morning window 09:00–08:00 ends before it starts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenario.Build(context.Background(), tc.sc, tc.p, f, gcTravel, scenario.Imports{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestNeed(t *testing.T) {
	p := scenario.Defaults()
	apl := func(v float64) *float64 { return &v }
	s := medibus.Service{RatePerYear: 1}
	for _, tc := range []struct {
		name   string
		c      medibus.Commune
		inNeed bool
		factor float64
		need   float64 // over 14 days
	}{
		{"town within reach", medibus.Commune{Population: 730, AccessMin: 15}, false, 0, 0},
		{"just beyond the catchment", medibus.Commune{Population: 730, AccessMin: 20.5}, true, 1.025, 28.7},
		// 730 × 1 × 14/365 × 1.5 = 42.
		{"30 min away", medibus.Commune{Population: 730, AccessMin: 30}, true, 1.5, 42},
		{"far: capped at 3", medibus.Commune{Population: 730, AccessMin: 90}, true, 3, 84},
		// An imported APL decides, whatever the access time.
		{"APL above the threshold", medibus.Commune{Population: 730, AccessMin: 45, APL: apl(3.1)}, false, 0, 0},
		// 1 + (3 − 1) × (2.5 − 1.25) / 2.5 = 2.
		{"APL half the threshold", medibus.Commune{Population: 730, AccessMin: 5, APL: apl(1.25)}, true, 2, 56},
		{"APL 0", medibus.Commune{Population: 730, APL: apl(0)}, true, 3, 84},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs := []medibus.Commune{tc.c}
			scenario.MarkInNeed(cs, 20, &p)
			c := &cs[0]
			if c.InNeed != tc.inNeed {
				t.Fatalf("in need %v, want %v", c.InNeed, tc.inNeed)
			}
			if got := scenario.NeedFactor(c, &p); math.Abs(got-tc.factor) > 1e-9 {
				t.Errorf("factor %v, want %v", got, tc.factor)
			}
			if got := scenario.DerivedNeed(c, &s, 14, &p); got != tc.need {
				t.Errorf("need %v, want %v", got, tc.need)
			}
		})
	}
	// A coordinator who wants town dwellers counted sets a factor for them.
	p.NotInNeedFactor = 0.25
	c := medibus.Commune{Population: 730, AccessMin: 10}
	if got := scenario.DerivedNeed(&c, &s, 14, &p); got != 7 {
		t.Errorf("need with not_in_need_factor 0.25: %v, want 7", got)
	}
}

func TestSemesterOf(t *testing.T) {
	for in, want := range map[string]string{
		"2026-11-30": "2026-11-01..2027-04-30",
		"2027-03-15": "2026-11-01..2027-04-30",
		"2027-04-30": "2026-11-01..2027-04-30",
		"2027-05-01": "2027-05-01..2027-10-31",
		"2027-10-31": "2027-05-01..2027-10-31",
	} {
		d, err := medibus.ParseDate(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := scenario.SemesterOf(d).String(); got != want {
			t.Errorf("SemesterOf(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestNeedAndBookingRadiusApart: need_access_min alone decides who is in need, and
// catchment_min alone how far a session books from (the rules, and so the candidate
// sites: a commune is a site when a commune in need lies within the booking radius).
func TestNeedAndBookingRadiusApart(t *testing.T) {
	f := mustFrance(t)
	type figures struct{ inNeed, sites int }
	build := func(t *testing.T, need, catchment int) figures {
		t.Helper()
		p := scenario.Defaults()
		p.NeedAccessMin, p.CatchmentMin = need, catchment
		sc, err := scenario.Build(context.Background(), "creuse", p, f, gcTravel, scenario.Imports{})
		if err != nil {
			t.Fatal(err)
		}
		if sc.Rules.CatchmentMin != catchment || sc.Rules.InNeedBeyond() != need {
			t.Fatalf("rules: catchment %d, in need beyond %d; want %d and %d", sc.Rules.CatchmentMin, sc.Rules.InNeedBeyond(), catchment, need)
		}
		var fig figures
		for _, c := range sc.Communes {
			if c.InNeed != (c.AccessMin > float64(need)) {
				t.Fatalf("%s: in need %v with access %.1f min, need_access_min %d", c.INSEE, c.InNeed, c.AccessMin, need)
			}
			if c.InNeed {
				fig.inNeed += c.Population
			}
		}
		fig.sites = len(sc.Sites)
		return fig
	}
	base := build(t, 20, 20)
	for _, tc := range []struct {
		name               string
		need, catchment    int
		sameNeed, moreNeed bool // same people in need as at 20/20; more (else fewer)
	}{
		{"a wider booking radius keeps who is in need", 20, 30, true, false},
		{"a stricter access test keeps the booking radius", 30, 20, false, false},
		{"a looser access test", 15, 20, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := build(t, tc.need, tc.catchment)
			switch {
			case tc.sameNeed && got.inNeed != base.inNeed:
				t.Errorf("people in need %d, want %d as at 20 min", got.inNeed, base.inNeed)
			case !tc.sameNeed && tc.moreNeed && got.inNeed <= base.inNeed:
				t.Errorf("people in need %d, want more than %d", got.inNeed, base.inNeed)
			case !tc.sameNeed && !tc.moreNeed && got.inNeed >= base.inNeed:
				t.Errorf("people in need %d, want fewer than %d", got.inNeed, base.inNeed)
			}
			if tc.catchment > 20 && got.sites < base.sites {
				t.Errorf("%d sites with a %d-min booking radius, fewer than %d at 20", got.sites, tc.catchment, base.sites)
			}
		})
	}
}

// TestAssistantsWorkWholeDays: a medical assistant rides the bus from its depot and
// back, so the built-in scenarios make them available whole days (their eight
// half-days a week are four days).
func TestAssistantsWorkWholeDays(t *testing.T) {
	f := mustFrance(t)
	for _, name := range []string{"creuse", "bretagne"} {
		t.Run(name, func(t *testing.T) {
			sc, err := scenario.Build(context.Background(), name, scenario.Defaults(), f, gcTravel, scenario.Imports{})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, m := range sc.Staff {
				if m.Role != medibus.RoleAssistant {
					continue
				}
				n++
				if m.Availability.Count() != scenario.Defaults().AssistantHalfDays {
					t.Errorf("%s: %d half-days, want %d", m.ID, m.Availability.Count(), scenario.Defaults().AssistantHalfDays)
				}
				for wd := range time.Weekday(7) {
					if m.Availability.Has(wd, medibus.AM) != m.Availability.Has(wd, medibus.PM) {
						t.Errorf("%s: available %s on %s, half a day", m.ID, m.Availability, wd)
					}
				}
			}
			if n != len(sc.Units) {
				t.Errorf("%d assistants for %d buses", n, len(sc.Units))
			}
		})
	}
}
