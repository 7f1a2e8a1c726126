package cli

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"medibus"
	"medibus/planning"
	"medibus/routing"
	"medibus/scheduler"
)

// explainLong is explain's help.
const explainLong = `Explain says, for one commune and each service (or one), whether a session of the
plan lies within the catchment time of it and, if not, the first reason why: no need
recorded, no candidate site near enough, no bus able to reach the sites, no bus with the
equipment or staff for the service, no staff on the days the sites allow, or half-days
given to communes with more need.

With --idle it says instead why the buses' half-days stay empty: the most sessions the
sites within reach can take (a service comes back to a site on one regular half-day a
week), then, per bus, the empty half-days counted by binding cause — the first cause,
in order, that rules out the last session the bus could hold there: the bus off that
day, no site or service at all, a holiday or closure, the sites' days, the staff's
days, the sites taken by other buses, the fixed weekly rhythm, a frequency rule, the
staff busy or at their cap, the driving limits, no need left, not worth the drive, or
free and worth it (the search stopped before). --unit lists a bus's empty half-days.`

func (a *app) explainCmd() *cobra.Command {
	var ref, insee, service, unit string
	var asJSON, idle bool
	cmd := &cobra.Command{
		Use:   "explain",
		Short: "Say why a commune is or is not served by a plan, or why buses stay idle",
		Long:  explainLong,
		Example: `  medibus explain --commune 23143
  medibus explain --commune 23220 --service gyn --db creuse.db
  medibus explain --idle
  medibus explain --idle --unit bus-23b`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db"})
			if err != nil {
				return err
			}
			if unit != "" && !idle {
				return usageError{fmt.Errorf("--unit goes with --idle: medibus explain --idle --unit %s", unit)}
			}
			if insee == "" && !idle {
				return usageError{fmt.Errorf("--commune: give the INSEE code of a commune, e.g. --commune 23096, or --idle to say why the buses' half-days stay empty")}
			}
			db, err := openExistingStore(c.DB)
			if err != nil {
				return err
			}
			defer db.Close()
			pl, sc, err := loadPlan(cmd.Context(), db, ref)
			if err != nil {
				return err
			}
			travel, err := c.Travel.Model()
			if err != nil {
				return err
			}
			if idle {
				return a.explainIdle(cmd, sc, pl, travel, unit, asJSON)
			}
			// An unknown commune or service is bad input, not a wrong command line.
			es, err := scheduler.Explain(cmd.Context(), sc, pl, travel, insee, service)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(a.stdout, es)
			}
			for _, e := range es {
				fmt.Fprintf(a.stdout, "%s %s (%s): %s — need %.1f consultations over the cycle\n", e.Commune, e.INSEE, e.Service, e.Verdict, e.Need)
				for _, r := range e.Reasons {
					fmt.Fprintf(a.stdout, "  %s\n", r)
				}
				for _, s := range e.Sessions {
					fmt.Fprintf(a.stdout, "  %s %s %s at %s (%.0f min), bus %s\n", s.Date, s.Date.Weekday().String()[:3], s.Half, s.SiteName, s.Minutes, s.Unit)
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.String("db", "medibus.db", "SQLite database file")
	f.StringVar(&ref, "plan", "latest", "plan id, latest or published")
	f.StringVar(&insee, "commune", "", "INSEE code of the commune")
	f.StringVar(&service, "service", "", "one service (default: every service)")
	f.BoolVar(&idle, "idle", false, "say why the buses' half-days stay empty")
	f.StringVar(&unit, "unit", "", "with --idle: list this bus's empty half-days")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// idleWords says each cause of an empty half-day in a few words, then in a sentence.
var idleWords = map[string][2]string{
	scheduler.IdleOff:       {"bus off", "the bus does not run that half-day (its days, or a dated unavailability)"},
	scheduler.IdleNothing:   {"nothing to hold", "no site within the bus's reach, or no service it can offer"},
	scheduler.IdleClosed:    {"closed", "a public holiday or a declared closure closes the sites it reaches"},
	scheduler.IdleSiteDays:  {"sites' days", "the sites within reach do not open that half-day"},
	scheduler.IdleStaffDays: {"staff's days", "no professional of the services works that half-day (their days, their absences)"},
	scheduler.IdleSiteTaken: {"site taken", "the sites open that half-day hold another bus's session"},
	scheduler.IdleRhythm:    {"fixed rhythm", "every site left already has its service's one regular half-day a week on another weekday or half-day"},
	scheduler.IdleFrequency: {"frequency", "a frequency rule of the sites left (its half-days or its minimum gap)"},
	scheduler.IdleStaffBusy: {"staff busy", "the professionals free that half-day are in other sessions or at their weekly cap"},
	scheduler.IdleDriving:   {"driving", "with the day's other session, the shift, the driving limit or the longest leg would break"},
	scheduler.IdleNoNeed:    {"no need left", "the need within reach is already booked"},
	scheduler.IdleNotWorth:  {"not worth it", "a session would fit, but its care is worth less than its driving"},
	scheduler.IdleOpen:      {"open", "a session would fit and pay for its driving: re-optimise"},
}

// explainIdle prints why the buses of plan pl leave half-days empty; with unit, that
// bus's empty half-days one by one. A rotation is explained on its scenario's
// rotation, as it was planned; a dated change covers some days only, so it is refused.
func (a *app) explainIdle(cmd *cobra.Command, sc *medibus.Scenario, pl *medibus.Plan, travel routing.Model, unit string, asJSON bool) error {
	if pl.IsChange() {
		return fmt.Errorf("plan %d is a dated change of some days: explain the rotation it changes instead (medibus plans lists them)", pl.ID)
	}
	if unit != "" && !slices.ContainsFunc(sc.Units, func(u medibus.Unit) bool { return u.ID == unit }) {
		return fmt.Errorf("bus %q is not in scenario %s: give one of %s", unit, sc.Name, strings.Join(unitIDs(sc), ", "))
	}
	r, err := (&planning.Service{Travel: travel}).Idle(cmd.Context(), sc, pl)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(a.stdout, r)
	}
	printIdle(a.stdout, sc, pl, r, unit)
	return nil
}

// printIdle writes the idle report for people: the ceiling, the fleet's causes, then
// each bus (or only unit, half-day by half-day).
func printIdle(w io.Writer, sc *medibus.Scenario, pl *medibus.Plan, r *scheduler.IdleReport, unit string) {
	c := r.Ceiling
	fmt.Fprintf(w, "plan %d (%s v%d), %d buses, %d-week cycle from %s: %d half-days, %d sessions, %d empty\n",
		pl.ID, pl.Scenario, pl.Version, len(r.Units), r.CycleWeeks, pl.Start, r.HalfDays, r.Sessions, r.Empty)
	fmt.Fprintf(w, "  ceiling: %s for %d working half-days of the buses\n", ceiling(c, r.CycleWeeks), c.Works)
	if r.Empty > 0 {
		fmt.Fprintln(w, "  why the empty half-days stay empty (the cause that rules out the last session the bus could hold there):")
		for _, n := range byCount(r.Causes) {
			fmt.Fprintf(w, "  %5d  %s: %s\n", n.Count, idleWords[n.Cause][0], idleWords[n.Cause][1])
		}
	}
	names := map[string]string{}
	for _, u := range sc.Units {
		names[u.ID] = u.Name
	}
	for _, u := range r.Units {
		if unit != "" && u.Unit != unit {
			continue
		}
		var parts []string
		for _, n := range byCount(u.Causes) {
			parts = append(parts, fmt.Sprintf("%d %s", n.Count, idleWords[n.Cause][0]))
		}
		fmt.Fprintf(w, "  %-8s %s: %d half-days, %d sessions, %d empty", u.Unit, names[u.Unit], u.HalfDays, u.Sessions, u.Empty)
		if len(parts) > 0 {
			fmt.Fprintf(w, ": %s", strings.Join(parts, ", "))
		}
		fmt.Fprintf(w, " (ceiling %d sessions at %d sites)\n", u.Ceiling.Sessions, u.Ceiling.Sites)
		if unit == "" {
			continue
		}
		for _, s := range u.Slots {
			fmt.Fprintf(w, "    %s %s %s  %-13s %s\n", s.Date, s.Date.Weekday().String()[:3], s.Half, idleWords[s.Cause][0], ruledOut(s))
		}
	}
}

// ceiling says how many sessions the sites can take: "10 sites × 1 service(s) with
// need, 1 regular half-day a week each × 2 weeks = 20 sessions possible".
func ceiling(c scheduler.IdleCeiling, weeks int) string {
	each := "1 regular half-day a week each"
	if c.PerWeek != c.Pairs {
		each = fmt.Sprintf("%d regular half-days a week in all", c.PerWeek)
	}
	return fmt.Sprintf("%d sites × %d service(s) with need, %s × %d weeks = %d sessions possible", c.Sites, c.Services, each, weeks, c.Sessions)
}

// byCount orders causes by count, most first, keeping the causes' order among equals.
func byCount(cs []scheduler.IdleCount) []scheduler.IdleCount {
	out := slices.Clone(cs)
	slices.SortStableFunc(out, func(a, b scheduler.IdleCount) int { return cmp.Compare(b.Count, a.Count) })
	return out
}

// ruledOut says how the sessions the bus could hold were ruled out: "10 possible
// sessions: 3 sites taken, 7 fixed rhythm", or the cause's sentence when it rules out
// the whole half-day.
func ruledOut(s scheduler.IdleHalfDay) string {
	if len(s.RuledOut) == 0 {
		return idleWords[s.Cause][1]
	}
	var parts []string
	for _, c := range s.RuledOut {
		parts = append(parts, fmt.Sprintf("%d %s", c.Count, idleWords[c.Cause][0]))
	}
	return fmt.Sprintf("%d possible sessions: %s", s.Options, strings.Join(parts, ", "))
}

// unitIDs lists the ids of sc's buses.
func unitIDs(sc *medibus.Scenario) []string {
	out := make([]string, len(sc.Units))
	for i := range sc.Units {
		out[i] = sc.Units[i].ID
	}
	return out
}
