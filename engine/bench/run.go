package bench

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"medibus/engine/anytime"
	"medibus/engine/vrp"
)

// Options select and budget a benchmark run.
type Options struct {
	Family    string   // "solomon", "top", "cvrp" or "pvrp"
	Dir       string   // root of the benchmark folders; default "testdata/bench"
	Instances []string // glob patterns on instance names ("C101", "R2*"); empty = all
	TimeLimit time.Duration
	// Iterations limits the search per worker; with a seed it makes runs reproducible.
	Iterations int64
	Seed       uint64
	Workers    int // parallel searches per instance; default 2 (the target machine's cores)
	// Objective is "distance" (default) or "vehicles-then-distance" (Solomon, CVRP).
	Objective string
	// SolutionsDir, when set, receives one file per instance with lines
	// "Route 1 : 5 3 7" (depot omitted); for pvrp, Cordeau's .res format
	// (WritePeriodicSolution).
	SolutionsDir string
	// Progress, when set, is called with the engine's progress on each instance.
	Progress func(instance string, p anytime.Progress)
	// OnResult, when set, is called after each instance, so long runs report as they go.
	OnResult func(Result)
}

// Result is the outcome on one instance.
type Result struct {
	Instance string  `json:"instance"`
	Vehicles int     `json:"vehicles"`
	Value    float64 `json:"value"` // distance, or score for TOP
	BKS      float64 `json:"bks"`
	// BKSVehicles is the best-known fleet in the hierarchical objective (0 if unknown).
	BKSVehicles int     `json:"bks_vehicles,omitempty"`
	GapPct      float64 `json:"gap_pct"` // positive when worse than the best known
	Seconds     float64 `json:"seconds"`
	Feasible    bool    `json:"feasible"`
}

// family describes where a family's files live and how to read them.
type family struct {
	folder, ext string
	read        func(f *os.File, name string) (*Instance, error)
	bksFile     string
	bksCol      string
	maximise    bool
	periodic    bool // solved by engine/pvrp, checked by CheckPeriodic
}

func familyOf(name, objective string) (family, error) {
	switch name {
	case Solomon:
		bf := "bks_distance_only.csv"
		if objective == "vehicles-then-distance" {
			bf = "bks.csv"
		}
		return family{"solomon", ".txt", func(f *os.File, n string) (*Instance, error) { return ReadSolomon(f, n) }, bf, "distance", false, false}, nil
	case TOP:
		return family{"top_chao", ".txt", func(f *os.File, n string) (*Instance, error) { return ReadTOP(f, n) }, "bks.csv", "best_score", true, false}, nil
	case CVRP:
		return family{"cvrp_x", ".vrp", func(f *os.File, n string) (*Instance, error) { return ReadCVRP(f, n) }, "bks.csv", "distance", false, false}, nil
	case PVRP:
		return family{"pvrp_cordeau", ".txt", func(f *os.File, n string) (*Instance, error) { return ReadPVRP(f, n) }, "bks.csv", "distance", false, true}, nil
	}
	return family{}, fmt.Errorf("bench: unknown family %q (want solomon, top, cvrp or pvrp)", name)
}

// Run solves the selected instances one after the other and returns one result per
// instance, in name order. Each solution is re-checked against the instance file by
// CheckRoutes; an infeasible solution is reported with Feasible false.
func Run(ctx context.Context, opts Options) ([]Result, error) {
	if opts.Dir == "" {
		opts.Dir = "testdata/bench"
	}
	if opts.Workers <= 0 {
		opts.Workers = 2
	}
	obj := vrp.MinDistance
	switch opts.Objective {
	case "", "distance":
	case "vehicles-then-distance":
		obj = vrp.MinVehiclesThenDistance
	default:
		return nil, fmt.Errorf("bench: unknown objective %q", opts.Objective)
	}
	if opts.TimeLimit <= 0 && opts.Iterations <= 0 {
		opts.TimeLimit = 10 * time.Second
	}
	fam, err := familyOf(opts.Family, opts.Objective)
	if err != nil {
		return nil, err
	}
	files, err := selectFiles(filepath.Join(opts.Dir, fam.folder, "instances"), fam.ext, opts.Instances)
	if err != nil {
		return nil, err
	}
	bks, err := ReadBKS(filepath.Join(opts.Dir, fam.folder, fam.bksFile), fam.bksCol)
	if err != nil {
		return nil, err
	}
	if opts.SolutionsDir != "" {
		if err := os.MkdirAll(opts.SolutionsDir, 0o755); err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
	}
	var out []Result
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		res, err := runOne(ctx, path, fam, obj, bks, opts)
		if err != nil {
			return out, err
		}
		out = append(out, res)
		if opts.OnResult != nil {
			opts.OnResult(res)
		}
	}
	return out, nil
}

