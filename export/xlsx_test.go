package export_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"medibus/export"
)

// TestXLSX: the workbook export, read back by excelize, has the INSEE code as a text
// cell with its leading zero, figures as numbers, the date as a date and times as
// times of day.
func TestXLSX(t *testing.T) {
	sc, pl := fixture()
	sc.Sites[0].INSEE = "01112"
	var b bytes.Buffer
	if err := export.XLSX(&b, sc, pl); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	text := []excelize.CellType{excelize.CellTypeInlineString, excelize.CellTypeSharedString}
	number := []excelize.CellType{excelize.CellTypeUnset, excelize.CellTypeNumber} // a number cell has no type attribute
	for _, tc := range []struct {
		cell  string
		types []excelize.CellType
		raw   string // the stored value
		shown string // what the spreadsheet shows
	}{
		{"E2", text, "01112", "01112"},
		{"F2", text, "Place de la mairie, Ajain", "Place de la mairie, Ajain"},
		{"C2", text, "mardi", "mardi"},
		{"G2", number, "46.20456", "46.20456"},
		{"O2", number, "10", "10"},
		{"P2", number, "12.345", "12.345"},
		{"B2", number, "46350", "2026-11-24"},
		{"J2", number, "0.5625", "13:30"},
	} {
		typ, err := f.GetCellType(sheet, tc.cell)
		if err != nil || !slices.Contains(tc.types, typ) {
			t.Errorf("%s: type %v (%v), want one of %v", tc.cell, typ, err, tc.types)
		}
		raw, _ := f.GetCellValue(sheet, tc.cell, excelize.Options{RawCellValue: true})
		shown, _ := f.GetCellValue(sheet, tc.cell)
		if raw != tc.raw || shown != tc.shown {
			t.Errorf("%s: raw %q shown %q, want %q and %q", tc.cell, raw, shown, tc.raw, tc.shown)
		}
	}
}
