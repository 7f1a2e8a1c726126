package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"

	"medibus"
	"medibus/holiday"
	"medibus/validate"
)

// The coordinator's desk checks every manual move or pin as it is made, with the rules
// of validate, before anything is stored: the pins, with their times fixed, must make a
// plan that breaks no rule, or the planner could not hold them and re-optimising would
// fail. A refused move comes with the reasons in French and the moves that would work
// (another professional, another half-day); an accepted one with what re-optimising
// will change around it.

// deskVerdict is the answer to a move or a pin.
type deskVerdict struct {
	OK           bool            `json:"ok"`
	Error        string          `json:"error,omitempty"`
	Pin          medibus.Session `json:"pin"`
	Label        string          `json:"label"`
	Refusals     []deskIssue     `json:"refusals"`
	Warnings     []deskIssue     `json:"warnings"`
	Alternatives alternatives    `json:"alternatives"`
	// Revision is the plan's pins revision once the pin is stored (201).
	Revision int64 `json:"revision,omitempty"`
}

// alternatives are moves that the desk checked and would accept.
type alternatives struct {
	Staff []staffOption `json:"staff"`
	Slots []slotOption  `json:"slots"`
}

// staffOption is the same session with another professional.
type staffOption struct {
	Staff   []string `json:"staff"`
	Label   string   `json:"label"`
	Free    bool     `json:"free"`    // not in another session of the plan that half-day
	Current bool     `json:"current"` // the professional the plan has for the session
}

// slotOption is the same session on another half-day of the same bus.
type slotOption struct {
	Date  medibus.Date `json:"date"`
	Half  string       `json:"half"`
	Label string       `json:"label"`
	Free  bool         `json:"free"` // the bus has no other session there in the plan
}

// Limits on the alternatives offered: enough to choose from, few enough to read.
const (
	maxStaffOptions = 5
	maxSlotOptions  = 6
)

// desk is the state one check needs: the plan, its scenario with the declared closures,
// and the pins already set on it (the scenario's, overlaid by the plan's).
type desk struct {
	s    *Server
	v    *planView
	sc   *medibus.Scenario
	pins []medibus.Session
	// inherited are the slots of the scenario's own pins, which the desk cannot move.
	inherited map[medibus.SlotKey]bool
	// cal tells the public holidays and declared closures: they do not refuse a move
	// (the rotation repeats), but the desk says which occurrence they cancel.
	cal *holiday.Calendar
	// rev is the revision of the plan's pins the desk read them at, and origins the
	// slots the pinned sessions were moved from: a write decided on these is stored
	// only if they have not changed since.
	rev     int64
	origins map[medibus.SlotKey]medibus.SlotKey
}

func (s *Server) newDesk(ctx context.Context, v *planView, planID int64) (*desk, error) {
	// A plan is a rotation: its slots are judged without holidays or closures, which
	// cancel dates on the calendar.
	sc := v.sc.Rotation()
	ps, err := s.db.PinStateOf(ctx, planID)
	if err != nil {
		return nil, err
	}
	cal, _, err := s.closures.get(ctx)
	if err != nil {
		return nil, err
	}
	d := &desk{s: s, v: v, sc: sc, pins: mergePins(v.sc.Pins, ps.Pins), inherited: map[medibus.SlotKey]bool{}, cal: cal,
		rev: ps.Revision, origins: ps.Origins}
	for _, p := range v.sc.Pins {
		d.inherited[p.Key()] = true
	}
	return d, nil
}

// judge checks the pins with pin set in its slot (and none left in origin, when the
// pin moves a session): refusals are what the planner could not hold, warnings what it
// completes around them (a rhythm's gap to fill).
func (d *desk) judge(ctx context.Context, pin medibus.Session, origin medibus.SlotKey) (refusals, warnings []deskIssue, err error) {
	pins := slices.DeleteFunc(slices.Clone(d.pins), func(p medibus.Session) bool {
		return p.Key() == origin && origin != pin.Key()
	})
	pins = mergePins(pins, []medibus.Session{pin})
	sc := *d.sc
	sc.Pins = pins
	pl, err := pinsPlan(ctx, d.v, d.s.planning.Travel, pins)
	if err != nil {
		return nil, nil, err
	}
	vs, err := validate.Check(ctx, &sc, pl, d.s.planning.Travel)
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	for _, vio := range vs {
		is := frViolation(d.v, pl, vio)
		if seen[is.Message] {
			continue
		}
		seen[is.Message] = true
		// The planner completes a rhythm around pins (a gap too long), but cannot undo
		// pins too close together or on a half-day the rhythm forbids.
		if vio.Code == validate.CodeFrequencyGapLong {
			warnings = append(warnings, is)
		} else {
			refusals = append(refusals, is)
		}
	}
	return refusals, warnings, nil
}

