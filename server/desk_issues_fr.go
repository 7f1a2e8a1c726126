package server

import (
	"fmt"
	"strings"

	"medibus"
	"medibus/planning"
	"medibus/validate"
)

// frIssues says the desk's refusals and warnings in French. What the validator found is
// said once: a sentence already said (two professionals double-booked the same
// half-day, a rhythm broken twice) is not repeated, a refusal's before a warning's.
func frIssues(v *planView, refusals, warnings []planning.Issue) (fr, frWarnings []deskIssue) {
	seen := map[string]bool{}
	say := func(list []planning.Issue) []deskIssue {
		out := []deskIssue{}
		for _, is := range list {
			di := frIssue(v, is)
			if is.Violation != nil {
				if seen[di.Message] {
					continue
				}
				seen[di.Message] = true
			}
			out = append(out, di)
		}
		return out
	}
	return say(refusals), say(warnings)
}

// frIssue says one issue of the desk in French: a violation of the pins as timed, or
// what the desk itself refuses or foresees.
func frIssue(v *planView, is planning.Issue) deskIssue {
	if is.Violation != nil {
		return frViolation(v, is.Timed, *is.Violation)
	}
	out := deskIssue{Rule: is.Rule, Code: is.Code}
	switch is.Code {
	case planning.IssueAlreadyMoved:
		out.Message = fmt.Sprintf("Cette séance a déjà été déplacée au %s, %s : déplacez ou retirez cette épingle-là.", frDay(is.Slot.Date), halfFr(is.Slot.Half))
	case planning.IssueInheritedPin:
		out.Message = "Cette séance est épinglée par le scénario (fichier pins.csv) : modifiez ce fichier pour la déplacer."
	case validate.CodeBusDoubleBooked:
		out.Message = fmt.Sprintf("%s a déjà une séance épinglée le %s, %s : retirez d'abord son épingle.", unitName(v, is.Slot.Unit), frDay(is.Slot.Date), halfFr(is.Slot.Half))
	case planning.IssueClosedDate:
		out.Message = fmt.Sprintf("Le %s, %s est fermé (%s) : cette séance y sera annulée ce jour-là seulement ; elle a lieu aux cycles suivants.", frDay(is.Session.Date), siteName(v, is.Session), is.Reason)
	case planning.IssueDisplaced:
		out.Message = fmt.Sprintf("La séance déjà prévue ce créneau (%s) sera replanifiée par la ré-optimisation.", shortLabel(v, is.Session))
	case planning.IssueStaffElsewhere:
		out.Message = fmt.Sprintf("%s est prévu(e) ce créneau ailleurs (%s) : cette séance-là sera replanifiée.", staffName(v, is.Member), shortLabel(v, is.Session))
	case planning.IssueStaffCap:
		out.Message = fmt.Sprintf("%s atteindrait plus de %d séances cette semaine : la ré-optimisation retirera une autre de ses séances.", staffName(v, is.Member), is.Cap)
	default:
		out.Message = fmt.Sprintf("La règle %d des contraintes (docs/constraints.md) ne serait pas respectée (%s).", is.Rule, is.Code)
	}
	return out
}

// frMoveError says in French why a pin request names nothing the plan can pin.
func frMoveError(e *planning.MoveError) string {
	switch e.Code {
	case planning.MoveNoSession:
		return fmt.Sprintf("le plan %d n'a pas de séance du bus %q le %s, %s", e.Plan, e.Slot.Unit, frDay(e.Slot.Date), halfFr(e.Slot.Half))
	case planning.MoveOutsideCycle:
		return fmt.Sprintf("le %s est hors du cycle du plan (du %s au %s)", frDay(e.Date), frDay(e.First), frDay(e.Last))
	case planning.MoveUnknownSite:
		return fmt.Sprintf("to_site %q n'est pas un lieu du scénario %s", e.ID, e.Scenario)
	case planning.MoveUnknownStaff:
		return fmt.Sprintf("to_staff %q n'est pas un professionnel du scénario %s", e.ID, e.Scenario)
	}
	return e.Error()
}

// label names a session for people: "Médicobus 1, vendredi 4 décembre 2026, matin :
// Médecine générale à Place de la mairie, Sardent, avec Dr Yanis Moreau (fictif)".
func (d *desk) label(s medibus.Session) string {
	var names []string
	for _, id := range s.Staff {
		if m := d.v.ix.Staff[id]; m != nil {
			names = append(names, m.Name)
		}
	}
	svc := s.Service
	if sv := d.v.ix.Services[s.Service]; sv != nil {
		svc = sv.Name
	}
	return fmt.Sprintf("%s, %s, %s : %s à %s, avec %s", unitName(d.v, s.Unit), frDay(s.Date), halfFr(s.Half), svc,
		siteName(d.v, &s), strings.Join(names, ", "))
}

// shortLabel names a session by its bus and its place.
func shortLabel(v *planView, se *medibus.Session) string {
	return fmt.Sprintf("%s à %s", unitName(v, se.Unit), siteName(v, se))
}

// staffName is the name of professional id.
func staffName(v *planView, id string) string {
	if m := v.ix.Staff[id]; m != nil {
		return m.Name
	}
	return id
}
