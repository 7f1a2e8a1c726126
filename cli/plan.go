package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"medibus"
	"medibus/config"
	"medibus/planning"
	"medibus/routing"
	"medibus/scenario"
	"medibus/scheduler"
	"medibus/territory"
	"medibus/validate"
)

func (a *app) planCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Plan a scenario, check the plan and store it",
		Long: `Plan builds the scenario (built-in: france, a region such as bretagne, a department
such as creuse; or a folder of CSV files written by 'medibus scenario export'), runs the
planner, checks every hard constraint of the result independently, stores scenario and
plan in the database, and prints the plan's key figures.`,
		Example: `  medibus plan
  medibus plan --scenario creuse --start 2026-11-23 --db creuse.db
  medibus plan --scenario ./my-scenario --seed 3 --time-limit 30s`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runPlan(cmd) },
	}
	addPlanFlags(cmd)
	return cmd
}

func addPlanFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.String("scenario", "france", "built-in scenario name or folder of CSV files")
	f.String("db", "medibus.db", "SQLite database file")
	f.Int64("seed", 1, "random seed (same seed and iteration limit give the same plan)")
	f.Duration("time-limit", 30*time.Second, "stop optimising after this long (it also stops once it stops improving)")
	f.Int("iterations", 0, "stop after this many iterations (0: no limit)")
	f.String("start", "", "Monday the cycle starts on, YYYY-MM-DD (default: next Monday)")
	f.String("engine", "lns", "planner: lns (greedy start, then large-neighbourhood search) or greedy (constructive only)")
}

var planKeys = map[string]string{
	"scenario": "scenario", "db": "db", "seed": "seed", "time_limit": "time-limit",
	"iterations": "iterations", "start": "start", "engine": "engine",
}

// loadScenario builds a built-in scenario or reads a folder, timing access with travel.
func loadScenario(ctx context.Context, c config.Config, travel routing.Model) (*medibus.Scenario, error) {
	f, err := territory.Load()
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(c.Scenario); err == nil && st.IsDir() {
		return scenario.Read(ctx, c.Scenario, c.Planning, f, travel)
	}
	return scenario.Build(ctx, c.Scenario, c.Planning, f, travel)
}

func (a *app) runPlan(cmd *cobra.Command) error {
	c, err := a.loadConfig(cmd, planKeys)
	if err != nil {
		return err
	}
	start, err := a.startDate(c)
	if err != nil {
		return err
	}
	if _, err := scheduler.New(c.Engine); err != nil {
		return usageError{err}
	}
	travel, err := c.Travel.Model()
	if err != nil {
		return err
	}
	began := time.Now()
	sc, err := loadScenario(cmd.Context(), c, travel)
	if err != nil {
		return err
	}
	db, err := openStore(c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	prog := newProgress(a.stderr, a.isTerminal)
	svc := planning.Service{Store: db, Travel: travel}
	pl, err := svc.Plan(cmd.Context(), sc, planning.Request{Engine: c.Engine, Options: scheduler.Options{
		Start: start, Seed: c.Seed, TimeLimit: c.TimeLimit, Iterations: c.Iterations,
		Weights: c.Weights, Progress: prog.update,
	}})
	prog.done()
	if err != nil {
		return a.planError(err)
	}
	printSummary(a.stdout, sc, pl, c.DB)
	fmt.Fprintf(a.stderr, "planned and checked in %.1f s\n", time.Since(began).Seconds())
	return nil
}

// planError prints the violations of a plan that broke hard constraints on stderr and
// turns them into exit status 1.
func (a *app) planError(err error) error {
	var ve *planning.ViolationsError
	if errors.As(err, &ve) {
		printViolations(a.stderr, ve.Violations)
		return &exitError{code: ExitFailure, err: fmt.Errorf("%s that breaks %d hard constraints; nothing was stored", ve.What, len(ve.Violations))}
	}
	return err
}

func printViolations(w io.Writer, vs []validate.Violation) {
	for _, v := range vs {
		fmt.Fprintln(w, v.String())
	}
}

// printSummary prints the plan's key figures; nothing run-dependent (times, paths of
// temporary files) goes to stdout, so it can be compared with a golden file.
func printSummary(w io.Writer, sc *medibus.Scenario, pl *medibus.Plan, db string) {
	k := pl.KPIs
	end := pl.Start.AddDays(sc.Rules.CycleDays() - 1)
	fmt.Fprintf(w, "plan %d (%s v%d) stored: %s, %s to %s, %d buses\n", pl.ID, pl.Scenario, pl.Version, pl.Status, pl.Start, end, len(sc.Units))
	fmt.Fprintf(w, "  sessions            %d on %d bus-days at %d sites\n", k.Sessions, k.BusDays, k.SitesUsed)
	fmt.Fprintf(w, "  communes served     %d of %d\n", k.CommunesServed, len(sc.Communes))
	fmt.Fprintf(w, "  people in need      %d within %d min of a %s session: %.1f %% of %d\n",
		k.PopulationCovered, sc.Rules.CatchmentMin, firstService(sc), 100*k.CoverageShare, k.PopulationInNeed)
	fmt.Fprintf(w, "  consultations       %d offered, %d booked by need (%.1f %%)\n", k.ConsultationSlots, k.ExpectedPatients, 100*k.SlotsUsedByNeed)
	fmt.Fprintf(w, "  fixed rhythm        %.1f %% of sessions\n", 100*k.FixedRhythmShare)
	fmt.Fprintf(w, "  driving             %.0f km, %.1f h, %.0f kg CO2\n", k.DriveKm, k.DriveHours, k.CO2Kg)
	fmt.Fprintf(w, "  staff utilisation   %.1f %%\n", 100*k.StaffUtilisation)
	for _, s := range k.Services {
		fmt.Fprintf(w, "  service %-10s %4d sessions, %5.1f %% of people in need within reach, worst decile %.2f visits\n",
			s.Service, s.Sessions, 100*s.CoverageShare, s.WorstDecileVisits)
	}
}

func firstService(sc *medibus.Scenario) string {
	if len(sc.Services) == 0 {
		return "—"
	}
	return sc.Services[0].ID
}
