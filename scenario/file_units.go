package scenario

import (
	"slices"
	"strconv"
	"strings"

	"medibus"
	"medibus/csvtable"
)

// units.csv: one bus a row, based at a depot of depots.csv.

var unitsFile = fileSpec{
	name: UnitsFile,
	columns: []column{
		{name: "id", required: true},
		{name: "name"},
		{name: "depot", required: true},
		{name: "region"},
		{name: "area"},
		{name: "equipment"},
		{name: "days", required: true},
		{name: "shift_start", required: true},
		{name: "shift_end", required: true},
		{name: "max_drive_min", required: true},
		{name: "driver"},
		{name: "unavailable"},
		{name: "why"},
		{name: "organisation"},
	},
	kind: "unit", rowsOf: "bus", maxRows: 2000,
}

// maxDriveMin bounds a bus's daily driving: more than 12 hours is a slip.
const maxDriveMin = 720

// readUnits reads units.csv; their ids are what staff.csv and pins.csv name.
func readUnits(fo *folder) []medibus.Unit {
	return readRows(fo, &unitsFile, fo.unit)
}

// unit reads one bus: a known depot, region and departments, a shift that ends after
// it starts and a driving limit within bounds.
func (fo *folder) unit(t *csvtable.Reader) (medibus.Unit, error) {
	id, err := fo.id(t, "unit", "id")
	if err != nil {
		return medibus.Unit{}, err
	}
	u := medibus.Unit{ID: id, Name: t.Get("name"), Depot: t.Get("depot"), Region: t.Get("region"), Driver: t.Get("driver"), Why: t.Get("why"),
		Organisation: t.Get("organisation")}
	if err := fo.ref(t, "depot", "depot", u.Depot); err != nil {
		return u, err
	}
	if u.Organisation != "" {
		if err := fo.ref(t, "organisation", "organisation", u.Organisation); err != nil {
			return u, err
		}
	}
	if err := fo.territory(t, &u); err != nil {
		return u, err
	}
	if u.Equipment, err = listCol(t, "equipment", "equipment item"); err != nil {
		return u, err
	}
	if u.Days, err = halfDaysCol(t, "days"); err != nil {
		return u, err
	}
	if u.ShiftStart, err = clockCol(t, "shift_start"); err != nil {
		return u, err
	}
	if u.ShiftEnd, err = clockCol(t, "shift_end"); err != nil {
		return u, err
	}
	if u.ShiftEnd <= u.ShiftStart {
		return u, t.Fail("shift_end", "shift ends at %s, before it starts at %s: the shift_end must come after shift_start", u.ShiftEnd, u.ShiftStart)
	}
	if u.MaxDriveMin, err = intCol(t, "max_drive_min", 1, maxDriveMin, "minutes of driving a day, for example 240", 0); err != nil {
		return u, err
	}
	if u.MaxDriveMin <= 0 {
		return u, t.Fail("max_drive_min", "daily driving limit must be positive minutes, for example 240")
	}
	if u.Unavailable, err = rangesCol(t, "unavailable"); err != nil {
		return u, err
	}
	return u, nil
}

// territory reads a bus's region and area: codes of the embedded territory.
func (fo *folder) territory(t *csvtable.Reader, u *medibus.Unit) error {
	var regions, departments []string
	for _, d := range fo.france.Departments {
		departments = append(departments, d.Code)
		if !slices.Contains(regions, d.Region) {
			regions = append(regions, d.Region)
		}
	}
	if u.Region != "" && !slices.Contains(regions, u.Region) {
		slices.Sort(regions)
		return t.Fail("region", "unknown region code %q: write the INSEE code of a region of metropolitan France (%s), or leave it empty", u.Region, strings.Join(regions, ", "))
	}
	var err error
	if u.Area, err = listCol(t, "area", "department"); err != nil {
		return err
	}
	for _, a := range u.Area {
		if !slices.Contains(departments, a) {
			return t.Fail("area", "unknown department code %q: write department codes separated by ';' (23;87, 2A), or leave it empty for any site in reach", a)
		}
	}
	return nil
}

func unitsRows(sc *medibus.Scenario) []record {
	var rows []record
	for _, u := range sc.Units {
		rows = append(rows, record{"id": u.ID, "name": u.Name, "depot": u.Depot, "region": u.Region, "area": join(u.Area),
			"equipment": join(u.Equipment), "days": u.Days.String(), "shift_start": u.ShiftStart.String(), "shift_end": u.ShiftEnd.String(),
			"max_drive_min": strconv.Itoa(u.MaxDriveMin), "driver": u.Driver, "unavailable": ranges(u.Unavailable), "why": u.Why,
			"organisation": u.Organisation})
	}
	return rows
}
