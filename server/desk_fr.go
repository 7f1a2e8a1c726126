package server

import (
	"fmt"
	"strings"
	"time"

	"medibus"
	"medibus/holiday"
	"medibus/validate"
)

// deskIssue is one reason, in French, why a move is refused or what it will change.
type deskIssue struct {
	Rule    int    `json:"rule,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// frViolation says in French what violation vio of the pins plan pl means for a
// coordinator: which bus, professional, place and day, and what rule stops it.
func frViolation(v *planView, pl *medibus.Plan, vio validate.Violation) deskIssue {
	is := deskIssue{Rule: vio.Rule, Code: vio.Code}
	s := sessionAt(pl, vio.Unit, vio.Date, vio.Half)
	when := frDay(vio.Date)
	if vio.Half != "" {
		h, _ := medibus.ParseHalf(vio.Half)
		when += ", " + halfFr(h)
	}
	bus := unitName(v, vio.Unit)
	switch vio.Code {
	case validate.CodeBusOffDay:
		if wd := vio.Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
			is.Message = fmt.Sprintf("Le médicobus ne circule pas le %s : choisissez un jour de semaine.", frDays[wd])
		} else {
			is.Message = fmt.Sprintf("%s ne circule pas le %s.", bus, when)
		}
	case validate.CodeBusUnavailable:
		is.Message = fmt.Sprintf("%s est déclaré indisponible le %s (panne ou entretien).", bus, frDay(vio.Date))
	case validate.CodeSiteNotAllowed:
		is.Message = fmt.Sprintf("Le lieu « %s » n'accueille pas le bus le %s.", siteName(v, s), weekdayHalf(vio.Date, vio.Half))
	case validate.CodeStaffUnavailable, validate.CodeStaffNotOnUnit:
		is.Message = staffUnavailable(v, s, vio, bus, when)
	case validate.CodeMissingRole, validate.CodeExtraStaff, validate.CodeStaffListedTwice:
		is.Message = fmt.Sprintf("L'équipe à bord ne correspond pas à la consultation %s.", serviceName(v, s))
	case validate.CodeMissingEquipment:
		is.Message = fmt.Sprintf("%s n'a pas l'équipement que demande la consultation %s.", bus, serviceName(v, s))
	case validate.CodeOutsideWindow, validate.CodeSessionTooShort, validate.CodeDepartBeforeEnd:
		is.Message = fmt.Sprintf("Les horaires de la séance ne tiennent pas dans la demi-journée (%s).", windowOf(v, vio.Half))
	case validate.CodeStaffDoubleBooked:
		is.Message = fmt.Sprintf("Un professionnel aurait deux séances épinglées en même temps, le %s.", when)
	case validate.CodeBusDoubleBooked:
		is.Message = fmt.Sprintf("%s a déjà une séance épinglée le %s : retirez d'abord son épingle.", bus, when)
	case validate.CodeStaffWeeklyCap:
		is.Message = fmt.Sprintf("Un professionnel dépasserait son plafond de séances par semaine (semaine du %s).", frDay(vio.Date))
	case validate.CodeInternUnsupervised, validate.CodeSupervisorUnavailable, validate.CodeSupervisorBusy, validate.CodeOutsidePlacement,
		validate.CodeMissingRemoteRole, validate.CodeExtraRemote, validate.CodeRemoteOverParallel:
		is.Message = crewIssue(v, s, vio.Code, when)
	default:
		is.Message = dayIssue(v, pl, vio, bus, when)
	}
	return is
}

// dayIssue says in French what breaks a bus-day, a holiday or a rhythm.
func dayIssue(v *planView, pl *medibus.Plan, vio validate.Violation, bus, when string) string {
	u := v.ix.Units[vio.Unit]
	switch vio.Code {
	case validate.CodeLeaveBeforeShift, validate.CodeArriveTooEarly:
		if u != nil {
			return fmt.Sprintf("%s ne peut pas arriver à temps le %s : il devrait quitter le dépôt avant le début de son service (%s).", bus, when, u.ShiftStart)
		}
	case validate.CodeNoSetupTime, validate.CodeNoBreak:
		return fmt.Sprintf("Le %s, il ne reste pas assez de temps entre les deux séances pour la route, la pause et l'installation.", frDay(vio.Date))
	case validate.CodeReturnAfterShift, validate.CodeReturnTooEarly:
		if u != nil {
			return fmt.Sprintf("%s rentrerait au dépôt après la fin de son service (%s) le %s.", bus, u.ShiftEnd, frDay(vio.Date))
		}
	case validate.CodeDriveLimit:
		if bd := busDayAt(pl, vio.Unit, vio.Date); bd != nil && u != nil {
			return fmt.Sprintf("La journée du %s dépasserait la limite de conduite : %d min pour %d autorisées.", frDay(vio.Date), bd.DriveMin, u.MaxDriveMin)
		}
	case validate.CodeLegTooLong:
		return fmt.Sprintf("Un trajet du %s dépasserait la durée maximale d'un trajet (%d min).", frDay(vio.Date), v.sc.Rules.MaxLegMin)
	case validate.CodePublicHoliday:
		dept := ""
		if st := sessionAt(pl, vio.Unit, vio.Date, vio.Half); st != nil && v.ix.Sites[st.Site] != nil {
			dept = holiday.Department(v.ix.Sites[st.Site].INSEE)
		}
		name, _ := holiday.On(vio.Date, dept)
		return fmt.Sprintf("Le %s est un jour férié (%s) : pas de séance ce jour-là.", frDay(vio.Date), name)
	case validate.CodeClosure:
		return fmt.Sprintf("Le lieu est fermé le %s (fermeture déclarée).", frDay(vio.Date))
	case validate.CodeFrequencyDay, validate.CodeFrequencyGapLong, validate.CodeFrequencyGapShort:
		return "Le rythme de passage prévu pour cette commune (fichier frequencies.csv) ne serait plus tenu."
	}
	return fmt.Sprintf("La règle %d des contraintes (docs/constraints.md) ne serait pas respectée le %s.", vio.Rule, when)
}

// crewIssue says in French what is wrong with the interns, their supervision or the
// remote specialists of session s.
func crewIssue(v *planView, s *medibus.Session, code, when string) string {
	intern, supervisor := "l'interne", "son maître de stage"
	if s != nil {
		for _, id := range s.Staff {
			if m := v.ix.Staff[id]; m != nil && m.Intern {
				intern = m.Name
				if sup := v.ix.Staff[m.Supervisor]; sup != nil {
					supervisor = sup.Name
				}
			}
		}
	}
	switch code {
	case validate.CodeInternUnsupervised:
		return fmt.Sprintf("%s ne peut pas tenir la séance du %s sans médecin senior à bord ni maître de stage joignable.", intern, when)
	case validate.CodeSupervisorUnavailable:
		return fmt.Sprintf("%s, qui supervise %s par téléphone, n'est pas disponible le %s.", supervisor, intern, when)
	case validate.CodeSupervisorBusy:
		return fmt.Sprintf("%s, qui supervise %s par téléphone, tient déjà une séance le %s.", supervisor, intern, when)
	case validate.CodeOutsidePlacement:
		return fmt.Sprintf("Le %s est hors de la période de stage de %s.", frDay(s.Date), intern)
	case validate.CodeMissingRemoteRole:
		return fmt.Sprintf("La téléconsultation %s du %s n'a pas de spécialiste à distance.", serviceName(v, s), when)
	case validate.CodeExtraRemote:
		return fmt.Sprintf("La consultation %s n'a pas besoin de spécialiste à distance.", serviceName(v, s))
	}
	return fmt.Sprintf("Le spécialiste à distance aurait trop de téléconsultations en même temps le %s.", when)
}

// staffUnavailable names the professionals of s who are not available that half-day,
// absent that day, or not allowed on its bus.
func staffUnavailable(v *planView, s *medibus.Session, vio validate.Violation, bus, when string) string {
	if s == nil {
		return fmt.Sprintf("Un professionnel n'est pas disponible le %s.", when)
	}
	var msgs []string
	for _, id := range s.Staff {
		m := v.ix.Staff[id]
		if m == nil {
			continue
		}
		switch {
		case !m.CanWorkOn(s.Unit):
			msgs = append(msgs, fmt.Sprintf("%s ne travaille pas sur %s.", m.Name, bus))
		case !m.Availability.Has(s.Date.Weekday(), s.Half):
			msgs = append(msgs, fmt.Sprintf("%s n'est pas disponible le %s (disponibilités : %s).", m.Name, weekdayHalf(s.Date, s.Half.String()), frHalfDays(m.Availability)))
		case !m.AvailableOn(s.Date, s.Half):
			msgs = append(msgs, fmt.Sprintf("%s est absent(e) le %s.", m.Name, frDay(s.Date)))
		}
	}
	if len(msgs) == 0 {
		return fmt.Sprintf("Un professionnel n'est pas disponible le %s.", when)
	}
	return strings.Join(msgs, " ")
}

func sessionAt(pl *medibus.Plan, unit string, d medibus.Date, half string) *medibus.Session {
	for i := range pl.Sessions {
		if s := &pl.Sessions[i]; s.Unit == unit && s.Date == d && s.Half.String() == half {
			return s
		}
	}
	return nil
}

func busDayAt(pl *medibus.Plan, unit string, d medibus.Date) *medibus.BusDay {
	for i := range pl.BusDays {
		if b := &pl.BusDays[i]; b.Unit == unit && b.Date == d {
			return b
		}
	}
	return nil
}

func unitName(v *planView, id string) string {
	if u := v.ix.Units[id]; u != nil && u.Name != "" {
		return u.Name
	}
	return "Le bus " + id
}

func siteName(v *planView, s *medibus.Session) string {
	if s != nil {
		if st := v.ix.Sites[s.Site]; st != nil {
			return st.Name
		}
		return s.Site
	}
	return "?"
}

func serviceName(v *planView, s *medibus.Session) string {
	if s != nil {
		if sv := v.ix.Services[s.Service]; sv != nil {
			return "« " + sv.Name + " »"
		}
		return s.Service
	}
	return ""
}

func windowOf(v *planView, half string) string {
	h, _ := medibus.ParseHalf(half)
	w := v.sc.Rules.Windows[h]
	return w.Start.String() + "–" + w.End.String()
}

// weekdayHalf is "vendredi après-midi".
func weekdayHalf(d medibus.Date, half string) string {
	h, _ := medibus.ParseHalf(half)
	return frDays[d.Weekday()] + " " + halfFr(h)
}

// frHalfDays lists a set of half-days in French: "lundi, mardi matin, jeudi".
func frHalfDays(h medibus.HalfDays) string {
	var parts []string
	for _, tok := range strings.Fields(h.String()) { // "Mon", "Tue-AM"
		day, half, _ := strings.Cut(tok, "-")
		parts = append(parts, strings.TrimSpace(frDayOf[day]+" "+map[string]string{"AM": "matin", "PM": "après-midi"}[half]))
	}
	if len(parts) == 0 {
		return "aucune"
	}
	return strings.Join(parts, ", ")
}

// frDayOf names in French the weekdays of HalfDays.String.
var frDayOf = map[string]string{"Mon": "lundi", "Tue": "mardi", "Wed": "mercredi", "Thu": "jeudi", "Fri": "vendredi", "Sat": "samedi", "Sun": "dimanche"}
