package scenario

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/csvtable"
	"medibus/routing"
	"medibus/territory"
)

// The files of a scenario folder, in the order they are read.
const (
	RulesFile    = "rules.csv"
	DepotsFile   = "depots.csv"
	UnitsFile    = "units.csv"
	StaffFile    = "staff.csv"
	ServicesFile = "services.csv"
	SitesFile    = "sites.csv"
	DemandFile   = "demand.csv"
	PinsFile     = "pins.csv"
	// FrequenciesFile is optional: without it only rules.rhythm_weeks bounds the gaps.
	FrequenciesFile = "frequencies.csv"
)

func join(xs []string) string { return strings.Join(xs, ";") }

func ranges(rs []medibus.DateRange) string {
	var s []string
	for _, r := range rs {
		s = append(s, r.String())
	}
	return join(s)
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func writeCSV(dir, name string, head []string, rows [][]string) error {
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write scenario: %w", err)
	}
	w := csv.NewWriter(f)
	w.Write(head)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Write saves sc as CSV files in dir (created if needed). Read gives it back.
func Write(dir string, sc *medibus.Scenario) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write scenario: %w", err)
	}
	r := sc.Rules
	rules := [][]string{
		{"name", sc.Name}, {"description", sc.Description},
		{"cycle_weeks", strconv.Itoa(r.CycleWeeks)}, {"days", r.Days.String()},
		{"am_start", r.Windows[0].Start.String()}, {"am_end", r.Windows[0].End.String()},
		{"pm_start", r.Windows[1].Start.String()}, {"pm_end", r.Windows[1].End.String()},
		{"setup_min", strconv.Itoa(r.SetupMin)}, {"break_min", strconv.Itoa(r.BreakMin)},
		{"min_session_min", strconv.Itoa(r.MinSessionMin)}, {"catchment_min", strconv.Itoa(r.CatchmentMin)},
		{"max_leg_min", strconv.Itoa(r.MaxLegMin)},
		{"rhythm_weeks", strconv.Itoa(r.RhythmWeeks)}, {"time_zone", r.TimeZone},
	}
	var depots, units, staff, services, sites, demand, pins, freqs [][]string
	for _, d := range sc.Depots {
		depots = append(depots, []string{d.ID, d.Name, d.INSEE, ftoa(d.Point.Lat()), ftoa(d.Point.Lon())})
	}
	for _, u := range sc.Units {
		units = append(units, []string{u.ID, u.Name, u.Depot, u.Region, join(u.Area), join(u.Equipment), u.Days.String(),
			u.ShiftStart.String(), u.ShiftEnd.String(), strconv.Itoa(u.MaxDriveMin), u.Driver, ranges(u.Unavailable), u.Why})
	}
	for _, s := range sc.Staff {
		staff = append(staff, []string{s.ID, s.Name, s.Role, s.Availability.String(), join(s.Units),
			strconv.Itoa(s.MaxSessionsPerWeek), ranges(s.Unavailable)})
	}
	for _, s := range sc.Services {
		services = append(services, []string{s.ID, s.Name, join(s.Roles), join(s.Equipment), strconv.Itoa(s.ConsultMin), ftoa(s.RatePerYear)})
	}
	for _, s := range sc.Sites {
		sites = append(sites, []string{s.ID, s.INSEE, s.Name, ftoa(s.Point.Lat()), ftoa(s.Point.Lon()), s.Allowed.String()})
	}
	for _, d := range sc.Demand {
		demand = append(demand, []string{d.INSEE, d.Service, ftoa(d.Need), d.Source})
	}
	for _, p := range sc.Pins {
		pins = append(pins, []string{p.Unit, p.Date.String(), p.Half.String(), p.Site, p.Service, join(p.Staff), p.Start.String(), p.End.String()})
	}
	for _, f := range sc.Frequencies {
		days := ""
		if f.Days != 0 {
			days = f.Days.String()
		}
		freqs = append(freqs, []string{f.INSEE, f.Service, strconv.Itoa(f.Every), strconv.Itoa(f.MinGapDays), strconv.Itoa(f.MaxGapDays), days})
	}
	for _, f := range []struct {
		name string
		head []string
		rows [][]string
	}{
		{RulesFile, []string{"key", "value"}, rules},
		{DepotsFile, []string{"id", "name", "insee", "lat", "lon"}, depots},
		{UnitsFile, []string{"id", "name", "depot", "region", "area", "equipment", "days", "shift_start", "shift_end", "max_drive_min", "driver", "unavailable", "why"}, units},
		{StaffFile, []string{"id", "name", "role", "availability", "units", "max_sessions_per_week", "unavailable"}, staff},
		{ServicesFile, []string{"id", "name", "roles", "equipment", "consult_min", "rate_per_year"}, services},
		{SitesFile, []string{"id", "insee", "name", "lat", "lon", "allowed"}, sites},
		{DemandFile, []string{"insee", "service", "need", "source"}, demand},
		{PinsFile, []string{"unit", "date", "half", "site", "service", "staff", "start", "end"}, pins},
		{FrequenciesFile, []string{"insee", "service", "frequency", "min_gap_days", "max_gap_days", "days"}, freqs},
	} {
		if err := writeCSV(dir, f.name, f.head, f.rows); err != nil {
			return err
		}
	}
	return nil
}

