package cli_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"medibus"
	"medibus/cli"
	"medibus/store"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// run executes medibus in-process with a config file that does not exist, so that the
// developer's own medibus.yaml cannot change the results.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), code
}

// inTempDir runs the test in an empty directory so no medibus.yaml is picked up.
func inTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(wd) })
	return wd
}

func TestPlanValidateExportCreuse(t *testing.T) {
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	out, errOut, code := run(t, "plan", "--scenario", "creuse", "--start", "2026-11-23", "--iterations", "200", "--db", "c.db")
	if code != 0 {
		t.Fatalf("plan exit %d: %s", code, errOut)
	}
	goldenAt(t, wd, "plan-creuse.golden", out)

	out, errOut, code = run(t, "validate", "--db", "c.db")
	if code != 0 {
		t.Fatalf("validate exit %d: %s %s", code, out, errOut)
	}
	goldenAt(t, wd, "validate-creuse.golden", out)

	out, errOut, code = run(t, "export", "--db", "c.db", "--format", "csv")
	if code != 0 {
		t.Fatalf("export exit %d: %s", code, errOut)
	}
	goldenAt(t, wd, "export-creuse.csv.golden", out)

	out, errOut, code = run(t, "export", "--db", "c.db", "--format", "csv", "--excel")
	if code != 0 || !strings.HasPrefix(out, "\uFEFFunit;date;weekday;half;") || !strings.Contains(out, ";lundi;AM;") {
		t.Fatalf("export --excel exit %d: %s %.200q", code, errOut, out)
	}

	out, errOut, code = run(t, "validate", "--db", "c.db", "--plan", "published")
	if code != cli.ExitFailure || !strings.Contains(errOut, "medibus: no plan is published yet: run `medibus plans`") {
		t.Fatalf("validate --plan published with none: exit %d, %q %q", code, out, errOut)
	}

	_, errOut, code = run(t, "export", "--db", "c.db", "--format", "json", "--out", "p.json")
	if code != 0 {
		t.Fatalf("export json exit %d: %s", code, errOut)
	}
	if b, err := os.ReadFile("p.json"); err != nil || !bytes.Contains(b, []byte(`"bus_days"`)) {
		t.Fatalf("p.json: %v %.100s", err, b)
	}
	if fi, err := os.Stat("p.json"); err != nil || fi.Mode().Perm()&0o044 != 0o044 {
		t.Fatalf("p.json mode %v (%v): an export must be readable by others", fi.Mode(), err)
	}
}

func goldenAt(t *testing.T, wd, name, got string) {
	t.Helper()
	path := filepath.Join(wd, "testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cli -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test ./cli -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestScenarioFolderRoundTrip(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if _, errOut, code := run(t, "scenario", "export", "--scenario", "creuse", "--dir", "creuse-files"); code != 0 {
		t.Fatalf("scenario export exit %d: %s", code, errOut)
	}
	out, errOut, code := run(t, "plan", "--scenario", "creuse-files", "--start", "2026-11-23", "--iterations", "200", "--db", "f.db")
	if code != 0 {
		t.Fatalf("plan from folder exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "stored") {
		t.Errorf("plan output %q", out)
	}
}

func TestBadInputStoresNothing(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if _, errOut, code := run(t, "scenario", "export", "--scenario", "creuse", "--dir", "bad"); code != 0 {
		t.Fatalf("scenario export exit %d: %s", code, errOut)
	}
	f, _ := os.OpenFile(filepath.Join("bad", "demand.csv"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("99999,gp,4,imported\n")
	f.Close()
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown INSEE", []string{"plan", "--scenario", "bad", "--db", "x.db", "--start", "2026-11-23"}, 1, "unknown INSEE code \"99999\""},
		{"unknown scenario", []string{"plan", "--scenario", "atlantis", "--db", "x.db"}, 1, "unknown scenario \"atlantis\""},
		{"start not a Monday", []string{"plan", "--scenario", "creuse", "--db", "x.db", "--start", "2026-11-24"}, 2, "is a Tuesday"},
		{"bad flag", []string{"plan", "--nope"}, 2, "unknown flag"},
		{"validate without db", []string{"validate", "--db", "missing.db"}, 1, "does not exist"},
		{"export bad format", []string{"export", "--db", "missing.db", "--format", "xml"}, 2, "use json, csv or xlsx"},
		{"excel without csv", []string{"export", "--db", "missing.db", "--excel"}, 2, "add --format csv"},
		{"mistyped command", []string{"plna"}, 2, `unknown command "plna": did you mean plan`},
		{"mistyped command, far from any", []string{"xyzzy"}, 2, "medibus --help"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := run(t, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d stderr %q, want exit %d and %q", code, errOut, tc.code, tc.want)
			}
		})
	}
	if _, err := os.Stat("x.db"); err == nil {
		t.Error("a failed plan created the database")
	}
}

