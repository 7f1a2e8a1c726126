package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"medibus/planning"
)

func (a *app) validateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "Re-check every hard constraint of a stored plan from scratch",
		Long: `Validate loads a stored plan and its scenario and checks every hard constraint of
docs/constraints.md with code independent of the planner. It prints each violation and
exits with status 1 if there is any.`,
		Example: "  medibus validate\n  medibus validate --db creuse.db --plan 3",
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
			travel, err := c.Travel.Model()
			if err != nil {
				return err
			}
			svc := planning.Service{Store: db, Travel: travel}
			vs, err := svc.CheckStored(cmd.Context(), db, pl)
			if err != nil {
				return err
			}
			if len(vs) > 0 {
				printViolations(a.stdout, vs)
				return &exitError{code: ExitFailure, err: fmt.Errorf("plan %d breaks %d hard constraints", pl.ID, len(vs))}
			}
			if pl.IsChange() {
				fmt.Fprintf(a.stdout, "change %d (%s v%d): %d sessions on %d bus-days, checked with the calendar around them from %s to %s, every hard constraint holds\n",
					pl.ID, pl.Scenario, pl.Version, len(pl.Sessions), len(pl.Change.Days), pl.Change.From, pl.Change.To)
				return nil
			}
			fmt.Fprintf(a.stdout, "plan %d (%s v%d): %d sessions, %d bus-days, every hard constraint holds\n",
				pl.ID, pl.Scenario, pl.Version, len(pl.Sessions), len(pl.BusDays))
			return nil
		},
	}
	cmd.Flags().String("db", "medibus.db", "SQLite database file")
	cmd.Flags().String("plan", "latest", "plan id, latest or published")
	return cmd
}
