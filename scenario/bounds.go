package scenario

import (
	"strconv"
	"unicode/utf8"

	"medibus"
	"medibus/csvtable"
	"medibus/lang"
)

// cellBounds is the longest value of each column, in characters, by the column's
// name in every file that has it (docs/scenario-files.md); a column not listed holds
// at most medibus.MaxNameLen. The bounds themselves are the root package's (bounds.go),
// which the server's JSON bodies share.
var cellBounds = map[string]int{
	// Ids, references to them and codes.
	"id": medibus.MaxIDLen, "insee": medibus.MaxIDLen, "depot": medibus.MaxIDLen, "organisation": medibus.MaxIDLen,
	"region": medibus.MaxIDLen, "unit": medibus.MaxIDLen, "site": medibus.MaxIDLen, "service": medibus.MaxIDLen,
	"role": medibus.MaxIDLen, "supervisor": medibus.MaxIDLen, "kind": medibus.MaxIDLen, "key": medibus.MaxIDLen,
	"source": medibus.MaxIDLen, "frequency": medibus.MaxIDLen, "half": medibus.MaxIDLen,
	// Lists joined by ';' and half-days.
	"units": medibus.MaxListLen, "area": medibus.MaxListLen, "equipment": medibus.MaxListLen, "roles": medibus.MaxListLen,
	"remote": medibus.MaxListLen, "staff": medibus.MaxListLen, "days": medibus.MaxListLen, "availability": medibus.MaxListLen,
	"allowed": medibus.MaxListLen, "unavailable": medibus.MaxListLen,
	// Longer texts: why a bus is based where it is, a booking link, and rules.csv's
	// values (the scenario's description among them).
	"why": medibus.MaxTextLen, "reference": medibus.MaxTextLen, "booking": medibus.MaxTextLen, "value": medibus.MaxTextLen,
}

// maxHeaderLen bounds a column's name in a header: the longest known one is 21
// characters, and an unknown one is quoted back in the message.
const maxHeaderLen = medibus.MaxIDLen

// cellBound is the longest value column name may hold.
func cellBound(name string) int {
	if n, ok := cellBounds[name]; ok {
		return n
	}
	return medibus.MaxNameLen
}

// tooLong finds a cell of the current record longer than its column's bound; the
// message gives its length, never the value (a megabyte pasted into a cell would
// make a megabyte of message).
func (f *importFile) tooLong() error {
	head := f.t.Columns()
	for i := 0; i < f.t.Fields() && i < len(head); i++ {
		bound := cellBound(f.names[head[i]])
		if n := utf8.RuneCountInString(f.t.Field(i)); n > bound {
			return f.t.Fail(head[i], "%d characters, longer than the %d this column holds: shorten it (docs/scenario-files.md gives each column's bound)", n, bound)
		}
	}
	return nil
}

// headerTooLong reports a header name longer than any column's, by its place.
func headerTooLong(t *csvtable.Reader, i int, h string) error {
	if n := utf8.RuneCountInString(h); n > maxHeaderLen {
		return &csvtable.LineError{File: t.File(), Line: 1, Column: strconv.Itoa(i + 1),
			Err: lang.Errorf("a column name of %d characters: a header names its columns (at most %d characters each)", n, maxHeaderLen)}
	}
	return nil
}