// check gives the verdict on pinning pin, moved from origin (its own slot when pinned
// where it is).
func (d *desk) check(ctx context.Context, pin medibus.Session, origin medibus.SlotKey) (deskVerdict, error) {
	vd := deskVerdict{Pin: pin, Label: d.label(pin), Refusals: []deskIssue{}, Warnings: []deskIssue{}}
	vd.Alternatives = alternatives{Staff: []staffOption{}, Slots: []slotOption{}}
	for to, from := range d.origins {
		if from == origin && to != origin && to != pin.Key() {
			// Moving it again from its old slot would hold it twice.
			vd.Refusals = append(vd.Refusals, deskIssue{Code: "already-moved",
				Message: fmt.Sprintf("Cette séance a déjà été déplacée au %s, %s : déplacez ou retirez cette épingle-là.", frDay(to.Date), halfFr(to.Half))})
		}
	}
	if origin != pin.Key() {
		if d.inherited[origin] {
			vd.Refusals = append(vd.Refusals, deskIssue{Code: "inherited-pin",
				Message: "Cette séance est épinglée par le scénario (fichier pins.csv) : modifiez ce fichier pour la déplacer."})
		}
		if i := slices.IndexFunc(d.pins, func(p medibus.Session) bool { return p.Key() == pin.Key() }); i >= 0 {
			vd.Refusals = append(vd.Refusals, deskIssue{Rule: 9, Code: validate.CodeBusDoubleBooked,
				Message: fmt.Sprintf("%s a déjà une séance épinglée le %s, %s : retirez d'abord son épingle.", unitName(d.v, pin.Unit), frDay(pin.Date), halfFr(pin.Half))})
		}
	}
	refusals, warnings, err := d.judge(ctx, pin, origin)
	if err != nil {
		return vd, err
	}
	vd.Refusals = append(vd.Refusals, refusals...)
	vd.Warnings = append(append(vd.Warnings, warnings...), d.planWarnings(pin, origin)...)
	vd.OK = len(vd.Refusals) == 0
	if !vd.OK {
		vd.Error = "Déplacement refusé : " + vd.Refusals[0].Message
		if vd.Alternatives, err = d.alternatives(ctx, pin, origin); err != nil {
			return vd, err
		}
	}
	return vd, nil
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

// planWarnings says what re-optimising will change in the plan around an accepted pin:
// the session it displaces, the sessions its professionals leave elsewhere, a weekly
// cap it fills.
func (d *desk) planWarnings(pin medibus.Session, origin medibus.SlotKey) []deskIssue {
	var out []deskIssue
	if site := d.v.ix.Sites[pin.Site]; site != nil {
		if reason, closed := d.cal.Closed(pin.Date, site.ID, site.INSEE); closed {
			out = append(out, deskIssue{Code: "closed-date", Message: fmt.Sprintf("Le %s, %s est fermé (%s) : cette séance y sera annulée ce jour-là seulement ; elle a lieu aux cycles suivants.", frDay(pin.Date), siteName(d.v, &pin), reason)})
		}
	}
	for _, se := range d.v.byUnitDate[unitDate{pin.Unit, pin.Date}] {
		if se.Half == pin.Half && se.Key() != origin {
			out = append(out, deskIssue{Code: "displaced", Message: fmt.Sprintf("La séance déjà prévue ce créneau (%s) sera replanifiée par la ré-optimisation.", d.shortLabel(se))})
		}
	}
	for _, id := range pin.Staff {
		m := d.v.ix.Staff[id]
		if m == nil {
			continue
		}
		if se := d.busyIn(id, pin.Date, pin.Half, origin); se != nil && se.Unit != pin.Unit {
			out = append(out, deskIssue{Code: "staff-elsewhere", Message: fmt.Sprintf("%s est prévu(e) ce créneau ailleurs (%s) : cette séance-là sera replanifiée.", m.Name, d.shortLabel(se))})
		}
		if m.MaxSessionsPerWeek > 0 && d.weekLoad(id, pin.Date, origin)+1 > m.MaxSessionsPerWeek {
			out = append(out, deskIssue{Code: "staff-cap", Message: fmt.Sprintf("%s atteindrait plus de %d séances cette semaine : la ré-optimisation retirera une autre de ses séances.", m.Name, m.MaxSessionsPerWeek)})
		}
	}
	return out
}

func (d *desk) shortLabel(se *medibus.Session) string {
	return fmt.Sprintf("%s à %s", unitName(d.v, se.Unit), siteName(d.v, se))
}

// busyIn returns the plan's session of member id on the half-day, other than origin's.
func (d *desk) busyIn(id string, date medibus.Date, h medibus.Half, origin medibus.SlotKey) *medibus.Session {
	for i := range d.v.plan.Sessions {
		se := &d.v.plan.Sessions[i]
		if se.Date == date && se.Half == h && se.Key() != origin && slices.Contains(se.Staff, id) {
			return se
		}
	}
	return nil
}

// weekLoad counts the plan's sessions of member id in the Monday-to-Sunday week of
// date, leaving out the session at origin.
func (d *desk) weekLoad(id string, date medibus.Date, origin medibus.SlotKey) int {
	monday := date - medibus.Date((int(date.Weekday())+6)%7)
	n := 0
	for i := range d.v.plan.Sessions {
		se := &d.v.plan.Sessions[i]
		if se.Date >= monday && se.Date < monday+7 && se.Key() != origin && slices.Contains(se.Staff, id) {
			n++
		}
	}
	return n
}

// plannedStaff reports whether the plan's session at origin has member id.
func (d *desk) plannedStaff(origin medibus.SlotKey, id string) bool {
	for _, se := range d.v.byUnitDate[unitDate{origin.Unit, origin.Date}] {
		if se.Half == origin.Half && slices.Contains(se.Staff, id) {
			return true
		}
	}
	return false
}

// alternatives finds the moves that would be accepted: the same session with another
// professional of the same role, or on another half-day of the same bus, nearest
// first, the free ones first.
func (d *desk) alternatives(ctx context.Context, pin medibus.Session, origin medibus.SlotKey) (alternatives, error) {
	alt := alternatives{Staff: []staffOption{}, Slots: []slotOption{}}
	for i, id := range pin.Staff {
		cur := d.v.ix.Staff[id]
		if cur == nil {
			continue
		}
		for _, m := range d.sc.Staff {
			if m.Role != cur.Role || slices.Contains(pin.Staff, m.ID) || !m.CanWorkOn(pin.Unit) || !m.AvailableOn(pin.Date, pin.Half) {
				continue
			}
			cand := pin
			cand.Staff = slices.Clone(pin.Staff)
			cand.Staff[i] = m.ID
			if ok, err := d.accepts(ctx, cand, origin); err != nil {
				return alt, err
			} else if ok {
				alt.Staff = append(alt.Staff, staffOption{Staff: cand.Staff, Label: m.Name, Free: d.busyIn(m.ID, pin.Date, pin.Half, origin) == nil,
					Current: d.plannedStaff(origin, m.ID)})
			}
		}
	}
	sort.SliceStable(alt.Staff, func(i, j int) bool { return alt.Staff[i].Free && !alt.Staff[j].Free })
	alt.Staff = alt.Staff[:min(len(alt.Staff), maxStaffOptions)]
	slots, err := d.slotOptions(ctx, pin, origin)
	alt.Slots = slots
	return alt, err
}

// slotOptions lists the half-days of the cycle where the bus could hold the session
// with its professionals, nearest to the one asked first, the free ones first.
func (d *desk) slotOptions(ctx context.Context, pin medibus.Session, origin medibus.SlotKey) ([]slotOption, error) {
	out := []slotOption{}
	for day := 0; day < d.v.days; day++ {
		date := d.v.plan.Start.AddDays(day)
		for _, h := range []medibus.Half{medibus.AM, medibus.PM} {
			if (date == pin.Date && h == pin.Half) || !d.sc.Rules.Days.Has(date.Weekday(), h) {
				continue
			}
			cand := moveTo(pin, date, h, d.sc.Rules)
			ok, err := d.accepts(ctx, cand, origin)
			if err != nil {
				return nil, err
			}
			if ok {
				free := true
				for _, se := range d.v.byUnitDate[unitDate{pin.Unit, date}] {
					free = free && (se.Half != h || se.Key() == origin)
				}
				out = append(out, slotOption{Date: date, Half: h.String(), Label: frDay(date) + ", " + halfFr(h), Free: free})
			}
		}
	}
	dist := func(o slotOption) int { return abs(int(o.Date - pin.Date)) }
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Free != out[j].Free {
			return out[i].Free
		}
		return dist(out[i]) < dist(out[j])
	})
	return out[:min(len(out), maxSlotOptions)], nil
}

