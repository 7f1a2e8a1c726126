package scenario_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"medibus"
	"medibus/scenario"
)

// TestWriteAsReadBack: a scenario written for a French spreadsheet or as workbooks
// reads back as the same scenario as its CSV files.
func TestWriteAsReadBack(t *testing.T) {
	f := mustFrance(t)
	ctx := context.Background()
	sc, err := scenario.Build(ctx, "ain", scenario.Defaults(), f, gcTravel, scenario.Imports{})
	if err != nil {
		t.Fatal(err)
	}
	sc.Pins = nil
	sc.Staff[0].Unavailable = []medibus.DateRange{{From: 20000, To: 20002}}
	base := t.TempDir()
	read := map[scenario.Format]*medibus.Scenario{}
	for _, format := range []scenario.Format{scenario.CSV, scenario.FrenchCSV, scenario.XLSX} {
		dir := filepath.Join(base, []string{"csv", "french", "xlsx"}[format], "ain")
		if err := scenario.WriteAs(dir, sc, format); err != nil {
			t.Fatal(err)
		}
		if read[format], err = scenario.Read(ctx, dir, scenario.Defaults(), f, gcTravel); err != nil {
			t.Fatalf("format %d: %v", format, err)
		}
	}
	for _, format := range []scenario.Format{scenario.FrenchCSV, scenario.XLSX} {
		if !reflect.DeepEqual(read[format], read[scenario.CSV]) {
			t.Errorf("format %d reads back another scenario than CSV", format)
		}
	}
	french, err := os.ReadFile(filepath.Join(base, "french", "ain", "sites.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\ufeffid;insee;name;lat;lon;allowed;per_week\r\n", ";\"lundi, mardi", " après-midi\"", ";\"46,"} {
		if !strings.Contains(string(french), want) {
			t.Errorf("the French sites.csv lacks %q:\n%.300s", want, french)
		}
	}
	// The workbook's codes are text cells ("01…"), its figures numbers.
	book, err := excelize.OpenFile(filepath.Join(base, "xlsx", "ain", "sites.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	text := []excelize.CellType{excelize.CellTypeInlineString, excelize.CellTypeSharedString}
	number := []excelize.CellType{excelize.CellTypeUnset, excelize.CellTypeNumber} // a number cell has no type attribute
	for cell, want := range map[string][]excelize.CellType{"B2": text, "D2": number, "E2": number} {
		got, err := book.GetCellType("sites", cell)
		if err != nil || !slices.Contains(want, got) {
			t.Errorf("sites!%s is of type %v (%v), want one of %v", cell, got, err, want)
		}
	}
	if v, _ := book.GetCellValue("sites", "B2"); !strings.HasPrefix(v, "01") || len(v) != 5 {
		t.Errorf("sites!B2 = %q, want an INSEE code of the Ain, 01…", v)
	}
}
