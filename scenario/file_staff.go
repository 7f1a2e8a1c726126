package scenario

import (
	"strconv"

	"medibus"
	"medibus/csvtable"
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
	return s, nil
}

func staffRows(sc *medibus.Scenario) []record {
	var rows []record
	for _, s := range sc.Staff {
		rows = append(rows, record{"id": s.ID, "name": s.Name, "role": s.Role, "availability": s.Availability.String(), "units": join(s.Units),
			"max_sessions_per_week": strconv.Itoa(s.MaxSessionsPerWeek), "unavailable": ranges(s.Unavailable)})
	}
	return rows
}