func TestConfigShow(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	os.WriteFile("medibus.yaml", []byte("seed: 42\nplanning:\n  max_drive_min: 200\n"), 0o644)
	t.Setenv("MEDIBUS_DB", "env.db")
	out, errOut, code := run(t, "config", "show")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"# read from ./medibus.yaml", "db: env.db", "seed: 42", "max_drive_min: 200", "am_start: \"09:00\""} {
		if !strings.Contains(out, want) {
			t.Errorf("config show lacks %q:\n%s", want, out)
		}
	}
}

func TestBench(t *testing.T) {
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := filepath.Join(wd, "..", "testdata", "bench")
	out, errOut, code := run(t, "bench", "--family", "solomon", "--instances", "C101,R1*1", "--iterations", "300",
		"--workers", "1", "--dir", dir, "--format", "csv", "--solutions", "sol")
	if code != 0 {
		t.Fatalf("bench exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	// Header, C101, R101, R111, then the average row.
	if len(lines) != 5 || !strings.HasPrefix(lines[1], "C101,10,") || !strings.HasPrefix(lines[4], "average") {
		t.Fatalf("bench output:\n%s", out)
	}
	if !strings.Contains(errOut, "C101") || !strings.Contains(errOut, "gap") {
		t.Errorf("no per-instance progress on stderr: %q", errOut)
	}
	b, err := os.ReadFile(filepath.Join("sol", "C101.sol"))
	if err != nil || !strings.HasPrefix(string(b), "Route 1 :") {
		t.Fatalf("solution file: %v %q", err, b)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"bench", "--family", "tsp"}, "use solomon, top"},
		{[]string{"bench", "--format", "xml"}, "use table, csv or json"},
		{[]string{"bench", "--dir", dir, "--instances", "Z999", "--iterations", "1"}, "no instance"},
	} {
		if _, errOut, code := run(t, tc.args...); code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want an error with %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestReplan: a breakdown and an absence on the published calendar make a dated
// change of those dates, checked with the calendar around them; published, it is in
// force, and a change of a past date is refused.
func TestReplan(t *testing.T) {
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("MEDIBUS_TODAY", "2026-11-23")
	if _, errOut, code := run(t, "plan", "--scenario", "creuse", "--start", "2026-11-23", "--iterations", "200", "--db", "r.db"); code != 0 {
		t.Fatalf("plan exit %d: %s", code, errOut)
	}
	if out, errOut, code := run(t, "replan", "--db", "r.db", "--unavailable", "unit:bus-23:2026-11-24"); code == 0 || !strings.Contains(errOut, "no rotation is published") {
		t.Fatalf("replan before anything is published: exit %d %s %s", code, out, errOut)
	}
	if out, errOut, code := run(t, "publish", "--db", "r.db"); code != 0 || !strings.Contains(out, "published for bus-23, bus-23b from 2026-11-23") {
		t.Fatalf("publish: exit %d %s %s", code, out, errOut)
	}
	out, errOut, code := run(t, "replan", "--db", "r.db", "--from", "published",
		"--unavailable", "unit:bus-23:2026-11-24..2026-11-25", "--absent", "staff:gp-bus-23-1:2026-11-30..2026-12-04")
	if code != 0 {
		t.Fatalf("replan exit %d: %s", code, errOut)
	}
	goldenAt(t, wd, "replan-creuse.golden", out)
	if out, errOut, code := run(t, "validate", "--db", "r.db", "--plan", "2"); code != 0 || !strings.Contains(out, "change 2") {
		t.Fatalf("the change does not validate: %s %s", out, errOut)
	}
	if out, errOut, code := run(t, "publish", "--db", "r.db", "--plan", "2"); code != 0 || !strings.Contains(out, "change 2 published") {
		t.Fatalf("publish the change: exit %d %s %s", code, out, errOut)
	}
	t.Setenv("MEDIBUS_TODAY", "2026-12-01")
	if _, errOut, code := run(t, "replan", "--db", "r.db", "--unavailable", "unit:bus-23b:2026-11-30"); code == 0 || !strings.Contains(errOut, "already past") {
		t.Errorf("a change of a past date: exit %d %s", code, errOut)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"replan", "--db", "r.db"}, "nothing to re-plan for"},
		{[]string{"replan", "--db", "r.db", "--absent", "staff:nobody:2026-12-02"}, `no published rotation has a session of nobody`},
		{[]string{"replan", "--db", "r.db", "--unavailable", "unit:bus-99:2026-12-02"}, `no rotation is published for bus-99`},
		{[]string{"replan", "--db", "r.db", "--unavailable", "bus-23:2026-11-30"}, "write unit:ID:DATE"},
		{[]string{"replan", "--db", "r.db", "--unavailable", "unit:bus-23:2026-11-30..2026-11-29"}, "ends before it starts"},
		{[]string{"replan", "--db", "r.db", "--from", "9", "--unavailable", "unit:bus-23:2026-11-30"}, "medibus plan --from 9"},
	} {
		if _, errOut, code := run(t, tc.args...); code == 0 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want an error with %q", tc.args, code, errOut, tc.want)
		}
	}
}