// accepts reports whether the desk would accept pin: no refusal.
func (d *desk) accepts(ctx context.Context, pin medibus.Session, origin medibus.SlotKey) (bool, error) {
	if origin != pin.Key() && slices.ContainsFunc(d.pins, func(p medibus.Session) bool { return p.Key() == pin.Key() }) {
		return false, nil
	}
	refusals, _, err := d.judge(ctx, pin, origin)
	return len(refusals) == 0, err
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// moveTo returns s moved to date and half h: a session keeps its length, placed at the
// start of the other half-day's window when it changes half.
func moveTo(s medibus.Session, date medibus.Date, h medibus.Half, rules medibus.Rules) medibus.Session {
	s.Date = date
	if h != s.Half {
		w := rules.Windows[h]
		length := s.End - s.Start
		s.Half, s.Start = h, w.Start
		s.End = min(w.End, w.Start+length)
	}
	return s
}

// pinInput reads and checks a pin request against the plan: the pin and where its
// session comes from. A published plan is refused (409); a request that names nothing
// of the plan is 422.
func (s *Server) pinInput(w http.ResponseWriter, r *http.Request, who principal) (*desk, medibus.Session, medibus.SlotKey, bool) {
	p, ok := s.planInfo(w, r)
	if !ok {
		return nil, medibus.Session{}, medibus.SlotKey{}, false
	}
	if p.Published() {
		writeError(w, http.StatusConflict, fmt.Errorf("le plan %d est publié, donc figé : ré-optimisez-le pour obtenir un brouillon, puis épinglez sur le brouillon", p.ID))
		return nil, medibus.Session{}, medibus.SlotKey{}, false
	}
	var req pinRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return nil, medibus.Session{}, medibus.SlotKey{}, false
	}
	v, err := s.views.get(r.Context(), p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return nil, medibus.Session{}, medibus.SlotKey{}, false
	}
	if refuseOutside(w, who, v.ix, "épingler ou déplacer une séance de ce bus", []string{req.Unit}) {
		return nil, medibus.Session{}, medibus.SlotKey{}, false
	}
	pin, origin, err := buildPin(v, req)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err)
		return nil, medibus.Session{}, medibus.SlotKey{}, false
	}
	d, err := s.newDesk(r.Context(), v, p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return nil, medibus.Session{}, medibus.SlotKey{}, false
	}
	return d, pin, origin, true
}

// pinVerdict reads a pin request and gives the desk's verdict on it, with the desk and
// the slot the session comes from; on false the answer is written.
func (s *Server) pinVerdict(w http.ResponseWriter, r *http.Request, who principal) (*desk, deskVerdict, medibus.SlotKey, bool) {
	d, pin, origin, ok := s.pinInput(w, r, who)
	if !ok {
		return nil, deskVerdict{}, origin, false
	}
	vd, err := d.check(r.Context(), pin, origin)
	if err != nil {
		s.writeStoreError(w, r, err)
		return nil, vd, origin, false
	}
	return d, vd, origin, true
}

// apiCheckPin answers whether a pin or move would be accepted, and why, without
// storing anything.
func (s *Server) apiCheckPin(w http.ResponseWriter, r *http.Request, who principal) {
	if _, vd, _, ok := s.pinVerdict(w, r, who); ok {
		writeJSON(w, http.StatusOK, vd)
	}
}
