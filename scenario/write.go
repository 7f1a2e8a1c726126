package scenario

import (
	"bytes"
	"fmt"
	"medibus/csvtable"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"medibus"
)

// record is one row of a scenario file, by column name.
type record map[string]string

// Write saves sc as CSV files in dir (created if needed). Read gives it back. Each
// file's header is its declared column list, and each row gives those columns.
func Write(dir string, sc *medibus.Scenario) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write scenario: %w", err)
	}
	for _, f := range writers {
		if err := writeCSV(dir, f.spec, f.rows(sc)); err != nil {
			return err
		}
	}
	return nil
}

// writers give each file of a folder its rows, in the order Read reads them.
var writers = []struct {
	spec *fileSpec
	rows func(*medibus.Scenario) []record
}{
	{&rulesFile, rulesRows},
	{&depotsFile, depotsRows},
	{&organisationsFile, organisationsRows},
	{&unitsFile, unitsRows},
	{&staffFile, staffRows},
	{&servicesFile, servicesRows},
	{&sitesFile, sitesRows},
	{&demandFile, demandRows},
	{&pinsFile, pinsRows},
	{&frequenciesFile, frequenciesRows},
	{&ferriesFile, ferriesRows},
	{&roadClosuresFile, roadClosuresRows},
}

// allFiles lists the files of a folder.
var allFiles = func() []*fileSpec {
	out := make([]*fileSpec, len(writers))
	for i, w := range writers {
		out[i] = w.spec
	}
	return out
}()

func writeCSV(dir string, spec *fileSpec, rows []record) error {
	path := filepath.Join(dir, spec.name)
	b, err := encodeCSV(spec, rows)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("write scenario: %w", err)
	}
	return nil
}

// encodeCSV gives the content of spec's file: its declared columns, then the rows.
func encodeCSV(spec *fileSpec, rows []record) ([]byte, error) {
	head := columnNames(spec.columns)
	var b bytes.Buffer
	w := csvtable.NewWriter(&b)
	w.Write(head)
	for _, r := range rows {
		if len(r) != len(head) {
			// A value for a column the file does not declare would be lost silently.
			return nil, fmt.Errorf("a row gives %d values for the %d columns %s", len(r), len(head), strings.Join(head, ","))
		}
		line := make([]string, len(head))
		for j, c := range head {
			line[j] = r[c]
		}
		w.Write(line)
	}
	w.Flush()
	return b.Bytes(), w.Error()
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
