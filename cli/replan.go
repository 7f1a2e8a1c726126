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
	var from string
	var unavailable, absent []string
	var fill, asJSON bool
	cmd := &cobra.Command{
		Use:   "replan",
		Short: "Re-plan after a breakdown or an absence, changing as little as possible",
		Long: `Replan records that buses or people are unavailable on some dates, then makes a new
plan from a stored one that keeps every session it can exactly as it was. A session whose
bus or professional is missing keeps its place and hours with a substitute of the same role,
or on another bus that can take it; only then is it cancelled. With --fill, half-days left
free are filled with new sessions. The new plan is checked, stored as a revision of the
old one (a draft to publish), and the changes are listed.`,
		Example: `  medibus replan --from published --unavailable unit:bus-23:2026-11-24..2026-11-25
  medibus replan --from 3 --absent staff:gp-bus-23-1:2026-12-01 --db creuse.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db", "seed": "seed"})
			if err != nil {
				return err
			}
			if len(unavailable)+len(absent) == 0 {
				return usageError{fmt.Errorf("nothing to re-plan for: give --unavailable unit:ID:DATE[..DATE] or --absent staff:ID:DATE[..DATE]")}
			}
			db, err := openExistingStore(c.DB)
			if err != nil {
				return err
			}
			defer db.Close()
			ref, sc, err := loadPlan(cmd.Context(), db, from)
			if err != nil {
				return err
			}
			if err := markAbsences(cmd.Context(), db, sc, unavailable, absent); err != nil {
				return err
			}
			travel, err := c.Travel.Model()
			if err != nil {
				return err
			}
			began := time.Now()
			svc := planning.Service{Store: db, Travel: travel}
			pl, rep, err := svc.Replan(cmd.Context(), sc, ref, scheduler.ReplanOptions{
				Options: scheduler.Options{Seed: c.Seed, TimeLimit: c.TimeLimit, Weights: c.Weights}, Fill: fill})
			if err != nil {
				return a.planError(err)
			}
			if asJSON {
				return writeJSON(a.stdout, struct {
					Plan   int64                  `json:"plan"`
					From   int64                  `json:"from"`
					Report scheduler.ReplanReport `json:"report"`
				}{pl.ID, ref.ID, rep})
			}
			fmt.Fprintf(a.stdout, "plan %d (%s v%d) stored as a revision of plan %d: %s\n", pl.ID, pl.Scenario, pl.Version, ref.ID, pl.Status)
			fmt.Fprintf(a.stdout, "  %s\n", rep.Summary())
			printChanges(a.stdout, sc, rep.Changes)
			fmt.Fprintf(a.stderr, "re-planned and checked in %.1f s\n", time.Since(began).Seconds())
			return nil
		},
	}
	f := cmd.Flags()
	f.String("db", "medibus.db", "SQLite database file")
	f.StringVar(&from, "from", "latest", "plan to revise: id, latest or published")
	f.StringArrayVar(&unavailable, "unavailable", nil, "a bus off the road: unit:ID:DATE[..DATE] (repeatable)")
	f.StringArrayVar(&absent, "absent", nil, "a person away: staff:ID:DATE[..DATE] (repeatable)")
	f.BoolVar(&fill, "fill", false, "also add sessions in the half-days left free")
	f.Int64("seed", 1, "random seed")
	f.BoolVar(&asJSON, "json", false, "print the changes as JSON")
	return cmd
}

// markAbsences records in sc the buses off the road and the people away, and the
// closures declared in the database.
func markAbsences(ctx context.Context, db planStore, sc *medibus.Scenario, unavailable, absent []string) error {
	if err := withClosures(ctx, db, sc); err != nil {
		return err
	}
	for _, spec := range unavailable {
		if err := markUnavailable(sc, spec, "unit", "--unavailable"); err != nil {
			return err
		}
	}
	for _, spec := range absent {
		if err := markUnavailable(sc, spec, "staff", "--absent"); err != nil {
			return err
		}
	}
	return nil
}

// markUnavailable applies "kind:ID:DATE[..DATE]" to the scenario.
func markUnavailable(sc *medibus.Scenario, spec, kind, flag string) error {
	parts := strings.SplitN(spec, ":", 3)
	if len(parts) != 3 || parts[0] != kind {
		return usageError{fmt.Errorf("%s %q: write %s:ID:DATE or %s:ID:DATE..DATE", flag, spec, kind, kind)}
	}
	rg, err := medibus.ParseDateRange(parts[2])
	if err != nil {
		return usageError{fmt.Errorf("%s %q: %w", flag, spec, err)}
	}
	id := parts[1]
	if kind == "unit" {
		for i := range sc.Units {
			if sc.Units[i].ID == id {
				sc.Units[i].Unavailable = append(sc.Units[i].Unavailable, rg)
				return nil
			}
		}
		return usageError{fmt.Errorf("%s %q: scenario %s has no bus %q (its buses: %s)", flag, spec, sc.Name, id, idList(len(sc.Units), func(i int) string { return sc.Units[i].ID }))}
	}
	for i := range sc.Staff {
		if sc.Staff[i].ID == id {
			sc.Staff[i].Unavailable = append(sc.Staff[i].Unavailable, rg)
			return nil
		}
	}
	return usageError{fmt.Errorf("%s %q: scenario %s has no staff member %q (see staff.csv of `medibus scenario export`)", flag, spec, sc.Name, id)}
}

// idList names up to 10 ids.
func idList(n int, id func(int) string) string {
	var ids []string
	for i := range min(n, 10) {
		ids = append(ids, id(i))
	}
	if n > 10 {
		ids = append(ids, fmt.Sprintf("… %d more", n-10))
	}
	return strings.Join(ids, ", ")
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
