package server

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"medibus"
	"medibus/territory"
)

// The words of the pages: every text a person reads is French.

var frDays = [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
var frDaysShort = [7]string{"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."}
var frMonths = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// frDate formats a date in French: "lundi 23 novembre 2026".
func frDate(t time.Time) string {
	return fmt.Sprintf("%s %d %s %d", frDays[t.Weekday()], t.Day(), frMonths[t.Month()-1], t.Year())
}

// frDay formats a civil date in French: "lundi 23 novembre 2026".
func frDay(d medibus.Date) string { return frDate(d.Time(time.UTC)) }

// frDayNear formats civil date d in French for a page about date of: "vendredi 27
// novembre", with the year only when it is not of's.
func frDayNear(d, of medibus.Date) string {
	t := d.Time(time.UTC)
	if t.Year() != of.Time(time.UTC).Year() {
		return frDate(t)
	}
	return fmt.Sprintf("%s %d %s", frDays[t.Weekday()], t.Day(), frMonths[t.Month()-1])
}

// frDayShort formats a date for a grid's heading: "lun. 23 nov.".
func frDayShort(d medibus.Date) string {
	t := d.Time(time.UTC)
	m := frMonths[t.Month()-1]
	if utf8.RuneCountInString(m) > 4 {
		m = string([]rune(m)[:3]) + "."
	}
	return fmt.Sprintf("%s %d %s", frDaysShort[t.Weekday()], t.Day(), m)
}

func halfFr(h medibus.Half) string {
	if h == medibus.PM {
		return "après-midi"
	}
	return "matin"
}

// deName puts "de" before a commune's name, with the elision French requires.
var deName = territory.De

// roleNames are the professions of the built-in scenarios, in French.
var roleNames = map[string]string{
	"gp": "médecin généraliste", "nurse": "infirmier ou infirmière", "midwife": "sage-femme",
	"gynaecologist": "gynécologue", "ophthalmologist": "ophtalmologiste", "orthoptist": "orthoptiste",
	"dentist": "chirurgien-dentiste", "dermatologist": "dermatologue", "paediatrician": "pédiatre",
	"assistant": "assistant médical", "intern": "interne", "cardiologist": "cardiologue",
}

// roleFr names a role in French, or keeps the scenario's word for a role it does not know.
func roleFr(role string) string {
	if n, ok := roleNames[role]; ok {
		return n
	}
	return role
}

// staffLabel names a professional and their profession: "Dr Yanis Moreau (fictif),
// médecin généraliste".
func staffLabel(m *medibus.StaffMember) string {
	if m.Intern {
		return m.Name + ", interne (" + roleFr(m.Role) + ")"
	}
	return m.Name + ", " + roleFr(m.Role)
}

// crewName names a member of a session's crew for the grids: the name, and what they
// are when it is not obvious from the service (an intern, a medical assistant).
func crewName(m *medibus.StaffMember) string {
	switch {
	case m.Intern:
		return m.Name + " (interne)"
	case m.Role == medibus.RoleAssistant:
		return m.Name + " (assistant médical)"
	}
	return m.Name
}

// statusTitles are the titles of the error pages.
var statusTitles = map[int]string{
	http.StatusBadRequest:            "Requête incorrecte",
	http.StatusUnauthorized:          "Connexion requise",
	http.StatusForbidden:             "Accès refusé",
	http.StatusNotFound:              "Page introuvable",
	http.StatusMethodNotAllowed:      "Méthode non autorisée",
	http.StatusConflict:              "Conflit",
	http.StatusRequestEntityTooLarge: "Envoi trop volumineux",
	http.StatusUnprocessableEntity:   "Demande impossible",
	http.StatusTooManyRequests:       "Trop de demandes",
	http.StatusInternalServerError:   "Erreur interne",
	http.StatusServiceUnavailable:    "Service indisponible",
}

func statusTitle(status int) string {
	if t, ok := statusTitles[status]; ok {
		return t
	}
	if status >= 500 {
		return "Erreur du serveur"
	}
	return "Erreur"
}

// frNumber formats x with at most one decimal and a thin space between thousands,
// French style: "12,5", "85 565,7".
func frNumber(x float64) string {
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	whole, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteRune('\u202f')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "," + frac
	}
	if neg {
		out = "−" + out
	}
	return out
}

// frPercent formats a share (0 to 1) as a percentage with one decimal: "99,9 %".
func frPercent(share float64) string { return frNumber(100*share) + "\u00a0%" }
