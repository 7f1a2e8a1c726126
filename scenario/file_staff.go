package scenario

import (
	"strconv"

	"medibus"
	"medibus/csvtable"
)

// staff.csv: one professional a row, with the buses of units.csv they may be on.

var staffHead = []string{"id", "name", "role", "availability", "units", "max_sessions_per_week", "unavailable"}

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
	return s, nil
}

func staffRows(sc *medibus.Scenario) [][]string {
	var rows [][]string
	for _, s := range sc.Staff {
		rows = append(rows, []string{s.ID, s.Name, s.Role, s.Availability.String(), join(s.Units),
			strconv.Itoa(s.MaxSessionsPerWeek), ranges(s.Unavailable)})
	}
	return rows
}
