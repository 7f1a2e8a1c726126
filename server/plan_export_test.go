package server_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestPlanExports: the desk downloads the plan it shows as CSV for a French
// spreadsheet and as a workbook, with their content type and file name; a driver
// and a visitor cannot; the publication's notice comes as a workbook too.
func TestPlanExports(t *testing.T) {
	e := newEnv(t)
	if _, body := e.do("GET", "/api/plans/1", e.coordinator, ""); !strings.Contains(body, `"need":"besoin : `) {
		t.Errorf("the plan does not say where its need comes from: %.300s", body)
	}
	for _, tc := range []struct {
		path, ctype, file string
	}{
		{"/api/plans/1/export.csv", "text/csv; charset=utf-8", "plan-1.csv"},
		{"/api/plans/1/export.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "plan-1.xlsx"},
		{"/api/plans/1/notice.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "avis-plan-1.xlsx"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			res, body := e.do("GET", tc.path, e.coordinator, "")
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != tc.ctype ||
				res.Header.Get("Content-Disposition") != `attachment; filename="`+tc.file+`"` {
				t.Fatalf("%d %q %q", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
			}
			switch {
			case strings.HasSuffix(tc.path, ".csv"):
				r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF")))
				r.Comma = ';'
				rows, err := r.ReadAll()
				if !strings.HasPrefix(body, "\uFEFFunit;date;weekday;") || err != nil || len(rows) < 20 || len(rows[1]) != 21 {
					t.Fatalf("CSV (%v): %.300s", err, body)
				}
			default:
				f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if rows, err := f.GetRows(f.GetSheetList()[0]); err != nil || len(rows) < 1 {
					t.Fatalf("workbook rows: %v, %d", err, len(rows))
				}
			}
			for _, who := range []string{e.driver, ""} {
				if res, _ := e.do("GET", tc.path, who, ""); res.StatusCode != 401 && res.StatusCode != 403 {
					t.Errorf("token %q: %d, want it refused", who, res.StatusCode)
				}
			}
		})
	}
}
