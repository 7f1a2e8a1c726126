package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"medibus"
	"medibus/config"
	"medibus/lang"
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
  medibus plan --scenario ./my-scenario --seed 3 --time-limit 30s
  medibus plan --scenario occitanie --apl apl-2023.csv --demand need.csv
  medibus plan --from published     # stay close to the published plan`,
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
	f.String("apl", "", "CSV of the DREES APL per commune (insee,apl): communes below the threshold are in need")
	f.String("demand", "", "CSV of need per commune and service (insee,service,need), over the scenario's")
	f.String("from", "", "plan to stay close to (id, latest or published): its sessions are kept where they still fit")
}

var planKeys = map[string]string{
	"scenario": "scenario", "db": "db", "seed": "seed", "time_limit": "time-limit",
	"iterations": "iterations", "start": "start", "engine": "engine", "apl": "apl", "demand": "demand",
}

// loadScenario builds a built-in scenario or reads a folder, timing access with travel,
// and lays the coordinator's APL and need files over it. dir is the folder read, or
// "" for a built-in scenario.
func (a *app) loadScenario(ctx context.Context, c config.Config, travel routing.Model) (sc *medibus.Scenario, dir string, err error) {
	f, err := territory.Load()
	if err != nil {
		return nil, "", err
	}
	var in scenario.Imports
	if c.APL != "" {
		// Codes are checked against all of France, so that one national file serves
		// every scenario.
		if in.APL, err = scenario.ReadAPL(c.APL, &medibus.Scenario{Name: "france", Communes: f.Communes}); err != nil {
			return nil, "", err
		}
	}
	folder, note := scenarioSource(c.Scenario, f)
	if note != "" {
		fmt.Fprintln(a.stderr, note)
	}
	if folder {
		dir = c.Scenario
		var warnings []error
		sc, warnings, err = scenario.ReadWithWarnings(ctx, dir, c.Planning, f, travel)
		a.warn(warnings)
		if err != nil {
			return nil, "", err
		}
		if in.APL != nil {
			scenario.ApplyAPL(sc, in.APL, &c.Planning)
		}
	} else if sc, err = scenario.Build(ctx, c.Scenario, c.Planning, f, travel, in); err != nil {
		return nil, "", err
	}
	if !c.Travel.RoadClosures {
		sc.RoadClosures = nil // stored without them, so that validate checks the same plan
	}
	if c.Demand != "" {
		rows, err := scenario.ReadDemandFile(c.Demand, sc)
		if err != nil {
			return nil, "", err
		}
		scenario.ApplyDemand(sc, rows)
	}
	return sc, dir, nil
}

// warn writes warnings on stderr, in the language of the command line.
func (a *app) warn(warnings []error) {
	prefix := "warning: "
	if a.lang == lang.French {
		prefix = "attention : "
	}
	for _, w := range warnings {
		fmt.Fprintln(a.stderr, prefix+lang.Text(w, a.lang))
	}
}

