package scenario

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"medibus"
)

// Write saves sc as CSV files in dir (created if needed). Read gives it back.
func Write(dir string, sc *medibus.Scenario) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write scenario: %w", err)
	}
	for _, f := range []struct {
		name string
		head []string
		rows func(*medibus.Scenario) [][]string
	}{
		{RulesFile, rulesHead, rulesRows},
		{DepotsFile, depotsHead, depotsRows},
		{OrganisationsFile, organisationsHead, organisationsRows},
		{UnitsFile, unitsHead, unitsRows},
		{StaffFile, staffHead, staffRows},
		{ServicesFile, servicesHead, servicesRows},
		{SitesFile, sitesHead, sitesRows},
		{DemandFile, demandHead, demandRows},
		{PinsFile, pinsHead, pinsRows},
		{FrequenciesFile, frequenciesHead, frequenciesRows},
	} {
		if err := writeCSV(dir, f.name, f.head, f.rows(sc)); err != nil {
			return err
		}
	}
	return nil
}

func writeCSV(dir, name string, head []string, rows [][]string) error {
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write scenario: %w", err)
	}
	w := csv.NewWriter(f)
	w.Write(head)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func join(xs []string) string { return strings.Join(xs, ";") }

func ranges(rs []medibus.DateRange) string {
	var s []string
	for _, r := range rs {
		s = append(s, r.String())
	}
	return join(s)
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
