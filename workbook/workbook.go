// Package workbook writes tables as Excel workbooks (xlsx) with typed cells — codes as
// text, so that an INSEE code keeps its leading zero, figures as numbers, dates as
// dates — and reads a workbook's sheets back as rows of text, as a CSV file would
// give them, through github.com/xuri/excelize/v2.
package workbook

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Kind is how a column's cells are typed.
type Kind int

// The kinds of cells. A Text cell is a string whatever it holds ("01112", "=A1");
// a Number or Integer a number; a Date a date shown yyyy-mm-dd; a Clock a time of day
// shown hh:mm.
const (
	Text Kind = iota
	Number
	Integer
	Date
	Clock
)

// Column is a column of a sheet: its header and the kind of its cells.
type Column struct {
	Name string
	Kind Kind
}

// Sheet is one sheet of a workbook: a header row, then Rows. A row's values are, by
// the column's kind: a string (Text; any kind, to write it as text), a float64 or an
// int (Number, Integer), a time.Time (Date, its calendar day), minutes after midnight
// as an int (Clock); nil or "" leaves the cell empty.
type Sheet struct {
	Name    string
	Columns []Column
	Rows    [][]any
}

// Write writes the sheets as one workbook to w, each with its header in bold and frozen.
func Write(w io.Writer, sheets ...Sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	styles, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	for i, sh := range sheets {
		name := sheetName(sh.Name)
		if i == 0 {
			err = f.SetSheetName("Sheet1", name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err != nil {
			return fmt.Errorf("workbook: sheet %s: %w", name, err)
		}
		if err := writeSheet(f, name, sh, styles); err != nil {
			return fmt.Errorf("workbook: sheet %s: %w", name, err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("workbook: %w", err)
	}
	return nil
}

// sheetName makes name a valid sheet name: at most 31 characters, none of []:*?/\.
func sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > 31 {
		name = string([]rune(name)[:31])
	}
	if name == "" {
		return "Sheet1"
	}
	return name
}

type styles struct{ head, text, number, integer, date, clock int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	ymd, hm := "yyyy-mm-dd", "hh:mm"
	for _, st := range []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.head, excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49}},
		{&s.text, excelize.Style{NumFmt: 49}}, // "@": text, so that an edit stays text
		{&s.number, excelize.Style{NumFmt: 0}},
		{&s.integer, excelize.Style{NumFmt: 1}},
		{&s.date, excelize.Style{CustomNumFmt: &ymd}},
		{&s.clock, excelize.Style{CustomNumFmt: &hm}},
	} {
		if *st.dst, err = f.NewStyle(&st.style); err != nil {
			return s, err
		}
	}
	return s, nil
}

