package scenario

import (
	"fmt"
	"path/filepath"
	"strconv"

	"medibus"
	"medibus/csvtable"
)

// staff.csv: one professional a row, with the buses of units.csv they may be on.

var staffHead = []string{"id", "name", "role", "availability", "units", "max_sessions_per_week", "unavailable",
	"intern", "supervisor", "placement", "max_parallel"}

// readStaff reads staff.csv; their ids are what pins.csv names.
func readStaff(fo *folder) ([]medibus.StaffMember, error) {
	return readRows(fo, StaffFile, false, []string{"id", "role", "availability", "units"}, fo.staffMember)
}

// staffMember reads one professional: a role, weekly half-days, known units.
func (fo *folder) staffMember(t *csvtable.Reader) (medibus.StaffMember, error) {
	id, err := fo.id(t, "staff member", "id")
	if err != nil {
		return medibus.StaffMember{}, err
	}
	s := medibus.StaffMember{ID: id, Name: t.Get("name"), Role: t.Get("role"), Units: t.List("units")}
	if s.Role == "" {
		return s, t.Fail("role", "empty role: write the role this person holds (gp, midwife…)")
	}
	if s.Availability, err = halfDaysCol(t, "availability"); err != nil {
		return s, err
	}
	for _, u := range s.Units {
		if err := fo.ref(t, "unit", "units", u); err != nil {
			return s, err
		}
	}
	if s.MaxSessionsPerWeek, err = t.Int("max_sessions_per_week", 0); err != nil {
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
		rg, err := medibus.ParseDateRange(p)
		if err != nil {
			return t.Fail("placement", "%v: write the placement as 2026-11-02..2027-04-30", err)
		}
		s.Placement = &rg
	}
	if s.MaxParallel, err = t.Int("max_parallel", 0); err != nil {
		return err
	}
	if s.MaxParallel < 0 {
		return t.Fail("max_parallel", "%d: write how many buses a remote specialist serves at once, 1 or more (0 or empty: one)", s.MaxParallel)
	}
	return nil
}

func staffRows(sc *medibus.Scenario) [][]string {
	var rows [][]string
	for _, s := range sc.Staff {
		placement := ""
		if s.Placement != nil {
			placement = s.Placement.String()
		}
		rows = append(rows, []string{s.ID, s.Name, s.Role, s.Availability.String(), join(s.Units),
			strconv.Itoa(s.MaxSessionsPerWeek), ranges(s.Unavailable), strconv.FormatBool(s.Intern), s.Supervisor, placement,
			strconv.Itoa(s.MaxParallel)})
	}
	return rows
}

// checkSupervisors makes sure every intern's supervisor is a staff member of the
// folder who is not an intern (the supervisor may come later in the file than the
// intern, hence a pass of its own).
func (fo *folder) checkSupervisors(staff []medibus.StaffMember) error {
	roles := map[string]*medibus.StaffMember{}
	for i := range staff {
		roles[staff[i].ID] = &staff[i]
	}
	file := filepath.Join(fo.dir, StaffFile)
	for _, s := range staff {
		if s.Supervisor == "" {
			continue
		}
		line := fo.ids["staff member"][s.ID]
		sup := roles[s.Supervisor]
		switch {
		case sup == nil:
			return &csvtable.LineError{File: file, Line: line, Column: "supervisor", Err: fmt.Errorf("unknown staff member %q: name the id of the intern's supervisor in this file", s.Supervisor)}
		case sup.Intern || sup.Role != s.Role:
			return &csvtable.LineError{File: file, Line: line, Column: "supervisor", Err: fmt.Errorf("%s cannot supervise %s: a supervisor is a %s who is not an intern", sup.ID, s.ID, s.Role)}
		}
	}
	return nil
}
