package csvtable

import (
	"encoding/csv"
	"io"
	"regexp"
	"strings"
)

// A spreadsheet runs a cell that begins with one of these as a formula (=HYPERLINK(…),
// =cmd|' /C calc'!A0): OWASP's CSV injection. Text cells that begin so are written with
// a leading apostrophe, which spreadsheets show as text and which Reader drops again.
const formulaStarts = "=+-@\t\r"

// number matches a plain number, in either decimal convention: "-4.48", "-4,48".
var number = regexp.MustCompile(`^[+-]?[0-9]+([.,][0-9]+)?$`)

// Text returns s as a cell a spreadsheet shows as text: with a leading apostrophe when
// it would begin a formula. Numbers are left as they are.
func Text(s string) string {
	if s == "" || !strings.ContainsRune(formulaStarts, rune(s[0])) || number.MatchString(s) {
		return s
	}
	return "'" + s
}

// untext undoes Text: a leading apostrophe before a formula's first character goes.
func untext(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune(formulaStarts, rune(s[1])) {
		return s[1:]
	}
	return s
}

// Writer writes CSV for people: every cell goes through Text, so that no cell opened
// in a spreadsheet starts a formula.
type Writer struct {
	*csv.Writer
}

// NewWriter returns a Writer on w, with encoding/csv's defaults (set Comma for ';').
func NewWriter(w io.Writer) *Writer { return &Writer{csv.NewWriter(w)} }

// Write writes one record, its text cells made safe.
func (w *Writer) Write(record []string) error {
	safe := make([]string, len(record))
	for i, s := range record {
		safe[i] = Text(s)
	}
	return w.Writer.Write(safe)
}
