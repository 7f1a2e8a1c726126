package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"medibus"
	"medibus/planning"
	"medibus/store"
)

// planStore is what the commands need from storage.
type planStore interface {
	planning.Store
	Scenario(ctx context.Context, id int64) (*medibus.Scenario, error)
	ResolvePlan(ctx context.Context, ref string) (*medibus.Plan, error)
	ListPlans(ctx context.Context) ([]store.PlanSummary, error)
	RevokeToken(ctx context.Context, id int64) error
	Closures(ctx context.Context) ([]medibus.Closure, error)
	Close() error
}

// withClosures gives sc the closures declared in the database (from the desk), so that
// the plans made here avoid them as the server's do.
func withClosures(ctx context.Context, db planStore, sc *medibus.Scenario) error {
	cl, err := db.Closures(ctx)
	if err != nil {
		return err
	}
	sc.Closures = cl
	return nil
}

func openStore(path string) (planStore, error) {
	db, err := store.Open(path)
	if err != nil {
		return nil, err
	}
	return db, nil
}

// openExistingStore refuses to create a new, empty database by mistake.
func openExistingStore(path string) (planStore, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("database %s does not exist: run `medibus plan --db %s` first, or pass --db", path, path)
	}
	return openStore(path)
}

// loadPlan resolves a plan reference and loads its scenario.
func loadPlan(ctx context.Context, db planStore, ref string) (*medibus.Plan, *medibus.Scenario, error) {
	pl, err := db.ResolvePlan(ctx, ref)
	if err != nil {
		return nil, nil, err
	}
	sc, err := db.Scenario(ctx, pl.ScenarioID)
	if err != nil {
		return nil, nil, err
	}
	return pl, sc, nil
}

func (a *app) plansCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "plans",
		Short: "List the stored plans",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db"})
			if err != nil {
				return err
			}
			db, err := openExistingStore(c.DB)
			if err != nil {
				return err
			}
			defer db.Close()
			ps, err := db.ListPlans(cmd.Context())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSCENARIO\tVERSION\tSTATUS\tSTART\tCREATED")
			for _, p := range ps {
				fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\n", p.ID, p.Scenario, p.Version, p.Status, p.Start, p.CreatedAt.Format("2006-01-02 15:04"))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().String("db", "medibus.db", "SQLite database file")
	return cmd
}
