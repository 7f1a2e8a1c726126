package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"medibus/config"
	"medibus/routing/osrm/osrmfake"
	"medibus/territory"
)

// roadBench are the settings of 'medibus bench road'.
type roadBench struct {
	scenario, start string
	seed, iters     int64
	timeLimit       time.Duration
	latencies       []time.Duration
	maxKmh          float64
}

func (a *app) benchRoadCmd() *cobra.Command {
	var b roadBench
	cmd := &cobra.Command{
		Use:   "road",
		Short: "Measure a plan through a road service: a loopback fake OSRM at a set latency",
		Long: `bench road plans a scenario (default france) the way 'medibus plan --osrm URL' does,
through a fake OSRM table service on 127.0.0.1 whose legs are the built-in great-circle
model kept on land and whose every answer waits --latency first; then the same plan with
the built-in model directly. It prints, per run, the table requests, the cells
(sources × destinations) answered, the most requests in flight at once, the wall time
and the peak memory of the process, the time against the built-in model's, and whether
the two plans' figures agree: with the same seed and iteration limit they must be the
same plan.

The iteration limit (not a time limit) fixes the search's work, so that the times compare
the travel model's cost and the plans compare at all.`,
		Example: `  medibus bench road --latency 10ms,25ms --seed 1 --start 2027-01-04
  medibus bench road --scenario creuse --latency 0 --iterations 200`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if b.iters <= 0 {
				return usageError{fmt.Errorf("--iterations %d: a bench compares plans of the same work, give a positive limit", b.iters)}
			}
			return a.runRoadBench(cmd.Context(), b)
		},
	}
	f := cmd.Flags()
	f.StringVar(&b.scenario, "scenario", "france", "built-in scenario name")
	f.StringVar(&b.start, "start", "2027-01-04", "Monday the cycle starts on, YYYY-MM-DD")
	f.Int64Var(&b.seed, "seed", 1, "random seed")
	f.Int64Var(&b.iters, "iterations", 900, "search iterations of every plan (the default France plan makes about 900 in its 30 s)")
	f.DurationVar(&b.timeLimit, "time-limit", 10*time.Minute, "bound on each plan's search, far above what the iterations take")
	f.Float64Var(&b.maxKmh, "max-kmh", 0, "travel.osrm_max_kmh of the runs through the fake (0: the fake's own bound)")
	f.DurationSliceVar(&b.latencies, "latency", []time.Duration{10 * time.Millisecond}, "time the fake service waits before each answer; several comma-separated run one plan each")
	return cmd
}

// roadRun is one measured plan.
type roadRun struct {
	name    string
	seconds float64
	peakMiB float64
	stats   *osrmfake.Stats // nil for the built-in model
	summary string          // the plan's figures as 'medibus plan' prints them
}

func (a *app) runRoadBench(ctx context.Context, b roadBench) error {
	dir, err := os.MkdirTemp("", "medibus-bench-road-")
	if err != nil {
		return fmt.Errorf("bench road: %w", err)
	}
	defer os.RemoveAll(dir)
	// What a process loads once (the territory, the coastline) is loaded before any
	// clock starts, so that the first run does not pay for the others.
	if _, err := territory.Load(); err != nil {
		return err
	}
	if _, err := config.DefaultTravel().Model(); err != nil {
		return err
	}
	if b.maxKmh == 0 {
		t := config.DefaultTravel()
		b.maxKmh = max(t.SlowKmh, t.FastKmh) / t.Detour
	}
	fmt.Fprintf(a.stdout, "scenario %s, seed %d, %d iterations; road runs with osrm_max_kmh %.2f\n", b.scenario, b.seed, b.iters, b.maxKmh)
	gc, err := a.roadBenchPlan(ctx, b, filepath.Join(dir, "gc.db"), "")
	if err != nil {
		return fmt.Errorf("bench road: plan with the built-in model: %w", err)
	}
	gc.name = "great-circle on land"
	fmt.Fprintf(a.stdout, "%s: %s\n", gc.name, runLine(gc, gc))
	for k, lat := range b.latencies {
		r, err := a.roadBenchFake(ctx, b, filepath.Join(dir, fmt.Sprintf("road%d.db", k)), lat)
		if err != nil {
			return fmt.Errorf("bench road: plan through the fake OSRM at %v: %w", lat, err)
		}
		fmt.Fprintf(a.stdout, "%s: %s\n", r.name, runLine(r, gc))
	}
	fmt.Fprintf(a.stdout, "%s per 1,000 people in need (great-circle): %s\n", firstWordService(gc.summary), headline(gc.summary))
	return nil
}

