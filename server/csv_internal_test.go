package server

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// TestNoticeCSVHasNoFormula: a site, a bus and a commune named like spreadsheet
// formulas (=HYPERLINK(…), =cmd|' /C calc'!A0, @SUM, +1+1) are written to the notice
// as text: no cell begins with =, +, -, @, a tab or a carriage return. Before, they
// were written as they were, and Excel ran them.
func TestNoticeCSVHasNoFormula(t *testing.T) {
	evil := []string{`=HYPERLINK("http://evil.example","clic")`, `=cmd|' /C calc'!A0`, "@SUM(A1:A9)", "+1+1", "-2+3", "\tcmd"}
	var ch changesJSON
	for i, name := range evil {
		ch.Changes = append(ch.Changes, changeJSON{Kind: "cancelled", KindLabel: name, INSEE: name, Commune: name, SiteName: name, ServiceName: name,
			DateLabel: name, Half: "matin", Before: &sideJSON{Unit: name, UnitName: name}, After: &sideJSON{Unit: "bus-" + string(rune('a'+i)), UnitName: name}})
	}
	var b bytes.Buffer
	if err := writeNoticeCSV(&b, ch); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\uFEFF")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) < len(evil) {
		t.Fatalf("notice: %d rows, %v", len(rows), err)
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
	}
}
