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

// Weights set the relative importance of the objectives. Zero values take defaults.
type Weights struct {
	// Need is the value of one consultation delivered to need.
	Need float64 `mapstructure:"need" yaml:"need"`
	// Coverage is the value of one person in need newly within the catchment of a
	// session of a service (fairness: reach the unserved before adding sessions).
	Coverage float64 `mapstructure:"coverage" yaml:"coverage"`
	// DriveKm is the cost of one km driven.
	DriveKm float64 `mapstructure:"drive_km" yaml:"drive_km"`
}

// DefaultWeights favour reaching people in need with no session nearby, then
// consultations, then little driving.
func DefaultWeights() Weights { return Weights{Need: 1, Coverage: 0.2, DriveKm: 0.05} }

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
	if w.Need == 0 {
		w.Need = d.Need
	}
	if w.Coverage == 0 {
		w.Coverage = d.Coverage
	}
	if w.DriveKm == 0 {
		w.DriveKm = d.DriveKm
	}
	return w
}
