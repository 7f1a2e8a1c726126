package scenario

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"medibus"
	"medibus/csvtable"
)

// TestEveryCellIsBounded: in every column of every file a person writes (the folder's
// files and the imported APL and need), a value one character over its bound is
// refused at file:2: column …, with its length and without the value; a value at the
// bound passes the length check. Before, a 5 MB site name was read, stored and shown.
func TestEveryCellIsBounded(t *testing.T) {
	files := map[string][]column{"apl.csv": aplColumns, "need.csv": demandColumns}
	for _, spec := range []*fileSpec{&rulesFile, &depotsFile, &organisationsFile, &unitsFile, &staffFile, &servicesFile,
		&sitesFile, &demandFile, &pinsFile, &frequenciesFile} {
		files[spec.name] = spec.columns
	}
	for file, cols := range files {
		for i, c := range cols {
			t.Run(file+"/"+c.name, func(t *testing.T) {
				bound := cellBound(c.name)
				for _, n := range []int{bound, bound + 1} {
					row := make([]string, len(cols))
					row[i] = strings.Repeat("é", n) // characters, not bytes
					content := strings.Join(columnNames(cols), ",") + "\n" + strings.Join(row, ",") + "\n"
					err := firstProblem(t, file, content, cols)
					long := err != nil && strings.Contains(err.Error(), "characters, longer than")
					if n == bound && long {
						t.Fatalf("%d characters refused: %v", n, err)
					}
					if n > bound {
						want := fmt.Sprintf("%s:2: column %s: %d characters, longer than the %d this column holds", file, c.name, n, bound)
						if err == nil || !strings.HasPrefix(err.Error(), want) {
							t.Fatalf("%d characters: %v, want %q", n, err, want)
						}
						if strings.Contains(err.Error(), "éé") {
							t.Fatalf("the message quotes the value: %.200s", err)
						}
					}
				}
			})
		}
	}
}

// firstProblem reads content as file, of columns cols, through the strict reader and
// returns its first problem, or nil.
func firstProblem(t *testing.T, file, content string, cols []column) error {
	t.Helper()
	r, err := csvtable.NewReader(strings.NewReader(content), file)
	if err != nil {
		t.Fatal(err)
	}
	probs := &problems{}
	f := newStrictFile(r, cols, probs, "")
	f.each(func() {})
	if len(probs.list) == 0 {
		return nil
	}
	return probs.list[0]
}

// TestLongHeaderName: a column name longer than any is refused by its place, not
// quoted back.
func TestLongHeaderName(t *testing.T) {
	long := strings.Repeat("x", medibus.MaxIDLen+1)
	fo := folderWith(t, SitesFile, "id,insee,"+long+",allowed\ns-1,23096,,Mon\n", nil)
	readSites(fo)
	err := fo.err()
	var le *csvtable.LineError
	if !errors.As(err, &le) || le.Line != 1 || le.Column != "3" || strings.Contains(err.Error(), long) {
		t.Fatalf("error %v, want sites.csv:1: column 3 without the name", err)
	}
}
