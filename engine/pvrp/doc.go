// Package pvrp solves the periodic vehicle routing problem: each customer is visited
// on the days of one allowed visit pattern, and each day's visits are served by at
// most VehiclesPerDay capacity- and duration-limited routes from a single depot,
// minimising the total distance over all days.
//
// The search is slack induction by string removals (Christiaens & Vanden Berghe 2020)
// with the pattern chosen at reinsertion: a removed customer leaves all of its days
// and comes back with the allowed pattern whose summed cheapest insertions are lowest.
//
// medibus uses it for `medibus bench --family pvrp` (Cordeau's instances), not for its
// own planning, whose rhythms are kept by the scheduler.
//
// Files by role, as in engine/vrp: problem.go (input), solution.go (output),
// check.go (independent check), solve.go (entry point), instance.go (the problem
// compiled for the search), state.go (the search's working plan), search.go (the
// annealing loop), ruin.go, recreate.go, localsearch.go, and one file per
// local-search operator (relocate.go, swap.go, twoopt.go).
package pvrp