// search is the engines' budget for one instance, reporting progress under its name.
func (o Options) search(name string) anytime.Options {
	s := anytime.Options{Seed: o.Seed, TimeLimit: o.TimeLimit, MaxIterations: o.Iterations, Workers: o.Workers}
	if o.Progress != nil {
		s.Progress = func(pr anytime.Progress) { o.Progress(name, pr) }
	}
	return s
}

func selectFiles(dir, ext string, patterns []string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ext) {
			continue
		}
		base := strings.TrimSuffix(name, ext)
		ok := len(patterns) == 0
		for _, p := range patterns {
			m, err := filepath.Match(strings.TrimSpace(p), base)
			if err != nil {
				return nil, fmt.Errorf("bench: pattern %q: %w", p, err)
			}
			ok = ok || m
		}
		if ok {
			out = append(out, filepath.Join(dir, name))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("bench: no instance in %s matches %v", dir, patterns)
	}
	sort.Strings(out)
	return out, nil
}

func runOne(ctx context.Context, path string, fam family, obj vrp.Objective, bks map[string]BKS, opts Options) (Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return Result{}, fmt.Errorf("bench: %w", err)
	}
	inst, err := fam.read(f, filepath.Base(path))
	f.Close()
	if err != nil {
		return Result{}, err
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if fam.periodic {
		return runPVRP(ctx, inst, name, bks, opts)
	}
	p := inst.Problem(obj)
	customers := inst.Customers()
	start := time.Now()
	sol, err := vrp.Solve(ctx, p, opts.search(name))
	if err != nil {
		return Result{}, fmt.Errorf("bench %s: %w", name, err)
	}
	secs := time.Since(start).Seconds()
	routes := make([][]int, 0, len(sol.Routes))
	for _, r := range sol.Routes {
		nodes := make([]int, len(r.Jobs))
		for i, j := range r.Jobs {
			nodes[i] = customers[j]
		}
		routes = append(routes, nodes)
	}
	res := Result{Instance: name, Vehicles: len(routes), Seconds: secs}
	value, cerr := inst.CheckRoutes(routes)
	res.Feasible = cerr == nil
	if cerr == nil && vrp.Check(p, sol) != nil {
		res.Feasible = false
	}
	res.Value = value
	if cerr != nil {
		res.Value = math.NaN()
	}
	if b, ok := bks[name]; ok {
		res.BKS, res.BKSVehicles = b.Value, b.Vehicles
		res.GapPct = gap(res.Value, b.Value, fam.maximise)
	} else {
		res.BKS, res.GapPct = math.NaN(), math.NaN()
	}
	if opts.SolutionsDir != "" {
		if err := writeSolution(filepath.Join(opts.SolutionsDir, name+".sol"), inst, routes); err != nil {
			return res, err
		}
	}
	return res, nil
}

func gap(v, bks float64, maximise bool) float64 {
	if math.IsNaN(v) {
		return math.NaN()
	}
	if bks == 0 {
		if (maximise && v >= 0) || (!maximise && v <= 0) {
			return 0
		}
		return math.Inf(1)
	}
	if maximise {
		return (bks - v) / bks * 100
	}
	return (v - bks) / bks * 100
}

func writeSolution(path string, inst *Instance, routes [][]int) error {
	var b strings.Builder
	for i, r := range routes {
		fmt.Fprintf(&b, "Route %d :", i+1)
		for _, c := range r {
			fmt.Fprintf(&b, " %d", inst.Labels[c])
		}
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("bench: write solution: %w", err)
	}
	return nil
}
