package server

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"medibus/planning"
	"medibus/store"
)

// The planning use case refuses with codes (planning.Refusal) and the store refuses a
// stale write with who changed what (store.StaleError): here they become French
// sentences a coordinator can act on, with the status that fits.

// label names who makes a write, for the log that later stale writes cite.
func (p principal) label() string {
	id := ""
	if p.TokenID != 0 {
		id = fmt.Sprintf(" (jeton %d)", p.TokenID)
	}
	switch {
	case p.Organisation != "":
		return "la coordination de l'organisation " + p.Organisation + id
	case p.Region != "":
		return "la coordination de la région " + cmp.Or(p.RegionName, p.Region) + id
	case p.Role == store.RoleCoordinator:
		return "la coordination nationale" + id
	}
	return p.Role + id
}

// writePlanningError answers an error of the planning use case: a refusal (422) or a
// stale write (409) in French, a plan that breaks a constraint (422), or what the
// store says.
func (s *Server) writePlanningError(w http.ResponseWriter, r *http.Request, err error) {
	var stale *store.StaleError
	var ve *planning.ViolationsError
	if ref, ok := planning.IsRefusal(err); ok {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"status": http.StatusUnprocessableEntity,
			"error": frRefusal(ref), "code": ref.Code})
		return
	}
	switch {
	case errors.As(err, &stale):
		writeJSON(w, http.StatusConflict, map[string]any{"status": http.StatusConflict, "error": s.frStale(stale),
			"code": "stale", "revision": stale.Current, "edits": stale.Edits})
	case errors.As(err, &ve):
		writeError(w, http.StatusUnprocessableEntity, err)
	default:
		s.writeStoreError(w, r, err)
	}
}

// frStale says who changed what since the revision a write was based on.
func (s *Server) frStale(e *store.StaleError) string {
	what := "Le planning publié"
	if e.Plan != 0 {
		what = fmt.Sprintf("Le plan %d", e.Plan)
	}
	var edits []string
	for _, ed := range e.Edits {
		edits = append(edits, fmt.Sprintf("%s %s (le %s)", ed.Who, ed.What, ed.At.In(s.paris).Format("02/01 à 15:04")))
	}
	msg := fmt.Sprintf("%s a changé depuis que vous l'avez lu (version %d, maintenant %d)", what, e.Based, e.Current)
	if len(edits) > 0 {
		msg += " : " + strings.Join(edits, " ; ")
	}
	return msg + ". Rien n'a été enregistré : relisez-le et décidez à nouveau."
}

// frRefusal says a refusal of the planning use case in French.
func frRefusal(r *planning.Refusal) string {
	units := strings.Join(r.Units, ", ")
	switch r.Code {
	case planning.RefuseEffectivePast:
		return fmt.Sprintf("Une publication ne change jamais le passé : choisissez une date d'effet à partir du %s (demandé : %s).", frDay(r.Start), frDay(r.Date))
	case planning.RefuseBeforeStart:
		return fmt.Sprintf("Le plan %d commence le %s : il ne peut pas être publié à partir du %s.", r.Plan, frDay(r.Start), frDay(r.Date))
	case planning.RefuseNotCovered:
		return fmt.Sprintf("Le plan %d ne couvre pas le bus %s : publiez-le pour ses propres bus.", r.Plan, units)
	case planning.RefuseChangePast:
		return fmt.Sprintf("Le %s est passé : un changement ne porte que sur les jours à venir.", frDay(r.Date))
	case planning.RefuseChangeStale:
		return fmt.Sprintf("Le planning du bus %s le %s a changé depuis ce changement %d (une autre publication) : refaites la replanification.", units, frDay(r.Date), r.Plan)
	case planning.RefuseNothingToChange:
		return fmt.Sprintf("Rien ne change du %s au %s : les bus et les professionnels déclarés n'y ont aucune séance publiée.", frDay(r.Date), frDay(r.Start))
	case planning.RefuseNotPublished:
		if units == "" {
			return fmt.Sprintf("Aucun planning publié n'a de séance de ces personnes à partir du %s : rien à replanifier.", frDay(r.Date))
		}
		return fmt.Sprintf("Aucun planning n'est publié pour %s à ces dates : publiez-en un d'abord.", units)
	case planning.RefuseUnknown:
		return fmt.Sprintf("Le planning en vigueur ne connaît pas %s : vérifiez l'identifiant.", units)
	case planning.RefuseMixed:
		return fmt.Sprintf("Les bus %s suivent les plannings de scénarios différents à ces dates : déclarez le changement pour chacun séparément.", units)
	}
	return r.Error()
}
