package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// cellValues are what a drawn edit writes into a cell: valid values of every kind,
// values of the wrong kind, out of range, unknown, and bytes no file should hold.
var cellValues = []string{
	"", "x", "-1", "0", "1", "3", "14", "240", "99999", "1e308", "NaN", "Inf", "2.5", `"2,5"`,
	"2026-11-24", "2026-11-30", "2027-01-01..2026-01-01", "2026-11-23..2026-12-06", "Mon", "Tue-PM", "Mon..Fri", "none", "Lun",
	"09:00", "09:30", "12:00", "25:00", "17:00", "AM", "PM", "bus-1", "bus-2", "bus-9", "gp", "eye", "gp-1", "gp-2", "orth-1",
	"s-ahun", "s-blessac", "23001", "23013", "23096", "1001", "depot-ahun", "depot-aubusson", "eye_kit", "75", "23", "99",
	"a;b", "imported", "derived", "weekly", "monthly", "é", "\xff", "\t", `"`,
}

// drawnEdit changes one file of the small folder as rapid draws it.
func drawnEdit(t *rapid.T, files []string) (string, edit) {
	name := rapid.SampledFrom(files).Draw(t, "file")
	op := rapid.IntRange(0, 6).Draw(t, "op")
	line := rapid.IntRange(0, 8).Draw(t, "line")
	col := rapid.IntRange(0, 12).Draw(t, "col")
	value := rapid.SampledFrom(cellValues).Draw(t, "value")
	return name, func(s string) string {
		lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
		i := line % len(lines)
		switch op {
		case 0, 1, 2: // a cell, the most common slip
			cells := strings.Split(lines[i], ",")
			cells[col%len(cells)] = value
			lines[i] = strings.Join(cells, ",")
		case 3:
			lines = append(lines[:i], lines[i+1:]...)
		case 4:
			lines = append(lines[:i+1], lines[i:]...)
		case 5:
			lines = append(lines, value+","+value)
		case 6:
			return s[:len(s)*line/9]
		}
		return strings.Join(lines, "\n") + "\n"
	}
}

// problemPlace is where a refusal must point: a file of the folder and its line (a
// missing file has none).
var problemPlace = regexp.MustCompile(`f\d+/[a-z_]+\.csv(:[1-9][0-9]*: |: missing file)`)

// TestPlanStoresValidOrChangesNothing: for any folder drawn from the small one by an
// edit, plan either stores a plan that validate accepts, or fails with file:line and
// leaves the database as it was.
func TestPlanStoresValidOrChangesNothing(t *testing.T) {
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	copyFolder(t, wd, "base", nil)
	args := []string{"plan", "--start", "2026-11-23", "--engine", "greedy", "--db", "p.db"}
	if _, errOut, code := run(t, append(args, "--scenario", "./base")...); code != 0 {
		t.Fatalf("the base folder: %s", errOut)
	}
	files, _ := filepath.Glob("base/*.csv")
	for i := range files {
		files[i] = filepath.Base(files[i])
	}
	n, stored := 0, 0
	rapid.Check(t, func(rt *rapid.T) {
		n++
		dir := fmt.Sprintf("f%d", n)
		name, ed := drawnEdit(rt, files)
		copyFolder(t, wd, dir, map[string]edit{name: ed})
		defer os.RemoveAll(dir)
		before := checksum(t, "p.db")
		_, errOut, code := run(t, append(args, "--scenario", "./"+dir)...)
		switch {
		case code == 0:
			stored++
			if out, errOut, code := run(t, "validate", "--db", "p.db", "--plan", "latest"); code != 0 {
				rt.Fatalf("a stored plan fails validate: %s %s", out, errOut)
			}
		case code != 1 || !problemPlace.MatchString(errOut):
			rt.Fatalf("exit %d without the file and line: %s", code, errOut)
		case checksum(t, "p.db") != before:
			rt.Fatalf("a failed plan changed the database: %s", errOut)
		}
	})
	t.Logf("%d folders: %d planned, stored and valid; %d refused with their place, the database unchanged", n, stored, n-stored)
}
