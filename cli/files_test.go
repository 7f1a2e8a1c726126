package cli_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// editFile rewrites a file of a folder with f.
func editFile(t *testing.T, path string, f func(string) string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(f(string(b))), 0o644); err != nil {
		t.Fatal(err)
	}
}

// replaceOnce replaces the first old by new, failing when old is not there.
func replaceOnce(t *testing.T, old, new string) func(string) string {
	return func(s string) string {
		if !strings.Contains(s, old) {
			t.Fatalf("%q not found", old)
		}
		return strings.Replace(s, old, new, 1)
	}
}

// TestScenarioExportFormatsPlanAlike: the Creuse exported as plain CSV, for a French
// spreadsheet (--excel) and as workbooks (--format xlsx) plans identically with the
// same seed and iteration limit.
func TestScenarioExportFormatsPlanAlike(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	var first string
	for _, form := range [][]string{{"plain"}, {"excel", "--excel"}, {"xlsx", "--format", "xlsx"}} {
		dir := filepath.Join(form[0], "creuse-files")
		if _, errOut, code := run(t, append([]string{"scenario", "export", "--scenario", "creuse", "--dir", dir}, form[1:]...)...); code != 0 {
			t.Fatalf("%s: scenario export exit %d: %s", form[0], code, errOut)
		}
		db := form[0] + ".db"
		if _, errOut, code := run(t, "plan", "--scenario", "./"+dir, "--start", "2026-11-23", "--iterations", "100", "--seed", "3", "--db", db); code != 0 {
			t.Fatalf("%s: plan exit %d: %s", form[0], code, errOut)
		}
		out, errOut, code := run(t, "export", "--db", db, "--format", "csv")
		if code != 0 {
			t.Fatalf("%s: export exit %d: %s", form[0], code, errOut)
		}
		if first == "" {
			first = out
			if strings.Count(out, "\n") < 20 {
				t.Fatalf("a plan of %d rows", strings.Count(out, "\n"))
			}
		} else if out != first {
			t.Errorf("the %s export plans otherwise than the plain one", form[0])
		}
	}
	if b, err := os.ReadFile(filepath.Join("excel", "creuse-files", "staff.csv")); err != nil || !strings.Contains(string(b), ";\"lundi après-midi, mardi matin,") {
		t.Errorf("the --excel staff.csv has no French half-days: %.300s (%v)", b, err)
	}
}

var booked = regexp.MustCompile(`consultations\s+(\d+) booked`)

