package scenario

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"medibus"
	"medibus/csvtable"
	"medibus/workbook"
)

// Format is how Write lays out a scenario's files.
type Format int

// The formats of a scenario folder. CSV is for programs and the documentation's
// examples; FrenchCSV is what a spreadsheet set up for France opens as columns and
// saves back (a UTF-8 byte-order mark, ';', decimal commas, « lundi », « mardi
// matin », vrai and faux); XLSX writes one workbook per file (sites.xlsx for
// sites.csv) with typed cells: codes and ids as text, so that an INSEE code keeps its
// leading zero, figures as numbers. Read reads all three back.
const (
	CSV Format = iota
	FrenchCSV
	XLSX
)

// WriteAs saves sc in dir (created if needed) in format f.
func WriteAs(dir string, sc *medibus.Scenario, f Format) error {
	if f == CSV {
		return Write(dir, sc)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write scenario: %w", err)
	}
	for _, w := range writers {
		head := columnNames(w.spec.columns)
		rows, err := cells(w.spec, w.rows(sc))
		if err != nil {
			return fmt.Errorf("write %s: %w", filepath.Join(dir, w.spec.name), err)
		}
		name, b := w.spec.name, []byte(nil)
		if f == FrenchCSV {
			b, err = frenchCSV(head, rows)
		} else {
			name = xlsxName(name)
			b, err = xlsxFile(w.spec, head, rows)
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", filepath.Join(dir, name), err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return fmt.Errorf("write scenario: %w", err)
		}
	}
	return nil
}

// cells lays rows out in the order of the file's columns.
func cells(spec *fileSpec, rows []record) ([][]string, error) {
	head := columnNames(spec.columns)
	out := make([][]string, len(rows))
	for i, r := range rows {
		if len(r) != len(head) {
			return nil, fmt.Errorf("a row gives %d values for the %d columns %s", len(r), len(head), strings.Join(head, ","))
		}
		out[i] = make([]string, len(head))
		for j, c := range head {
			out[i][j] = r[c]
		}
	}
	return out, nil
}

// The columns whose values are read as decimal numbers, whole numbers, half-days of the
// week, a half-day or yes/no, wherever they are; rules.csv's value column is typed by
// its key.
var (
	decimalCols  = map[string]bool{"lat": true, "lon": true, "need": true, "rate_per_year": true}
	integerCols  = map[string]bool{"consult_min": true, "max_sessions_per_week": true, "max_parallel": true, "assistant_extra": true, "max_drive_min": true, "min_gap_days": true, "max_gap_days": true, "per_week": true}
	halfDaysCols = map[string]bool{"allowed": true, "availability": true, "days": true}
	boolCols     = map[string]bool{"intern": true, "synthetic": true, "intern_remote": true, "demand_only": true}
)

// frenchCSV writes the file for a French spreadsheet: numbers with a decimal comma,
// half-days and yes/no in French.
func frenchCSV(head []string, rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	w := csvtable.NewFrenchWriter(&b)
	_ = w.Write(head)
	for _, r := range rows {
		line := make([]string, len(r))
		for j, v := range r {
			line[j] = frenchCell(columnOf(head, r, j), v)
		}
		_ = w.Write(line)
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// columnOf is what column j of row r holds: its header, or for rules.csv's value the
// rule's key.
func columnOf(head, r []string, j int) string {
	if head[j] == "value" && len(head) == 2 && head[0] == "key" {
		return r[0]
	}
	return head[j]
}

// frenchCell writes v, of column col, the French way.
func frenchCell(col, v string) string {
	switch {
	case v == "":
		return v
	case decimalCols[col]:
		whole, frac, ok := strings.Cut(v, ".")
		if ok && len(frac) == 3 {
			// 46,281 reads as 46281 in a spreadsheet set for English, where the
			// comma groups thousands; 46,2810 reads as a number in French and as
			// text elsewhere, never as another number.
			frac += "0"
		}
		if !ok {
			return v
		}
		return whole + "," + frac
	case halfDaysCols[col]:
		if h, err := parseHalfDays(v); err == nil {
			return frenchHalfDays(h)
		}
	case col == "half":
		if h, err := parseHalf(v); err == nil {
			return frenchHalf(h)
		}
	case boolCols[col]:
		if b, err := strconv.ParseBool(v); err == nil {
			if b {
				return "vrai"
			}
			return "faux"
		}
	}
	return v
}

// xlsxFile writes the file as a workbook of one sheet named after it: decimal and
// whole-number columns (and rules' numeric values) as numbers, every other cell as
// text.
func xlsxFile(spec *fileSpec, head []string, rows [][]string) ([]byte, error) {
	sh := workbook.Sheet{Name: strings.TrimSuffix(spec.name, ".csv")}
	for _, h := range head {
		k := workbook.Text
		switch {
		case decimalCols[h]:
			k = workbook.Number
		case integerCols[h]:
			k = workbook.Integer
		}
		sh.Columns = append(sh.Columns, workbook.Column{Name: h, Kind: k})
	}
	for _, r := range rows {
		row := make([]any, len(r))
		for j, v := range r {
			row[j] = v
			col := columnOf(head, r, j)
			numeric := decimalCols[col] || integerCols[col] || col != head[j] // a rule's value
			if x, err := strconv.ParseFloat(v, 64); numeric && err == nil && plainNumber(v) {
				row[j] = x
			}
		}
		sh.Rows = append(sh.Rows, row)
	}
	var b bytes.Buffer
	if err := workbook.Write(&b, sh); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// plainNumber reports whether v is written as a number a program writes: no exponent,
// no leading zero that a code would have (01112).
func plainNumber(v string) bool {
	v = strings.TrimPrefix(v, "-")
	return v != "" && !strings.ContainsAny(v, "eEnNiI") && !(len(v) > 1 && v[0] == '0' && v[1] != '.')
}
