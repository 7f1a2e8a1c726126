package scenario

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"medibus"
	"medibus/csvtable"
	"medibus/lang"
)

// rules.csv: key,value rows that override Params; unknown keys are errors.

var rulesFile = fileSpec{
	name:    RulesFile,
	columns: []column{{name: "key", required: true}, {name: "value", required: true}},
	kind:    "rules",
	maxRows: 100,
}

// ruleKey is a key of rules.csv: what it sets, how Write gives it and, for a whole
// number, the range that rules.csv and the configuration (planning.KEY) share.
type ruleKey struct {
	key   string
	text  func(p *Params) *string // a text rule parsed by Params.Rules; nil for the others
	num   func(p *Params) *int    // a whole number within [lo, hi]
	flag  func(p *Params) *bool   // true or false
	lo    int
	hi    int
	unit  string
	write func(sc *medibus.Scenario) string
}

// inRange checks a whole-number rule.
func (k *ruleKey) inRange(v int) error {
	if v < k.lo || v > k.hi {
		return lang.Errorf("%d is out of range: write %d to %d %s", v, k.lo, k.hi, k.unit)
	}
	return nil
}

func numRule(key string, lo, hi int, unit string, field func(p *Params) *int, get func(r *medibus.Rules) int) ruleKey {
	return ruleKey{key: key, num: field, lo: lo, hi: hi, unit: unit,
		write: func(sc *medibus.Scenario) string { return strconv.Itoa(get(&sc.Rules)) }}
}

func flagRule(key string, field func(p *Params) *bool, get func(r *medibus.Rules) bool) ruleKey {
	return ruleKey{key: key, flag: field, write: func(sc *medibus.Scenario) string { return strconv.FormatBool(get(&sc.Rules)) }}
}

func textRule(key string, field func(p *Params) *string, get func(r *medibus.Rules) string) ruleKey {
	return ruleKey{key: key, text: field, write: func(sc *medibus.Scenario) string { return get(&sc.Rules) }}
}

// ruleKeys are the keys of rules.csv, in the order Write gives them: the scenario's
// name and description, then the rules, which override the configuration's planning
// settings of the same name. The ranges keep every run finite: a catchment of hours
// would time every commune from every site.
var ruleKeys = []ruleKey{
	{key: "name", write: func(sc *medibus.Scenario) string { return sc.Name }},
	{key: "description", write: func(sc *medibus.Scenario) string { return sc.Description }},
	numRule("cycle_weeks", 1, 4, "weeks", func(p *Params) *int { return &p.CycleWeeks }, func(r *medibus.Rules) int { return r.CycleWeeks }),
	textRule("days", func(p *Params) *string { return &p.Days }, func(r *medibus.Rules) string { return r.Days.String() }),
	textRule("am_start", func(p *Params) *string { return &p.AMStart }, func(r *medibus.Rules) string { return r.Windows[0].Start.String() }),
	textRule("am_end", func(p *Params) *string { return &p.AMEnd }, func(r *medibus.Rules) string { return r.Windows[0].End.String() }),
	textRule("pm_start", func(p *Params) *string { return &p.PMStart }, func(r *medibus.Rules) string { return r.Windows[1].Start.String() }),
	textRule("pm_end", func(p *Params) *string { return &p.PMEnd }, func(r *medibus.Rules) string { return r.Windows[1].End.String() }),
	numRule("setup_min", 0, 240, "minutes", func(p *Params) *int { return &p.SetupMin }, func(r *medibus.Rules) int { return r.SetupMin }),
	numRule("break_min", 0, 240, "minutes", func(p *Params) *int { return &p.BreakMin }, func(r *medibus.Rules) int { return r.BreakMin }),
	numRule("min_session_min", 1, 720, "minutes", func(p *Params) *int { return &p.MinSessionMin }, func(r *medibus.Rules) int { return r.MinSessionMin }),
	numRule("catchment_min", 1, 120, "minutes", func(p *Params) *int { return &p.CatchmentMin }, func(r *medibus.Rules) int { return r.CatchmentMin }),
	numRule("need_access_min", 1, 120, "minutes", func(p *Params) *int { return &p.NeedAccessMin }, func(r *medibus.Rules) int { return r.InNeedBeyond() }),
	numRule("max_leg_min", 0, 720, "minutes (0: no bound)", func(p *Params) *int { return &p.MaxLegMin }, func(r *medibus.Rules) int { return r.MaxLegMin }),
	numRule("setup_alone_min", 0, 240, "minutes (0: as setup_min)", func(p *Params) *int { return &p.SetupAloneMin }, func(r *medibus.Rules) int { return r.SetupAloneMin }),
	flagRule("intern_remote", func(p *Params) *bool { return &p.InternRemote }, func(r *medibus.Rules) bool { return r.InternRemote }),
	numRule("rhythm_weeks", 1, 4, "weeks", func(p *Params) *int { return &p.RhythmWeeks }, func(r *medibus.Rules) int { return r.RhythmWeeks }),
	textRule("time_zone", func(p *Params) *string { return &p.TimeZone }, func(r *medibus.Rules) string { return r.TimeZone }),
	flagRule("demand_only", func(p *Params) *bool { return &p.DemandOnly }, func(r *medibus.Rules) bool { return r.DemandOnly }),
}

