package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"medibus"
	"medibus/export"
)

// The desk's downloads of the plan being viewed: its sessions as `medibus export
// --format csv --excel` and `--format xlsx` write them, for a spreadsheet in French.

// The content types of the downloads.
const (
	csvType  = "text/csv; charset=utf-8"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// apiPlanCSV serves the plan's sessions as a CSV file for a spreadsheet in French.
func (s *Server) apiPlanCSV(w http.ResponseWriter, r *http.Request, _ principal) {
	s.servePlanExport(w, r, csvType, "csv", export.ExcelCSV)
}

// apiPlanXLSX serves the plan's sessions as an Excel workbook with typed cells.
func (s *Server) apiPlanXLSX(w http.ResponseWriter, r *http.Request, _ principal) {
	s.servePlanExport(w, r, xlsxType, "xlsx", export.XLSX)
}

// servePlanExport writes plan {id} with write, in full before the first byte is sent,
// so that a failure is an error response and not a truncated file.
func (s *Server) servePlanExport(w http.ResponseWriter, r *http.Request, contentType, ext string,
	write func(io.Writer, *medibus.Scenario, *medibus.Plan) error) {
	p, v, ok := s.planView(w, r)
	if !ok {
		return
	}
	var b bytes.Buffer
	if err := write(&b, v.sc, v.plan); err != nil {
		writeError(w, http.StatusInternalServerError, fmt.Errorf("export du plan %d : %w", p.ID, err))
		return
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="plan-%d.%s"`, p.ID, ext))
	_, _ = w.Write(b.Bytes())
}
