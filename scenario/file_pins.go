package scenario

import (
	"os"
	"path/filepath"
	"slices"

	"medibus"
	"medibus/csvtable"
	"medibus/lang"
)

// pins.csv (optional): sessions a coordinator fixed by hand.

var pinsFile = fileSpec{
	name: PinsFile,
	columns: []column{
		{name: "unit", required: true},
		{name: "date", required: true},
		{name: "half", required: true},
		{name: "site", required: true},
		{name: "service", required: true},
		{name: "staff", required: true},
		{name: "start", required: true},
		{name: "end", required: true},
		{name: "remote"},
	},
	kind: "pin", optional: true, maxRows: 20000,
}

// readPins reads pins.csv, whose every column but remote is required; a missing file
// pins nothing.
// Each pin is checked against what the earlier files say, so that a pin no plan could
// hold is reported at its line rather than by the planner.
func readPins(fo *folder, sc *medibus.Scenario) []medibus.Session {
	pc := newPinCheck(sc, fo)
	return readRows(fo, &pinsFile, func(t *csvtable.Reader) (medibus.Session, error) {
		s, err := fo.pin(t)
		if err == nil {
			err = pc.check(t, &s)
		}
		if err == nil {
			fo.pinLines = append(fo.pinLines, t.Line())
		}
		return s, err
	})
}

// pin reads one pinned session: known unit, site, service and staff, a date, a half-day
// and times that end after they start.
func (fo *folder) pin(t *csvtable.Reader) (medibus.Session, error) {
	s := medibus.Session{Unit: t.Get("unit"), Site: t.Get("site"), Service: t.Get("service"), Pinned: true}
	for _, r := range []struct{ kind, col, id string }{{"unit", "unit", s.Unit}, {"site", "site", s.Site}, {"service", "service", s.Service}} {
		if err := fo.ref(t, r.kind, r.col, r.id); err != nil {
			return s, err
		}
	}
	var err error
	if s.Staff, err = listCol(t, "staff", "staff member"); err != nil {
		return s, err
	}
	for i, m := range s.Staff {
		if err := fo.ref(t, "staff member", "staff", m); err != nil {
			return s, err
		}
		if slices.Contains(s.Staff[:i], m) {
			return s, t.Fail("staff", "staff member %s is listed twice: list each person once", m)
		}
	}
	if s.Remote, err = listCol(t, "remote", "remote specialist"); err != nil {
		return s, err
	}
	for _, m := range s.Remote {
		if err := fo.ref(t, "staff member", "remote", m); err != nil {
			return s, err
		}
	}
	if s.Date, err = parseDate(t.Get("date")); err != nil {
		return s, t.Fail("date", "%v", err)
	}
	if s.Half, err = parseHalf(t.Get("half")); err != nil {
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

func pinsRows(sc *medibus.Scenario) []record {
	var rows []record
	for _, p := range sc.Pins {
		rows = append(rows, record{"unit": p.Unit, "date": p.Date.String(), "half": p.Half.String(), "site": p.Site, "service": p.Service,
			"staff": join(p.Staff), "start": p.Start.String(), "end": p.End.String(), "remote": join(p.Remote)})
	}
	return rows
}

// PinsInCycle checks that every pin of sc, read from the folder dir, falls in the
// cycle that starts on start: the one check of a pin that waits for the cycle to be
// chosen. Each problem names the pin's line of pins.csv.
func PinsInCycle(dir string, sc *medibus.Scenario, start medibus.Date) error {
	end := start.AddDays(sc.Rules.CycleDays())
	var probs problems
	var lines []int
	for i, p := range sc.Pins {
		if p.Date >= start && p.Date < end {
			continue
		}
		if lines == nil {
			lines = pinLines(filepath.Join(dir, PinsFile))
		}
		line := 0
		if i < len(lines) {
			line = lines[i] // Read keeps the pins of a clean file in file order
		}
		monday := p.Date.AddDays(-((int(p.Date.Weekday()) + 6) % 7))
		probs.add(&csvtable.LineError{File: filepath.Join(dir, PinsFile), Line: line, Column: "date", Err: lang.Errorf(
			"pin on %s lies outside the cycle %s to %s: plan with --start %s (the Monday of its week) or move the pin",
			p.Date, start, end.AddDays(-1), monday)})
	}
	return probs.err(dir)
}

// pinLines returns the line of each record of the pins file at path.
func pinLines(path string) []int {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	t, err := csvtable.NewReader(f, path)
	if err != nil {
		return nil
	}
	var lines []int
	for t.Next() == nil {
		lines = append(lines, t.Line())
	}
	return lines
}
