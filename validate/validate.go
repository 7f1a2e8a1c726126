// Package validate is the independent checker of plans: it re-checks every hard
// constraint of docs/constraints.md from the plan and its scenario alone.
//
// It deliberately shares no code with the planner (package scheduler): a bug in a check
// that both used would let the planner's mistakes through unseen. It relies only on the
// domain types of the root package and on the travel model of the run (routing.Model),
// which is the definition of a drive in the contract: the same model the planner used.
//
// The files follow the sections of the contract, and each numbered rule has its own
// method, named after it: session.go checks rules 1 to 8 (rule1References …
// rule8Capacity), across.go rules 9 to 11, busday.go rules 12 to 17 on one timed
// bus-day, rhythm.go rule 18, bookings.go rule 19 and calendar.go rule 20.
package validate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
)

// Violation is one broken hard constraint of a plan.
type Violation struct {
	// Rule is the number of the broken rule in docs/constraints.md.
	Rule int
	// Code is a short kebab-case name of what is wrong, one of the Code… constants
	// (codes.go), e.g. CodeStaffDoubleBooked, "staff-double-booked"; one rule may
	// have several codes.
	Code string
	// Unit, Date and Half locate the violation. Half is "AM", "PM", or empty for a
	// violation about a whole bus-day.
	Unit    string
	Date    medibus.Date
	Half    string
	Message string // what is wrong and where: unit, date, half, site, staff
}

// String formats the violation on one line for people: rule, code, then the message.
func (v Violation) String() string {
	return fmt.Sprintf("rule %d (%s): %s", v.Rule, v.Code, v.Message)
}

// Drive-minute rounding tolerance of the contract: 30.0000000001 minutes is 30, not 31.
const minuteTolerance = 1e-9

// Tolerance on reported kilometres, per leg (rule 17).
const kmTolerance = 0.1

// Check checks every hard constraint of p against sc and returns the violations, sorted
// by unit, date, half, rule (then code and message, so the order is fully determined).
// The error is only for what prevents checking at all: a missing scenario, plan or
// travel model, a plan made with another travel model, or a travel service that fails.
func Check(ctx context.Context, sc *medibus.Scenario, p *medibus.Plan, travel routing.Model) ([]Violation, error) {
	if sc == nil || p == nil || travel == nil {
		return nil, errors.New("validate: need a scenario, a plan and a travel model")
	}
	if p.Travel != "" && p.Travel != travel.String() {
		return nil, fmt.Errorf("validate: plan %d was made with the travel model %q, this run uses %q: configure the same model (travel: in medibus.yaml, or --osrm) to check its drives",
			p.ID, p.Travel, travel.String())
	}
	c := newChecker(ctx, sc, p, routing.ForPlan(travel, sc, p.Start))
	for i := range p.Sessions {
		c.session(i)
	}
	c.rule9NobodyTwice()
	c.rule10StaffCaps()
	c.rule11Pins()
	c.rule18Frequency()
	c.busDays()
	c.rule19Bookings()
	c.rule21Interns()
	c.rule22Remote()
	if c.err != nil {
		return nil, fmt.Errorf("validate: cannot check drives: %w", c.err)
	}
	slices.SortFunc(c.out, compareViolations)
	return c.out, nil
}

func compareViolations(a, b Violation) int {
	return cmp.Or(
		cmp.Compare(a.Unit, b.Unit),
		cmp.Compare(a.Date, b.Date),
		cmp.Compare(a.Half, b.Half), // "" (whole day) sorts before "AM" and "PM"
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Code, b.Code),
		cmp.Compare(a.Message, b.Message),
	)
}

