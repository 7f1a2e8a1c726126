package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"medibus/scheduler"
)

func (a *app) explainCmd() *cobra.Command {
	var ref, insee, service string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "explain",
		Short: "Say why a commune is or is not served by a plan",
		Long: `Explain says, for one commune and each service (or one), whether a session of the
plan lies within the catchment time of it and, if not, the first reason why: no need
recorded, no candidate site near enough, no bus able to reach the sites, no bus with the
equipment or staff for the service, no staff on the days the sites allow, or half-days
given to communes with more need.`,
		Example: `  medibus explain --commune 23143
  medibus explain --commune 23220 --service gyn --db creuse.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db"})
			if err != nil {
				return err
			}
			if insee == "" {
				return usageError{fmt.Errorf("--commune: give the INSEE code of a commune, e.g. --commune 23096")}
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
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
