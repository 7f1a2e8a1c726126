package scenario_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"medibus"
	"medibus/csvtable"
	"medibus/scenario"
)

// The fuzz targets read whole scenario folders held in memory: a folder is packed into
// one input as "== name" lines, each followed by the file's content, so that the
// fuzzer mutates every file and the relations between them. Run them with, e.g.:
//
//	go test ./scenario -run XXX -fuzz FuzzReadFolder -fuzztime 1000000x -fuzzminimizetime 5s

// smallFolder is the test folder that fills every column of every file.
const smallFolder = "../testdata/scenario-small"

// pack joins a folder's files into one fuzz input, in name order.
func pack(files map[string][]byte) []byte {
	var b bytes.Buffer
	for _, name := range sortedKeys(files) {
		b.WriteString("== " + name + "\n")
		b.Write(files[name])
	}
	return b.Bytes()
}

// unpack splits a fuzz input into a folder; text before the first "== " line, and
// names that are not valid file names, are dropped.
func unpack(data []byte) fstest.MapFS {
	out := fstest.MapFS{}
	var name string
	var content []byte
	flush := func() {
		if name != "" && fs.ValidPath(name) && !strings.Contains(name, "/") {
			out[name] = &fstest.MapFile{Data: append([]byte(nil), content...)}
		}
	}
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		if rest, ok := bytes.CutPrefix(line, []byte("== ")); ok {
			flush()
			name, content = strings.TrimSpace(string(rest)), nil
			continue
		}
		content = append(content, line...)
	}
	flush()
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

// readSmall reads the test folder's files.
func readSmall(tb testing.TB) map[string][]byte {
	tb.Helper()
	entries, err := os.ReadDir(smallFolder)
	if err != nil {
		tb.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		if files[e.Name()], err = os.ReadFile(filepath.Join(smallFolder, e.Name())); err != nil {
			tb.Fatal(err)
		}
	}
	return files
}

// seedFolders are the seed corpus: the small folder as it is and with the edits that
// reach each way of reading (optional files absent, CRLF, BOM, a few slips).
func seedFolders(tb testing.TB) [][]byte {
	base := readSmall(tb)
	with := func(edit func(map[string][]byte)) []byte {
		c := map[string][]byte{}
		for k, v := range base {
			c[k] = append([]byte(nil), v...)
		}
		edit(c)
		return pack(c)
	}
	french, err := scenario.FrenchFolder(base)
	if err != nil {
		tb.Fatal(err)
	}
	return [][]byte{
		pack(base),
		pack(french),
		with(func(c map[string][]byte) { delete(c, scenario.PinsFile); delete(c, scenario.FrequenciesFile) }),
		with(func(c map[string][]byte) {
			c[scenario.UnitsFile] = bytes.ReplaceAll(c[scenario.UnitsFile], []byte("\n"), []byte("\r\n"))
		}),
		with(func(c map[string][]byte) { c[scenario.SitesFile] = append([]byte("\ufeff"), c[scenario.SitesFile]...) }),
		with(func(c map[string][]byte) {
			c[scenario.StaffFile] = bytes.Replace(c[scenario.StaffFile], []byte("gp-1,"), []byte(`"gp;1",`), 1)
		}),
		with(func(c map[string][]byte) {
			c[scenario.DemandFile] = append(c[scenario.DemandFile], "23020,eye,NaN,\n"...)
		}),
		with(func(c map[string][]byte) {
			c[scenario.RulesFile] = bytes.Replace(c[scenario.RulesFile], []byte("catchment_min,20"), []byte("catchment_min,100000"), 1)
		}),
		with(func(c map[string][]byte) {
			c[scenario.UnitsFile] = bytes.Replace(c[scenario.UnitsFile], []byte("unavailable"), []byte("unavailabe"), 1)
		}),
	}
}

// placed matches a problem that names its file of the folder "f" and, but for a
// missing or oversized file, its line.
var placed = regexp.MustCompile(`^f/(rules|depots|organisations|units|staff|services|sites|demand|pins|frequencies)\.csv(:[1-9][0-9]*)?: `)

// checkPlaced fails unless every problem of err is where matches.
func checkPlaced(t *testing.T, err error, where *regexp.Regexp) {
	t.Helper()
	list := []error{err}
	var many *csvtable.Errors
	if errors.As(err, &many) {
		list = many.List
	}
	for _, e := range list {
		if !where.MatchString(e.Error()) {
			t.Fatalf("a problem without its file and line: %q", e)
		}
	}
}