// roadBenchFake plans through a fresh fake service answering after lat.
func (a *app) roadBenchFake(ctx context.Context, b roadBench, db string, lat time.Duration) (roadRun, error) {
	legs, err := config.DefaultTravel().Model() // its own caches, cold like the built-in run's
	if err != nil {
		return roadRun{}, err
	}
	srv := &osrmfake.Server{Legs: legs, Latency: lat}
	l, err := osrmfake.Listen(srv)
	if err != nil {
		return roadRun{}, err
	}
	defer l.Close()
	r, err := a.roadBenchPlan(ctx, b, db, l.URL)
	if err != nil {
		return r, err
	}
	st := srv.Stats()
	r.name, r.stats = "fake OSRM at "+lat.String(), &st
	return r, nil
}

// roadBenchPlan runs 'medibus plan' in this process, through the OSRM service at url
// or, when url is empty, with the configured model, and measures it.
func (a *app) roadBenchPlan(ctx context.Context, b roadBench, db, url string) (roadRun, error) {
	args := []string{"plan", "--scenario", b.scenario, "--start", b.start, "--db", db,
		"--seed", strconv.FormatInt(b.seed, 10), "--iterations", strconv.FormatInt(b.iters, 10),
		"--time-limit", b.timeLimit.String()}
	if url != "" {
		args = append(args, "--osrm", url)
	}
	if a.configFile != "" {
		args = append(args, "--config", a.configFile)
	}
	var out, errb bytes.Buffer
	sub := &app{stdout: &out, stderr: &errb, configFile: a.configFile, now: a.now, lang: a.lang, openRoads: true}
	if url != "" {
		sub.osrmMaxKmh = b.maxKmh
	}
	root := sub.rootCmd()
	root.SetArgs(args)
	root.SetOut(io.Discard)
	root.SetErr(&errb)
	runtime.GC()
	debug.FreeOSMemory()
	peak := watchMemory()
	began := time.Now()
	err := root.ExecuteContext(ctx)
	secs := time.Since(began).Seconds()
	mib := peak()
	if err != nil {
		return roadRun{}, fmt.Errorf("%w (%s)", err, strings.TrimSpace(errb.String()))
	}
	return roadRun{seconds: secs, peakMiB: mib, summary: out.String()}, nil
}

// runLine describes a run against the built-in model's.
func runLine(r, gc roadRun) string {
	s := fmt.Sprintf("%.1f s, peak %.0f MiB", r.seconds, r.peakMiB)
	if r.stats == nil {
		return s
	}
	agree := "same plan figures"
	if plainSummary(r.summary) != plainSummary(gc.summary) {
		agree = fmt.Sprintf("DIFFERENT plan figures (per 1,000: %s vs %s)", headline(r.summary), headline(gc.summary))
	}
	return fmt.Sprintf("%d table requests, %d cells, at most %d in flight; %s, %.2f× the great-circle time; %s",
		r.stats.Requests, r.stats.Cells, r.stats.MaxInFlight, s, r.seconds/gc.seconds, agree)
}

// plainSummary is a plan's printed figures without the line naming the plan.
func plainSummary(s string) string {
	if _, rest, ok := strings.Cut(s, "\n"); ok {
		return rest
	}
	return s
}

// headline returns the care figure of a summary: the first service's consultations
// per 1,000 people in need per year.
func headline(summary string) string {
	for line := range strings.SplitSeq(summary, "\n") {
		if f := strings.Fields(line); len(f) > 5 && strings.HasPrefix(strings.TrimSpace(line), "care to people in need") {
			return f[5]
		}
	}
	return "?"
}

func firstWordService(summary string) string {
	for line := range strings.SplitSeq(summary, "\n") {
		if f := strings.Fields(line); len(f) > 6 && strings.HasPrefix(strings.TrimSpace(line), "care to people in need") {
			return f[6] + " consultations"
		}
	}
	return "consultations"
}

// watchMemory samples the memory the Go runtime holds from the OS (mapped and not
// released) until the returned function is called, which gives the peak in MiB.
func watchMemory() (peak func() float64) {
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	read := func() uint64 {
		metrics.Read(samples)
		return samples[0].Value.Uint64() - samples[1].Value.Uint64()
	}
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		best := read()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				done <- max(best, read())
				return
			case <-t.C:
				best = max(best, read())
			}
		}
	}()
	return func() float64 {
		close(stop)
		return float64(<-done) / (1 << 20)
	}
}
