package cli_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// smallFolder is a valid scenario folder that fills every column of every file
// (around Aubusson, Creuse); the corrupted folders below are edits of it.
const smallFolder = "testdata/scenario-small"

// edit changes the content of one file of a folder.
type edit func(string) string

func replace(old, new string) edit {
	return func(s string) string {
		if !strings.Contains(s, old) {
			panic(fmt.Sprintf("edit: %q not in the file", old))
		}
		return strings.Replace(s, old, new, 1)
	}
}

func appendRow(row string) edit { return func(s string) string { return s + row + "\n" } }

func content(c string) edit { return func(string) string { return c } }

// crlf turns every line ending into CRLF, as a spreadsheet on Windows writes them.
func crlf(e edit) edit {
	return func(s string) string { return strings.ReplaceAll(e(s), "\n", "\r\n") }
}

// copyFolder copies the small folder (read from the module's testdata, wd being the
// package directory) to dst and applies the edits.
func copyFolder(t *testing.T, wd, dst string, edits map[string]edit) {
	t.Helper()
	src := filepath.Join(wd, "..", smallFolder)
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if _, removed := edits["-"+e.Name()]; removed {
			continue
		}
		if ed, ok := edits[e.Name()]; ok {
			s = ed(s)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// checksum is the sha256 of a file's bytes.
func checksum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// listing names the files of the working directory, but not the case folders.
func listing(t *testing.T) string {
	t.Helper()
	es, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return strings.Join(names, " ")
}

// corruptedFolders are scenario folders medibus must refuse, each with the exact place
// of its first problem (file:line: column) and a part of the message. Lines: rules.csv
// has name on line 2, cycle_weeks 4, am_end 7, catchment_min 13, time_zone 16; the
// other files' first row is line 2.
var corruptedFolders = []struct {
	name  string
	edits map[string]edit
	want  string // file:line: … as printed, after the folder's path
}{
	// The probe's failures (issue 15, item 2).
	{"misspelt optional column", map[string]edit{"units.csv": replace("unavailable,why", "unavailabe,why")},
		`units.csv:1: column unavailabe: unknown column "unavailabe" (did you mean unavailable?)`},
	{"row with a missing field", map[string]edit{"units.csv": replace("Conducteur 2,,", "Conducteur 2,")},
		"units.csv:3: column organisation: 13 fields, but the header names 14 columns"},
	{"row with an extra field", map[string]edit{"staff.csv": replace("bus-1;bus-2,5,", "bus-1;bus-2,5,,x")},
		"staff.csv:2: column 12: 12 fields, but the header names 11 columns"},
	{"lat with an empty lon", map[string]edit{"sites.csv": replace("46.08617,2.0243", "46.08617,")},
		"sites.csv:2: column lon: lat is given but lon is empty"},
	{"negative rate_per_year", map[string]edit{"services.csv": replace(",20,1", ",20,-1")},
		"services.csv:2: column rate_per_year: rate -1 is negative"},
	{"negative max_sessions_per_week", map[string]edit{"staff.csv": replace("bus-1;bus-2,5,", "bus-1;bus-2,-1,")},
		"staff.csv:2: column max_sessions_per_week: -1 is out of range: write 0 to 14"},
	{"unknown depot INSEE", map[string]edit{"depots.csv": replace("23008,45.9509", "99999,45.9509")},
		`depots.csv:2: column insee: unknown INSEE code "99999"`},
	{"no site", map[string]edit{"sites.csv": content("id,insee,name,lat,lon,allowed\n")},
		"sites.csv:1: the file has a header but no rows: add one row per candidate site"},
	{"too many sites", map[string]edit{"sites.csv": manySites(100001)},
		"sites.csv:100002: more than 100000 rows"},
	{"rule value out of range", map[string]edit{"rules.csv": replace("catchment_min,20", "catchment_min,100000")},
		"rules.csv:13: column value: catchment_min: 100000 is out of range: write 1 to 120 minutes"},
	{"rule window reversed", map[string]edit{"rules.csv": replace("am_end,12:30", "am_end,08:30")},
		"rules.csv:7: column value: am_end: morning window 09:00–08:30 ends before it starts"},
	{"NaN need", map[string]edit{"demand.csv": replace("23013,gp,120", "23013,gp,NaN")},
		`demand.csv:3: column need: "NaN" is not a number`},
	{"pin with an unknown staff member", map[string]edit{"pins.csv": replace(",gp-1,", ",gp-9,")},
		`pins.csv:2: column staff: unknown staff member "gp-9" (did you mean gp-1?)`},
	{"pin outside the cycle", map[string]edit{"pins.csv": replace("2026-11-24", "2027-01-05")},
		"pins.csv:2: column date: pin on 2027-01-05 lies outside the cycle 2026-11-23 to 2026-12-06"},
	{"unknown organisation kind", map[string]edit{"organisations.csv": replace(",msp,", ",clinic,")},
		`organisations.csv:2: column kind: kind "clinic": write one of msp, cpts, hospital, department`},
	{"bus of an unknown organisation", map[string]edit{"units.csv": replace("org-aubusson", "org-x")},
		`units.csv:2: column organisation: unknown organisation "org-x"`},
	{"booking neither link nor number", map[string]edit{"organisations.csv": replace("https://rdv.example.org/aubusson", "ask at the town hall")},
		`organisations.csv:2: column booking: "ask at the town hall": write a web link (https://…) or a phone number`},
	{"intern's supervisor unknown", map[string]edit{"staff.csv": replace(",true,gp-1,", ",true,gp-9,")},
		`staff.csv:5: column supervisor: unknown staff member "gp-9"`},
	{"intern not a boolean", map[string]edit{"staff.csv": replace(",true,gp-1,", ",peut-être,gp-1,")},
		`staff.csv:5: column intern: "peut-être": write true or false`},
	{"remote specialist's parallel sessions out of range", map[string]edit{"staff.csv": replace(",,false,,,2", ",,false,,,99")},
		"staff.csv:7: column max_parallel: 99 is out of range: write 0 to 20"},
	{"tele-consultation pinned without its remote specialist", map[string]edit{"pins.csv": replace(",09:30,12:00,oph-1", ",09:30,12:00,")},
		"pins.csv:3: column remote: service eye is a tele-consultation and needs a remote ophthalmologist: name one in the remote column"},
	{"intern pinned without supervision", map[string]edit{"pins.csv": appendRow("bus-1,2026-11-26,AM,s-ahun,gp,int-1,09:30,12:00,"), "rules.csv": replace("intern_remote,true", "intern_remote,false")},
		"pins.csv:4: column staff: intern int-1 needs a senior gp on board (intern_remote is false in rules.csv): add one"},
	{"intern_remote not a boolean", map[string]edit{"rules.csv": replace("intern_remote,true", "intern_remote,parfois")},
		`rules.csv:16: column value: intern_remote: "parfois": write true or false`},
	{"staff id with a separator", map[string]edit{"staff.csv": appendRow(`"gp;3",Dr D,gp,Mon,bus-1,3,,,,,`)},
		`staff.csv:8: column id: staff member id "gp;3" holds a separator`},

	// Text bounds (issue 19): a megabyte of name was stored and shown on every page.
	{"1 MB site name", map[string]edit{"sites.csv": replace(`"Place de la mairie, Ahun"`, strings.Repeat("Ahun ", 1<<18)+"!")},
		"sites.csv:2: column name: 1310721 characters, longer than the 200 this column holds"},
	{"65-character bus id", map[string]edit{"units.csv": appendRow(strings.Repeat("b", 65) + ",Bus,depot-ahun,75,23,,Mon..Fri,07:00,19:00,240,,,,")},
		"units.csv:4: column id: 65 characters, longer than the 64 this column holds"},

	// Encodings and shapes.
	{"empty file", map[string]edit{"units.csv": content("")}, "units.csv:1: file is empty"},
	{"not UTF-8", map[string]edit{"staff.csv": replace("Dr B", "Dr \xe9")}, "staff.csv:3: column 2: text is not valid UTF-8"},
	{"CRLF with a reversed shift", map[string]edit{"units.csv": crlf(replace("07:30,18:30", "18:30,07:30"))},
		"units.csv:3: column shift_end: shift ends at 07:30, before it starts at 18:30"},
	{"BOM with a misspelt column", map[string]edit{"depots.csv": func(s string) string { return "\ufeff" + replace("insee", "inse")(s) }},
		`depots.csv:1: column inse: unknown column "inse" (did you mean insee?)`},
	{"stray quote", map[string]edit{"depots.csv": appendRow(`depot-x,"Base,23001,,`)}, "depots.csv:4:"},
	{"semicolon-separated file is read", map[string]edit{"services.csv": content("id;name;roles;equipment;consult_min;rate_per_year\ngp;GP;gp;;20;1\n")},
		`demand.csv:6: column service: unknown service "eye": it must be an id of services.csv`},
	{"control character in a name", map[string]edit{"units.csv": replace("Médicobus Aubusson", "Médicobus\tAubusson")},
		"units.csv:2: column name: holds the control character U+0009"},

	// Numbers.
	{"huge whole number", map[string]edit{"units.csv": replace(",240,", ",99999999999999999999,")},
		`units.csv:2: column max_drive_min: "99999999999999999999" is not a whole number`},
	{"huge need", map[string]edit{"demand.csv": replace("23013,gp,120", "23013,gp,1e308")},
		"demand.csv:3: column need: need 1e+308 is too large"},
	{"infinite rate", map[string]edit{"services.csv": replace(",20,0.1", ",20,Inf")},
		`services.csv:3: column rate_per_year: "Inf" is not a number`},
	{"zero consultation length", map[string]edit{"services.csv": replace(",20,1", ",0,1")},
		"services.csv:2: column consult_min: 0 is out of range: write 1 to 240 minutes"},
	{"driving limit of days", map[string]edit{"units.csv": replace(",240,", ",2400,")},
		"units.csv:2: column max_drive_min: 2400 is out of range: write 1 to 720"},
	{"cycle of no week", map[string]edit{"rules.csv": replace("cycle_weeks,2", "cycle_weeks,0")},
		"rules.csv:4: column value: cycle_weeks: 0 is out of range: write 1 to 4 weeks"},
	{"gap of months", map[string]edit{"frequencies.csv": replace("fortnightly,,", "fortnightly,90,")},
		"frequencies.csv:2: column min_gap_days: 90 is out of range"},

	// Columns.
	{"missing required column", map[string]edit{"services.csv": func(s string) string {
		return strings.NewReplacer(",consult_min", "", ",20,", ",").Replace(s)
	}}, `services.csv:1: missing column "consult_min"`},
	{"column named twice", map[string]edit{"depots.csv": replace("lon\n", "id\n")}, "depots.csv:1: column id: column named twice"},
	{"pins without end", map[string]edit{"pins.csv": content("unit,date,half,site,service,staff,start\nbus-1,2026-11-24,AM,s-ahun,gp,gp-1,09:30\n")},
		`pins.csv:1: missing column "end"`},
	{"missing file", map[string]edit{"-units.csv": nil}, "units.csv: missing file"},

	// Duplicates.
	{"duplicate site", map[string]edit{"sites.csv": appendRow("s-ahun,23001,Again,,,Mon")},
		`sites.csv:6: column id: duplicate site id "s-ahun" (first on line 2)`},
	{"duplicate demand", map[string]edit{"demand.csv": appendRow("23020,gp,3,imported")},
		"demand.csv:8: column insee: demand for 23020 and service gp given twice (first on line 4)"},
	{"rule set twice", map[string]edit{"rules.csv": appendRow("setup_min,20")},
		`rules.csv:19: column key: rule "setup_min" set twice (first on line 10)`},
	{"pinned twice", map[string]edit{"pins.csv": appendRow("bus-1,2026-11-24,AM,s-blessac,gp,gp-2,09:30,12:00,")},
		"pins.csv:4: column unit: bus-1 is pinned twice on 2026-11-24 AM (first on line 2)"},

	// Unknown references and values.
	{"unknown unit of a professional", map[string]edit{"staff.csv": replace("bus-1;bus-2,5", "bus-1;bus-9,5")},
		`staff.csv:2: column units: unknown unit "bus-9" (did you mean bus-1?)`},
	{"unknown depot of a bus", map[string]edit{"units.csv": replace(",depot-ahun,", ",depot-guéret,")},
		`units.csv:3: column depot: unknown depot "depot-guéret"`},
	{"unknown service of a need", map[string]edit{"demand.csv": replace("23020,gp", "23020,dentist")},
		`demand.csv:4: column service: unknown service "dentist"`},
	{"INSEE code that lost its zero", map[string]edit{"sites.csv": appendRow("s-x,1001,Ambérieux,,,Mon")},
		`sites.csv:6: column insee: unknown INSEE code "1001"`},
	{"misspelt rule", map[string]edit{"rules.csv": replace("catchment_min", "catchement_min")},
		`rules.csv:13: column key: unknown rule "catchement_min" (did you mean catchment_min?)`},
	{"travel rule", map[string]edit{"rules.csv": appendRow("travel_detour,1.4")},
		`rules.csv:19: column key: rule "travel_detour": the travel model is a setting of the installation`},
	{"unknown time zone", map[string]edit{"rules.csv": replace("Europe/Paris", "Europe/Guéret")},
		`rules.csv:18: column value: time_zone: "Europe/Guéret" is not a time zone`},
	{"swapped point", map[string]edit{"depots.csv": replace("45.9509,2.16588", "2.16588,45.9509")},
		"depots.csv:2: column lat: point (2.16588, 45.9509) is outside metropolitan France"},
	{"unknown region", map[string]edit{"units.csv": replace("depot-aubusson,75,", "depot-aubusson,99,")},
		`units.csv:2: column region: unknown region code "99"`},
	{"unknown department in an area", map[string]edit{"units.csv": replace(",75,23,", ",75,23;99,")},
		`units.csv:2: column area: unknown department code "99"`},
	{"separator inside an item", map[string]edit{"units.csv": replace(",eye_kit,", `,"eye_kit,ramp",`)},
		`units.csv:2: column equipment: equipment item "eye_kit,ramp" holds a separator`},
	{"unknown frequency", map[string]edit{"frequencies.csv": replace("fortnightly", "daily")},
		`frequencies.csv:2: column frequency: unknown frequency "daily"`},
	{"monthly on a fortnight", map[string]edit{"frequencies.csv": replace("fortnightly", "monthly")},
		"frequencies.csv:2: column frequency: no rhythm on one weekday fits a 2-week cycle"},
	{"unknown need source", map[string]edit{"demand.csv": replace("23013,gp,120,imported", "23013,gp,120,estimate")},
		`demand.csv:3: column source: unknown source "estimate"`},
	{"reversed absence", map[string]edit{"staff.csv": replace("2026-11-30", "2026-12-31..2026-12-01")},
		"staff.csv:3: column unavailable: date range \"2026-12-31..2026-12-01\" ends before it starts"},
	{"empty scenario name", map[string]edit{"rules.csv": replace("name,small", "name,")},
		`rules.csv:2: column value: name: "": write a name`},

	// Pins no plan could hold.
	{"pin before its window", map[string]edit{"pins.csv": replace("09:30,12:00", "08:00,12:00")},
		"pins.csv:2: column start: session 08:00–12:00 lies outside the AM window 09:00–12:30"},
	{"pin with the wrong role", map[string]edit{"pins.csv": replace("2026-11-24,AM,s-ahun,gp,gp-1", "2026-11-23,AM,s-ahun,gp,orth-1")},
		"pins.csv:2: column staff: service gp needs a gp on board and nobody pinned holds that role"},
	{"pin of a professional away", map[string]edit{"pins.csv": replace(",gp-1,", ",orth-1,")},
		"pins.csv:2: column staff: orth-1 is not available on 2026-11-24 AM"},
	{"pin on a site's closed half-day", map[string]edit{"pins.csv": replace("s-ahun", "s-bellegarde")},
		"pins.csv:2: column site: site s-bellegarde does not allow Tuesday AM"},

	{"pinned day beyond the shift", map[string]edit{"units.csv": replace("Mon..Fri,07:00,19:00", "Mon..Fri,09:00,19:00")},
		"pins.csv:2: column start: bus bus-1 cannot be ready at s-ahun 09:30"},
	{"pin breaking its frequency", map[string]edit{"frequencies.csv": appendRow("23001,gp,weekly,,,Mon-AM")},
		"pins.csv:2: column date: Tuesday AM is not a half-day of the frequency of gp in 23001"},

	// Across files.
	{"impossible demand", map[string]edit{"units.csv": replace(",eye_kit,", ",,"), "pins.csv": replace("bus-1,2026-11-25,AM,s-ahun,eye,orth-1,09:30,12:00,oph-1\n", "")},
		"demand.csv:6: column service: impossible demand for service eye: no bus carries eye_kit"},
}

// manySites gives sites.csv n rows, all valid.
func manySites(n int) edit {
	return func(string) string {
		var b strings.Builder
		b.WriteString("id,insee,name,lat,lon,allowed\n")
		for i := range n {
			fmt.Fprintf(&b, "s-%d,23001,Site %d,,,Mon\n", i, i)
		}
		return b.String()
	}
}

// TestCorruptedFoldersChangeNothing plans each corrupted folder into a database that
// already holds a plan: each is refused (exit 1) with its exact file:line, and the
// database stays byte for byte as it was, with no file added beside it.
func TestCorruptedFoldersChangeNothing(t *testing.T) {
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	copyFolder(t, wd, "good", nil)
	args := []string{"plan", "--start", "2026-11-23", "--engine", "greedy", "--db", "plans.db"}
	if _, errOut, code := run(t, append(args, "--scenario", "./good")...); code != 0 {
		t.Fatalf("the valid folder: exit %d: %s", code, errOut)
	}
	sum, files := checksum(t, "plans.db"), listing(t)
	if len(corruptedFolders) < 40 {
		t.Fatalf("%d corrupted folders, want at least 40", len(corruptedFolders))
	}
	for i, tc := range corruptedFolders {
		t.Run(tc.name, func(t *testing.T) {
			dir := fmt.Sprintf("case-%02d", i)
			copyFolder(t, wd, dir, tc.edits)
			_, errOut, code := run(t, append(args, "--scenario", "./"+dir)...)
			if code != 1 {
				t.Fatalf("exit %d, want 1; stderr: %s", code, errOut)
			}
			if want := dir + "/" + tc.want; !strings.Contains(errOut, want) {
				t.Errorf("stderr does not contain %q:\n%s", want, errOut)
			}
			if got := checksum(t, "plans.db"); got != sum {
				t.Errorf("the database changed")
			}
			if got := listing(t); got != files {
				t.Errorf("files %q, want %q", got, files)
			}
		})
	}
}

// TestFailedPlanCreatesNoDatabase: a failed plan into a database that does not exist
// leaves none behind (the probe found an empty new database after NaN travel
// settings).
func TestFailedPlanCreatesNoDatabase(t *testing.T) {
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	copyFolder(t, wd, "bad", map[string]edit{"staff.csv": appendRow(`"gp;3",Dr D,gp,Mon,bus-1,3,,,,,`)})
	copyFolder(t, wd, "good", nil)
	for _, tc := range []struct {
		name string
		env  [2]string
		args []string
		want string
	}{
		{"bad folder", [2]string{}, []string{"--scenario", "./bad"}, "bad/staff.csv:8: column id"},
		{"NaN travel setting", [2]string{"MEDIBUS_TRAVEL_DETOUR", "NaN"}, []string{"--scenario", "./good"}, "travel.detour: NaN is not a finite number"},
		{"catchment of days", [2]string{"MEDIBUS_PLANNING_CATCHMENT_MIN", "100000"}, []string{"--scenario", "creuse"}, "planning.catchment_min: 100000 is out of range"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env[0] != "" {
				t.Setenv(tc.env[0], tc.env[1])
			}
			_, errOut, code := run(t, append([]string{"plan", "--start", "2026-11-23", "--db", "new.db"}, tc.args...)...)
			if code != 1 || !strings.Contains(errOut, tc.want) {
				t.Fatalf("exit %d, stderr %q; want 1 and %q", code, errOut, tc.want)
			}
			if files, _ := filepath.Glob("new.db*"); len(files) > 0 {
				t.Fatalf("left behind: %v", files)
			}
		})
	}
}

// TestProblemsReportedTogether: the problems of several files come in one message,
// each with its place.
func TestProblemsReportedTogether(t *testing.T) {
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	copyFolder(t, wd, "bad", map[string]edit{
		"units.csv":    replace(",240,", ",-5,"),
		"sites.csv":    replace("46.08617,2.0243", "46.08617,"),
		"demand.csv":   replace("23013,gp,120", "23013,gp,-3"),
		"rules.csv":    replace("setup_min,30", "setup_min,half an hour"),
		"depots.csv":   replace("23008,45.9509", "23999,45.9509"),
		"services.csv": replace("consult_min", "consult_mn"),
	})
	_, errOut, code := run(t, "plan", "--scenario", "./bad", "--db", "x.db")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"bad: 6 problems", "bad/rules.csv:10:", "bad/depots.csv:2:", "bad/units.csv:2:", "bad/services.csv:1:", "bad/sites.csv:2:", "bad/demand.csv:3:"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr does not contain %q:\n%s", want, errOut)
		}
	}
	if regexp.MustCompile(`unknown service`).MatchString(errOut) {
		t.Errorf("a broken services.csv is reported again by every line that names a service:\n%s", errOut)
	}
}

// plannedSmall runs the test in a temporary directory holding the small folder
// (./small) planned into db, and returns the package directory.
func plannedSmall(t *testing.T, db string) string {
	t.Helper()
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	copyFolder(t, wd, "small", nil)
	if _, errOut, code := run(t, "plan", "--scenario", "./small", "--start", "2026-11-23", "--engine", "greedy", "--db", db); code != 0 {
		t.Fatalf("plan the small folder: exit %d: %s", code, errOut)
	}
	return wd
}
