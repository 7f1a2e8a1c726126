package scenario

import (
	"strconv"
	"strings"

	"medibus"
	"medibus/csvtable"
)

// frequencies.csv (optional): insee, service, frequency (weekly, fortnightly, monthly
// or a number of weeks), min_gap_days, max_gap_days (optional, default 7 × the weeks)
// and days (optional half-days).

var frequenciesFile = fileSpec{
	name: FrequenciesFile,
	columns: []column{
		{name: "insee", required: true},
		{name: "service", required: true},
		{name: "frequency", required: true},
		{name: "min_gap_days"},
		{name: "max_gap_days"},
		{name: "days"},
	},
	kind: "frequency", optional: true, maxRows: 200000,
}

// maxGapDays bounds the gaps: a cycle lasts at most 4 weeks.
const maxGapDays = 28

// readFrequencies reads frequencies.csv: each rule names a commune with a site among
// sites and a known service, once, with a rhythm a cycle of cycleWeeks can hold.
func readFrequencies(fo *folder, sites []medibus.Site, cycleWeeks int) []medibus.Frequency {
	withSite := map[string]bool{}
	for _, s := range sites {
		withSite[s.INSEE] = true
	}
	seen := map[[2]string]int{}
	return readRows(fo, &frequenciesFile, func(t *csvtable.Reader) (medibus.Frequency, error) {
		f := medibus.Frequency{INSEE: t.Get("insee"), Service: t.Get("service")}
		if !withSite[f.INSEE] && !fo.broken["site"] {
			return f, t.Fail("insee", "no site of sites.csv is in commune %q: a frequency applies to the sites of a commune", f.INSEE)
		}
		if err := fo.ref(t, "service", "service", f.Service); err != nil {
			return f, err
		}
		key := [2]string{f.INSEE, f.Service}
		if line, dup := seen[key]; dup {
			return f, t.Fail("insee", "frequency of service %s in %s given twice (first on line %d)", f.Service, f.INSEE, line)
		}
		seen[key] = t.Line()
		if err := frequencyCols(t, &f); err != nil {
			return f, err
		}
		if err := medibus.CheckFrequency(&f, cycleWeeks); err != nil && !fo.broken["rules"] {
			return f, t.Fail("frequency", "%v", err)
		}
		return f, nil
	})
}

// frequencyCols reads the rhythm of one row: its frequency, gaps and half-days.
func frequencyCols(t *csvtable.Reader, f *medibus.Frequency) error {
	name := strings.ToLower(t.Get("frequency"))
	if w, ok := medibus.FrequencyNames[name]; ok {
		f.Every = w
	} else if w, err := strconv.Atoi(name); err == nil && w > 0 {
		f.Every = w
	} else {
		return t.Fail("frequency", "unknown frequency %q: write weekly, fortnightly, monthly or a number of weeks", t.Get("frequency"))
	}
	var err error
	if f.Every > 4 {
		return t.Fail("frequency", "every %d weeks is longer than any cycle (4 weeks at most): write weekly, fortnightly, monthly or 1 to 4", f.Every)
	}
	const gaps = "days between visits (0, the default: 7 × the weeks of the frequency)"
	if f.MinGapDays, err = intCol(t, "min_gap_days", 0, maxGapDays, gaps, 0); err != nil {
		return err
	}
	if f.MaxGapDays, err = intCol(t, "max_gap_days", 0, maxGapDays, gaps, 0); err != nil {
		return err
	}
	if t.Get("days") != "" {
		if f.Days, err = halfDaysCol(t, "days"); err != nil {
			return err
		}
	}
	return nil
}

func frequenciesRows(sc *medibus.Scenario) []record {
	var rows []record
	for _, f := range sc.Frequencies {
		days := ""
		if f.Days != 0 {
			days = f.Days.String()
		}
		rows = append(rows, record{"insee": f.INSEE, "service": f.Service, "frequency": strconv.Itoa(f.Every),
			"min_gap_days": strconv.Itoa(f.MinGapDays), "max_gap_days": strconv.Itoa(f.MaxGapDays), "days": days})
	}
	return rows
}
