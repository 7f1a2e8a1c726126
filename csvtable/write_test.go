package csvtable

import (
	"bytes"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Place de la mairie, Noth", "Place de la mairie, Noth"},
		{`=HYPERLINK("http://x")`, `'=HYPERLINK("http://x")`},
		{`=cmd|' /C calc'!A0`, `'=cmd|' /C calc'!A0`},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"+33 5 55 00 00 00", "'+33 5 55 00 00 00"},
		{"-2+3", "'-2+3"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"-4.48", "-4.48"},
		{"-4,48", "-4,48"},
		{"+12", "+12"},
		{"", ""},
		{"'quoted", "'quoted"},
	}
	for _, tc := range tests {
		if got := Text(tc.in); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestWriteReadRoundTrip: what Writer writes, Reader reads back as it was: the
// apostrophe that keeps a formula as text goes again.
func TestWriteReadRoundTrip(t *testing.T) {
	cells := []string{`=HYPERLINK("x")`, "@a", "-4.48", "plain", "'kept", "+33 5"}
	var b bytes.Buffer
	w := NewWriter(&b)
	w.Write([]string{"a", "b", "c", "d", "e", "f"})
	w.Write(cells)
	w.Flush()
	r, err := NewReader(strings.NewReader(b.String()), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Next(); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"a", "b", "c", "d", "e", "f"} {
		if got := r.Get(name); got != strings.TrimSpace(cells[i]) {
			t.Errorf("column %s: read %q, wrote %q", name, got, cells[i])
		}
	}
}
