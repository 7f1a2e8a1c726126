package cli

import (
	"fmt"
	"math"
	"strings"

	"github.com/spf13/cobra"

	"medibus/engine/bench"
)

func (a *app) benchCmd() *cobra.Command {
	var opts bench.Options
	var instances, format string
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure the routing engine on public benchmark instances",
		Long: `bench solves public benchmark instances (Solomon VRPTW, Chao team orienteering,
CVRPLIB X, Cordeau periodic VRP) one after the other and prints, per instance, the
vehicles used (for pvrp: routes over all days), the distance (or score), the best-known
solution, the gap in percent and the seconds taken, then the average gap. Each solution
is re-checked against the instance file before it is counted.

Run it from the repository root (instances are read from testdata/bench) or pass --dir.`,
		Example: `  medibus bench --family solomon --instances 'C1*,R101' --time-limit 10s
  medibus bench --family top --time-limit 5s --format csv
  medibus bench --family cvrp --time-limit 60s --solutions out/cvrp
  medibus bench --family pvrp --instances 'p0*' --time-limit 20s --solutions out/pvrp`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch format {
			case "table", "csv", "json":
			default:
				return usageError{fmt.Errorf("--format %q: use table, csv or json", format)}
			}
			switch opts.Family {
			case bench.Solomon, bench.TOP, bench.CVRP, bench.PVRP:
			default:
				return usageError{fmt.Errorf("--family %q: use solomon, top, cvrp or pvrp", opts.Family)}
			}
			if instances != "" {
				opts.Instances = strings.Split(instances, ",")
			}
			opts.OnResult = func(r bench.Result) {
				gap := "no BKS"
				if !math.IsNaN(r.GapPct) {
					gap = fmt.Sprintf("gap %+.2f %%", r.GapPct)
				}
				fmt.Fprintf(a.stderr, "%-12s %3d vehicles %10.2f  %s  %.1f s%s\n", r.Instance, r.Vehicles, r.Value, gap, r.Seconds,
					map[bool]string{true: "", false: "  INFEASIBLE"}[r.Feasible])
			}
			rs, err := bench.Run(cmd.Context(), opts)
			if err != nil {
				return err
			}
			if err := bench.Write(a.stdout, format, rs); err != nil {
				return err
			}
			if s := bench.Summarise(rs); s.Infeasible > 0 {
				return &exitError{code: ExitFailure, err: fmt.Errorf("%d infeasible solutions", s.Infeasible)}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Family, "family", bench.Solomon, "solomon, top, cvrp or pvrp")
	f.StringVar(&instances, "instances", "", "comma-separated instance names or patterns (C101,R2*); default all")
	f.DurationVar(&opts.TimeLimit, "time-limit", 0, "time per instance (default 10s when --iterations is not set)")
	f.Int64Var(&opts.Iterations, "iterations", 0, "iterations per worker; with --seed, gives reproducible results")
	f.Uint64Var(&opts.Seed, "seed", 1, "random seed")
	f.IntVar(&opts.Workers, "workers", 2, "parallel searches per instance")
	f.StringVar(&opts.Objective, "objective", "distance", "distance or vehicles-then-distance (solomon, cvrp)")
	f.StringVar(&opts.SolutionsDir, "solutions", "", "write one solution file per instance to this folder (pvrp: Cordeau .res format)")
	f.StringVar(&opts.Dir, "dir", "testdata/bench", "root folder of the benchmark instances")
	f.StringVar(&format, "format", "table", "table, csv or json")
	cmd.AddCommand(a.benchRoadCmd())
	return cmd
}
