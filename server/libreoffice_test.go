package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"medibus/csvtable"
	"medibus/scenario"
)

// TestLibreOfficeOpensTheFrenchFiles: the ';' files medibus writes for a French
// spreadsheet — the desk's plan export and notice, and a scenario exported with
// --excel — open in LibreOffice Calc with its import dialog's default options (the
// comma ticked as a separator too) with every cell as written: no field split at a
// comma, no accent garbled, every row as wide as written. It runs
// scripts/check-libreoffice.sh, and skips where soffice is not installed (CI).
func TestLibreOfficeOpensTheFrenchFiles(t *testing.T) {
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("soffice not installed (apt-get install libreoffice-calc-nogui)")
	}
	if testing.Short() {
		t.Skip("LibreOffice takes about 30 s")
	}
	e := newEnv(t)
	in, out := t.TempDir(), t.TempDir()
	files := map[string]string{}
	for name, path := range map[string]string{"plan.csv": "/api/plans/1/export.csv", "notice.csv": "/api/plans/1/notice.csv"} {
		res, body := e.do("GET", path, e.coordinator, "")
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %.300s", path, res.StatusCode, body)
		}
		files[name] = body
	}
	sc, err := e.db.Scenario(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "creuse")
	if err := scenario.WriteAs(dir, sc, scenario.FrenchCSV); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sites.csv", "staff.csv", "units.csv", "services.csv", "rules.csv", "organisations.csv", "depots.csv"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(b)
	}
	var b bytes.Buffer // the cells that are hardest to keep whole
	w := csvtable.NewFrenchWriter(&b)
	w.Write([]string{"texte", "nombre"})
	for _, r := range [][]string{{"Place de la mairie, Noth", "46,17"}, {"a;b", "-0,5"}, {`dit "la halle", à Guéret`, "1 234,5"}, {"=1+1", "12"}, {"Saint-Étienne-de-Fursac; l'église", "0,00"}} {
		w.Write(r)
	}
	w.Flush()
	files["hard.csv"] = b.String()
	var paths []string
	for name, content := range files {
		p := filepath.Join(in, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	for _, language := range []string{"", "1036"} { // the installation's language, then French
		out := filepath.Join(out, "lang"+language)
		cmd := exec.Command("../scripts/check-libreoffice.sh", append([]string{out}, paths...)...)
		cmd.Env = append(os.Environ(), "LO_LANGUAGE="+language)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("check-libreoffice.sh: %v\n%s", err, msg)
		}
		compared, wrong := compareCells(t, files, out)
		t.Logf("LibreOffice (language %q): %d files, %d cells compared, %d wrong", language, len(files), compared, wrong)
		if compared < 1000 {
			t.Errorf("only %d cells compared", compared)
		}
	}
}

// compareCells compares the cells of each file written with those LibreOffice shows
// in out, and counts them.
func compareCells(t *testing.T, files map[string]string, out string) (compared, wrong int) {
	t.Helper()
	for name, content := range files {
		want := readCells(t, strings.TrimPrefix(content, "\ufeff"), ';')
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		cells := readCells(t, string(got), '\t')
		if len(cells) != len(want) {
			t.Errorf("%s: LibreOffice reads %d rows, %d written", name, len(cells), len(want))
			continue
		}
		for i := range want {
			for j := range max(len(want[i]), len(cells[i])) {
				compared++
				var g, w string
				if j < len(cells[i]) {
					g = cells[i][j]
				}
				if j < len(want[i]) {
					w = want[i][j]
				}
				if !sameCell(w, g) {
					wrong++
					if wrong <= 20 {
						t.Errorf("%s row %d column %d: LibreOffice (%s) shows %q, written %q", name, i+1, j+1, filepath.Base(out), g, w)
					}
				}
			}
		}
	}
	return compared, wrong
}

func readCells(t *testing.T, s string, comma rune) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(s))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = comma, -1, true
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

var clockShown = regexp.MustCompile(`^(\d{1,2}):(\d{2})(:00)?( ?[AP]M)?$`)

// sameCell reports whether LibreOffice's cell g shows what was written w: the same
// text, or the same time of day, date or number as the locale shows it.
func sameCell(w, g string) bool {
	w, g = strings.TrimSpace(w), strings.TrimSpace(g)
	if w == g {
		return true
	}
	// vrai and faux are booleans to a French spreadsheet, which saves them TRUE or
	// VRAI; the readers take either.
	truth := map[string]string{"vrai": "true", "faux": "false", "true": "true", "false": "false"}
	if b, ok := truth[strings.ToLower(w)]; ok {
		return truth[strings.ToLower(g)] == b
	}
	if m := clockShown.FindStringSubmatch(g); m != nil && len(w) == 5 {
		h, _ := strconv.Atoi(m[1])
		switch strings.TrimSpace(m[4]) {
		case "AM":
			h %= 12
		case "PM":
			h = h%12 + 12
		}
		return fmt.Sprintf("%02d:%s", h, m[2]) == w
	}
	for _, layout := range []string{"01/02/06", "02/01/2006", "2006-01-02", "1/2/06"} {
		if d, err := time.Parse(layout, g); err == nil && d.Format(time.DateOnly) == w {
			return true
		}
	}
	x, errw := csvtable.ParseNumber(w)
	y, errg := csvtable.ParseNumber(g)
	return errw == nil && errg == nil && x == y
}
