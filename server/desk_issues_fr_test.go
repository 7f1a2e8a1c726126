package server

import (
	"testing"

	"medibus"
	"medibus/planning"
	"medibus/validate"
)

// TestFrIssue: the desk's own refusals and warnings read in French, word for word as
// the desk page has always shown them, and a sentence of the validator is said once.
func TestFrIssue(t *testing.T) {
	mon, _ := medibus.ParseDate("2026-11-23")
	// Only the names matter here: buses, professional, places.
	sc := &medibus.Scenario{Name: "t", Rules: medibus.Rules{CycleWeeks: 1}}
	sc.Units = []medibus.Unit{{ID: "u", Name: "Médicobus Creuse"}, {ID: "v", Name: "Médicobus Creuse B"}}
	sc.Staff = []medibus.StaffMember{{ID: "g", Name: "Dr Anne Roux"}}
	sc.Sites = []medibus.Site{{ID: "s", Name: "Place de la mairie, La Souterraine"}, {ID: "t", Name: "Salle des fêtes, Guéret"}}
	fri := mon.AddDays(4)
	pl := &medibus.Plan{Start: mon, Sessions: []medibus.Session{{Unit: "u", Date: fri, Half: medibus.PM, Site: "s", Service: "gp", Staff: []string{"g"}},
		{Unit: "v", Date: fri, Half: medibus.PM, Site: "t", Service: "gp", Staff: []string{"g"}}}}
	v, err := newPlanView(pl, sc, medibus.NewIndex(sc), nil)
	if err != nil {
		t.Fatal(err)
	}
	slot := medibus.SlotKey{Unit: "u", Date: fri, Half: medibus.PM}
	for _, tc := range []struct {
		is   planning.Issue
		want string
	}{
		{planning.Issue{Code: planning.IssueAlreadyMoved, Slot: slot},
			"Cette séance a déjà été déplacée au vendredi 27 novembre 2026, après-midi : déplacez ou retirez cette épingle-là."},
		{planning.Issue{Code: planning.IssueInheritedPin, Slot: slot},
			"Cette séance est épinglée par le scénario (fichier pins.csv) : modifiez ce fichier pour la déplacer."},
		{planning.Issue{Rule: 9, Code: validate.CodeBusDoubleBooked, Slot: slot},
			"Médicobus Creuse a déjà une séance épinglée le vendredi 27 novembre 2026, après-midi : retirez d'abord son épingle."},
		{planning.Issue{Code: planning.IssueClosedDate, Session: &pl.Sessions[0], Reason: "fermeture : neige"},
			"Le vendredi 27 novembre 2026, Place de la mairie, La Souterraine est fermé (fermeture : neige) : cette séance y sera annulée ce jour-là seulement ; elle a lieu aux cycles suivants."},
		{planning.Issue{Code: planning.IssueDisplaced, Session: &pl.Sessions[0]},
			"La séance déjà prévue ce créneau (Médicobus Creuse à Place de la mairie, La Souterraine) sera replanifiée par la ré-optimisation."},
		{planning.Issue{Code: planning.IssueStaffElsewhere, Member: "g", Session: &pl.Sessions[1]},
			"Dr Anne Roux est prévu(e) ce créneau ailleurs (Médicobus Creuse B à Salle des fêtes, Guéret) : cette séance-là sera replanifiée."},
		{planning.Issue{Code: planning.IssueStaffCap, Member: "g", Cap: 4},
			"Dr Anne Roux atteindrait plus de 4 séances cette semaine : la ré-optimisation retirera une autre de ses séances."},
	} {
		got := frIssue(v, tc.is)
		if got.Message != tc.want || got.Code != tc.is.Code || got.Rule != tc.is.Rule {
			t.Errorf("%s: %+v\nwant %q", tc.is.Code, got, tc.want)
		}
	}
	// Two professionals double-booked on one half-day make one sentence; a rhythm both
	// refused and foreseen is said as a refusal.
	twice := func(code string, rule int, unit string) planning.Issue {
		vio := validate.Violation{Rule: rule, Code: code, Unit: unit, Date: fri, Half: "PM"}
		return planning.Issue{Rule: rule, Code: code, Violation: &vio, Timed: pl}
	}
	refusals, warnings := frIssues(v, []planning.Issue{twice(validate.CodeStaffDoubleBooked, 9, "u"), twice(validate.CodeStaffDoubleBooked, 9, "v"),
		twice(validate.CodeFrequencyGapShort, 18, "u")}, []planning.Issue{twice(validate.CodeFrequencyGapLong, 18, "u"), {Code: planning.IssueStaffCap, Member: "g", Cap: 4}})
	if len(refusals) != 2 || refusals[0].Code != validate.CodeStaffDoubleBooked || refusals[1].Code != validate.CodeFrequencyGapShort ||
		len(warnings) != 1 || warnings[0].Code != planning.IssueStaffCap {
		t.Errorf("refusals %+v, warnings %+v", refusals, warnings)
	}
	if refusals, warnings := frIssues(v, nil, nil); refusals == nil || warnings == nil {
		t.Error("no issue must read as an empty list, not null")
	}
}