// scenarioSource says whether --scenario names a folder, and what to tell the user
// about the choice. A folder whose name is also a built-in scenario's (creuse) is read
// only when written as a path (./creuse): otherwise a folder left in the working
// directory would silently stand in for the built-in.
func scenarioSource(name string, f *territory.France) (folder bool, note string) {
	st, err := os.Stat(name)
	if err != nil || !st.IsDir() {
		return false, ""
	}
	base := filepath.Base(filepath.Clean(name))
	switch {
	case !scenario.IsBuiltIn(base, f):
		return true, ""
	case !strings.ContainsAny(name, `/\`):
		return false, fmt.Sprintf("scenario %s: the built-in one (a folder %s is here too: write --scenario ./%s to plan the folder)", name, name, name)
	default:
		return true, fmt.Sprintf("scenario %s: the folder, not the built-in scenario %s", name, base)
	}
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
	if c.Planning.Semester == "" {
		c.Planning.Semester = scenario.SemesterOf(start).String() // the interns' placement
	}
	began := time.Now()
	sc, dir, err := a.loadScenario(cmd.Context(), c, travel)
	if err != nil {
		return err
	}
	// The database is opened only to save, so that a run that fails leaves it as it was
	// and creates none (see deferredStore); --from reads it first.
	var db planning.Store = &deferredStore{path: c.DB}
	var ref *medibus.Plan
	if from, _ := cmd.Flags().GetString("from"); from != "" {
		existing, err := openExistingStore(c.DB)
		if err != nil {
			return err
		}
		defer existing.Close()
		if ref, err = existing.ResolvePlan(cmd.Context(), from); err != nil {
			return usageError{fmt.Errorf("--from %s: %w", from, err)}
		}
		if c.Start == "" {
			start = ref.Start // the same cycle, unless told otherwise
		}
		db = existing
	}
	if dir != "" {
		if err := scenario.PinsInCycle(dir, sc, start); err != nil {
			return err
		}
	}
	prog := newProgress(a.stderr, a.isTerminal)
	svc := planning.Service{Store: db, Travel: travel}
	pl, err := svc.Plan(cmd.Context(), sc, planning.Request{Engine: c.Engine, Options: scheduler.Options{
		Start: start, Seed: c.Seed, TimeLimit: c.TimeLimit, Iterations: c.Iterations,
		Weights: c.Weights, Progress: prog.update, Reference: ref,
	}})
	prog.done()
	if err != nil {
		return a.planError(err)
	}
	printSummary(a.stdout, sc, pl)
	if err := printRoadClosures(cmd.Context(), a.stdout, sc, pl, travel); err != nil {
		return err
	}
	idle, err := scheduler.IdleBuses(cmd.Context(), sc.Rotation(), pl, travel)
	if err != nil {
		return err
	}
	printFleet(a.stdout, sc, idle)
	if s := pl.KPIs.Search; s != nil {
		fmt.Fprintf(a.stderr, "search: %s\n", searchLine(s))
	}
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
func printSummary(w io.Writer, sc *medibus.Scenario, pl *medibus.Plan) {
	k := pl.KPIs
	end := pl.Start.AddDays(sc.Rules.CycleDays() - 1)
	first := firstService(sc)
	fmt.Fprintf(w, "plan %d (%s v%d) stored: %s, %s to %s, %d buses\n", pl.ID, pl.Scenario, pl.Version, pl.Status, pl.Start, end, len(sc.Units))
	fmt.Fprintf(w, "  care to people in need  %.1f %s consultations per 1,000 people in need per year; worst-served tenth %.1f; worst department %s %.1f; Gini %.2f\n",
		k.Per1000, first, k.WorstDecilePer1000, orDash(k.WorstDepartment), k.WorstDepartmentPer1000, k.Gini)
	fmt.Fprintf(w, "  people in need          %d, %.1f %% within %d min of a %s session\n", k.PopulationInNeed, 100*k.CoverageShare, sc.Rules.CatchmentMin, first)
	fmt.Fprintf(w, "  departments without %-3s %s\n", first, departmentsLine(k.WithoutCare))
	fmt.Fprintf(w, "  %s\n", scenario.SourcesOf(sc).Sentence())
	fmt.Fprintf(w, "  consultations           %d booked of %d slots (%.1f %%), %.1f %% to people in need; %.1f %% of their %s need over the cycle\n",
		k.ExpectedPatients, k.ConsultationSlots, 100*k.SlotsBooked, 100*k.ShareToNeed, 100*k.NeedMet, first)
	fmt.Fprintf(w, "  fleet                   %d of %d buses used, %d sessions on %d bus-days (%.1f %% of their half-days) at %d sites\n",
		k.BusesUsed, k.Buses, k.Sessions, k.BusDays, 100*k.HalfDaysUsed, k.SitesUsed)
	fmt.Fprintf(w, "  driving                 %.0f km, %.1f h, %.0f kg CO2; per bus-day p50 %d min, p95 %d min, max %d min; longest leg %d min\n",
		k.DriveKm, k.DriveHours, k.CO2Kg, k.DriveMinP50, k.DriveMinP95, k.DriveMinMax, k.LongestLegMin)
	fmt.Fprintf(w, "  fixed rhythm            %.1f %% of sessions; staff utilisation %.1f %%\n", 100*k.FixedRhythmShare, 100*k.StaffUtilisation)
	fmt.Fprintf(w, "  people on board         %d sessions with a medical assistant (%d consultations added), %d held by an intern\n",
		k.AssistedSessions, k.AssistantConsults, k.InternSessions)
	if k.Reference > 0 {
		fmt.Fprintf(w, "  kept from plan %-8d %d of %d sessions (same bus, site, service, weekday and half-day)\n", pl.ReferenceID, k.Kept, k.Reference)
	}
	for _, s := range k.Services {
		kind := ""
		if s.Tele {
			kind = " (tele)"
		}
		fmt.Fprintf(w, "  service %-15s %4d sessions, %6.1f per 1,000 in need per year, worst tenth %5.1f, Gini %.2f, %5.1f %% within reach\n",
			s.Service+kind, s.Sessions, s.Per1000, s.WorstDecilePer1000, s.Gini, 100*s.CoverageShare)
	}
	if s := k.Search; s != nil {
		fmt.Fprintf(w, "  objective               %s\n", objectiveLine(s))
	}
}

// departmentsLine names the departments left without care, with their people in
// need, or says there is none.
func departmentsLine(ds []medibus.DepartmentNeed) string {
	if len(ds) == 0 {
		return "none: every department's people in need have consultations booked"
	}
	f, _ := territory.Load()
	parts := make([]string, len(ds))
	for i, d := range ds {
		name := d.Department
		if f != nil {
			if dep, ok := f.Department(d.Department); ok {
				name += " " + dep.Name
			}
		}
		parts[i] = fmt.Sprintf("%s (%d people in need)", name, d.PopulationInNeed)
	}
	return fmt.Sprintf("%d: %s", len(ds), strings.Join(parts, ", "))
}

// objectiveLine writes the planner's objective and its weighted parts.
func objectiveLine(s *medibus.Search) string {
	p := s.Parts
	return fmt.Sprintf("%.2f = care %.2f + departments %.2f + reach %.2f − driving %.2f − long days %.2f + stability %.2f",
		s.Objective, p.Care, p.Departments, p.Reach, -p.Driving, -p.LongDays, p.Stability)
}

// searchLine says how long the search ran and why it stopped.
func searchLine(s *medibus.Search) string {
	limit := ""
	switch {
	case s.IterationLimit > 0:
		limit = fmt.Sprintf(" of %d", s.IterationLimit)
	case s.LimitSeconds > 0:
		limit = fmt.Sprintf(" of %.0f s", s.LimitSeconds)
	}
	if s.Engine == "greedy" {
		return fmt.Sprintf("greedy construction in %.1f s", s.Seconds)
	}
	return fmt.Sprintf("%s: %d iterations in %.1f s%s, stopped: %s", s.Engine, s.Iterations, s.Seconds, limit, s.Stopped)
}

// printFleet prints where the buses are and why, department by department, and names
// the idle buses with their reason.
func printFleet(w io.Writer, sc *medibus.Scenario, idle []scheduler.IdleBus) {
	type dept struct {
		code  string
		units []*medibus.Unit
	}
	var deps []*dept
	byCode := map[string]*dept{}
	ix := medibus.NewIndex(sc)
	for i := range sc.Units {
		u := &sc.Units[i]
		code := "?"
		if d := ix.Depots[u.Depot]; d != nil && ix.Communes[d.INSEE] != nil {
			code = ix.Communes[d.INSEE].Department
		}
		if byCode[code] == nil {
			byCode[code] = &dept{code: code}
			deps = append(deps, byCode[code])
		}
		byCode[code].units = append(byCode[code].units, u)
	}
	fmt.Fprintf(w, "where the buses are (%d department(s)):\n", len(deps))
	for _, d := range deps {
		for _, u := range d.units {
			base := u.Depot
			if dp := ix.Depots[u.Depot]; dp != nil {
				base = dp.Name
			}
			fmt.Fprintf(w, "  %-9s %s", u.ID, base)
			if u.Why != "" {
				fmt.Fprintf(w, ": %s", u.Why)
			}
			fmt.Fprintln(w)
		}
	}
	for _, b := range idle {
		fmt.Fprintf(w, "idle bus %s: %s\n", b.Unit, b.Reason)
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func firstService(sc *medibus.Scenario) string {
	if len(sc.Services) == 0 {
		return "—"
	}
	return sc.Services[0].ID
}

// printRoadClosures says which road closures the plan was made with, and those ahead
// that its drives cross: the rotation, repeated, will not run as planned from then.
func printRoadClosures(ctx context.Context, w io.Writer, sc *medibus.Scenario, pl *medibus.Plan, travel routing.Model) error {
	if len(sc.RoadClosures) == 0 {
		return nil
	}
	if !routing.TakesClosures(travel) {
		fmt.Fprintf(w, "  road closures           %d declared, not applied: the road service (%s) routes on its own data\n", len(sc.RoadClosures), travel)
		return nil
	}
	now := medibus.InForce(sc.RoadClosures, pl.Start, sc.Rules.CycleDays())
	var names []string
	for _, c := range now {
		names = append(names, c.Name)
	}
	fmt.Fprintf(w, "  road closures           %d of %d in force during the cycle: %s\n", len(now), len(sc.RoadClosures), orDash(strings.Join(names, "; ")))
	ahead, err := scheduler.ClosuresAhead(ctx, sc, pl, travel)
	if err != nil {
		return err
	}
	for _, c := range ahead {
		fmt.Fprintf(w, "  closes on %s        %s (closed %s): %d drives of %s cross it each cycle: plan those dates and publish the plan to take effect by then\n",
			c.Starts, c.Closure.Name, c.Closure.Closed, c.Legs, strings.Join(c.Units, ", "))
	}
	return nil
}
