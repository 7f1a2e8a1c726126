// Package csvtable reads CSV files with a header line and reports every problem with
// the file, line and column where it lies, so a person can fix the input.
package csvtable

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
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

// Reader reads records by column name.
type Reader struct {
	file string
	r    *csv.Reader
	col  map[string]int
	head []string // column names as written, trimmed and without a BOM
	line int
	rec  []string
	// used marks the columns (by index) whose values were asked for, so that a strict
	// reader can tell a column it declares but never reads.
	used []bool
}

// NewReader reads the header of r and checks that every required column is present.
// file names the input in errors.
func NewReader(r io.Reader, file string, required ...string) (*Reader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &LineError{File: file, Line: 1, Err: errors.New("file is empty: it needs a header line")}
		}
		return nil, parseErr(file, 1, err)
	}
	t := &Reader{file: file, r: cr, col: map[string]int{}, line: 1, used: make([]bool, len(head))}
	for i, h := range head {
		if !utf8.ValidString(h) {
			return nil, &LineError{File: file, Line: 1, Err: errors.New("header is not valid UTF-8: save the file as UTF-8")}
		}
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := t.col[h]; dup {
			return nil, &LineError{File: file, Line: 1, Column: h, Err: errors.New("column named twice in the header")}
		}
		t.col[h] = i
		t.head = append(t.head, h)
	}
	for _, w := range required {
		if _, ok := t.col[w]; !ok {
			return nil, &LineError{File: file, Line: 1, Err: fmt.Errorf("missing column %q in header: the header must name %s", w, strings.Join(required, ","))}
		}
	}
	return t, nil
}

func parseErr(file string, line int, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		// pe.Column counts characters of the line, not fields: say so.
		return &LineError{File: file, Line: pe.Line, Err: fmt.Errorf("character %d: %w: write a value that holds a comma or a quote between double quotes, doubling each quote inside (\"a \"\"b\"\", c\")",
			pe.Column, pe.Err)}
	}
	return &LineError{File: file, Line: line, Err: err}
}

// Next advances to the next record; it returns io.EOF after the last one.
func (t *Reader) Next() error {
	rec, err := t.r.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return io.EOF
		}
		return parseErr(t.file, t.line+1, err)
	}
	t.line, _ = t.r.FieldPos(0)
	for i, f := range rec {
		if !utf8.ValidString(f) {
			return &LineError{File: t.file, Line: t.line, Column: strconv.Itoa(i + 1), Err: errors.New("text is not valid UTF-8: save the file as UTF-8")}
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
		return 0, t.Fail(name, "%q is not a whole number", s)
	}
	return v, nil
}

// Float reads a number; empty gives def.
func (t *Reader) Float(name string, def float64) (float64, error) {
	s := t.Get(name)
	if s == "" {
		return def, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	// ParseFloat accepts "NaN" and "Inf", which no input of ours means.
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, t.Fail(name, "%q is not a number (use a dot for decimals: 4.5)", s)
	}
	return v, nil
}

// Fail returns a LineError at the current record and column.
func (t *Reader) Fail(column string, format string, args ...any) error {
	return &LineError{File: t.file, Line: t.line, Column: column, Err: fmt.Errorf(format, args...)}
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
