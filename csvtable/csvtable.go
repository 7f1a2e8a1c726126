// Package csvtable reads tables with a header line — CSV files in either convention
// (commas and dots, or a French spreadsheet's semicolons and decimal commas), or the
// rows of a spreadsheet's sheet — and reports every problem with the file, line and
// column where it lies, so a person can fix the input.
package csvtable

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"medibus/lang"
)

// LineError locates a problem in a CSV input.
type LineError struct {
	File   string
	Line   int
	Column string
	Err    error
}

func (e *LineError) Error() string {
	if e.Column != "" {
		return fmt.Sprintf("%s:%d: column %s: %v", e.File, e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

func (e *LineError) Unwrap() error { return e.Err }

// Localize writes the problem in l, at the same file, line and column.
func (e *LineError) Localize(l lang.Lang) string {
	if l != lang.French {
		return e.Error()
	}
	if e.Column != "" {
		return fmt.Sprintf("%s:%d : colonne %s : %s", e.File, e.Line, e.Column, lang.Text(e.Err, l))
	}
	return fmt.Sprintf("%s:%d : %s", e.File, e.Line, lang.Text(e.Err, l))
}

// Reader reads records by column name.
type Reader struct {
	file string
	src  source
	col  map[string]int
	head []string // column names as written, trimmed and without a BOM
	line int
	rec  []string
	// used marks the columns (by index) whose values were asked for, so that a strict
	// reader can tell a column it declares but never reads.
	used []bool
	// comma is the separator of a CSV input; 0 for a sheet's rows.
	comma rune
}

// source gives the records of an input one by one, with the line each starts on.
type source interface {
	read() (rec []string, line int, err error)
}

type csvSource struct{ r *csv.Reader }

func (c csvSource) read() ([]string, int, error) {
	rec, err := c.r.Read()
	if err != nil {
		return nil, 0, err
	}
	line, _ := c.r.FieldPos(0)
	return rec, line, nil
}

// Row is one row of a sheet, with its number as the spreadsheet shows it.
type Row struct {
	Line   int
	Fields []string
}

type rowsSource struct{ rows []Row }

func (s *rowsSource) read() ([]string, int, error) {
	if len(s.rows) == 0 {
		return nil, 0, io.EOF
	}
	r := s.rows[0]
	s.rows = s.rows[1:]
	return r.Fields, r.Line, nil
}

// NewReader reads the header of the CSV input r and checks that every required column
// is present. file names the input in errors. A UTF-8 byte-order mark is dropped, and
// the separator is the one the header line uses most: a comma, a semicolon (what a
// French spreadsheet writes) or a tab.
func NewReader(r io.Reader, file string, required ...string) (*Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	head, _ := br.Peek(64 << 10) // the header line is within it, or the file is no table
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.Comma = DetectComma(head)
	t, err := newReader(csvSource{cr}, file, required)
	if t != nil {
		t.comma = cr.Comma
	}
	return t, err
}

// NewRowsReader reads a sheet's rows as NewReader reads a CSV file: the first row is
// the header. file names the input in errors.
func NewRowsReader(rows []Row, file string, required ...string) (*Reader, error) {
	return newReader(&rowsSource{rows: rows}, file, required)
}

func newReader(src source, file string, required []string) (*Reader, error) {
	head, _, err := src.read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &LineError{File: file, Line: 1, Err: lang.Errorf("file is empty: it needs a header line")}
		}
		return nil, parseErr(file, 1, err)
	}
	t := &Reader{file: file, src: src, col: map[string]int{}, line: 1, used: make([]bool, len(head))}
	for i, h := range head {
		if !utf8.ValidString(h) {
			return nil, &LineError{File: file, Line: 1, Err: lang.Errorf("header is not valid UTF-8: save the file as UTF-8")}
		}
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := t.col[h]; dup {
			return nil, &LineError{File: file, Line: 1, Column: h, Err: lang.Errorf("column named twice in the header")}
		}
		t.col[h] = i
		t.head = append(t.head, h)
	}
	for _, w := range required {
		if _, ok := t.col[w]; !ok {
			return nil, &LineError{File: file, Line: 1, Err: lang.Errorf("missing column %q in header: the header must name %s", w, strings.Join(required, ","))}
		}
	}
	return t, nil
}

// DetectComma returns the separator of a CSV file from its first bytes: the one of
// ',', ';' and tab that its first line holds most often outside quotes (',' on a tie
// or when there is none).
func DetectComma(head []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range head {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n' || c == '\r':
			return bestComma(counts)
		case c == ',' || c == ';' || c == '\t':
			counts[c]++
		}
	}
	return bestComma(counts)
}

func bestComma(counts map[byte]int) rune {
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

// Comma returns the separator of a CSV input (0 for a sheet's rows).
func (t *Reader) Comma() rune { return t.comma }

func parseErr(file string, line int, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		// pe.Column counts characters of the line, not fields: say so.
		return &LineError{File: file, Line: pe.Line, Err: lang.Errorf("character %d: %w: write a value that holds a separator or a quote between double quotes, doubling each quote inside (\"a \"\"b\"\", c\")",
			pe.Column, pe.Err)}
	}
	return &LineError{File: file, Line: line, Err: err}
}

// Next advances to the next record; it returns io.EOF after the last one.
func (t *Reader) Next() error {
	rec, line, err := t.src.read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return io.EOF
		}
		return parseErr(t.file, t.line+1, err)
	}
	t.line = line
	for i, f := range rec {
		if !utf8.ValidString(f) {
			return &LineError{File: t.file, Line: t.line, Column: strconv.Itoa(i + 1), Err: lang.Errorf("text is not valid UTF-8: save the file as UTF-8")}
		}
	}
	t.rec = rec
	return nil
}

