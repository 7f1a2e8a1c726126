package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"medibus/store"
)

func (a *app) publishCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "publish",
		Short: "Publish a stored plan; a published plan is immutable",
		Long: `Publish makes a draft plan the published plan: patients and drivers see the latest
published plan, and it can no longer be changed or deleted (re-plan it instead).`,
		Example: "  medibus publish\n  medibus publish --db creuse.db --plan 3",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db"})
			if err != nil {
				return err
			}
			ref, _ := cmd.Flags().GetString("plan")
			if _, err := os.Stat(c.DB); errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("database %s does not exist: run `medibus plan --db %s` first, or pass --db", c.DB, c.DB)
			}
			db, err := store.Open(c.DB)
			if err != nil {
				return err
			}
			defer db.Close()
			pl, err := db.ResolvePlan(cmd.Context(), ref)
			if err != nil {
				return err
			}
			if err := db.Publish(cmd.Context(), pl.ID); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "plan %d (%s v%d) published\n", pl.ID, pl.Scenario, pl.Version)
			return nil
		},
	}
	cmd.Flags().String("db", "medibus.db", "SQLite database file")
	cmd.Flags().String("plan", "latest", "plan id or latest")
	return cmd
}