func writeSheet(f *excelize.File, name string, sh Sheet, st styles) error {
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, c := range sh.Columns {
		if err := sw.SetColWidth(i+1, i+1, width(c)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(sh.Columns))
	for i, c := range sh.Columns {
		head[i] = excelize.Cell{StyleID: st.head, Value: c.Name}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for r, row := range sh.Rows {
		if len(row) != len(sh.Columns) {
			return fmt.Errorf("row %d has %d values for %d columns", r+2, len(row), len(sh.Columns))
		}
		cells := make([]any, len(row))
		for i, v := range row {
			if cells[i], err = cell(v, sh.Columns[i].Kind, st); err != nil {
				return fmt.Errorf("row %d, column %s: %w", r+2, sh.Columns[i].Name, err)
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(r+2), cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func width(c Column) float64 {
	switch c.Kind {
	case Date:
		return 12
	case Clock, Integer:
		return 8
	case Number:
		return 11
	}
	return math.Min(40, math.Max(10, float64(utf8.RuneCountInString(c.Name))+2))
}

// excelEpoch is day 0 of a workbook's dates (1899-12-30, past Excel's 1900 leap bug).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

func cell(v any, k Kind, st styles) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		if x == "" {
			return nil, nil
		}
		return excelize.Cell{StyleID: st.text, Value: x}, nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("%v is not a finite number", x)
		}
		if k == Integer {
			return excelize.Cell{StyleID: st.integer, Value: x}, nil
		}
		return excelize.Cell{StyleID: st.number, Value: x}, nil
	case int:
		if k == Clock {
			return excelize.Cell{StyleID: st.clock, Value: float64(x) / 1440}, nil
		}
		return excelize.Cell{StyleID: st.integer, Value: x}, nil
	case time.Time:
		d := time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
		return excelize.Cell{StyleID: st.date, Value: math.Round(d.Sub(excelEpoch).Hours() / 24)}, nil
	}
	return nil, fmt.Errorf("value of type %T", v)
}

// Limits of a workbook read: a scenario file is at most 64 MB, and unzipped sheets
// beyond these are no scenario's.
const (
	maxUnzipped    = 512 << 20
	maxUnzippedXML = 64 << 20
)

// Rows are the rows of one sheet as text, each with its row number.
type Rows struct {
	Sheet string
	Rows  []Row
}

// Row is a row's number, as the spreadsheet shows it, and its cells as text.
type Row struct {
	Line   int
	Fields []string
}

// ErrNotWorkbook is the error of Read for bytes that are no xlsx workbook.
var ErrNotWorkbook = errors.New("not an Excel workbook (.xlsx)")

// Read reads every sheet of the workbook in r, in order, as text: a text cell as it
// is, a number as a program writes it (2.5, whatever its format shows), a date as
// yyyy-mm-dd, a time of day as hh:mm, a boolean as true or false. Empty rows are
// left out; rows keep the number the spreadsheet shows.
func Read(r io.Reader) ([]Rows, error) {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML,
		ShortDatePattern: "yyyy-mm-dd"})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	defer f.Close()
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	var out []Rows
	for _, name := range f.GetSheetList() {
		shown, err := f.GetRows(name)
		if err != nil {
			return nil, fmt.Errorf("sheet %s: %w", name, err)
		}
		raw, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("sheet %s: %w", name, err)
		}
		rows := Rows{Sheet: name}
		for i := range raw {
			fields := make([]string, len(raw[i]))
			blank := true
			for j := range raw[i] {
				s := ""
				if i < len(shown) && j < len(shown[i]) {
					s = shown[i][j]
				}
				fields[j] = value(raw[i][j], s, date1904)
				blank = blank && strings.TrimSpace(fields[j]) == ""
			}
			if !blank {
				rows.Rows = append(rows.Rows, Row{Line: i + 1, Fields: fields})
			}
		}
		out = append(out, rows)
	}
	return out, nil
}

// value is a cell's text from its raw value and what its format shows: the raw
// number, unless the format shows a date or a time of day, which are written
// yyyy-mm-dd and hh:mm.
func value(raw, shown string, date1904 bool) string {
	if raw == shown {
		return raw
	}
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(serial) || math.IsInf(serial, 0) {
		if shown != "" {
			return shown
		}
		return raw
	}
	switch strings.ToUpper(shown) {
	case "TRUE", "FALSE", "VRAI", "FAUX":
		return raw
	}
	clock := strings.Contains(shown, ":")
	date := strings.ContainsAny(shown, "/-.") && !looksNumeric(shown) || strings.IndexFunc(shown, isLetter) >= 0
	switch {
	case clock && serial >= 0 && serial < 1:
		m := int(math.Round(serial * 1440))
		return fmt.Sprintf("%02d:%02d", m/60%24, m%60)
	case date && serial >= 1 && serial < 2958466:
		t, err := excelize.ExcelDateToTime(math.Floor(serial), date1904)
		if err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return raw
}

func isLetter(r rune) bool {
	return r != 'E' && r != 'e' && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 && r != '\u00a0' && r != '\u202f' && r != '€')
}

// looksNumeric reports whether a formatted cell is a plain number (-1,234.50, 12 %).
func looksNumeric(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return !(r >= '0' && r <= '9' || strings.ContainsRune("+-., %\u00a0\u202f€$()", r))
	}) < 0 && strings.Count(s, "-") <= 1 && !strings.Contains(strings.TrimPrefix(strings.TrimSpace(s), "-"), "-")
}
