package scenario

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"medibus"
	"medibus/csvtable"
)

// rules.csv: key,value rows that override Params; unknown keys are errors.

var rulesHead = []string{"key", "value"}

// readRules reads rules.csv and sets the scenario's name, description and rules from
// p overridden by the file. A key set twice is an error at its second line.
func readRules(fo *folder, sc *medibus.Scenario, p Params) error {
	rules := map[string]string{}
	lines := map[string]int{}
	err := fo.each(RulesFile, false, rulesHead, func(t *csvtable.Reader) error {
		k := t.Get("key")
		if _, dup := rules[k]; dup {
			return t.Fail("key", "rule %q set twice (first on line %d)", k, lines[k])
		}
		rules[k], lines[k] = t.Get("value"), t.Line()
		return nil
	})
	if err != nil {
		return err
	}
	return applyRules(sc, rules, &p, filepath.Join(fo.dir, RulesFile), lines)
}

func rulesRows(sc *medibus.Scenario) [][]string {
	r := sc.Rules
	return [][]string{
		{"name", sc.Name}, {"description", sc.Description},
		{"cycle_weeks", strconv.Itoa(r.CycleWeeks)}, {"days", r.Days.String()},
		{"am_start", r.Windows[0].Start.String()}, {"am_end", r.Windows[0].End.String()},
		{"pm_start", r.Windows[1].Start.String()}, {"pm_end", r.Windows[1].End.String()},
		{"setup_min", strconv.Itoa(r.SetupMin)}, {"break_min", strconv.Itoa(r.BreakMin)},
		{"min_session_min", strconv.Itoa(r.MinSessionMin)}, {"catchment_min", strconv.Itoa(r.CatchmentMin)},
		{"max_leg_min", strconv.Itoa(r.MaxLegMin)}, {"setup_alone_min", strconv.Itoa(r.SetupAloneMin)},
		{"intern_remote", strconv.FormatBool(r.InternRemote)},
		{"rhythm_weeks", strconv.Itoa(r.RhythmWeeks)}, {"time_zone", r.TimeZone},
	}
}

// applyRules sets sc's name, description and rules from the pairs kv read from file
// (lines gives each key's line, for errors) over the defaults of p.
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
	}{{"cycle_weeks", &q.CycleWeeks}, {"setup_min", &q.SetupMin}, {"break_min", &q.BreakMin}, {"min_session_min", &q.MinSessionMin}, {"catchment_min", &q.CatchmentMin}, {"max_leg_min", &q.MaxLegMin}, {"setup_alone_min", &q.SetupAloneMin}, {"rhythm_weeks", &q.RhythmWeeks}} {
		if err := num(s.k, s.d); err != nil {
			return err
		}
	}
	known["intern_remote"] = true
	if v, ok := kv["intern_remote"]; ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fail("intern_remote", fmt.Errorf("%q: write true or false", v))
		}
		q.InternRemote = b
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
