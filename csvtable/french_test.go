package csvtable

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"medibus/lang"
)

func TestDetectComma(t *testing.T) {
	for _, tc := range []struct {
		name, head string
		want       rune
	}{
		{"commas", "a,b,c\n1;2,3\n", ','},
		{"semicolons", "a;b;c\n1,5;2;3\n", ';'},
		{"tabs", "a\tb\tc\n", '\t'},
		{"a quoted comma does not count", "\"a,b,c\";d;e\n", ';'},
		{"a tie is a comma", "a,b;c\n", ','},
		{"one column", "insee\n23096\n", ','},
		{"no line end", "a;b", ';'},
		{"CRLF", "a;b\r\n1,2,3,4\r\n", ';'},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := DetectComma([]byte(tc.head)); got != tc.want {
				t.Errorf("DetectComma(%q) = %q, want %q", tc.head, got, tc.want)
			}
		})
	}
}

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		bad  bool
	}{
		{in: "4.5", want: 4.5},
		{in: "4,5", want: 4.5},
		{in: "-0,25", want: -0.25},
		{in: "1 234,5", want: 1234.5},
		{in: "12\u00a0345", want: 12345},
		{in: "1\u202f000\u202f000,75", want: 1000000.75},
		{in: "1e3", want: 1000},
		{in: "4,5.1", bad: true},
		{in: "4,5,1", bad: true},
		{in: "1 23", bad: true},
		{in: "NaN", bad: true},
		{in: "Inf", bad: true},
		{in: "0x10", bad: true},
		{in: "1_000", bad: true},
		{in: "", bad: true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseNumber(tc.in)
			if tc.bad {
				if err == nil {
					t.Fatalf("ParseNumber(%q) = %v, want an error", tc.in, got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseNumber(%q) = %v, %v, want %v", tc.in, got, err, tc.want)
			}
		})
	}
}

// TestFrenchWriter: a BOM, ';' between fields, every field holding a comma, a
// semicolon, a quote, a line break or outer spaces quoted, formulas kept as text; and
// the reader reads it back as written.
func TestFrenchWriter(t *testing.T) {
	var b bytes.Buffer
	w := NewFrenchWriter(&b)
	rows := [][]string{
		{"insee", "name", "lat", "note"},
		{"01112", "Place de la mairie, Noth", "46,17", `dit "la halle"`},
		{"23096", "Guéret", "46", "=1+1"},
		{"23001", " padded ", "a;b", "two\nlines"},
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	want := "\ufeffinsee;name;lat;note\r\n" +
		"01112;\"Place de la mairie, Noth\";\"46,17\";\"dit \"\"la halle\"\"\"\r\n" +
		"23096;Guéret;46;'=1+1\r\n" +
		"23001;\" padded \";\"a;b\";\"two\nlines\"\r\n"
	if b.String() != want {
		t.Fatalf("wrote\n%q\nwant\n%q", b.String(), want)
	}
	r, err := NewReader(&b, "t.csv", "insee", "name", "lat", "note")
	if err != nil {
		t.Fatal(err)
	}
	if r.Comma() != ';' {
		t.Errorf("Comma() = %q, want ';'", r.Comma())
	}
	for i := 1; r.Next() == nil; i++ {
		for j, c := range rows[0] {
			if got, wrote := r.Get(c), strings.TrimSpace(rows[i][j]); got != wrote {
				t.Errorf("row %d column %s: read %q, wrote %q", i, c, got, wrote)
			}
		}
	}
}

// TestRowsReader: a sheet's rows read as a CSV file's, at the sheet's row numbers.
func TestRowsReader(t *testing.T) {
	r, err := NewRowsReader([]Row{{Line: 1, Fields: []string{"id", "n"}}, {Line: 4, Fields: []string{"a", "x"}}}, "t.xlsx", "id", "n")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Next(); err != nil {
		t.Fatal(err)
	}
	_, err = r.Int("n", 0)
	var le *LineError
	if !errors.As(err, &le) || le.Line != 4 || le.Column != "n" {
		t.Fatalf("error %v, want one at t.xlsx:4 column n", err)
	}
}

// TestLocalize: a problem in French keeps its place and says it in French.
func TestLocalize(t *testing.T) {
	lang.Register(map[string]string{"%q is not a whole number": "%q n'est pas un nombre entier"})
	err := readAll("id,n\na,x\n", func(r *Reader) error { _, err := r.Int("n", 0); return err })
	var le *LineError
	if !errors.As(err, &le) {
		t.Fatal(err)
	}
	if got, want := le.Localize(lang.French), `t.csv:2 : colonne n : "x" n'est pas un nombre entier`; got != want {
		t.Errorf("French: %q, want %q", got, want)
	}
	if got, want := le.Localize(lang.English), `t.csv:2: column n: "x" is not a whole number`; got != want {
		t.Errorf("English: %q, want %q", got, want)
	}
}

// FuzzParseNumber: a number read is finite, and reads back the same written either way.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"4,5", "1 234,5", "-0.25", "1\u202f000", "1e3", "4,5.1", "NaN", ",5", "1 23"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseNumber(s)
		if err != nil {
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%q reads as %v", s, v)
		}
		for _, w := range []string{strconv.FormatFloat(v, 'f', -1, 64), strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)} {
			if again, err := ParseNumber(w); err != nil || again != v {
				t.Fatalf("%q reads as %v; written %q reads as %v, %v", s, v, w, again, err)
			}
		}
	})
}

// FuzzFrenchWriter: whatever the cells, a ';' file written reads back as the same cells.
func FuzzFrenchWriter(f *testing.F) {
	f.Add("Place de la mairie, Noth", "46,17", "a;b")
	f.Add(`dit "x"`, " padded ", "two\nlines")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		for _, s := range []string{a, b, c} {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\r\x00") || strings.TrimSpace(s) == "" {
				return
			}
		}
		var buf bytes.Buffer
		w := NewFrenchWriter(&buf)
		w.Write([]string{"a", "b", "c"})
		w.Write([]string{a, b, c})
		w.Flush()
		r, err := NewReader(&buf, "t.csv", "a", "b", "c")
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Next(); err != nil {
			t.Fatalf("%q: %v", buf.String(), err)
		}
		for i, col := range []string{"a", "b", "c"} {
			if got, want := r.Get(col), untext(strings.TrimSpace(Text([]string{a, b, c}[i]))); got != want {
				t.Fatalf("%s: read %q, wrote %q (%q)", col, got, want, buf.String())
			}
		}
	})
}
