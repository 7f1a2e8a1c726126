package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"medibus"
	"medibus/planning"
)

func (a *app) publishCmd() *cobra.Command {
	var effective string
	var units []string
	cmd := &cobra.Command{
		Use:   "publish",
		Short: "Publish a stored plan: a rotation for its buses from a date, or a dated change",
		Long: `Publish makes a draft plan public; from then on it is immutable.

A rotation (made by 'medibus plan') replaces, from its effective date, the published
rotation of the buses it covers, and of those only: a department and the nation share
one database, and what patients, drivers and town halls see is the union of what each
owner published. The effective date is by default the first start of the rotation's
cycle from today on; it is never in the past, so what was shown on a past date stays.

A dated change (made by 'medibus replan') replaces the bus-days it changes, on their
dates only; every other date keeps its rotation.`,
		Example: "  medibus publish\n  medibus publish --db creuse.db --plan 3 --effective 2027-01-04\n  medibus publish --plan 5 --units bus-23,bus-23b",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db"})
			if err != nil {
				return err
			}
			ref, _ := cmd.Flags().GetString("plan")
			db, err := openExistingStore(c.DB)
			if err != nil {
				return err
			}
			defer db.Close()
			pl, err := db.ResolvePlan(cmd.Context(), ref)
			if err != nil {
				return err
			}
			req := planning.PublishRequest{Plan: pl.ID, Units: units, Today: a.today()}
			if effective != "" {
				if req.Effective, err = medibus.ParseDate(effective); err != nil {
					return usageError{fmt.Errorf("--effective: %w", err)}
				}
			}
			svc := planning.Service{Store: db}
			done, err := svc.Publish(cmd.Context(), db, req)
			if err != nil {
				return err
			}
			if pl.IsChange() {
				var days []string
				for _, d := range pl.Change.Days {
					days = append(days, d.Unit+" "+d.Date.String())
				}
				fmt.Fprintf(a.stdout, "change %d published: %s (%s)\n", pl.ID, strings.Join(days, ", "), pl.Change.Reason)
				return nil
			}
			fmt.Fprintf(a.stdout, "plan %d (%s v%d) published for %s from %s\n", pl.ID, pl.Scenario, pl.Version, busList(done.Units), done.Effective)
			return nil
		},
	}
	f := cmd.Flags()
	f.String("db", "medibus.db", "SQLite database file")
	f.String("plan", "latest", "plan id or latest")
	f.StringVar(&effective, "effective", "", "first date the rotation is shown on, YYYY-MM-DD (default: the first start of its cycle from today)")
	f.StringSliceVar(&units, "units", nil, "publish for these buses only (default: every bus the rotation covers)")
	return cmd
}

// busList names the buses, or counts them when there are many.
func busList(units []string) string {
	if len(units) > 6 {
		return fmt.Sprintf("%d buses (%s, …, %s)", len(units), strings.Join(units[:3], ", "), units[len(units)-1])
	}
	return strings.Join(units, ", ")
}
