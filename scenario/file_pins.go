package scenario

import (
	"medibus"
	"medibus/csvtable"
)

// pins.csv (optional): sessions a coordinator fixed by hand.

var pinsHead = []string{"unit", "date", "half", "site", "service", "staff", "start", "end"}

// readPins reads pins.csv, whose every column is required; a missing file pins nothing.
func readPins(fo *folder) ([]medibus.Session, error) {
	return readRows(fo, PinsFile, true, pinsHead, fo.pin)
}

// pin reads one pinned session: known unit, site, service and staff, a date, a half-day
// and times that end after they start.
func (fo *folder) pin(t *csvtable.Reader) (medibus.Session, error) {
	s := medibus.Session{Unit: t.Get("unit"), Site: t.Get("site"), Service: t.Get("service"), Staff: t.List("staff"), Pinned: true}
	for _, r := range []struct{ kind, col, id string }{{"unit", "unit", s.Unit}, {"site", "site", s.Site}, {"service", "service", s.Service}} {
		if err := fo.ref(t, r.kind, r.col, r.id); err != nil {
			return s, err
		}
	}
	for _, m := range s.Staff {
		if err := fo.ref(t, "staff member", "staff", m); err != nil {
			return s, err
		}
	}
	var err error
	if s.Date, err = medibus.ParseDate(t.Get("date")); err != nil {
		return s, t.Fail("date", "%v", err)
	}
	if s.Half, err = medibus.ParseHalf(t.Get("half")); err != nil {
		return s, t.Fail("half", "%v", err)
	}
	if s.Start, err = clockCol(t, "start"); err != nil {
		return s, err
	}
	if s.End, err = clockCol(t, "end"); err != nil {
		return s, err
	}
	if s.End <= s.Start {
		return s, t.Fail("end", "session ends at %s, before it starts at %s", s.End, s.Start)
	}
	return s, nil
}

func pinsRows(sc *medibus.Scenario) [][]string {
	var rows [][]string
	for _, p := range sc.Pins {
		rows = append(rows, []string{p.Unit, p.Date.String(), p.Half.String(), p.Site, p.Service, join(p.Staff), p.Start.String(), p.End.String()})
	}
	return rows
}
