package scenario_test

import (
	"context"
	"strings"
	"testing"

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
		{"creuse", 2, 1, 20, 255},
		{"23", 2, 1, 20, 255},
		{"bretagne", 5, 4, 100, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := scenario.Build(context.Background(), tc.name, scenario.Defaults(), f, gcTravel)
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

func TestBuildFrance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole country")
	}
	f := mustFrance(t)
	sc, err := scenario.Build(context.Background(), "france", scenario.Defaults(), f, gcTravel)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Units) != 100 || len(sc.Depots) != 96 || len(sc.Communes) != 34735 {
		t.Fatalf("units %d depots %d communes %d, want 100 96 34735", len(sc.Units), len(sc.Depots), len(sc.Communes))
	}
	inNeed := 0
	for _, c := range sc.Communes {
		if c.AccessMin > float64(sc.Rules.CatchmentMin) {
			inNeed += c.Population
		}
	}
	// The spec's public figure: about 4.7 million people with no town of 5,000 within 20 min.
	if inNeed < 4_400_000 || inNeed > 5_000_000 {
		t.Errorf("population beyond 20 min of a town = %d, want about 4.7 million", inNeed)
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
			_, err := scenario.Build(context.Background(), tc.sc, tc.p, f, gcTravel)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestAccessFactorAndNeed(t *testing.T) {
	p := scenario.Defaults()
	for _, tc := range []struct{ min, want float64 }{{0, 0.25}, {5, 0.25}, {20, 1}, {40, 2}, {90, 3}} {
		if got := scenario.AccessFactor(tc.min, p.AccessRefMin, p.AccessMinFactor, p.AccessMaxFactor); got != tc.want {
			t.Errorf("AccessFactor(%v) = %v, want %v", tc.min, got, tc.want)
		}
	}
	c := medibus.Commune{Population: 730, AccessMin: 30}
	s := medibus.Service{RatePerYear: 1}
	// 730 × 1 × 14/365 × 1.5 = 42.
	if got := scenario.DerivedNeed(&c, &s, 14, &p); got != 42 {
		t.Errorf("DerivedNeed = %v, want 42", got)
	}
}
