// Package scheduler turns a scenario into a plan: for every bus and half-day of the
// cycle, which site it serves, with which service and staff, and at what times. It is
// free of I/O: a scenario and options in, a plan out, deterministic for a seed.
//
// The Planner interface is the seam between the commands and the engines: the greedy
// constructive planner here is the first engine; optimisers replace it behind the
// same interface.
package scheduler

import (
	"context"
	"fmt"
	"time"

	"medibus"
	"medibus/routing"
)

// Weights set the relative importance of the objectives; see DefaultWeights and the
// README for how they trade against each other. Zero values take the defaults.
type Weights struct {
	// Care is the value of the first consultation booked to a commune's need. Later
	// consultations there are worth less (see Fairness): the value of a commune's
	// bookings b against its need n is Care × n × s × ln(1 + b / (s × n)).
	Care float64 `mapstructure:"care" yaml:"care"`
	// Fairness is s above: the share of a commune's need served at which its next
	// consultation is worth half the first. Smaller is fairer: the worst-served
	// communes come first.
	Fairness float64 `mapstructure:"fairness" yaml:"fairness"`
	// Reach is the value of one person in need newly within the catchment of a session
	// of a service they need.
	Reach float64 `mapstructure:"reach" yaml:"reach"`
	// DriveKm is the cost of one km driven.
	DriveKm float64 `mapstructure:"drive_km" yaml:"drive_km"`
	// LongDay is the cost of each minute a bus-day's driving lasts beyond LongDayMin:
	// long days tire drivers and leave little time on site.
	LongDay    float64 `mapstructure:"long_day" yaml:"long_day"`
	LongDayMin float64 `mapstructure:"long_day_min" yaml:"long_day_min"`
	// Stability is the value of a session of the reference plan held again (same bus,
	// site, service, day of the cycle and half-day), when planning from one.
	Stability float64 `mapstructure:"stability" yaml:"stability"`
	// Department is the value, on top of its care value, of each consultation of the
	// first service booked to the people in need of a department (of at least
	// MinDepartmentInNeed of them) below its floor: DepartmentFloor consultations per
	// 1,000 of its people in need per year. No department is left behind for a
	// neighbour whose communes are a little needier.
	Department      float64 `mapstructure:"department" yaml:"department"`
	DepartmentFloor float64 `mapstructure:"department_floor" yaml:"department_floor"`
}

// DefaultWeights put care to people in need first, spread fairly (once a commune has had
// 5 % of its need, its next consultation is worth half its first), then reach (1,000
// people in need newly within reach are worth 2 consultations), then little driving:
// 100 km cost one consultation, and each minute of a day's driving beyond 140 costs a
// fifth of one. Stability is worth 3 consultations per session kept, so a re-plan moves
// a session only for a clear gain. A department's first 40 GP consultations per 1,000
// of its people in need a year are worth twice their care value.
func DefaultWeights() Weights {
	return Weights{Care: 1, Fairness: 0.05, Reach: 0.002, DriveKm: 0.01, LongDay: 0.2, LongDayMin: 140, Stability: 3,
		Department: 1, DepartmentFloor: 40}
}

// Options control a planning run.
type Options struct {
	// Start is the Monday the cycle starts on.
	Start medibus.Date
	// Seed makes randomised engines reproducible; the same seed and iteration limit
	// give the same plan.
	Seed int64
	// TimeLimit and Iterations bound the run; zero means no limit of that kind.
	TimeLimit  time.Duration
	Iterations int
	Weights    Weights
	// Travel is the travel model: it times every leg and catchment. Required.
	Travel routing.Model
	// Reference, when set, is a plan to stay close to: its sessions are placed first
	// where they still fit, and each one held again is worth Weights.Stability.
	Reference *medibus.Plan
	// Progress, if set, is called from the planning goroutine as work advances.
	Progress func(Progress)
}

// Progress reports how far a run is.
type Progress struct {
	Phase     string
	Done      int // of Total: sessions, iterations, or milliseconds with a time limit
	Total     int
	Objective float64 // best objective so far
	// Iterations counts the optimiser's iterations so far (0 while constructing).
	Iterations int
}

// Planner makes a plan for a scenario.
type Planner interface {
	Plan(ctx context.Context, sc *medibus.Scenario, opt Options) (*medibus.Plan, error)
}

// Engines lists the planners by name.
var Engines = map[string]func() Planner{
	"greedy": func() Planner { return Greedy{} },
	"lns":    func() Planner { return LNS{} },
}

// New returns the engine with the given name.
func New(engine string) (Planner, error) {
	mk, ok := Engines[engine]
	if !ok {
		return nil, fmt.Errorf("unknown engine %q: use lns or greedy", engine)
	}
	return mk(), nil
}

func (w Weights) withDefaults() Weights {
	d := DefaultWeights()
	for _, f := range []struct{ v, d *float64 }{{&w.Care, &d.Care}, {&w.Fairness, &d.Fairness}, {&w.Reach, &d.Reach},
		{&w.DriveKm, &d.DriveKm}, {&w.LongDay, &d.LongDay}, {&w.LongDayMin, &d.LongDayMin}, {&w.Stability, &d.Stability},
		{&w.Department, &d.Department}, {&w.DepartmentFloor, &d.DepartmentFloor}} {
		if *f.v == 0 {
			*f.v = *f.d
		}
	}
	return w
}