// folder reads the files of one scenario folder.
type folder struct {
	dir string
	sc  *medibus.Scenario
	ids map[string]map[string]int // kind → id → line
}

func (fo *folder) each(name string, optional bool, required []string, row func(t *csvtable.Reader) error) error {
	path := filepath.Join(fo.dir, name)
	f, err := os.Open(path)
	if err != nil {
		if optional && errors.Is(err, os.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("read scenario %s: %w (a scenario folder holds %s)", fo.dir, err,
			strings.Join([]string{RulesFile, DepotsFile, UnitsFile, StaffFile, ServicesFile, SitesFile, DemandFile}, ", "))
	}
	defer f.Close()
	t, err := csvtable.NewReader(f, path, required...)
	if err != nil {
		return err
	}
	for {
		if err := t.Next(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		if err := row(t); err != nil {
			return err
		}
	}
}

// id checks that an id is present and unique within its kind.
func (fo *folder) id(t *csvtable.Reader, kind, col string) (string, error) {
	id := t.Get(col)
	if id == "" {
		return "", t.Fail(col, "empty %s id: give every row an id", kind)
	}
	if fo.ids[kind] == nil {
		fo.ids[kind] = map[string]int{}
	}
	if line, dup := fo.ids[kind][id]; dup {
		return "", t.Fail(col, "duplicate %s id %q (first on line %d): ids must be unique", kind, id, line)
	}
	fo.ids[kind][id] = t.Line()
	return id, nil
}

func (fo *folder) ref(t *csvtable.Reader, kind, col, id string) error {
	if _, ok := fo.ids[kind][id]; !ok {
		return t.Fail(col, "unknown %s %q: it must be an id of %s", kind, id, kind+"s.csv")
	}
	return nil
}

func clockCol(t *csvtable.Reader, col string) (medibus.Clock, error) {
	c, err := medibus.ParseClock(t.Get(col))
	if err != nil {
		return 0, t.Fail(col, "%v", err)
	}
	return c, nil
}

func halfDaysCol(t *csvtable.Reader, col string) (medibus.HalfDays, error) {
	h, err := medibus.ParseHalfDays(t.Get(col))
	if err != nil {
		return 0, t.Fail(col, "%v", err)
	}
	return h, nil
}

func rangesCol(t *csvtable.Reader, col string) ([]medibus.DateRange, error) {
	var out []medibus.DateRange
	for _, s := range t.List(col) {
		r, err := medibus.ParseDateRange(s)
		if err != nil {
			return nil, t.Fail(col, "%v", err)
		}
		out = append(out, r)
	}
	return out, nil
}

func pointCols(t *csvtable.Reader) (orb.Point, error) {
	lat, err := t.Float("lat", 0)
	if err != nil {
		return orb.Point{}, err
	}
	lon, err := t.Float("lon", 0)
	if err != nil {
		return orb.Point{}, err
	}
	if lat < 41 || lat > 52 || lon < -6 || lon > 10 {
		return orb.Point{}, t.Fail("lat", "point (%v, %v) is outside metropolitan France: check that lat and lon are not swapped", lat, lon)
	}
	return orb.Point{lon, lat}, nil
}

// Read loads a scenario folder written by Write (or by hand). Communes come from the
// embedded territory, keyed by the INSEE codes that the folder names; demand rows with
// an empty need are derived as for the built-in scenarios, the others are imported and
// take precedence. p supplies the access-factor settings.
func Read(ctx context.Context, dir string, p Params, f *territory.France, travel routing.Model) (*medibus.Scenario, error) {
	sc := &medibus.Scenario{Name: filepath.Base(dir)}
	fo := &folder{dir: dir, sc: sc, ids: map[string]map[string]int{}}
	rules := map[string]string{}
	lines := map[string]int{}
	err := fo.each(RulesFile, false, []string{"key", "value"}, func(t *csvtable.Reader) error {
		k := t.Get("key")
		if _, dup := rules[k]; dup {
			return t.Fail("key", "rule %q set twice (first on line %d)", k, lines[k])
		}
		rules[k], lines[k] = t.Get("value"), t.Line()
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := applyRules(sc, rules, &p, filepath.Join(dir, RulesFile), lines); err != nil {
		return nil, err
	}
	err = fo.each(DepotsFile, false, []string{"id", "name", "insee", "lat", "lon"}, func(t *csvtable.Reader) error {
		id, err := fo.id(t, "depot", "id")
		if err != nil {
			return err
		}
		pt, err := pointCols(t)
		if err != nil {
			return err
		}
		sc.Depots = append(sc.Depots, medibus.Depot{ID: id, Name: t.Get("name"), INSEE: t.Get("insee"), Point: pt})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fo.each(UnitsFile, false, []string{"id", "depot", "days", "shift_start", "shift_end", "max_drive_min"}, func(t *csvtable.Reader) error {
		id, err := fo.id(t, "unit", "id")
		if err != nil {
			return err
		}
		u := medibus.Unit{ID: id, Name: t.Get("name"), Depot: t.Get("depot"), Region: t.Get("region"),
			Area: t.List("area"), Equipment: t.List("equipment"), Driver: t.Get("driver"), Why: t.Get("why")}
		if err := fo.ref(t, "depot", "depot", u.Depot); err != nil {
			return err
		}
		if u.Days, err = halfDaysCol(t, "days"); err != nil {
			return err
		}
		if u.ShiftStart, err = clockCol(t, "shift_start"); err != nil {
			return err
		}
		if u.ShiftEnd, err = clockCol(t, "shift_end"); err != nil {
			return err
		}
		if u.ShiftEnd <= u.ShiftStart {
			return t.Fail("shift_end", "shift ends at %s, before it starts at %s: the shift_end must come after shift_start", u.ShiftEnd, u.ShiftStart)
		}
		if u.MaxDriveMin, err = t.Int("max_drive_min", 0); err != nil {
			return err
		}
		if u.MaxDriveMin <= 0 {
			return t.Fail("max_drive_min", "daily driving limit must be positive minutes, for example 240")
		}
		if u.Unavailable, err = rangesCol(t, "unavailable"); err != nil {
			return err
		}
		sc.Units = append(sc.Units, u)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fo.each(ServicesFile, false, []string{"id", "roles", "consult_min"}, func(t *csvtable.Reader) error {
		id, err := fo.id(t, "service", "id")
		if err != nil {
			return err
		}
		s := medibus.Service{ID: id, Name: t.Get("name"), Roles: t.List("roles"), Equipment: t.List("equipment")}
		if len(s.Roles) == 0 {
			return t.Fail("roles", "service %s needs at least one role on board (gp, midwife…)", id)
		}
		if s.ConsultMin, err = t.Int("consult_min", 0); err != nil {
			return err
		}
		if s.ConsultMin <= 0 {
			return t.Fail("consult_min", "consultation length must be positive minutes, for example 20")
		}
		if s.RatePerYear, err = t.Float("rate_per_year", 0); err != nil {
			return err
		}
		sc.Services = append(sc.Services, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = fo.each(StaffFile, false, []string{"id", "role", "availability", "units"}, func(t *csvtable.Reader) error {
		id, err := fo.id(t, "staff member", "id")
		if err != nil {
			return err
		}
		s := medibus.StaffMember{ID: id, Name: t.Get("name"), Role: t.Get("role"), Units: t.List("units")}
		if s.Role == "" {
			return t.Fail("role", "empty role: write the role this person holds (gp, midwife…)")
		}
		if s.Availability, err = halfDaysCol(t, "availability"); err != nil {
			return err
		}
		for _, u := range s.Units {
			if err := fo.ref(t, "unit", "units", u); err != nil {
				return err
			}
		}
		if s.MaxSessionsPerWeek, err = t.Int("max_sessions_per_week", 0); err != nil {
			return err
		}
		if s.Unavailable, err = rangesCol(t, "unavailable"); err != nil {
			return err
		}
		sc.Staff = append(sc.Staff, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	communes := map[string]bool{}
	addCommune := func(t *csvtable.Reader, col, insee string) error {
		c, ok := f.Commune(insee)
		if !ok {
			return t.Fail(col, "unknown INSEE code %q: use the 5-character code of a commune of metropolitan France (01001, 2A004)", insee)
		}
		if !communes[insee] {
			communes[insee] = true
			sc.Communes = append(sc.Communes, *c)
		}
		return nil
	}
	err = fo.each(SitesFile, false, []string{"id", "insee", "allowed"}, func(t *csvtable.Reader) error {
		id, err := fo.id(t, "site", "id")
		if err != nil {
			return err
		}
		s := medibus.Site{ID: id, INSEE: t.Get("insee"), Name: t.Get("name")}
		if err := addCommune(t, "insee", s.INSEE); err != nil {
			return err
		}
		if t.Get("lat") == "" && t.Get("lon") == "" {
			c, _ := f.Commune(s.INSEE)
			s.Point = c.Point
		} else if s.Point, err = pointCols(t); err != nil {
			return err
		}
		if s.Allowed, err = halfDaysCol(t, "allowed"); err != nil {
			return err
		}
		sc.Sites = append(sc.Sites, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	var derive [][2]string // (insee, service) rows that ask for the derived need
	seenDemand := map[[2]string]int{}
	err = fo.each(DemandFile, false, []string{"insee", "service", "need"}, func(t *csvtable.Reader) error {
		d := medibus.Demand{INSEE: t.Get("insee"), Service: t.Get("service"), Source: "imported"}
		if err := addCommune(t, "insee", d.INSEE); err != nil {
			return err
		}
		if err := fo.ref(t, "service", "service", d.Service); err != nil {
			return err
		}
		key := [2]string{d.INSEE, d.Service}
		if line, dup := seenDemand[key]; dup {
			return t.Fail("insee", "demand for %s and service %s given twice (first on line %d)", d.INSEE, d.Service, line)
		}
		seenDemand[key] = t.Line()
		if t.Get("need") == "" || t.Get("source") == "derived" {
			derive = append(derive, key)
			return nil
		}
		var err error
		if d.Need, err = t.Float("need", 0); err != nil {
			return err
		}
		if d.Need < 0 {
			return t.Fail("need", "need %v is negative: write consultations per cycle, 0 or more", d.Need)
		}
		sc.Demand = append(sc.Demand, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := SetAccess(ctx, sc.Communes, f.Communes, p.TownPopulation, travel); err != nil {
		return nil, err
	}
	MarkInNeed(sc.Communes, sc.Rules.CatchmentMin, &p)
	ix := medibus.NewIndex(sc)
	for _, k := range derive {
		need := DerivedNeed(ix.Communes[k[0]], ix.Services[k[1]], sc.Rules.CycleDays(), &p)
		sc.Demand = append(sc.Demand, medibus.Demand{INSEE: k[0], Service: k[1], Need: need, Source: "derived"})
	}
	err = fo.each(PinsFile, true, []string{"unit", "date", "half", "site", "service", "staff", "start", "end"}, func(t *csvtable.Reader) error {
		s := medibus.Session{Unit: t.Get("unit"), Site: t.Get("site"), Service: t.Get("service"), Staff: t.List("staff"), Pinned: true}
		for _, r := range []struct{ kind, col, id string }{{"unit", "unit", s.Unit}, {"site", "site", s.Site}, {"service", "service", s.Service}} {
			if err := fo.ref(t, r.kind, r.col, r.id); err != nil {
				return err
			}
		}
		for _, m := range s.Staff {
			if err := fo.ref(t, "staff member", "staff", m); err != nil {
				return err
			}
		}
		var err error
		if s.Date, err = medibus.ParseDate(t.Get("date")); err != nil {
			return t.Fail("date", "%v", err)
		}
		if s.Half, err = medibus.ParseHalf(t.Get("half")); err != nil {
			return t.Fail("half", "%v", err)
		}
		if s.Start, err = clockCol(t, "start"); err != nil {
			return err
		}
		if s.End, err = clockCol(t, "end"); err != nil {
			return err
		}
		if s.End <= s.Start {
			return t.Fail("end", "session ends at %s, before it starts at %s", s.End, s.Start)
		}
		sc.Pins = append(sc.Pins, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := fo.frequencies(); err != nil {
		return nil, err
	}
	if err := checkFeasibleDemand(sc, filepath.Join(dir, DemandFile)); err != nil {
		return nil, err
	}
	return sc, nil
}

// frequencies reads the optional frequencies.csv: insee, service, frequency (weekly,
// fortnightly, monthly or a number of weeks), min_gap_days, max_gap_days (optional,
// default 7 × the weeks) and days (optional half-days).
func (fo *folder) frequencies() error {
	sc := fo.sc
	withSite := map[string]bool{}
	for _, s := range sc.Sites {
		withSite[s.INSEE] = true
	}
	seen := map[[2]string]int{}
	return fo.each(FrequenciesFile, true, []string{"insee", "service", "frequency"}, func(t *csvtable.Reader) error {
		f := medibus.Frequency{INSEE: t.Get("insee"), Service: t.Get("service")}
		if !withSite[f.INSEE] {
			return t.Fail("insee", "no site of sites.csv is in commune %q: a frequency applies to the sites of a commune", f.INSEE)
		}
		if err := fo.ref(t, "service", "service", f.Service); err != nil {
			return err
		}
		key := [2]string{f.INSEE, f.Service}
		if line, dup := seen[key]; dup {
			return t.Fail("insee", "frequency of service %s in %s given twice (first on line %d)", f.Service, f.INSEE, line)
		}
		seen[key] = t.Line()
		name := strings.ToLower(t.Get("frequency"))
		if w, ok := medibus.FrequencyNames[name]; ok {
			f.Every = w
		} else if w, err := strconv.Atoi(name); err == nil && w > 0 {
			f.Every = w
		} else {
			return t.Fail("frequency", "unknown frequency %q: write weekly, fortnightly, monthly or a number of weeks", t.Get("frequency"))
		}
		var err error
		if f.MinGapDays, err = t.Int("min_gap_days", 0); err != nil {
			return err
		}
		if f.MaxGapDays, err = t.Int("max_gap_days", 0); err != nil {
			return err
		}
		if f.MinGapDays < 0 || f.MaxGapDays < 0 {
			return t.Fail("min_gap_days", "gaps are days between visits: 0 (the default, 7 × the weeks of the frequency) or more")
		}
		if t.Get("days") != "" {
			if f.Days, err = halfDaysCol(t, "days"); err != nil {
				return err
			}
		}
		if err := medibus.CheckFrequency(&f, sc.Rules.CycleWeeks); err != nil {
			return t.Fail("frequency", "%v", err)
		}
		sc.Frequencies = append(sc.Frequencies, f)
		return nil
	})
}

// checkFeasibleDemand rejects demand that no bus could ever serve: a service whose
// equipment no bus carries, or whose roles nobody holds.
func checkFeasibleDemand(sc *medibus.Scenario, file string) error {
	asked := map[string]bool{}
	for _, d := range sc.Demand {
		if d.Need > 0 {
			asked[d.Service] = true
		}
	}
	for _, s := range sc.Services {
		if !asked[s.ID] {
			continue
		}
		equipped := false
		for i := range sc.Units {
			if sc.Units[i].HasEquipment(s.Equipment) {
				equipped = true
				break
			}
		}
		if !equipped {
			return fmt.Errorf("%s: impossible demand for service %s: no bus carries %s; add it to a bus's equipment in %s or drop the demand",
				file, s.ID, join(s.Equipment), UnitsFile)
		}
		for _, role := range s.Roles {
			found := false
			for _, m := range sc.Staff {
				if m.Role == role {
					found = true
					break
				}
			}
			if !found {
				return fmt.Errorf("%s: impossible demand for service %s: nobody in %s has role %s; add such a person or drop the demand",
					file, s.ID, StaffFile, role)
			}
		}
	}
	return nil
}

func applyRules(sc *medibus.Scenario, kv map[string]string, p *Params, file string, lines map[string]int) error {
	fail := func(key string, err error) error {
		return &csvtable.LineError{File: file, Line: lines[key], Column: "value", Err: fmt.Errorf("%s: %w", key, err)}
	}
	known := map[string]bool{}
	str := func(key string, dst *string) {
		known[key] = true
		if v, ok := kv[key]; ok {
			*dst = v
		}
	}
	num := func(key string, dst *int) error {
		known[key] = true
		if v, ok := kv[key]; ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				return fail(key, fmt.Errorf("%q is not a whole number", v))
			}
			*dst = n
		}
		return nil
	}
	str("name", &sc.Name)
	str("description", &sc.Description)
	q := *p
	for _, s := range []struct {
		k string
		d *string
	}{{"days", &q.Days}, {"am_start", &q.AMStart}, {"am_end", &q.AMEnd}, {"pm_start", &q.PMStart}, {"pm_end", &q.PMEnd}, {"time_zone", &q.TimeZone}} {
		str(s.k, s.d)
	}
	for _, s := range []struct {
		k string
		d *int
	}{{"cycle_weeks", &q.CycleWeeks}, {"setup_min", &q.SetupMin}, {"break_min", &q.BreakMin}, {"min_session_min", &q.MinSessionMin}, {"catchment_min", &q.CatchmentMin}, {"max_leg_min", &q.MaxLegMin}, {"rhythm_weeks", &q.RhythmWeeks}} {
		if err := num(s.k, s.d); err != nil {
			return err
		}
	}
	for k := range kv {
		if strings.HasPrefix(k, "travel_") {
			return &csvtable.LineError{File: file, Line: lines[k], Column: "key", Err: fmt.Errorf("rule %q: the travel model is a setting of the installation, not of a scenario: remove this row and set travel.%s in medibus.yaml (or choose a road service with --osrm)", k, strings.TrimPrefix(k, "travel_"))}
		}
		if !known[k] {
			return &csvtable.LineError{File: file, Line: lines[k], Column: "key", Err: fmt.Errorf("unknown rule %q", k)}
		}
	}
	r, err := q.Rules()
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	sc.Rules = r
	return nil
}