// FuzzReadFolder: any folder is either refused with every problem at its file and
// line, or read into a scenario that holds its invariants and that Write gives back
// unchanged.
func FuzzReadFolder(f *testing.F) {
	fr := mustFrance(f)
	for _, s := range seedFolders(f) {
		f.Add(s)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := scenario.ReadFolderFS(ctx, unpack(data), "f", scenario.Defaults(), fr, gcTravel)
		if err != nil {
			checkPlaced(t, err, placed)
			return
		}
		checkScenario(t, sc)
		files, err := scenario.EncodeFolder(sc)
		if err != nil {
			t.Fatalf("write what was read: %v", err)
		}
		again, err := scenario.ReadFolderFS(ctx, unpack(pack(files)), "f", scenario.Defaults(), fr, gcTravel)
		if err != nil {
			t.Fatalf("read what was written: %v", err)
		}
		if !reflect.DeepEqual(again, sc) {
			t.Fatalf("read, written and read again, the scenario changed:\n%+v\n%+v", sc, again)
		}
	})
}

// checkScenario holds the invariants of a scenario read from a folder: something to
// plan, unique ids free of separators, references resolved, points in France, finite
// figures, rules within their ranges.
func checkScenario(t *testing.T, sc *medibus.Scenario) {
	t.Helper()
	if len(sc.Depots) == 0 || len(sc.Units) == 0 || len(sc.Staff) == 0 || len(sc.Services) == 0 || len(sc.Sites) == 0 || len(sc.Demand) == 0 {
		t.Fatalf("an empty scenario was read: %d depots, %d units, %d staff, %d services, %d sites, %d demand rows",
			len(sc.Depots), len(sc.Units), len(sc.Staff), len(sc.Services), len(sc.Sites), len(sc.Demand))
	}
	ix := medibus.NewIndex(sc)
	ids := map[string]int{"depot": len(ix.Depots), "unit": len(ix.Units), "staff": len(ix.Staff), "service": len(ix.Services), "site": len(ix.Sites)}
	counts := map[string]int{"depot": len(sc.Depots), "unit": len(sc.Units), "staff": len(sc.Staff), "service": len(sc.Services), "site": len(sc.Sites)}
	for k, n := range counts {
		if ids[k] != n {
			t.Fatalf("%d %ss but %d ids: an id is repeated", n, k, ids[k])
		}
	}
	for _, u := range sc.Units {
		checkID(t, u.ID)
		if ix.Depots[u.Depot] == nil || u.ShiftEnd <= u.ShiftStart || u.MaxDriveMin <= 0 {
			t.Fatalf("unit %+v", u)
		}
	}
	for _, m := range sc.Staff {
		checkID(t, m.ID)
		for _, u := range m.Units {
			if ix.Units[u] == nil {
				t.Fatalf("staff %s on unknown unit %q", m.ID, u)
			}
		}
		if m.MaxSessionsPerWeek < 0 {
			t.Fatalf("staff %s: cap %d", m.ID, m.MaxSessionsPerWeek)
		}
	}
	for _, s := range sc.Services {
		if len(s.Roles) == 0 || s.ConsultMin <= 0 || !(s.RatePerYear >= 0) || math.IsInf(s.RatePerYear, 0) || s.AssistantExtra < 0 || s.AssistantExtra > 20 {
			t.Fatalf("service %+v", s)
		}
	}
	checkPeople(t, sc, ix)
	checkPlaces(t, sc, ix)
	checkRulesInRange(t, &sc.Rules)
}

// checkPeople: organisations unique and known to their buses; interns supervised by a
// senior of their role; remote specialists' parallel sessions within bounds.
func checkPeople(t *testing.T, sc *medibus.Scenario, ix *medibus.Index) {
	t.Helper()
	if len(ix.Organisations) != len(sc.Organisations) {
		t.Fatalf("%d organisations but %d ids: an id is repeated", len(sc.Organisations), len(ix.Organisations))
	}
	for _, o := range sc.Organisations {
		checkID(t, o.ID)
	}
	for _, u := range sc.Units {
		if u.Organisation != "" && ix.Organisations[u.Organisation] == nil {
			t.Fatalf("unit %s of unknown organisation %q", u.ID, u.Organisation)
		}
	}
	for _, m := range sc.Staff {
		if m.MaxParallel < 0 || m.MaxParallel > 20 {
			t.Fatalf("staff %s: %d parallel sessions", m.ID, m.MaxParallel)
		}
		if m.Supervisor == "" {
			continue
		}
		if sup := ix.Staff[m.Supervisor]; !m.Intern || sup == nil || sup.Intern || sup.Role != m.Role {
			t.Fatalf("staff %s supervised by %q: %+v", m.ID, m.Supervisor, sup)
		}
	}
}

