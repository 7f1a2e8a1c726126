package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"medibus/lang"
	"medibus/scenario"
	"medibus/territory"
)

func (a *app) scenarioCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenario",
		Short: "List, export or check scenarios",
	}
	cmd.AddCommand(a.scenarioExportCmd(), a.scenarioCheckCmd(), a.scenarioListCmd())
	return cmd
}

func (a *app) scenarioExportCmd() *cobra.Command {
	export := &cobra.Command{
		Use:   "export",
		Short: "Write a scenario as a folder of CSV files (or workbooks)",
		Long: `Export writes the scenario as CSV files (rules, depots, units, staff, services,
sites, demand, pins) that can be edited and planned with 'medibus plan --scenario DIR'.
--excel writes them for a spreadsheet in French (UTF-8 with a byte-order mark, ';',
decimal commas, « lundi », « mardi matin »); --format xlsx writes one workbook per file
(sites.xlsx…) with INSEE codes as text and figures as numbers. medibus reads all of
them back. The formats are described in docs/scenario-files.md.`,
		Example: "  medibus scenario export --scenario creuse --dir creuse\n  medibus scenario export --scenario creuse --dir creuse --excel\n  medibus scenario export --scenario creuse --dir creuse --format xlsx",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"scenario": "scenario"})
			if err != nil {
				return err
			}
			dir, _ := cmd.Flags().GetString("dir")
			if dir == "" {
				return usageError{fmt.Errorf("--dir is required: the folder to write the CSV files to")}
			}
			travel, err := c.Travel.Model()
			if err != nil {
				return err
			}
			sc, _, err := a.loadScenario(cmd.Context(), c, travel)
			if err != nil {
				return err
			}
			format, err := scenarioFormat(cmd)
			if err != nil {
				return err
			}
			if err := scenario.WriteAs(dir, sc, format); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "wrote scenario %s to %s: %d units, %d staff, %d services, %d sites, %d demand rows\n",
				sc.Name, filepath.Clean(dir), len(sc.Units), len(sc.Staff), len(sc.Services), len(sc.Sites), len(sc.Demand))
			return nil
		},
	}
	export.Flags().String("scenario", "france", "built-in scenario name or folder")
	export.Flags().String("dir", "", "folder to write (created if needed)")
	export.Flags().String("format", "csv", "csv, or xlsx: one workbook per file (sites.xlsx…), INSEE codes as text, figures as numbers")
	export.Flags().Bool("excel", false, "CSV for a spreadsheet in French: BOM, ';', decimal commas, French weekdays, vrai/faux")
	return export
}

// scenarioFormat reads --format and --excel.
func scenarioFormat(cmd *cobra.Command) (scenario.Format, error) {
	format, _ := cmd.Flags().GetString("format")
	excel, _ := cmd.Flags().GetBool("excel")
	switch {
	case format == "xlsx" && excel:
		return 0, usageError{fmt.Errorf("--excel shapes CSV files: drop it with --format xlsx")}
	case format == "xlsx":
		return scenario.XLSX, nil
	case format != "csv":
		return 0, usageError{fmt.Errorf("--format %q: write csv or xlsx", format)}
	case excel:
		return scenario.FrenchCSV, nil
	}
	return scenario.CSV, nil
}

func (a *app) scenarioCheckCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "check DIR",
		Short: "Read a scenario folder and report its problems (the first 20), if any",
		Long: `Check reads every file of a scenario folder (CSV in either convention, or
workbooks) and reports all their problems at once (the first 20), each at its file,
line and column, in French with --lang fr or a French locale; and the warnings of codes
that point elsewhere (a postal code in an insee column).`,
		Example: "  medibus scenario check ./my-scenario\n  medibus scenario check --lang fr ./mon-scenario",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := a.loadConfig(cmd, nil)
			if err != nil {
				return err
			}
			if st, err := os.Stat(args[0]); err != nil || !st.IsDir() {
				return usageError{fmt.Errorf("%s is not a folder of scenario CSV files", args[0])}
			}
			// The argument is a folder even when a built-in scenario has its name.
			c.Scenario = args[0]
			if !filepath.IsAbs(c.Scenario) && !strings.ContainsAny(c.Scenario, `/\`) {
				c.Scenario = "." + string(filepath.Separator) + c.Scenario
			}
			travel, err := c.Travel.Model()
			if err != nil {
				return err
			}
			sc, _, err := a.loadScenario(cmd.Context(), c, travel)
			if err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "scenario %s is readable: %d units, %d staff, %d services, %d sites, %d communes, %d demand rows, %d pins\n",
				sc.Name, len(sc.Units), len(sc.Staff), len(sc.Services), len(sc.Sites), len(sc.Communes), len(sc.Demand), len(sc.Pins))
			fmt.Fprintln(a.stdout, lang.Text(scenario.SourcesOf(sc).Sentence(), a.lang))
			return nil
		},
	}
}

func (a *app) scenarioListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the built-in scenarios",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := territory.Load()
			if err != nil {
				return err
			}
			for _, n := range scenario.Names(f) {
				fmt.Fprintln(a.stdout, n)
			}
			return nil
		},
	}
}
