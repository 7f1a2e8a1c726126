package csvtable

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func TestReader(t *testing.T) {
	in := "\ufeffid, n ,x,tags\na,1,2.5,p;q;\n\"b\nc\",,, \n"
	r, err := NewReader(strings.NewReader(in), "t.csv", "id", "n")
	if err != nil {
		t.Fatal(err)
	}
	if !r.Has("n") || r.Has("missing") {
		t.Fatal("Has: header names are trimmed and the BOM dropped")
	}
	if err := r.Next(); err != nil {
		t.Fatal(err)
	}
	n, _ := r.Int("n", 0)
	x, _ := r.Float("x", 0)
	if r.Get("id") != "a" || n != 1 || x != 2.5 || strings.Join(r.List("tags"), ",") != "p,q" || r.Line() != 2 {
		t.Fatalf("record 1: id %q n %d x %g tags %q line %d", r.Get("id"), n, x, r.List("tags"), r.Line())
	}
	if err := r.Next(); err != nil {
		t.Fatal(err)
	}
	n, _ = r.Int("n", 7)
	x, _ = r.Float("x", 9)
	// A quoted field spanning two lines: the record starts on line 3.
	if r.Get("id") != "b\nc" || n != 7 || x != 9 || r.List("tags") != nil || r.Line() != 3 {
		t.Fatalf("record 2: id %q n %d x %g tags %q line %d", r.Get("id"), n, x, r.List("tags"), r.Line())
	}
	if err := r.Next(); err != io.EOF {
		t.Fatalf("after the last record: %v, want io.EOF", err)
	}
}

func TestColumnsAndFields(t *testing.T) {
	r, err := NewReader(strings.NewReader("\ufeff insee ,apl\r\n23096,1.5,x\r\n23001\r\n"), "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.Columns(), "|"); got != "insee|apl" || r.File() != "t.csv" {
		t.Fatalf("Columns = %q, File = %q", got, r.File())
	}
	for _, want := range []int{3, 1} {
		if err := r.Next(); err != nil {
			t.Fatal(err)
		}
		if r.Fields() != want {
			t.Errorf("line %d: Fields = %d, want %d", r.Line(), r.Fields(), want)
		}
	}
}

func TestErrorsList(t *testing.T) {
	one := &LineError{File: "t.csv", Line: 2, Column: "apl", Err: errors.New("bad")}
	two := &LineError{File: "t.csv", Line: 5, Err: errors.New("worse")}
	for _, tc := range []struct {
		name string
		errs *Errors
		want string
	}{
		{"one problem reads as itself", &Errors{File: "t.csv", List: []error{one}}, "t.csv:2: column apl: bad"},
		{"several, one a line", &Errors{File: "t.csv", List: []error{one, two}},
			"t.csv: 2 problems:\n  t.csv:2: column apl: bad\n  t.csv:5: worse"},
		{"stopped at a limit", &Errors{File: "t.csv", List: []error{one}, More: true},
			"t.csv: 1 problem (the first ones: fix them and read the file again for the rest):\n  t.csv:2: column apl: bad"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.errs.Error(); got != tc.want {
				t.Errorf("Error() = %q, want %q", got, tc.want)
			}
			var le *LineError
			if !errors.As(tc.errs, &le) || le != one {
				t.Errorf("errors.As does not reach the first LineError")
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, in string
		read     func(r *Reader) error
		want     string
	}{
		{"empty", "", nil, "t.csv:1: file is empty"},
		{"missing column", "id\n", nil, `t.csv:1: missing column "n"`},
		{"duplicate column", "id,n,id\n", nil, "t.csv:1: column id: column named twice"},
		{"bad header utf-8", "id,n,\xff\n", nil, "t.csv:1: header is not valid UTF-8"},
		{"bad field utf-8", "id,n\na,\xff\n", nil, "t.csv:2: column 2: text is not valid UTF-8"},
		{"bad quote", "id,n\na,\"b\n", nil, "t.csv:2: character"},
		{"not a whole number", "id,n\na,1.5\n", func(r *Reader) error { _, err := r.Int("n", 0); return err },
			`t.csv:2: column n: "1.5" is not a whole number`},
		{"extra field is tolerated", "id,n\na,1,5\n", nil, ""},
		{"NaN", "id,n\na,NaN\n", func(r *Reader) error { _, err := r.Float("n", 0); return err },
			`t.csv:2: column n: "NaN" is not a number`},
		{"Inf", "id,n\na,-Inf\n", func(r *Reader) error { _, err := r.Float("n", 0); return err },
			`t.csv:2: column n: "-Inf" is not a number`},
		{"comma decimal is read", "id,n\na,\"4,5\"\n", func(r *Reader) error { _, err := r.Float("n", 0); return err }, ""},
		{"two decimal marks", "id;n\na;4,5.1\n", func(r *Reader) error { _, err := r.Float("n", 0); return err },
			`t.csv:2: column n: "4,5.1" is not a number (write it with a dot or a comma for decimals`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := readAll(tc.in, tc.read)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
			var le *LineError
			if !errors.As(err, &le) || le.File != "t.csv" || le.Line < 1 {
				t.Fatalf("error %v is not a located LineError", err)
			}
		})
	}
}

// readAll reads every record of in, applying read to each, and returns the first error.
func readAll(in string, read func(*Reader) error) error {
	r, err := NewReader(strings.NewReader(in), "t.csv", "id", "n")
	if err != nil {
		return err
	}
	for {
		if err := r.Next(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if read != nil {
			if err := read(r); err != nil {
				return err
			}
		}
	}
}

// FuzzReader checks that no input makes the reader panic or return an unlocated error.
func FuzzReader(f *testing.F) {
	for _, s := range []string{"id,n\na,1\n", "\ufeffid,n,x\n\"a\nb\",2,3.5\n", "id\n", "", "id,n\n\"", "id,n\na,\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		err := readAll(in, func(r *Reader) error {
			if _, err := r.Int("n", 0); err != nil {
				return err
			}
			_, err := r.Float("x", 0)
			_ = r.List("id")
			return err
		})
		var le *LineError
		if err != nil && (!errors.As(err, &le) || le.Line < 1) {
			t.Fatalf("error %v is not a located LineError", err)
		}
	})
}