// checker holds the scenario indexed by id and the facts gathered about each session.
// It builds its own indexes rather than medibus.NewIndex so that what it trusts is
// visible here; with duplicate ids the first entity wins (scenario readers reject them).
type checker struct {
	ctx    context.Context
	sc     *medibus.Scenario
	p      *medibus.Plan
	travel routing.Model
	err    error // the first failure of the travel model
	rules  *medibus.Rules

	depots   map[string]*medibus.Depot
	units    map[string]*medibus.Unit
	staff    map[string]*medibus.StaffMember
	services map[string]*medibus.Service
	sites    map[string]*medibus.Site
	communes map[string]*medibus.Commune

	cycleStart, cycleEnd medibus.Date // cycleEnd excluded
	info                 []sessionInfo
	out                  []Violation
}

func newChecker(ctx context.Context, sc *medibus.Scenario, p *medibus.Plan, travel routing.Model) *checker {
	c := &checker{
		ctx: ctx, sc: sc, p: p, travel: travel, rules: &sc.Rules,
		depots:     make(map[string]*medibus.Depot, len(sc.Depots)),
		units:      make(map[string]*medibus.Unit, len(sc.Units)),
		staff:      make(map[string]*medibus.StaffMember, len(sc.Staff)),
		services:   make(map[string]*medibus.Service, len(sc.Services)),
		sites:      make(map[string]*medibus.Site, len(sc.Sites)),
		communes:   make(map[string]*medibus.Commune, len(sc.Communes)),
		cycleStart: p.Start,
		cycleEnd:   p.Start.AddDays(sc.Rules.CycleDays()),
		info:       make([]sessionInfo, len(p.Sessions)),
	}
	for i := range sc.Depots {
		putFirst(c.depots, sc.Depots[i].ID, &sc.Depots[i])
	}
	for i := range sc.Units {
		putFirst(c.units, sc.Units[i].ID, &sc.Units[i])
	}
	for i := range sc.Staff {
		putFirst(c.staff, sc.Staff[i].ID, &sc.Staff[i])
	}
	for i := range sc.Services {
		putFirst(c.services, sc.Services[i].ID, &sc.Services[i])
	}
	for i := range sc.Sites {
		putFirst(c.sites, sc.Sites[i].ID, &sc.Sites[i])
	}
	for i := range sc.Communes {
		putFirst(c.communes, sc.Communes[i].INSEE, &sc.Communes[i])
	}
	return c
}

func putFirst[T any](m map[string]*T, id string, v *T) {
	if _, ok := m[id]; !ok {
		m[id] = v
	}
}

// add records a violation located at session s (or at a whole bus-day if half is "").
func (c *checker) add(rule int, code, unit string, date medibus.Date, half, format string, args ...any) {
	c.out = append(c.out, Violation{
		Rule: rule, Code: code, Unit: unit, Date: date, Half: half,
		Message: fmt.Sprintf(format, args...),
	})
}

// addAt records a violation of session s; the message is prefixed with where it is.
func (c *checker) addAt(rule int, code string, s *medibus.Session, format string, args ...any) {
	c.add(rule, code, s.Unit, s.Date, halfName(s.Half), "%s: %s", where(s), fmt.Sprintf(format, args...))
}

// where names a session for messages: unit, date, half and site.
func where(s *medibus.Session) string {
	return fmt.Sprintf("unit %s on %s %s at site %s", s.Unit, s.Date, halfName(s.Half), s.Site)
}

// halfName is Half.String, except that it does not disguise an invalid value as "AM".
func halfName(h medibus.Half) string {
	if h != medibus.AM && h != medibus.PM {
		return fmt.Sprintf("half(%d)", int(h))
	}
	return h.String()
}

// leg is the travel model's leg from a to b; a failure of the model is kept for Plan
// to return, and the leg is then zero.
func (c *checker) leg(a, b orb.Point) routing.Leg {
	l, err := routing.LegBetween(c.ctx, c.travel, a, b)
	if err != nil && c.err == nil {
		c.err = err
	}
	return l
}

// driveMin is the contract's drive minutes of a leg: ceil(leg.Min) with a 1e-9 tolerance.
func driveMin(l routing.Leg) int {
	return int(math.Ceil(l.Min - minuteTolerance))
}

// floorDiv divides rounding toward minus infinity, so that a negative session length
// gives a negative capacity rather than zero.
func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
