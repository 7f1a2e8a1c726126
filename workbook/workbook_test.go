package workbook

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func sample() Sheet {
	return Sheet{Name: "séances: 1/2", Columns: []Column{{"insee", Text}, {"need", Number}, {"n", Integer}, {"date", Date}, {"start", Clock}, {"name", Text}},
		Rows: [][]any{
			{"01112", 2.5, 12, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), 9*60 + 30, "=HYPERLINK(\"x\")"},
			{"2A004", 0.0, 0, time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), 17 * 60, ""},
		}}
}

// TestTypedCells: an INSEE code is a text cell and keeps its zero, figures are numbers,
// dates are dates and a formula-like text is text, as excelize reads them.
func TestTypedCells(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sample()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	if sheet != "séances_ 1_2" {
		t.Errorf("sheet name %q", sheet)
	}
	tests := []struct {
		cell  string
		typ   excelize.CellType
		value string
	}{
		{"A2", excelize.CellTypeSharedString, "01112"},
		{"A3", excelize.CellTypeSharedString, "2A004"},
		{"B2", excelize.CellTypeNumber, "2.5"},
		{"C2", excelize.CellTypeNumber, "12"},
		{"D2", excelize.CellTypeNumber, "46349"},
		{"E2", excelize.CellTypeNumber, "0.3958333333333333"},
		{"F2", excelize.CellTypeSharedString, "=HYPERLINK(\"x\")"},
	}
	for _, tc := range tests {
		typ, err := f.GetCellType(sheet, tc.cell)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := f.GetCellValue(sheet, tc.cell, excelize.Options{RawCellValue: true})
		formula, _ := f.GetCellFormula(sheet, tc.cell)
		// excelize reports a number written without a type attribute as unset.
		// The stream writer writes text inline rather than in the shared strings.
		switch typ {
		case excelize.CellTypeUnset:
			typ = excelize.CellTypeNumber
		case excelize.CellTypeInlineString:
			typ = excelize.CellTypeSharedString
		}
		if typ != tc.typ || v != tc.value || formula != "" {
			t.Errorf("%s: type %v value %q formula %q, want type %v value %q", tc.cell, typ, v, formula, tc.typ, tc.value)
		}
	}
}

// TestReadBack: Read gives the cells as a CSV file would.
func TestReadBack(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, sample(), Sheet{Name: "two", Columns: []Column{{"a", Text}}, Rows: [][]any{{"x"}}}); err != nil {
		t.Fatal(err)
	}
	got, err := Read(&b)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"insee", "need", "n", "date", "start", "name"},
		{"01112", "2.5", "12", "2026-11-23", "09:30", "=HYPERLINK(\"x\")"},
		{"2A004", "0", "0", "2027-01-04", "17:00"},
	}
	if len(got) != 2 || len(got[0].Rows) != len(want) || got[1].Sheet != "two" {
		t.Fatalf("read %+v", got)
	}
	for i, row := range got[0].Rows {
		if row.Line != i+1 || len(row.Fields) != len(want[i]) {
			t.Fatalf("row %d: %+v, want %q", i+1, row, want[i])
		}
		for j := range want[i] {
			if row.Fields[j] != want[i][j] {
				t.Errorf("row %d cell %d: %q, want %q", i+1, j+1, row.Fields[j], want[i][j])
			}
		}
	}
}

func TestValue(t *testing.T) {
	tests := []struct{ raw, shown, want string }{
		{"2.5", "2.50", "2.5"},
		{"0.5", "50%", "0.5"},
		{"1234.5", "1,234.50", "1234.5"},
		{"46349", "23/11/2026", "2026-11-23"},
		{"46349", "23-Nov-26", "2026-11-23"},
		{"46349.5", "2026-11-23 12:00", "2026-11-23"},
		{"0.375", "09:00", "09:00"},
		{"0.375", "9:00 AM", "09:00"},
		{"text", "text", "text"},
		{"1", "TRUE", "1"},
	}
	for _, tc := range tests {
		if got := value(tc.raw, tc.shown, false); got != tc.want {
			t.Errorf("value(%q, %q) = %q, want %q", tc.raw, tc.shown, got, tc.want)
		}
	}
}

func TestNotAWorkbook(t *testing.T) {
	if _, err := Read(bytes.NewReader([]byte("insee,need\n23096,1\n"))); !errors.Is(err, ErrNotWorkbook) {
		t.Fatalf("a CSV read as a workbook: %v, want ErrNotWorkbook", err)
	}
}

// FuzzRead: no input makes Read panic.
func FuzzRead(f *testing.F) {
	var b bytes.Buffer
	if err := Write(&b, sample()); err != nil {
		f.Fatal(err)
	}
	f.Add(b.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := Read(bytes.NewReader(data))
		if err == nil && rows == nil && len(data) == 0 {
			t.Fatal("an empty input read without error")
		}
	})
}
