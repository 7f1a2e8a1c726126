package server

import (
	"testing"

	"medibus/scheduler"
)

func TestCeilingFr(t *testing.T) {
	for _, tc := range []struct {
		name  string
		c     scheduler.IdleCeiling
		weeks int
		want  string
	}{
		{"one service, one half-day a week each", scheduler.IdleCeiling{Sites: 10, Services: 1, Pairs: 10, PerWeek: 10, Sessions: 20, Works: 40}, 2,
			"10 lieux × 1 demi-journée par semaine × 2 semaines = 20 séances possibles pour 40 demi-journées de travail"},
		{"one site, one week", scheduler.IdleCeiling{Sites: 1, Services: 1, Pairs: 1, PerWeek: 1, Sessions: 1, Works: 1}, 1,
			"1 lieu × 1 demi-journée par semaine × 1 semaine = 1 séance possible pour 1 demi-journée de travail"},
		{"several services and half-days", scheduler.IdleCeiling{Sites: 4, Services: 2, Pairs: 6, PerWeek: 9, Sessions: 18, Works: 36}, 2,
			"4 lieux et 2 services (6 couples lieu-service), 9 demi-journées régulières par semaine × 2 semaines = 18 séances possibles pour 36 demi-journées de travail"},
		{"France", scheduler.IdleCeiling{Sites: 13400, Services: 1, Pairs: 13400, PerWeek: 13400, Sessions: 26800, Works: 2000}, 2,
			"13\u202f400 lieux × 1 demi-journée par semaine × 2 semaines = 26\u202f800 séances possibles pour 2\u202f000 demi-journées de travail"},
		{"nothing within reach", scheduler.IdleCeiling{Works: 20}, 2,
			"aucun lieu à portée n'a de besoin d'un service que les bus offrent, pour 20 demi-journées de travail"},
	} {
		if got := ceilingFr(tc.c, tc.weeks); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// TestIdleFrNamesEveryCause: every cause the planner may give has its French words.
func TestIdleFrNamesEveryCause(t *testing.T) {
	for _, c := range scheduler.IdleCauses {
		if w, ok := idleFr[c]; !ok || w[0] == "" || w[1] == "" {
			t.Errorf("cause %q has no French words", c)
		}
	}
}

func TestOwnerFr(t *testing.T) {
	for _, tc := range []struct {
		u    unitJSON
		want string
	}{
		{unitJSON{Organisation: "org-1", OrganisationName: "MSP de Felletin", RegionName: "Nouvelle-Aquitaine"}, "de l'organisation MSP de Felletin"},
		{unitJSON{Organisation: "org-1"}, "de l'organisation org-1"},
		{unitJSON{RegionName: "Nouvelle-Aquitaine"}, "de la région Nouvelle-Aquitaine"},
		{unitJSON{}, "d'une autre coordination"},
	} {
		if got := ownerFr(tc.u); got != tc.want {
			t.Errorf("ownerFr(%+v) = %q, want %q", tc.u, got, tc.want)
		}
	}
}
