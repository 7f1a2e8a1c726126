package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"medibus"
	"medibus/planning"
	"medibus/scheduler"
)

func (a *app) replanCmd() *cobra.Command {
	var from, reason string
	var unavailable, absent []string
	var fill, asJSON bool
	cmd := &cobra.Command{
		Use:   "replan",
		Short: "Re-plan the published calendar on the dates of a breakdown or an absence",
		Long: `Replan records that buses or people are unavailable on some dates and makes a dated
change of the published calendar for those dates only: every session of those dates is
kept exactly as it was if it can be; a session whose bus or professional is missing keeps
its place and hours with a substitute of the same role, or on another bus within reach;
only then is it cancelled. With --fill, half-days left free on those dates are filled.
No rotation is rewritten: every other date is untouched, and the next cycles run as
published. The change is checked, stored as a draft and listed; publish it with
'medibus publish --plan ID', and patients' pages and calendars show the cancelled
sessions with the reason.`,
		Example: `  medibus replan --unavailable unit:bus-23:2026-12-15..2026-12-16
  medibus replan --absent staff:gp-bus-23-1:2026-12-21..2026-12-24 --reason "congé du Dr Blanc" --db creuse.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db", "seed": "seed"})
			if err != nil {
				return err
			}
			if len(unavailable)+len(absent) == 0 {
				return usageError{fmt.Errorf("nothing to re-plan for: give --unavailable unit:ID:DATE[..DATE] or --absent staff:ID:DATE[..DATE]")}
			}
			if f := strings.ToLower(from); f != "published" && f != "latest" {
				return usageError{fmt.Errorf("--from %s: a re-plan changes the published calendar on its dates, so it starts from what is published (--from published); to plan a rotation again from plan %s, run `medibus plan --from %s`", from, from, from)}
			}
			req := planning.ChangeRequest{Reason: reason, Fill: fill, Seed: c.Seed, TimeLimit: c.TimeLimit, Today: a.today()}
			if req.Absences, err = parseAbsences(unavailable, absent); err != nil {
				return err
			}
			db, err := openExistingStore(c.DB)
			if err != nil {
				return err
			}
			defer db.Close()
			travel, err := c.Travel.Model()
			if err != nil {
				return err
			}
			began := time.Now()
			svc := planning.Service{Store: db, Travel: travel}
			res, err := svc.Change(cmd.Context(), db, req)
			if err != nil {
				return a.planError(err)
			}
			if asJSON {
				return writeJSON(a.stdout, struct {
					Change int64                  `json:"change"`
					Days   []medibus.ChangedDay   `json:"days"`
					Report scheduler.ReplanReport `json:"report"`
				}{res.Plan.ID, res.Plan.Change.Days, res.Report})
			}
			if err := a.printChange(cmd.Context(), db, c.DB, res); err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "re-planned and checked in %.1f s\n", time.Since(began).Seconds())
			return nil
		},
	}
	f := cmd.Flags()
	f.String("db", "medibus.db", "SQLite database file")
	f.StringVar(&from, "from", "published", "what to re-plan: the published calendar (published)")
	f.StringArrayVar(&unavailable, "unavailable", nil, "a bus off the road: unit:ID:DATE[..DATE] (repeatable)")
	f.StringArrayVar(&absent, "absent", nil, "a person away: staff:ID:DATE[..DATE] (repeatable)")
	f.StringVar(&reason, "reason", "", "what patients read of a cancelled session (default: « panne du … », « absence de … »)")
	f.BoolVar(&fill, "fill", false, "also add sessions in the half-days left free on those dates")
	f.Int64("seed", 1, "random seed")
	f.BoolVar(&asJSON, "json", false, "print the changes as JSON")
	return cmd
}

// printChange lists a change as a coordinator reads it, and how to publish it.
func (a *app) printChange(ctx context.Context, db planStore, path string, res planning.ChangeResult) error {
	pl := res.Plan
	fmt.Fprintf(a.stdout, "change %d (%s) stored as a draft: %s from %s to %s, %d bus-day(s) replaced (« %s »)\n",
		pl.ID, pl.Scenario, pl.Change.Kind, pl.Change.From, pl.Change.To, len(pl.Change.Days), pl.Change.Reason)
	fmt.Fprintf(a.stdout, "  %s\n", res.Report.Summary())
	if s := pl.KPIs.Search; s != nil {
		fmt.Fprintf(a.stdout, "  objective of the calendar over the change's last cycle-long window: %s\n", objectiveLine(s))
	}
	sc, err := db.Scenario(ctx, pl.ScenarioID)
	if err != nil {
		return err
	}
	printChanges(a.stdout, sc, res.Report.Changes)
	fmt.Fprintf(a.stdout, "publish it with: medibus publish --db %s --plan %d\n", path, pl.ID)
	return nil
}

// parseAbsences reads the --unavailable and --absent specs.
func parseAbsences(unavailable, absent []string) ([]medibus.Absence, error) {
	var out []medibus.Absence
	for _, l := range []struct {
		specs      []string
		kind, flag string
	}{{unavailable, "unit", "--unavailable"}, {absent, "staff", "--absent"}} {
		for _, spec := range l.specs {
			ab, err := parseAbsence(spec, l.kind, l.flag)
			if err != nil {
				return nil, err
			}
			out = append(out, ab)
		}
	}
	return out, nil
}

// parseAbsence reads "kind:ID:DATE[..DATE]".
func parseAbsence(spec, kind, flag string) (medibus.Absence, error) {
	parts := strings.SplitN(spec, ":", 3)
	if len(parts) != 3 || parts[0] != kind || parts[1] == "" {
		return medibus.Absence{}, usageError{fmt.Errorf("%s %q: write %s:ID:DATE or %s:ID:DATE..DATE", flag, spec, kind, kind)}
	}
	rg, err := medibus.ParseDateRange(parts[2])
	if err != nil {
		return medibus.Absence{}, usageError{fmt.Errorf("%s %q: %w", flag, spec, err)}
	}
	ab := medibus.Absence{From: rg.From, To: rg.To}
	if kind == "unit" {
		ab.Unit = parts[1]
	} else {
		ab.Staff = parts[1]
	}
	return ab, nil
}

// printChanges lists each change on one line, as a coordinator reads them: the site by
// its name.
func printChanges(w io.Writer, sc *medibus.Scenario, cs []scheduler.Change) {
	ix := medibus.NewIndex(sc)
	desc := func(s *medibus.Session) string {
		site := s.Site
		if st := ix.Sites[s.Site]; st != nil {
			site = st.Name
		}
		return fmt.Sprintf("%s %s %s %s at %s, %s–%s, %s", s.Date, s.Date.Weekday().String()[:3], s.Half, s.Service, site, s.Start, s.End, s.Unit)
	}
	for _, c := range cs {
		switch c.Kind {
		case scheduler.ChangeCancelled:
			fmt.Fprintf(w, "  cancelled  %s with %s\n", desc(c.Before), crewOf(c.Before))
		case scheduler.ChangeAdded:
			fmt.Fprintf(w, "  added      %s with %s\n", desc(c.After), crewOf(c.After))
		case scheduler.ChangeRestaffed:
			fmt.Fprintf(w, "  restaffed  %s: %s instead of %s\n", desc(c.After), crewOf(c.After), crewOf(c.Before))
		case scheduler.ChangeMoved:
			fmt.Fprintf(w, "  moved      %s, instead of %s\n", desc(c.After), c.Before.Unit)
		default:
			fmt.Fprintf(w, "  %-10s %s, was %s–%s\n", c.Kind, desc(c.After), c.Before.Start, c.Before.End)
		}
	}
}

// crewOf names who runs a session: those on board, then those taking part from afar.
func crewOf(s *medibus.Session) string {
	out := strings.Join(s.Staff, ", ")
	if len(s.Remote) > 0 {
		out += " (remote: " + strings.Join(s.Remote, ", ") + ")"
	}
	return out
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}