func TestExplain(t *testing.T) {
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if _, errOut, code := run(t, "plan", "--scenario", "creuse", "--start", "2026-11-23", "--iterations", "200", "--db", "e.db"); code != 0 {
		t.Fatalf("plan exit %d: %s", code, errOut)
	}
	var all strings.Builder
	for _, args := range [][]string{{"--commune", "23143"}, {"--commune", "23004", "--service", "gyn"}} {
		out, errOut, code := run(t, append([]string{"explain", "--db", "e.db"}, args...)...)
		if code != 0 {
			t.Fatalf("explain %v exit %d: %s", args, code, errOut)
		}
		all.WriteString(out)
	}
	goldenAt(t, wd, "explain-creuse.golden", all.String())
	// A missing flag is a wrong command line (2); a commune or service the plan does not
	// know is bad input (1).
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"explain", "--db", "e.db"}, cli.ExitUsage, "--commune"},
		{[]string{"explain", "--db", "e.db", "--commune", "75056"}, cli.ExitFailure, `commune "75056" is not in scenario creuse`},
		{[]string{"explain", "--db", "e.db", "--commune", "99999"}, cli.ExitFailure, `commune "99999" is not in scenario creuse`},
		{[]string{"explain", "--db", "e.db", "--commune", "23143", "--service", "dentist"}, cli.ExitFailure, "use one of gp, gyn, eye"},
	} {
		if _, errOut, code := run(t, tc.args...); code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

// TestExplainIdle plans testdata/scenario-idle (two buses, ten sites, a two-week cycle;
// the second bus runs Monday to Thursday and its GP never on Tuesday afternoons) and
// checks what explain --idle says: the sites' one regular half-day a week allows 20
// sessions of the 40 half-days, and the 20 empty ones are counted under their cause,
// 14 for the fixed rhythm, 4 for the bus off on Fridays, 2 for the GP's days.
func TestExplainIdle(t *testing.T) {
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := filepath.Join(wd, "..", "testdata", "scenario-idle")
	if _, errOut, code := run(t, "plan", "--scenario", dir, "--engine", "greedy", "--start", "2026-11-23", "--db", "i.db"); code != 0 {
		t.Fatalf("plan exit %d: %s", code, errOut)
	}
	var all strings.Builder
	for _, args := range [][]string{{"--idle"}, {"--idle", "--unit", "bus-b"}} {
		out, errOut, code := run(t, append([]string{"explain", "--db", "i.db"}, args...)...)
		if code != 0 {
			t.Fatalf("explain %v exit %d: %s", args, code, errOut)
		}
		all.WriteString(out)
	}
	for _, want := range []string{"10 sites × 1 service(s) with need, 1 regular half-day a week each × 2 weeks = 20 sessions possible for 36 working half-days",
		"40 half-days, 20 sessions, 20 empty", "     14  fixed rhythm", "      4  bus off", "      2  staff's days"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("explain --idle lacks %q:\n%s", want, all.String())
		}
	}
	goldenAt(t, wd, "explain-idle.golden", all.String())
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"explain", "--db", "i.db", "--unit", "bus-b"}, cli.ExitUsage, "--unit goes with --idle"},
		{[]string{"explain", "--db", "i.db", "--idle", "--unit", "bus-z"}, cli.ExitFailure, `bus "bus-z" is not in scenario idle: give one of bus-a, bus-b`},
	} {
		if _, errOut, code := run(t, tc.args...); code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q, want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

func TestBenchPVRP(t *testing.T) {
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir := filepath.Join(wd, "..", "testdata", "bench")
	out, errOut, code := run(t, "bench", "--family", "pvrp", "--instances", "p01", "--iterations", "300",
		"--workers", "1", "--dir", dir, "--format", "csv", "--solutions", "sol")
	if code != 0 {
		t.Fatalf("bench exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "p01,") || !strings.HasSuffix(lines[1], ",true") {
		t.Fatalf("bench output:\n%s", out)
	}
	b, err := os.ReadFile(filepath.Join("sol", "p01.res"))
	if err != nil {
		t.Fatal(err)
	}
	res := strings.Split(strings.TrimSpace(string(b)), "\n")
	// Cost line, then one "day vehicle duration load 0 … 0" line per route.
	if len(res) < 6 || !strings.Contains(res[1], " 0 ") || !strings.HasSuffix(res[1], " 0") {
		t.Fatalf("solution file:\n%s", b)
	}
}

// TestRotationKeepsClosedDates: a plan is a rotation, the repeating cycle of the
// buses. A closure declared at the desk, or a public holiday in the first cycle,
// cancels that date's occurrence on the calendar, never the slot: a Creuse cycle
// started 2026-12-21 (Christmas and New Year's Day are Fridays in it) holds as many
// Friday sessions as one started 2027-01-04, and a closure leaves its day planned.
func TestRotationKeepsClosedDates(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	db, err := store.Open("c.db")
	if err != nil {
		t.Fatal(err)
	}
	day, _ := medibus.ParseDate("2026-11-24")
	if _, err := db.AddClosure(context.Background(), medibus.Closure{From: day, To: day, Department: "23", Reason: "neige"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	fridays := map[string]int{}
	for _, start := range []string{"2026-11-23", "2026-12-21", "2027-01-04"} {
		if _, errOut, code := run(t, "plan", "--scenario", "creuse", "--start", start, "--engine", "greedy", "--db", "c.db"); code != 0 {
			t.Fatalf("plan exit %d: %s", code, errOut)
		}
		out, errOut, code := run(t, "export", "--db", "c.db", "--format", "csv")
		if code != 0 {
			t.Fatalf("export exit %d: %s", code, errOut)
		}
		fridays[start] = strings.Count(out, ",Friday,")
		if start == "2026-11-23" && !strings.Contains(out, ",2026-11-24,") {
			t.Errorf("the closure of 2026-11-24 emptied its slot in the rotation:\n%.500s", out)
		}
	}
	if fridays["2026-12-21"] == 0 || fridays["2026-12-21"] < fridays["2027-01-04"]*9/10 {
		t.Errorf("Friday sessions per cycle: %v; a holiday in the cycle must not empty its slot", fridays)
	}
}
