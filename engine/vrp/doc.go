// Package vrp is a vehicle-routing engine: a rich VRP model (heterogeneous vehicles
// with shifts, capacities, skills and lunch breaks; jobs with service times, several
// time windows, demands, skills and optional prizes) and an anytime solver built on
// slack induction by string removals (SISR, Christiaens & Vanden Berghe 2020)
// polished by a granular local search that evaluates time windows in O(1) through
// Vidal's forward/backward concatenation data.
//
// medibus uses it for `medibus bench` (Solomon, Chao TOP and CVRPLIB X instances),
// not for its own planning: a bus-day holds at most two stops, which the planner
// times directly.
//
// The package is pure computation: no I/O, no clock reads except to honour a time
// limit. Durations and distances are plain float64 matrices indexed by location, so the
// caller decides the units (minutes and km for real places, Euclidean units in
// benchmarks).
//
// Files by role, as in engine/pvrp: problem.go (input), solution.go (output),
// check.go (independent check), solve.go (entry point), instance.go (the problem
// compiled for the search), state.go (the search's working solution), search.go
// (the annealing loop), ruin.go, recreate.go, localsearch.go, and one file per
// local-search operator (relocate.go, swap.go, twoopt.go, twooptstar.go, oropt.go,
// replace.go).
package vrp