// RuleError is a rule that cannot be planned with. Key names it: KEY in rules.csv,
// planning.KEY in the configuration.
type RuleError struct {
	Key string
	Err error
}

// Error names the rule as the configuration does: "planning.am_end: …".
func (e *RuleError) Error() string { return "planning." + e.Key + ": " + e.Err.Error() }

// Unwrap returns the problem itself.
func (e *RuleError) Unwrap() error { return e.Err }

// readRules reads rules.csv and sets the scenario's name, description and rules from
// p overridden by the file. A problem of a combination (a window that ends before it
// starts) is reported at the line of the key it names.
func readRules(fo *folder, sc *medibus.Scenario, p Params) {
	q := p
	lines := map[string]int{}
	fo.each(&rulesFile, func(t *csvtable.Reader) error { return readRule(t, sc, &q, lines) })
	r, err := q.Rules()
	var re *RuleError
	if errors.As(err, &re) {
		line, ok := lines[re.Key]
		if !ok {
			line = 1 // a default of the configuration that the file's rules do not fit
		}
		fo.probs.add(&csvtable.LineError{File: fo.path(RulesFile), Line: line, Column: "value", Err: lang.Errorf("%s: %w", re.Key, re.Err)})
		fo.broken["rules"] = true
		r, _ = p.Rules() // the configuration's rules, checked when it was loaded
	}
	sc.Rules = r
}

// readRule reads one key,value row into sc or q; lines records each key's line.
func readRule(t *csvtable.Reader, sc *medibus.Scenario, q *Params, lines map[string]int) error {
	k := t.Get("key")
	if line, dup := lines[k]; dup {
		return t.Fail("key", "rule %q set twice (first on line %d): keep one row", k, line)
	}
	i := slices.IndexFunc(ruleKeys, func(r ruleKey) bool { return r.key == k })
	if i < 0 {
		return unknownRule(t, k)
	}
	lines[k] = t.Line()
	rk, v := &ruleKeys[i], t.Get("value")
	switch {
	case rk.num != nil:
		n, err := strconv.Atoi(v)
		if err != nil {
			return t.Fail("value", "%s: %q is not a whole number: write %d to %d %s", k, v, rk.lo, rk.hi, rk.unit)
		}
		if err := rk.inRange(n); err != nil {
			return t.Fail("value", "%s: %v", k, err)
		}
		*rk.num(q) = n
	case rk.flag != nil:
		b, err := boolCol(t, "value")
		if err != nil {
			return t.Fail("value", "%s: %q: write true or false (vrai or faux)", k, v)
		}
		*rk.flag(q) = b
	case rk.text != nil:
		norm, err := normalRule(k, v)
		if err != nil {
			return t.Fail("value", "%s: %v", k, err)
		}
		*rk.text(q) = norm
	case k == "name":
		if v == "" || utf8.RuneCountInString(v) > medibus.MaxNameLen {
			return t.Fail("value", "name: %q: write a name of 1 to %d characters, or drop the row to use the folder's name", v, medibus.MaxNameLen)
		}
		sc.Name = v
	default:
		sc.Description = v
	}
	return nil
}

// normalRule turns a text rule written in any form the readers accept (lundi..vendredi,
// 9h00) into the form Params.Rules reads.
func normalRule(key, v string) (string, error) {
	switch key {
	case "days":
		h, err := parseHalfDays(v)
		if err != nil || h == 0 {
			return v, err // none is refused by Rules, with the rule's message
		}
		return h.String(), nil
	case "am_start", "am_end", "pm_start", "pm_end":
		c, err := parseClock(v)
		return c.String(), err
	}
	return v, nil
}

// unknownRule explains a key rules.csv does not have.
func unknownRule(t *csvtable.Reader, k string) error {
	if strings.HasPrefix(k, "travel_") {
		return t.Fail("key", "rule %q: the travel model is a setting of the installation, not of a scenario: remove this row and set travel.%s in medibus.yaml (or choose a road service with --osrm)", k, strings.TrimPrefix(k, "travel_"))
	}
	keys := make([]string, len(ruleKeys))
	for i, r := range ruleKeys {
		keys[i] = r.key
	}
	hint := ""
	if s, ok := closest(strings.ToLower(k), keys, max(2, len(k)/3)); ok {
		hint = fmt.Sprintf(" (did you mean %s?)", s)
	}
	return t.Fail("key", "unknown rule %q%s: the rules are %s", k, hint, strings.Join(keys, ", "))
}

func rulesRows(sc *medibus.Scenario) []record {
	rows := make([]record, len(ruleKeys))
	for i, k := range ruleKeys {
		rows[i] = record{"key": k.key, "value": k.write(sc)}
	}
	return rows
}
