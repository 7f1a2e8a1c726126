package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"medibus"
	"medibus/planning"
	"medibus/store"
)

// planStore is what the commands need from storage.
type planStore interface {
	planning.Store
	planning.Records
	Scenario(ctx context.Context, id int64) (*medibus.Scenario, error)
	ResolvePlan(ctx context.Context, ref string) (*medibus.Plan, error)
	ListPlans(ctx context.Context) ([]store.PlanSummary, error)
	RevokeToken(ctx context.Context, id int64) error
	Closures(ctx context.Context) ([]medibus.Closure, error)
	Close() error
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
	if err := mustExist(path); err != nil {
		return nil, err
	}
	return openStore(path)
}

// mustExist refuses a database file that does not exist.
func mustExist(path string) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("database %s does not exist: run `medibus plan --db %s` first, or pass --db", path, path)
	}
	return nil
}

// openExisting opens the database at path, which must exist: a mistyped --db must not
// create an empty database.
func openExisting(path string) (*store.DB, error) {
	if err := mustExist(path); err != nil {
		return nil, err
	}
	return store.Open(path)
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
			fmt.Fprintln(tw, "ID\tSCENARIO\tVERSION\tKIND\tSTATUS\tSTART\tCREATED\tCOVERS")
			for _, p := range ps {
				fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", p.ID, p.Scenario, p.Version, p.Kind, p.Status, p.Start,
					p.CreatedAt.Format("2006-01-02 15:04"), covers(p))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().String("db", "medibus.db", "SQLite database file")
	return cmd
}

// covers says what a stored plan covers: a rotation's buses (every bus of its
// scenario when it names none), a change's days.
func covers(p store.PlanSummary) string {
	if p.Change != nil {
		return fmt.Sprintf("%d bus-day(s) from %s to %s: %s", len(p.Change.Days), p.Change.From, p.Change.To, p.Change.Reason)
	}
	if len(p.Units) == 0 {
		return "every bus of " + p.Scenario
	}
	return strings.Join(p.Units, ", ")
}

// deferredStore saves a plan in the database at path, opening it only then: a run that
// fails before saving leaves the database as it was, and creates none. When the save
// fails in a database it created, it removes it, so that no empty database is left
// behind.
type deferredStore struct {
	path string
}

// SavePlanWithScenario opens the database, saves sc and pl in one transaction and
// closes it.
func (s *deferredStore) SavePlanWithScenario(ctx context.Context, sc *medibus.Scenario, pl *medibus.Plan, parentID int64) (int64, error) {
	_, err := os.Stat(s.path)
	created := errors.Is(err, os.ErrNotExist)
	db, err := store.Open(s.path)
	if err == nil {
		var id int64
		id, err = db.SavePlanWithScenario(ctx, sc, pl, parentID)
		err = errors.Join(err, db.Close())
		if err == nil {
			return id, nil
		}
	}
	if created {
		removeDatabase(s.path)
	}
	return 0, err
}

// removeDatabase removes a database file this run created, with SQLite's side files.
func removeDatabase(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		_ = os.Remove(path + suffix) // absent side files are the usual case
	}
}
