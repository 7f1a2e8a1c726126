package scenario_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/scenario"
)

func sortedDemand(ds []medibus.Demand) []medibus.Demand {
	out := append([]medibus.Demand(nil), ds...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].INSEE != out[j].INSEE {
			return out[i].INSEE < out[j].INSEE
		}
		return out[i].Service < out[j].Service
	})
	return out
}

func TestWriteReadRoundTrip(t *testing.T) {
	f := mustFrance(t)
	sc, err := scenario.Build(context.Background(), "creuse", scenario.Defaults(), f, gcTravel, scenario.Imports{})
	if err != nil {
		t.Fatal(err)
	}
	sc.Units[0].Unavailable = []medibus.DateRange{{From: 20000, To: 20002}}
	sc.Frequencies = []medibus.Frequency{
		{INSEE: sc.Sites[0].INSEE, Service: "gp", Every: 2},
		{INSEE: sc.Sites[1].INSEE, Service: "gp", Every: 1, MinGapDays: 7, MaxGapDays: 14, Days: medibus.HalfDays(0).With(2, medibus.AM)},
	}
	sc.RoadClosures = []medibus.RoadClosure{
		{Name: "Pont, en travaux", Line: orb.LineString{{2.04, 46.1}, {2.05, 46.09}}, Closed: medibus.Period{From: "2027-03-01", To: "2027-03-10"}, Source: "arrêté"},
		{Name: "Col", Line: orb.LineString{{6.99, 45.414}, {7.02, 45.415}, {7.07, 45.42}}, Closed: medibus.Period{From: "11-01", To: "06-30"}},
	}
	dir := t.TempDir()
	if err := scenario.Write(dir, sc); err != nil {
		t.Fatal(err)
	}
	got, err := scenario.Read(context.Background(), dir, scenario.Defaults(), f, gcTravel)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"rules", got.Rules, sc.Rules},
		{"depots", got.Depots, sc.Depots},
		{"units", got.Units, sc.Units},
		{"staff", got.Staff, sc.Staff},
		{"services", got.Services, sc.Services},
		{"sites", got.Sites, sc.Sites},
		{"demand", sortedDemand(got.Demand), sortedDemand(sc.Demand)},
		{"name", got.Name, sc.Name},
		{"frequencies", got.Frequencies, sc.Frequencies},
		{"road closures", got.RoadClosures, sc.RoadClosures},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s differ after round trip:\n got %+v\nwant %+v", c.name, c.got, c.want)
		}
	}
}

