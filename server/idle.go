package server

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"medibus"
	"medibus/scheduler"
)

// Why half-days stay empty, for the desk's figures: the planning use case explains
// the plan (planning.Service.Idle, the computation of medibus explain --idle); here it
// is said in French, for the fleet and for each bus.

// idleJSON is the answer of GET /api/plans/{id}/idle.
type idleJSON struct {
	// Summary is the fleet's count: « 40 demi-journées, 20 séances, 20 vides ».
	Summary string `json:"summary"`
	// Ceiling is what the sites within reach can take, against the buses' work.
	Ceiling string          `json:"ceiling"`
	Causes  []idleCauseJSON `json:"causes"`
	Units   []idleUnitJSON  `json:"units"`
}

// idleCauseJSON is a number of empty half-days under one cause; HalfDays says it in
// French: « 335 demi-journées ».
type idleCauseJSON struct {
	Cause    string `json:"cause"`
	Count    int    `json:"count"`
	HalfDays string `json:"half_days"`
	Label    string `json:"label"`
	Text     string `json:"text"`
}

// idleUnitJSON is one bus's account.
type idleUnitJSON struct {
	Unit     string `json:"unit"`
	Name     string `json:"name"`
	HalfDays int    `json:"half_days"`
	Sessions int    `json:"sessions"`
	Empty    int    `json:"empty"`
	Ceiling  string `json:"ceiling"`
	// Causes says the empty half-days by cause: « rythme fixe : 12, bus à l'arrêt : 4 ».
	Causes string `json:"causes"`
}

// idleFr names each cause of an empty half-day in a few words, then in a sentence.
var idleFr = map[string][2]string{
	scheduler.IdleOff:       {"bus à l'arrêt", "le bus ne circule pas cette demi-journée (ses jours, ou une indisponibilité datée)"},
	scheduler.IdleNothing:   {"rien à tenir", "aucun lieu à portée du bus, ou aucun service qu'il puisse offrir"},
	scheduler.IdleClosed:    {"fermé", "un jour férié ou une fermeture déclarée ferme les lieux qu'il atteint"},
	scheduler.IdleSiteDays:  {"jours des lieux", "les lieux à portée n'accueillent pas le bus cette demi-journée"},
	scheduler.IdleStaffDays: {"jours des professionnels", "aucun professionnel des services ne travaille cette demi-journée (ses jours, ses absences)"},
	scheduler.IdleSiteTaken: {"lieu pris", "les lieux ouverts cette demi-journée accueillent déjà un autre bus"},
	scheduler.IdleRhythm:    {"rythme fixe", "chaque lieu restant a déjà ses demi-journées régulières de la semaine, un autre jour ou à une autre demi-journée"},
	scheduler.IdleFrequency: {"fréquence", "une règle de fréquence des lieux restants (ses demi-journées ou l'écart minimal entre deux passages)"},
	scheduler.IdleStaffBusy: {"professionnels occupés", "les professionnels libres cette demi-journée tiennent d'autres séances ou ont atteint leur plafond de la semaine"},
	scheduler.IdleDriving:   {"conduite", "avec l'autre séance du jour, le service du bus, la limite de conduite ou le plus long trajet serait dépassé"},
	scheduler.IdleNoNeed:    {"plus de besoin", "le besoin à portée est déjà couvert"},
	scheduler.IdleNotWorth:  {"ne vaut pas la route", "une séance tiendrait, mais les soins qu'elle apporterait valent moins que sa route"},
	scheduler.IdleOpen:      {"libre", "une séance tiendrait et vaudrait sa route : ré-optimisez"},
}

// plural writes n, French style, and its noun, plural from two on: « 1 lieu »,
// « 13 400 lieux ».
func plural(n int, one, many string) string {
	if n > 1 {
		return frNumber(float64(n)) + " " + many
	}
	return frNumber(float64(n)) + " " + one
}

