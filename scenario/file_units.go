package scenario

import (
	"strconv"

	"medibus"
	"medibus/csvtable"
)

// units.csv: one bus a row, based at a depot of depots.csv.

var unitsHead = []string{"id", "name", "depot", "region", "area", "equipment", "days", "shift_start", "shift_end", "max_drive_min", "driver", "unavailable", "why", "organisation"}

// readUnits reads units.csv; their ids are what staff.csv and pins.csv name.
func readUnits(fo *folder) ([]medibus.Unit, error) {
	required := []string{"id", "depot", "days", "shift_start", "shift_end", "max_drive_min"}
	return readRows(fo, UnitsFile, false, required, fo.unit)
}

// unit reads one bus: a known depot, a shift that ends after it starts and a positive
// driving limit.
func (fo *folder) unit(t *csvtable.Reader) (medibus.Unit, error) {
	id, err := fo.id(t, "unit", "id")
	if err != nil {
		return medibus.Unit{}, err
	}
	u := medibus.Unit{ID: id, Name: t.Get("name"), Depot: t.Get("depot"), Region: t.Get("region"),
		Area: t.List("area"), Equipment: t.List("equipment"), Driver: t.Get("driver"), Why: t.Get("why"), Organisation: t.Get("organisation")}
	if err := fo.ref(t, "depot", "depot", u.Depot); err != nil {
		return u, err
	}
	if u.Organisation != "" {
		if err := fo.ref(t, "organisation", "organisation", u.Organisation); err != nil {
			return u, err
		}
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
	if u.MaxDriveMin, err = t.Int("max_drive_min", 0); err != nil {
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

func unitsRows(sc *medibus.Scenario) [][]string {
	var rows [][]string
	for _, u := range sc.Units {
		rows = append(rows, []string{u.ID, u.Name, u.Depot, u.Region, join(u.Area), join(u.Equipment), u.Days.String(),
			u.ShiftStart.String(), u.ShiftEnd.String(), strconv.Itoa(u.MaxDriveMin), u.Driver, ranges(u.Unavailable), u.Why, u.Organisation})
	}
	return rows
}