// checkPlaces: points in France, demand and pins on known places and services.
func checkPlaces(t *testing.T, sc *medibus.Scenario, ix *medibus.Index) {
	t.Helper()
	in := func(p [2]float64) bool { return p[1] >= 41 && p[1] <= 51.5 && p[0] >= -5.5 && p[0] <= 10 }
	for _, d := range sc.Depots {
		if !in(d.Point) {
			t.Fatalf("depot %s at %v", d.ID, d.Point)
		}
	}
	for _, s := range sc.Sites {
		if !in(s.Point) || ix.Communes[s.INSEE] == nil {
			t.Fatalf("site %+v", s)
		}
	}
	for _, d := range sc.Demand {
		if ix.Communes[d.INSEE] == nil || ix.Services[d.Service] == nil || !(d.Need >= 0) || math.IsInf(d.Need, 0) {
			t.Fatalf("demand %+v", d)
		}
	}
	for _, p := range sc.Pins {
		if ix.Units[p.Unit] == nil || ix.Sites[p.Site] == nil || ix.Services[p.Service] == nil || p.End <= p.Start {
			t.Fatalf("pin %+v", p)
		}
	}
}

func checkID(t *testing.T, id string) {
	t.Helper()
	if id == "" || strings.ContainsAny(id, ";,") || strings.ContainsFunc(id, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		t.Fatalf("id %q was accepted", id)
	}
}

// checkRulesInRange: every whole-number rule within its range, and the windows, days
// and zone plannable.
func checkRulesInRange(t *testing.T, r *medibus.Rules) {
	t.Helper()
	b := scenario.RuleBounds()
	for key, v := range map[string]int{
		"cycle_weeks": r.CycleWeeks, "setup_min": r.SetupMin, "break_min": r.BreakMin, "min_session_min": r.MinSessionMin,
		"catchment_min": r.CatchmentMin, "need_access_min": r.NeedAccessMin, "max_leg_min": r.MaxLegMin, "rhythm_weeks": r.RhythmWeeks,
	} {
		if v < b[key][0] || v > b[key][1] {
			t.Fatalf("rule %s = %d accepted, outside %v", key, v, b[key])
		}
	}
	if err := scenario.CheckRules(r); err != nil {
		t.Fatalf("rules accepted that cannot be planned with: %v", err)
	}
}

// FuzzRules: any rules.csv is either refused with every problem at its line of
// rules.csv, or gives rules within their ranges that can be planned with.
func FuzzRules(f *testing.F) {
	for _, seed := range []string{
		string(readSmall(f)[scenario.RulesFile]),
		"key,value\n",
		"key,value\ncycle_weeks,4\nam_start,08:00\nam_end,12:00\npm_start,12:30\npm_end,18:00\n",
		"key,value\ncatchment_min,100000\n",
		"key,value\nam_end,08:30\n",
		"key,value\ntravel_detour,1.4\ncatchement_min,20\n",
		"key,value\nmin_session_min,300\n",
		"key,value\ntime_zone,Mars/Olympus\ndays,Lun..Ven\n",
	} {
		f.Add([]byte(seed))
	}
	p := scenario.Defaults()
	rulesLine := regexp.MustCompile(`^rules\.csv(:[1-9][0-9]*)?: `)
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := scenario.ReadRules(data, p)
		if err != nil {
			checkPlaced(t, err, rulesLine)
			return
		}
		checkRulesInRange(t, &sc.Rules)
		if sc.Name == "" {
			t.Fatal("an empty scenario name was accepted")
		}
	})
}

// BenchmarkReadFolderInMemory measures one fuzz input's read: the small folder.
func BenchmarkReadFolderInMemory(b *testing.B) {
	fr := mustFrance(b)
	data := seedFolders(b)[0]
	for b.Loop() {
		if _, err := scenario.ReadFolderFS(context.Background(), unpack(data), "f", scenario.Defaults(), fr, gcTravel); err != nil {
			b.Fatal(err)
		}
	}
}
