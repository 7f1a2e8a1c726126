// Package anytime runs the engines' searches: independent workers with seeds derived
// from one seed, stopped by an iteration limit, a time limit or cancellation, the best
// result kept, and each new best reported as Progress while they run.
//
// It is to engine/vrp and engine/pvrp what PyVRP's stop package and its solve loop are
// to PyVRP: the engines own their moves and annealing; when to stop, how much of the
// budget is spent, how workers are seeded and how their results are compared live here
// once.
package anytime
