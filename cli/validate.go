package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"medibus/validate"
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
			pl, sc, err := loadPlan(cmd.Context(), db, ref)
			if err != nil {
				return err
			}
			travel, err := c.Travel.Model()
			if err != nil {
				return err
			}
			// A stored plan is a rotation: its cycle repeats, holidays cancel dates.
			vs, err := validate.Check(cmd.Context(), sc.Rotation(), pl, travel)
			if err != nil {
				return err
			}
			if len(vs) > 0 {
				printViolations(a.stdout, vs)
				return &exitError{code: ExitFailure, err: fmt.Errorf("plan %d breaks %d hard constraints", pl.ID, len(vs))}
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