// writeFolder exports creuse then applies edits (file → function of its content).
func writeFolder(t *testing.T, edits map[string]func(string) string) string {
	t.Helper()
	f := mustFrance(t)
	sc, err := scenario.Build(context.Background(), "creuse", scenario.Defaults(), f, gcTravel, scenario.Imports{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := scenario.Write(dir, sc); err != nil {
		t.Fatal(err)
	}
	for name, edit := range edits {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(edit(string(b))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func appendLine(l string) func(string) string { return func(s string) string { return s + l + "\n" } }

func TestReadBadInput(t *testing.T) {
	f := mustFrance(t)
	for _, tc := range []struct {
		name  string
		edits map[string]func(string) string
		want  []string
	}{
		{"unknown INSEE", map[string]func(string) string{"demand.csv": appendLine("99999,gp,3,imported")},
			[]string{"demand.csv:", "column insee", `unknown INSEE code "99999"`}},
		{"duplicate unit", map[string]func(string) string{"units.csv": appendLine("bus-23,X,depot-23,75,23,,Mon,07:00,19:00,240,,,,")},
			[]string{"units.csv:4:", "duplicate unit id \"bus-23\" (first on line 2)"}},
		{"shift ends before it starts", map[string]func(string) string{"units.csv": func(s string) string {
			return strings.Replace(s, "07:00,19:00", "19:00,07:00", 1)
		}}, []string{"units.csv:2:", "column shift_end", "before it starts"}},
		{"window ends before it starts", map[string]func(string) string{"rules.csv": func(s string) string {
			return strings.Replace(s, "am_end,12:30", "am_end,08:30", 1)
		}}, []string{"rules.csv", "morning window 09:00–08:30 ends before it starts"}},
		{"not UTF-8", map[string]func(string) string{"sites.csv": appendLine("s-x,23096,Gu\xe9ret,46.17,1.87,Mon")},
			[]string{"sites.csv:", "not valid UTF-8"}},
		{"unknown staff unit", map[string]func(string) string{"staff.csv": appendLine("x,X,gp,Mon,bus-99,3,,,,,")},
			[]string{"staff.csv:", "column units", `unknown unit "bus-99"`}},
		{"impossible demand", map[string]func(string) string{"units.csv": func(s string) string {
			return strings.NewReplacer("gyn_chair", "", "eye_kit", "").Replace(s)
		}}, []string{"demand.csv", "impossible demand for service gyn", "no bus carries gyn_chair"}},
		{"bad weekday", map[string]func(string) string{"staff.csv": appendLine("x,X,gp,Mon Lunes,bus-23,3,,,,,")},
			[]string{"staff.csv:", "column availability", `unknown day "lunes"`}},
		{"negative need", map[string]func(string) string{"demand.csv": appendLine("87085,gp,-4,imported")},
			[]string{"demand.csv:", "need -4 is negative"}},
		{"truncated quote", map[string]func(string) string{"depots.csv": appendLine("\"depot-x,Y")},
			[]string{"depots.csv:"}},
		{"unknown frequency", map[string]func(string) string{"frequencies.csv": appendLine("23143,gp,daily,,,")},
			[]string{"frequencies.csv:2:", "column frequency", `unknown frequency "daily"`}},
		{"monthly on a fortnight", map[string]func(string) string{"frequencies.csv": appendLine("23143,gp,monthly,,,")},
			[]string{"frequencies.csv:2:", "2-week cycle", "monthly needs cycle_weeks 4"}},
		{"frequency without a site", map[string]func(string) string{"frequencies.csv": appendLine("23096,gp,weekly,,,")},
			[]string{"frequencies.csv:2:", "column insee", `no site of sites.csv is in commune "23096"`}},
		{"frequency twice", map[string]func(string) string{"frequencies.csv": appendLine("23143,gp,weekly,,,\n23143,gp,fortnightly,,,")},
			[]string{"frequencies.csv:3:", "given twice (first on line 2)"}},
		{"gaps reversed", map[string]func(string) string{"frequencies.csv": appendLine("23143,gp,weekly,14,7,")},
			[]string{"frequencies.csv:2:", "gaps of 14 to 7 days"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFolder(t, tc.edits)
			_, err := scenario.Read(context.Background(), dir, scenario.Defaults(), f, gcTravel)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestReadMissingFolder(t *testing.T) {
	_, err := scenario.Read(context.Background(), filepath.Join(t.TempDir(), "nope"), scenario.Defaults(), mustFrance(t), gcTravel)
	if err == nil || !strings.Contains(err.Error(), "rules.csv") {
		t.Fatalf("err = %v, want it to name rules.csv", err)
	}
}

// FuzzReadFrequencies feeds arbitrary frequencies.csv files to Read: it either says
// what is wrong or returns rules that name a site's commune and a service, and that
// the cycle can hold.
func FuzzReadFrequencies(f *testing.F) {
	fr := mustFrance(f)
	sc, err := scenario.Build(context.Background(), "creuse", scenario.Defaults(), fr, gcTravel, scenario.Imports{})
	if err != nil {
		f.Fatal(err)
	}
	dir := f.TempDir()
	if err := scenario.Write(dir, sc); err != nil {
		f.Fatal(err)
	}
	head := "insee,service,frequency,min_gap_days,max_gap_days,days\n"
	for _, seed := range []string{
		head + "23143,gp,fortnightly,,,\n",
		head + "23143,gp,weekly,7,14,Tue-AM\n",
		head + "23143,gp,monthly,,,\n",
		head + "23143,eye,2,10,20,Mon..Wed\n",
		"insee,service\n23143,gp\n",
		head + "23143,gp,weekly,-3,,\n",
	} {
		f.Add(seed)
	}
	sites := map[string]bool{}
	for _, s := range sc.Sites {
		sites[s.INSEE] = true
	}
	f.Fuzz(func(t *testing.T, content string) {
		if err := os.WriteFile(filepath.Join(dir, scenario.FrequenciesFile), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := scenario.Read(context.Background(), dir, scenario.Defaults(), fr, gcTravel)
		if err != nil {
			if !strings.Contains(err.Error(), scenario.FrequenciesFile) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, q := range got.Frequencies {
			if !sites[q.INSEE] {
				t.Errorf("frequency in %q, a commune without a site", q.INSEE)
			}
			if err := medibus.CheckFrequency(&q, got.Rules.CycleWeeks); err != nil {
				t.Errorf("accepted frequency the cycle cannot hold: %+v: %v", q, err)
			}
		}
	})
}
