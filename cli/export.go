package cli

import (
	"context"
	"fmt"
	"io"
	"medibus"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"medibus/export"
)

func (a *app) exportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write a stored plan as JSON, CSV or an Excel workbook",
		Long: `Export writes a stored plan: --format csv gives one row per session (unit, date,
weekday, half, site, times, service, staff, expected patients, leg from the previous
stop); --format json gives the same with depots, units, bus-day totals and KPIs.
--excel writes the CSV for a spreadsheet in French: UTF-8 with a byte-order mark, ';'
between fields (every field holding a comma quoted), decimal commas and French weekdays.
--format xlsx writes the CSV's rows as a workbook with typed cells: INSEE codes as
text (leading zeros kept), dates as dates, times as times, figures as numbers.`,
		Example: "  medibus export --format csv --out plan.csv\n  medibus export --format csv --excel --out plan.csv\n  medibus export --format xlsx --out plan.xlsx\n  medibus export --db creuse.db --plan 2 --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.loadConfig(cmd, map[string]string{"db": "db"})
			if err != nil {
				return err
			}
			format, _ := cmd.Flags().GetString("format")
			out, _ := cmd.Flags().GetString("out")
			ref, _ := cmd.Flags().GetString("plan")
			excel, _ := cmd.Flags().GetBool("excel")
			write, err := planWriter(format, excel)
			if err != nil {
				return err
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
			if out == "" || out == "-" {
				return write(ctxWriter{cmd.Context(), a.stdout}, sc, pl)
			}
			// Write beside the target and rename, so a failed export leaves no half file.
			tmp, err := os.CreateTemp(filepath.Dir(out), ".medibus-export-*")
			if err != nil {
				return fmt.Errorf("export to %s: %w", out, err)
			}
			defer os.Remove(tmp.Name())
			if err := write(ctxWriter{cmd.Context(), tmp}, sc, pl); err != nil {
				tmp.Close()
				return err
			}
			// CreateTemp makes the file private; an export is meant to be shared.
			if err := tmp.Chmod(0o644); err != nil {
				tmp.Close()
				return fmt.Errorf("export to %s: %w", out, err)
			}
			if err := tmp.Close(); err != nil {
				return fmt.Errorf("export to %s: %w", out, err)
			}
			if err := os.Rename(tmp.Name(), out); err != nil {
				return fmt.Errorf("export to %s: %w", out, err)
			}
			fmt.Fprintf(a.stderr, "wrote plan %d (%d sessions) to %s\n", pl.ID, len(pl.Sessions), out)
			return nil
		},
	}
	cmd.Flags().String("db", "medibus.db", "SQLite database file")
	cmd.Flags().String("plan", "latest", "plan id, latest or published")
	cmd.Flags().String("format", "json", "json, csv or xlsx")
	cmd.Flags().String("out", "", "output file (default: standard output)")
	cmd.Flags().Bool("excel", false, "CSV for a spreadsheet in French: BOM, ';', decimal commas, French weekdays")
	return cmd
}

// planWriter is the export that --format and --excel ask for.
func planWriter(format string, excel bool) (func(io.Writer, *medibus.Scenario, *medibus.Plan) error, error) {
	switch {
	case format != "json" && format != "csv" && format != "xlsx":
		return nil, usageError{fmt.Errorf("--format %q: use json, csv or xlsx", format)}
	case excel && format != "csv":
		return nil, usageError{fmt.Errorf("--excel shapes a CSV file: add --format csv")}
	case excel:
		return export.ExcelCSV, nil
	case format == "csv":
		return export.CSV, nil
	case format == "xlsx":
		return export.XLSX, nil
	}
	return export.JSON, nil
}

// ctxWriter stops writing once ctx is cancelled, so that SIGINT or SIGTERM stops an
// export of France within a write (the export itself knows nothing of contexts), and
// the half-written temporary file is removed.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}