func bookings(t *testing.T, out string) int {
	t.Helper()
	m := booked.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no bookings in %q", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestOneDemandRowKeepsTheNeed: a demand.csv of one row overrides that commune's
// need and leaves the others their derived need, so the plan books nearly as much as
// the full scenario's (at least 90 %); rules demand_only restricts need to that row.
func TestOneDemandRowKeepsTheNeed(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if _, errOut, code := run(t, "scenario", "export", "--scenario", "creuse", "--dir", "c"); code != 0 {
		t.Fatalf("scenario export exit %d: %s", code, errOut)
	}
	plan := func(db string) string {
		out, errOut, code := run(t, "plan", "--scenario", "./c", "--start", "2026-11-23", "--iterations", "100", "--seed", "3", "--db", db)
		if code != 0 {
			t.Fatalf("plan exit %d: %s", code, errOut)
		}
		return out
	}
	full := plan("full.db")
	if !strings.Contains(full, "need: 0 communes imported") && !strings.Contains(full, "communes derived, none imported") {
		t.Errorf("the full plan does not say where need comes from:\n%s", full)
	}
	if err := os.WriteFile(filepath.Join("c", "demand.csv"), []byte("insee,service,need,source\n23176,gp,40,imported\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	one := plan("one.db")
	if !regexp.MustCompile(`need: 1 commune imported, \d{3} derived`).MatchString(one) {
		t.Errorf("the plan does not say that 1 commune's need is imported and the others derived:\n%s", one)
	}
	if f, o := bookings(t, full), bookings(t, one); float64(o) < 0.9*float64(f) {
		t.Errorf("one demand row books %d consultations, under 90 %% of the full scenario's %d", o, f)
	} else {
		t.Logf("bookings: full %d, one demand row %d (%.1f %%)", f, o, 100*float64(o)/float64(f))
	}
	editFile(t, filepath.Join("c", "rules.csv"), replaceOnce(t, "demand_only,false", "demand_only,true"))
	only := plan("only.db")
	if !strings.Contains(only, "need: 1 commune imported, none derived (demand_only") {
		t.Errorf("demand_only is not said:\n%s", only)
	}
	if o := bookings(t, only); o > 40 {
		t.Errorf("demand_only books %d consultations for a need of 40", o)
	}
}

// tenMistakes makes ten different mistakes in ten places of a Creuse folder.
func tenMistakes(t *testing.T, dir string) {
	t.Helper()
	p := func(name string) string { return filepath.Join(dir, name) }
	editFile(t, p("units.csv"), replaceOnce(t, "07:00,19:00", "19:00,07:00"))
	editFile(t, p("sites.csv"), func(s string) string {
		return s + "s-x,99999,Place,,,lundi,\ns-y,23096,\"Place de la mairie, Guéret\",,,Lundy,\n"
	})
	editFile(t, p("staff.csv"), replaceOnce(t, "Fri,bus-23,5,", "Fri,bus-23,cinq,"))
	editFile(t, p("services.csv"), replaceOnce(t, "gp,Médecine générale,gp,,20,", "gp,Médecine générale,gp,,0,"))
	editFile(t, p("demand.csv"), func(s string) string { return s + "23096,gp,beaucoup,imported\n" })
	editFile(t, p("depots.csv"), replaceOnce(t, ",46.23666,", ",146.23666,"))
	editFile(t, p("rules.csv"), replaceOnce(t, "setup_min,30", "setup_min,trente"))
	editFile(t, p("organisations.csv"), replaceOnce(t, "depot-23176,75,,", "depot-23176,75,appelez-nous,"))
	editFile(t, p("pins.csv"), func(s string) string { return s + "bus-23b,2026-13-45,matin,s-23001,gp,gp-bus-23-1,09:00,12:00,\n" })
}

// TestTenMistakesInFrench: a folder with ten mistakes gives all ten at once, each at
// its file:line and column, in French with --lang fr or a French locale, whether
// checked or planned; nothing is stored.
func TestTenMistakesInFrench(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "C.UTF-8")
	if _, errOut, code := run(t, "scenario", "export", "--scenario", "creuse", "--dir", "bad"); code != 0 {
		t.Fatalf("scenario export exit %d: %s", code, errOut)
	}
	tenMistakes(t, "bad")
	located := regexp.MustCompile(`^  bad/(\w+\.csv):(\d+) : colonne (\w+) : (.+)$`)
	check := func(name, errOut string) {
		t.Helper()
		var lines []string
		for _, l := range strings.Split(errOut, "\n") {
			if strings.HasPrefix(l, "  ") {
				lines = append(lines, l)
			}
		}
		if !strings.Contains(errOut, "10 problèmes") || len(lines) != 10 {
			t.Fatalf("%s: want the ten problems, got:\n%s", name, errOut)
		}
		files := map[string]bool{}
		for _, l := range lines {
			m := located.FindStringSubmatch(l)
			if m == nil {
				t.Errorf("%s: not at file:line : colonne: %q", name, l)
				continue
			}
			files[m[1]] = true
			if english := regexp.MustCompile(`\b(write|is not|must|the)\b`); english.MatchString(m[4]) {
				t.Errorf("%s: English left in %q", name, l)
			}
		}
		if len(files) != 9 {
			t.Errorf("%s: problems in %d files, want 9 (sites.csv twice)", name, len(files))
		}
	}
	_, errOut, code := run(t, "scenario", "check", "--lang", "fr", "bad")
	if code != 1 {
		t.Fatalf("check exit %d: %s", code, errOut)
	}
	check("scenario check --lang fr", errOut)
	t.Setenv("LANG", "fr_FR.UTF-8")
	_, errOut, code = run(t, "plan", "--scenario", "./bad", "--db", "x.db", "--start", "2026-11-23")
	if code != 1 {
		t.Fatalf("plan exit %d: %s", code, errOut)
	}
	check("plan in a French locale", errOut)
	if _, err := os.Stat("x.db"); !os.IsNotExist(err) {
		t.Errorf("a database was made for a bad folder: %v", err)
	}
	t.Setenv("LANG", "C.UTF-8")
	if _, errOut, _ := run(t, "scenario", "check", "bad"); !strings.Contains(errOut, "10 problems") || !strings.Contains(errOut, "column shift_end") {
		t.Errorf("in English, check says:\n%s", errOut)
	}
}

// TestCodeWarningOnTheCommandLine: a postal code in an insee column reads, with a
// warning that names both communes, in French with --lang fr.
func TestCodeWarningOnTheCommandLine(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if _, errOut, code := run(t, "scenario", "export", "--scenario", "creuse", "--dir", "c"); code != 0 {
		t.Fatalf("scenario export exit %d: %s", code, errOut)
	}
	editFile(t, filepath.Join("c", "sites.csv"), func(s string) string {
		return s + "s-x,23210,\"Place de la mairie, Bénévent-l'Abbaye\",,,Mon,\n"
	})
	out, errOut, code := run(t, "scenario", "check", "--lang", "fr", "./c")
	if code != 0 {
		t.Fatalf("check exit %d: %s", code, errOut)
	}
	for _, want := range []string{"attention : c/sites.csv:105 : colonne insee : 23210 est le code INSEE de Saint-Maixant ; c'est aussi le code postal de Bénévent-l'Abbaye (23021)", "vérifiez la colonne insee"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if !strings.Contains(out, "besoin : ") {
		t.Errorf("check does not say where the need comes from:\n%s", out)
	}
}
