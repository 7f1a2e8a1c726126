package csvtable

import (
	"bufio"
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
	// french, set by NewFrenchWriter, writes the records itself to fr.
	french bool
	fr     *bufio.Writer
	bom    bool // the byte-order mark is still to write
	err    error
}

// NewWriter returns a Writer on w, with encoding/csv's defaults (set Comma for ';').
func NewWriter(w io.Writer) *Writer { return &Writer{Writer: csv.NewWriter(w)} }

// NewFrenchWriter returns a Writer for a spreadsheet set up for France: a UTF-8
// byte-order mark (else accents come out garbled), ';' between fields, and every field
// that holds a comma, a semicolon, a quote, a line break or surrounding spaces between
// double quotes. LibreOffice's import dialog also ticks the comma as a separator in a
// new profile: unquoted, "46,17" or "Place de la mairie, Noth" would be split in two
// cells there.
func NewFrenchWriter(w io.Writer) *Writer {
	return &Writer{Writer: csv.NewWriter(io.Discard), french: true, fr: bufio.NewWriter(w), bom: true}
}

// Write writes one record, its text cells made safe.
func (w *Writer) Write(record []string) error {
	safe := make([]string, len(record))
	for i, s := range record {
		safe[i] = Text(s)
	}
	if !w.french {
		return w.Writer.Write(safe)
	}
	if w.err != nil {
		return w.err
	}
	var b strings.Builder
	if w.bom {
		b.WriteString("\uFEFF")
		w.bom = false
	}
	for i, s := range safe {
		if i > 0 {
			b.WriteByte(';')
		}
		if s != strings.TrimSpace(s) || strings.ContainsAny(s, ",;\"\r\n") {
			b.WriteString(`"` + strings.ReplaceAll(s, `"`, `""`) + `"`)
		} else {
			b.WriteString(s)
		}
	}
	b.WriteString("\r\n")
	_, w.err = w.fr.WriteString(b.String())
	return w.err
}

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() {
	if !w.french {
		w.Writer.Flush()
		return
	}
	if err := w.fr.Flush(); w.err == nil {
		w.err = err
	}
}

// Error reports any error of a previous Write or Flush.
func (w *Writer) Error() error {
	if !w.french {
		return w.Writer.Error()
	}
	return w.err
}
