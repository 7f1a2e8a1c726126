package server

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/validate"
)

// TestFrViolation: each refusal the desk can meet reads in French and names the bus,
// the professional, the place or the figures.
func TestFrViolation(t *testing.T) {
	mon, _ := medibus.ParseDate("2026-11-23")
	sc := &medibus.Scenario{Name: "t", Rules: medibus.Rules{CycleWeeks: 2, MaxLegMin: 90,
		Windows: [2]medibus.Window{{Start: 540, End: 750}, {Start: 810, End: 1020}}},
		Depots: []medibus.Depot{{ID: "d", Point: orb.Point{1.87, 46.17}}},
		Units:  []medibus.Unit{{ID: "u", Name: "Médicobus Creuse", Depot: "d", ShiftStart: 480, ShiftEnd: 1080, MaxDriveMin: 240}},
		Staff: []medibus.StaffMember{{ID: "g", Name: "Dr Anne Roux", Role: "gp", Units: []string{"u"}, Availability: medibus.WeekdaysAll &^ (1 << (2*5 + 1))},
			{ID: "i", Name: "Léa Petit", Role: "gp", Intern: true, Supervisor: "g", Availability: medibus.WeekdaysAll}},
		Services: []medibus.Service{{ID: "gp", Name: "Médecine générale"}, {ID: "derm", Name: "Télé-dermatologie", Remote: []string{"dermatologist"}}},
		Sites:    []medibus.Site{{ID: "s", INSEE: "23176", Name: "Place de la mairie, La Souterraine"}},
	}
	fri := mon.AddDays(4)
	thu := mon.AddDays(3)
	pl := &medibus.Plan{Start: mon, Sessions: []medibus.Session{{Unit: "u", Date: fri, Half: medibus.PM, Site: "s", Service: "gp", Staff: []string{"g"}},
		{Unit: "u", Date: thu, Half: medibus.AM, Site: "s", Service: "gp", Staff: []string{"i"}},
		{Unit: "u", Date: thu, Half: medibus.PM, Site: "s", Service: "derm"}},
		BusDays: []medibus.BusDay{{Unit: "u", Date: fri, DriveMin: 250}}}
	v, err := newPlanView(pl, sc, medibus.NewIndex(sc), nil)
	if err != nil {
		t.Fatal(err)
	}
	sat := mon.AddDays(5)
	for _, tc := range []struct {
		vio  validate.Violation
		want string
	}{
		{validate.Violation{Rule: 2, Code: "bus-off-day", Unit: "u", Date: sat, Half: "AM"}, "ne circule pas le samedi"},
		{validate.Violation{Rule: 2, Code: "bus-unavailable", Unit: "u", Date: fri, Half: "PM"}, "Médicobus Creuse est déclaré indisponible le vendredi 27 novembre 2026"},
		{validate.Violation{Rule: 3, Code: "site-not-allowed", Unit: "u", Date: fri, Half: "PM"}, "Le lieu « Place de la mairie, La Souterraine » n'accueille pas le bus le vendredi après-midi"},
		{validate.Violation{Rule: 6, Code: "staff-unavailable", Unit: "u", Date: fri, Half: "PM"}, "Dr Anne Roux n'est pas disponible le vendredi après-midi (disponibilités : lundi, mardi, mercredi, jeudi, vendredi matin)"},
		{validate.Violation{Rule: 16, Code: "drive-limit", Unit: "u", Date: fri}, "dépasserait la limite de conduite : 250 min pour 240 autorisées"},
		{validate.Violation{Rule: 16, Code: "leg-too-long", Unit: "u", Date: fri, Half: "PM"}, "durée maximale d'un trajet (90 min)"},
		{validate.Violation{Rule: 15, Code: "return-after-shift", Unit: "u", Date: fri}, "après la fin de son service (18:00)"},
		{validate.Violation{Rule: 12, Code: "leave-before-shift", Unit: "u", Date: fri}, "avant le début de son service (08:00)"},
		{validate.Violation{Rule: 20, Code: "public-holiday", Unit: "u", Date: mon.AddDays(32), Half: "AM"}, "est un jour férié (Noël)"},
		{validate.Violation{Rule: 20, Code: "closure", Unit: "u", Date: fri, Half: "PM"}, "fermé le vendredi 27 novembre 2026"},
		{validate.Violation{Rule: 7, Code: "outside-window", Unit: "u", Date: fri, Half: "PM"}, "(13:30–17:00)"},
		{validate.Violation{Rule: 21, Code: "intern-unsupervised", Unit: "u", Date: thu, Half: "AM"}, "Léa Petit ne peut pas tenir la séance du jeudi 26 novembre 2026, matin sans médecin senior"},
		{validate.Violation{Rule: 21, Code: "supervisor-busy", Unit: "u", Date: thu, Half: "AM"}, "Dr Anne Roux, qui supervise Léa Petit par téléphone, tient déjà une séance"},
		{validate.Violation{Rule: 6, Code: "outside-placement", Unit: "u", Date: thu, Half: "AM"}, "hors de la période de stage de Léa Petit"},
		{validate.Violation{Rule: 4, Code: "missing-remote-role", Unit: "u", Date: thu, Half: "PM"}, "La téléconsultation « Télé-dermatologie » du jeudi 26 novembre 2026, après-midi n'a pas de spécialiste"},
		{validate.Violation{Rule: 22, Code: "remote-over-parallel", Unit: "u", Date: thu, Half: "PM"}, "trop de téléconsultations en même temps"},
		{validate.Violation{Rule: 99, Code: "new-rule", Unit: "u", Date: fri, Half: "PM"}, "La règle 99 des contraintes"},
	} {
		got := frViolation(v, pl, tc.vio)
		if !strings.Contains(got.Message, tc.want) {
			t.Errorf("%s: %q, want %q", tc.vio.Code, got.Message, tc.want)
		}
	}
}
