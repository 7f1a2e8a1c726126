package scenario

import (
	"strconv"

	"medibus"
	"medibus/csvtable"
	"medibus/lang"
)

// staff.csv: one professional a row, with the buses of units.csv they may be on.

var staffFile = fileSpec{
	name: StaffFile,
	columns: []column{
		{name: "id", required: true},
		{name: "name"},
		{name: "role", required: true},
		{name: "availability", required: true},
		{name: "units", required: true},
		{name: "max_sessions_per_week"},
		{name: "unavailable"},
		{name: "intern"},
		{name: "supervisor"},
		{name: "placement"},
		{name: "max_parallel"},
	},
	kind: "staff member", rowsOf: "professional", maxRows: 50000,
}

// readStaff reads staff.csv; their ids are what pins.csv names.
func readStaff(fo *folder) []medibus.StaffMember {
	return readRows(fo, &staffFile, fo.staffMember)
}

// staffMember reads one professional: a role, weekly half-days, known units and a cap
// of sessions a week (0: no cap; at most the 14 half-days of a week).
func (fo *folder) staffMember(t *csvtable.Reader) (medibus.StaffMember, error) {
	id, err := fo.id(t, "staff member", "id")
	if err != nil {
		return medibus.StaffMember{}, err
	}
	s := medibus.StaffMember{ID: id, Name: t.Get("name"), Role: t.Get("role")}
	if s.Role == "" {
		return s, t.Fail("role", "empty role: write the role this person holds (gp, midwife…)")
	}
	if p := idProblem(s.Role); p != "" {
		return s, t.Fail("role", "role %q %s: write the role this person holds (gp, midwife…)", s.Role, p)
	}
	if s.Availability, err = halfDaysCol(t, "availability"); err != nil {
		return s, err
	}
	if s.Units, err = listCol(t, "units", "unit"); err != nil {
		return s, err
	}
	for _, u := range s.Units {
		if err := fo.ref(t, "unit", "units", u); err != nil {
			return s, err
		}
	}
	if s.MaxSessionsPerWeek, err = intCol(t, "max_sessions_per_week", 0, 14, "sessions a week (0: no cap)", 0); err != nil {
		return s, err
	}
	if s.Unavailable, err = rangesCol(t, "unavailable"); err != nil {
		return s, err
	}
	return s, fo.staffPlan(t, &s)
}

// staffPlan reads what the national plan adds to a professional: an intern's
// supervisor and placement, a remote specialist's parallel sessions.
func (fo *folder) staffPlan(t *csvtable.Reader, s *medibus.StaffMember) error {
	var err error
	if s.Intern, err = boolCol(t, "intern"); err != nil {
		return err
	}
	s.Supervisor = t.Get("supervisor")
	if s.Supervisor != "" && !s.Intern {
		return t.Fail("supervisor", "%s has a supervisor but is not an intern: set intern to true or clear supervisor", s.ID)
	}
	if p := t.Get("placement"); p != "" {
		rg, err := parseDateRange(p)
		if err != nil {
			return t.Fail("placement", "%v: write the placement as 2026-11-02..2027-04-30", err)
		}
		s.Placement = &rg
	}
	if s.MaxParallel, err = intCol(t, "max_parallel", 0, 20, "buses a remote specialist serves at once (0 or empty: one)", 0); err != nil {
		return err
	}
	return nil
}

// checkSupervisors makes sure every intern's supervisor is a staff member of the
// folder, of the intern's role, who is not an intern (the supervisor may come later in
// the file than the intern, hence a pass of its own).
func (fo *folder) checkSupervisors(staff []medibus.StaffMember) {
	if fo.broken["staff member"] {
		return
	}
	byID := map[string]*medibus.StaffMember{}
	for i := range staff {
		byID[staff[i].ID] = &staff[i]
	}
	for _, s := range staff {
		if s.Supervisor == "" {
			continue
		}
		var err error
		switch sup := byID[s.Supervisor]; {
		case sup == nil:
			err = lang.Errorf("unknown staff member %q: name the id of the intern's supervisor in this file", s.Supervisor)
		case sup.Intern || sup.Role != s.Role:
			err = lang.Errorf("%s cannot supervise %s: a supervisor is a %s who is not an intern", sup.ID, s.ID, s.Role)
		default:
			continue
		}
		fo.probs.add(&csvtable.LineError{File: fo.path(StaffFile), Line: fo.ids["staff member"][s.ID], Column: "supervisor", Err: err})
	}
}

// placementText writes an intern's placement, or nothing.
func placementText(p *medibus.DateRange) string {
	if p == nil {
		return ""
	}
	return p.String()
}

func staffRows(sc *medibus.Scenario) []record {
	var rows []record
	for _, s := range sc.Staff {
		rows = append(rows, record{"id": s.ID, "name": s.Name, "role": s.Role, "availability": s.Availability.String(), "units": join(s.Units),
			"max_sessions_per_week": strconv.Itoa(s.MaxSessionsPerWeek), "unavailable": ranges(s.Unavailable),
			"intern": strconv.FormatBool(s.Intern), "supervisor": s.Supervisor, "placement": placementText(s.Placement),
			"max_parallel": strconv.Itoa(s.MaxParallel)})
	}
	return rows
}