// Line returns the line number of the current record.
func (t *Reader) Line() int { return t.line }

// Columns returns the names of the header, in file order, trimmed and without a BOM.
func (t *Reader) Columns() []string { return t.head }

// Fields returns the number of fields of the current record, so that a strict reader
// can reject rows wider or narrower than the header (Reader itself tolerates them).
func (t *Reader) Fields() int { return len(t.rec) }

// Field returns field i of the current record as written, untrimmed, less the
// apostrophe Text puts before a formula's first character.
func (t *Reader) Field(i int) string { return untext(t.rec[i]) }

// File returns the name of the input given to NewReader.
func (t *Reader) File() string { return t.file }

// Alias lets name reach the column the header spells header (a reader that compares
// names without regard to case maps each spelling to its canonical name). It reports
// whether the header has such a column.
func (t *Reader) Alias(name, header string) bool {
	i, ok := t.col[header]
	if ok {
		t.col[name] = i
	}
	return ok
}

// Unused returns the header's columns whose values were never asked for, in file order.
func (t *Reader) Unused() []string {
	var out []string
	for i, u := range t.used {
		if !u {
			out = append(out, t.head[i])
		}
	}
	return out
}

// Has reports whether the header names the column.
func (t *Reader) Has(name string) bool {
	_, ok := t.col[name]
	return ok
}

// Get returns the trimmed value of a column of the current record ("" if absent).
func (t *Reader) Get(name string) string {
	i, ok := t.col[name]
	if !ok || i >= len(t.rec) {
		return ""
	}
	t.used[i] = true
	return untext(strings.TrimSpace(t.rec[i]))
}

// List splits a column on ';' and drops empty items.
func (t *Reader) List(name string) []string {
	var out []string
	for _, s := range strings.Split(t.Get(name), ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Int reads a whole number; empty gives def.
func (t *Reader) Int(name string, def int) (int, error) {
	s := t.Get(name)
	if s == "" {
		return def, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		// A spreadsheet may write a whole number as 12,0 or 12.0.
		f, ferr := ParseNumber(s)
		if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1e15 {
			return 0, t.Fail(name, "%q is not a whole number", s)
		}
		v = int(f)
	}
	return v, nil
}

// Float reads a number, with a dot or a comma for decimals; empty gives def.
func (t *Reader) Float(name string, def float64) (float64, error) {
	s := t.Get(name)
	if s == "" {
		return def, nil
	}
	v, err := ParseNumber(s)
	if err != nil {
		return 0, t.Fail(name, "%q is not a number (write it with a dot or a comma for decimals: 4.5 or 4,5)", s)
	}
	return v, nil
}

// ParseNumber reads a finite number as programs and French spreadsheets write it: a
// dot or a comma for decimals (4.5, 4,5), and with a comma, groups of three digits
// separated by spaces (1 234,5, the space plain or non-breaking). NaN and Inf, which
// no input of ours means, are refused.
func ParseNumber(s string) (float64, error) {
	if strings.Contains(s, ",") {
		if strings.Contains(s, ".") || strings.Count(s, ",") > 1 {
			return 0, fmt.Errorf("%q: a comma and a dot, or two commas", s)
		}
		s = strings.Replace(ungroup(s), ",", ".", 1)
	} else {
		s = ungroup(s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || strings.ContainsAny(s, "xXpP_") {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}

// ungroup drops the spaces between groups of three digits of a number's whole part
// ("12 345,5" → "12345,5"), and leaves any other string as it is.
func ungroup(s string) string {
	if !strings.ContainsAny(s, " \u00a0\u202f") {
		return s
	}
	whole, rest := s, ""
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		whole, rest = s[:i], s[i:]
	}
	groups := strings.FieldsFunc(whole, func(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' })
	if len(groups) < 2 || len(groups[0]) > 4 {
		return s
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return s
		}
	}
	return strings.Join(groups, "") + rest
}

// Fail returns a LineError at the current record and column; its message keeps format
// and args, to be written in French too (lang).
func (t *Reader) Fail(column string, format string, args ...any) error {
	return &LineError{File: t.file, Line: t.line, Column: column, Err: lang.Errorf(format, args...)}
}

// Errors is every problem found in one input, in the order found, so that a person can
// fix them all in one go. Error lists them one a line; errors.As reaches each of them.
type Errors struct {
	File string
	List []error
	// More says that reading stopped at a limit: the input may hold more problems.
	More bool
}

func (e *Errors) Error() string {
	if len(e.List) == 1 && !e.More {
		return e.List[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problem", e.File, len(e.List))
	if len(e.List) != 1 {
		b.WriteString("s")
	}
	if e.More {
		b.WriteString(" (the first ones: fix them and read the file again for the rest)")
	}
	b.WriteString(":")
	for _, err := range e.List {
		b.WriteString("\n  " + err.Error())
	}
	return b.String()
}

// Unwrap returns the problems, for errors.Is and errors.As.
func (e *Errors) Unwrap() []error { return e.List }

// Localize writes the problems in l, one a line, as Error does.
func (e *Errors) Localize(l lang.Lang) string {
	if l != lang.French {
		return e.Error()
	}
	if len(e.List) == 1 && !e.More {
		return lang.Text(e.List[0], l)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s : %d problème", e.File, len(e.List))
	if len(e.List) != 1 {
		b.WriteString("s")
	}
	if e.More {
		b.WriteString(" (les premiers : corrigez-les et relisez le fichier pour les suivants)")
	}
	b.WriteString(" :")
	for _, err := range e.List {
		b.WriteString("\n  " + lang.Text(err, l))
	}
	return b.String()
}
