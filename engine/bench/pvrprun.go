package bench

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"time"

	"medibus/engine/pvrp"
)

// PeriodicProblem converts a PVRP instance to the periodic solver's model. Node
// indices are kept; day d of the solver is day d+1 of the file.
func (in *Instance) PeriodicProblem() *pvrp.Problem {
	n := len(in.X)
	p := &pvrp.Problem{
		Days: in.Days, VehiclesPerDay: in.Vehicles,
		Capacity:    append([]float64(nil), in.DayCapacity...),
		MaxDuration: append([]float64(nil), in.DayDuration...),
		Dist:        make([][]float64, n),
		Demand:      append([]float64(nil), in.Demand...),
		Service:     append([]float64(nil), in.Service...),
		Patterns:    make([][]pvrp.Pattern, n),
	}
	for i := range p.Dist {
		p.Dist[i] = make([]float64, n)
		for j := range p.Dist[i] {
			p.Dist[i][j] = in.Dist(i, j)
		}
	}
	for c := 1; c < n; c++ {
		for _, code := range in.Combos[c] {
			var pt pvrp.Pattern
			for _, d := range ComboDays(code, in.Days) {
				pt |= 1 << uint(d-1)
			}
			p.Patterns[c] = append(p.Patterns[c], pt)
		}
	}
	return p
}

// runPVRP solves one periodic instance and re-checks the plan with CheckPeriodic.
func runPVRP(ctx context.Context, inst *Instance, name string, bks map[string]BKS, opts Options) (Result, error) {
	start := time.Now()
	sol, err := pvrp.Solve(ctx, inst.PeriodicProblem(), opts.search(name))
	if err != nil {
		return Result{}, fmt.Errorf("bench %s: %w", name, err)
	}
	res := Result{Instance: name, Seconds: time.Since(start).Seconds()}
	var routes []DayRoute
	for d, day := range sol.Routes {
		for _, r := range day {
			routes = append(routes, DayRoute{Day: d + 1, Nodes: r})
		}
	}
	res.Vehicles = len(routes)
	value, cerr := inst.CheckPeriodic(routes)
	res.Feasible = cerr == nil && math.Abs(value-sol.Cost) <= 1e-6*math.Max(1, value)
	res.Value = value
	if cerr != nil {
		res.Value = math.NaN()
	}
	res.BKS, res.GapPct = math.NaN(), math.NaN()
	if b, ok := bks[name]; ok {
		res.BKS = b.Value
		res.GapPct = gap(res.Value, b.Value, false)
	}
	if opts.SolutionsDir != "" {
		if err := WritePeriodicSolution(filepath.Join(opts.SolutionsDir, name+".res"), inst, routes); err != nil {
			return res, err
		}
	}
	return res, nil
}