// ceilingFr says how many sessions the sites can take against the half-days the buses
// work: « 10 lieux × 1 demi-journée par semaine × 2 semaines = 20 séances possibles
// pour 36 demi-journées de travail ».
func ceilingFr(c scheduler.IdleCeiling, weeks int) string {
	if c.Pairs == 0 {
		return fmt.Sprintf("aucun lieu à portée n'a de besoin d'un service que les bus offrent, pour %s de travail",
			plural(c.Works, "demi-journée", "demi-journées"))
	}
	each := fmt.Sprintf("%s × 1 demi-journée par semaine", plural(c.Sites, "lieu", "lieux"))
	if c.Services > 1 || c.PerWeek != c.Pairs {
		each = fmt.Sprintf("%s et %s (%s), %s par semaine", plural(c.Sites, "lieu", "lieux"), plural(c.Services, "service", "services"),
			plural(c.Pairs, "couple lieu-service", "couples lieu-service"), plural(c.PerWeek, "demi-journée régulière", "demi-journées régulières"))
	}
	return fmt.Sprintf("%s × %s = %s pour %s de travail", each, plural(weeks, "semaine", "semaines"),
		plural(c.Sessions, "séance possible", "séances possibles"), plural(c.Works, "demi-journée", "demi-journées"))
}

// idleReportFr says report in French, naming the buses as the plan's scenario does.
func idleReportFr(v *planView, r *scheduler.IdleReport) idleJSON {
	out := idleJSON{
		Summary: fmt.Sprintf("%s, %s, %s", plural(r.HalfDays, "demi-journée", "demi-journées"), plural(r.Sessions, "séance", "séances"),
			plural(r.Empty, "vide", "vides")),
		Ceiling: ceilingFr(r.Ceiling, r.CycleWeeks),
		Causes:  []idleCauseJSON{},
		Units:   []idleUnitJSON{},
	}
	for _, c := range byCount(r.Causes) {
		out.Causes = append(out.Causes, idleCauseJSON{Cause: c.Cause, Count: c.Count, HalfDays: plural(c.Count, "demi-journée", "demi-journées"),
			Label: idleFr[c.Cause][0], Text: idleFr[c.Cause][1]})
	}
	for _, u := range r.Units {
		var parts []string
		for _, c := range byCount(u.Causes) {
			parts = append(parts, fmt.Sprintf("%s : %s", idleFr[c.Cause][0], frNumber(float64(c.Count))))
		}
		name := u.Unit
		if x := v.ix.Units[u.Unit]; x != nil && x.Name != "" {
			name = x.Name
		}
		out.Units = append(out.Units, idleUnitJSON{Unit: u.Unit, Name: name, HalfDays: u.HalfDays, Sessions: u.Sessions, Empty: u.Empty,
			Ceiling: ceilingFr(u.Ceiling, r.CycleWeeks), Causes: strings.Join(parts, ", ")})
	}
	return out
}

// byCount orders causes by count, most first, keeping the causes' order among equals.
func byCount(cs []scheduler.IdleCount) []scheduler.IdleCount {
	out := slices.Clone(cs)
	slices.SortStableFunc(out, func(a, b scheduler.IdleCount) int { return cmp.Compare(b.Count, a.Count) })
	return out
}

// apiIdle says why the buses of a rotation leave half-days empty; the answer is kept
// with the plan's view, since a stored plan never changes.
func (s *Server) apiIdle(w http.ResponseWriter, r *http.Request, _ principal) {
	p, ok := s.planInfo(w, r)
	if !ok {
		return
	}
	if p.Kind == medibus.KindChange {
		writeError(w, http.StatusUnprocessableEntity, fmt.Errorf("le plan n° %d est un changement daté de quelques jours : "+
			"les demi-journées vides s'expliquent sur le plan tournant qu'il change ; choisissez celui-ci dans la liste des plans", p.ID))
		return
	}
	v, err := s.views.get(r.Context(), p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	s.cached(w, r, &v.responses, "idle", "private, max-age=300", func() (*cachedResponse, error) {
		rep, err := s.planning.Idle(r.Context(), v.sc, v.plan)
		if err != nil {
			return nil, err
		}
		b, err := json.Marshal(idleReportFr(v, rep))
		if err != nil {
			return nil, err
		}
		return newCachedResponse(b, "application/json; charset=utf-8"), nil
	})
}
