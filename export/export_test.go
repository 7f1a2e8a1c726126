package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/export"
)

func fixture() (*medibus.Scenario, *medibus.Plan) {
	d, _ := medibus.ParseDate("2026-11-24")
	sc := &medibus.Scenario{
		Name:          "t",
		Rules:         medibus.Rules{CycleWeeks: 2},
		Depots:        []medibus.Depot{{ID: "depot-23", Name: "Dépôt de Guéret", INSEE: "23096", Point: orb.Point{1.87, 46.17}}},
		Units:         []medibus.Unit{{ID: "bus-23", Name: "Médicobus Creuse", Depot: "depot-23", Organisation: "org-23096"}},
		Organisations: []medibus.Organisation{{ID: "org-23096", Name: "MSP de Guéret", Kind: medibus.KindMSP, Phone: "05 55 00 00 00"}},
		Sites:         []medibus.Site{{ID: "s-23001", INSEE: "23001", Name: "Place de la mairie, Ajain", Point: orb.Point{2.00123, 46.20456}}},
	}
	pl := &medibus.Plan{ID: 4, Scenario: "t", Version: 2, Status: "draft", Start: d - 1, Sessions: []medibus.Session{{
		Unit: "bus-23", Date: d, Half: medibus.PM, Site: "s-23001", Service: "gp", Staff: []string{"gp-1", "nurse-2"}, Remote: []string{"derm-1"},
		Arrive: 780, Start: 810, End: 1020, Depart: 1020, ExpectedPatients: 10, DriveKmFromPrevious: 12.345, DriveMinFromPrevious: 13,
	}}, BusDays: []medibus.BusDay{{Unit: "bus-23", Date: d, Leave: 767, Return: 1033, ReturnKm: 12.35, ReturnMin: 13, DriveKm: 24.7, DriveMin: 26, Sessions: 1}}}
	return sc, pl
}

func TestCSV(t *testing.T) {
	sc, pl := fixture()
	var b bytes.Buffer
	if err := export.CSV(&b, sc, pl); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHead := "unit,date,weekday,half,site_insee,site_name,lat,lon,arrive,start,end,depart,service,staff,expected_patients,drive_km_from_previous,drive_min_from_previous,drive_km_to_depot,drive_min_to_depot,remote,organisation"
	if got := strings.Join(recs[0], ","); got != wantHead {
		t.Errorf("header\n got %s\nwant %s", got, wantHead)
	}
	want := "bus-23,2026-11-24,Tuesday,PM,23001,\"Place de la mairie, Ajain\",46.20456,2.00123,13:00,13:30,17:00,17:00,gp,gp-1;nurse-2,10,12.35,13,12.35,13,derm-1,org-23096"
	var row bytes.Buffer
	w := csv.NewWriter(&row)
	w.Write(recs[1])
	w.Flush()
	if got := strings.TrimSpace(row.String()); got != want {
		t.Errorf("row\n got %s\nwant %s", got, want)
	}
}

// TestExcelCSV: the same rows for a spreadsheet in French.
func TestExcelCSV(t *testing.T) {
	sc, pl := fixture()
	var b bytes.Buffer
	if err := export.ExcelCSV(&b, sc, pl); err != nil {
		t.Fatal(err)
	}
	text, ok := strings.CutPrefix(b.String(), "\uFEFF")
	if !ok {
		t.Fatal("no UTF-8 byte-order mark")
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || len(recs[0]) != 21 || recs[0][3] != "half" {
		t.Fatalf("records %q", recs)
	}
	for col, want := range map[int]string{2: "mardi", 5: "Place de la mairie, Ajain", 6: "46,20456", 7: "2,00123", 13: "gp-1;nurse-2", 15: "12,35", 17: "12,35"} {
		if recs[1][col] != want {
			t.Errorf("column %s = %q, want %q", recs[0][col], recs[1][col], want)
		}
	}
}

// TestCSVAndJSONNames: every CSV column is a field of the JSON export's sessions, under
// the same name.
func TestCSVAndJSONNames(t *testing.T) {
	sc, pl := fixture()
	var c, j bytes.Buffer
	if err := export.CSV(&c, sc, pl); err != nil {
		t.Fatal(err)
	}
	if err := export.JSON(&j, sc, pl); err != nil {
		t.Fatal(err)
	}
	head, err := csv.NewReader(&c).Read()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Sessions []map[string]any `json:"sessions"`
	}
	if err := json.Unmarshal(j.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for _, name := range head {
		if _, ok := doc.Sessions[0][name]; !ok {
			t.Errorf("CSV column %q is not a field of the JSON sessions", name)
		}
	}
}

func TestJSON(t *testing.T) {
	sc, pl := fixture()
	var b bytes.Buffer
	if err := export.JSON(&b, sc, pl); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Plan struct {
			ID    int64  `json:"id"`
			Start string `json:"start"`
			End   string `json:"end"`
		} `json:"plan"`
		Depots   []map[string]any `json:"depots"`
		BusDays  []map[string]any `json:"bus_days"`
		Sessions []map[string]any `json:"sessions"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Plan.ID != 4 || doc.Plan.Start != "2026-11-23" || doc.Plan.End != "2026-12-06" {
		t.Errorf("plan header %+v", doc.Plan)
	}
	if len(doc.Depots) != 1 || len(doc.BusDays) != 1 || len(doc.Sessions) != 1 {
		t.Fatalf("depots %d bus days %d sessions %d", len(doc.Depots), len(doc.BusDays), len(doc.Sessions))
	}
	s := doc.Sessions[0]
	for k, v := range map[string]any{"unit": "bus-23", "half": "PM", "start": "13:30", "site_insee": "23001", "weekday": "Tuesday", "expected_patients": 10.0} {
		if s[k] != v {
			t.Errorf("session %s = %v, want %v", k, s[k], v)
		}
	}
	if doc.BusDays[0]["drive_min"] != 26.0 {
		t.Errorf("bus day %v", doc.BusDays[0])
	}
}

// TestCSVAddsUpToThePlan: with the drive back on each day's last session, the rows' km
// and minutes add up to the bus-days' (a morning at one site, an afternoon at another,
// then a day at one site).
func TestCSVAddsUpToThePlan(t *testing.T) {
	sc, pl := fixture()
	d := pl.Sessions[0].Date
	sc.Sites = append(sc.Sites, medibus.Site{ID: "s-23002", INSEE: "23002", Name: "Place de la mairie, Anzême"})
	pl.Sessions = []medibus.Session{
		{Unit: "bus-23", Date: d, Half: medibus.AM, Site: "s-23001", DriveKmFromPrevious: 12.35, DriveMinFromPrevious: 13},
		{Unit: "bus-23", Date: d, Half: medibus.PM, Site: "s-23002", DriveKmFromPrevious: 7.5, DriveMinFromPrevious: 8},
		{Unit: "bus-23", Date: d + 1, Half: medibus.AM, Site: "s-23002", DriveKmFromPrevious: 9.1, DriveMinFromPrevious: 10},
		{Unit: "bus-23", Date: d + 1, Half: medibus.PM, Site: "s-23002"},
	}
	pl.BusDays = []medibus.BusDay{
		{Unit: "bus-23", Date: d, ReturnKm: 9.1, ReturnMin: 10, DriveKm: 28.95, DriveMin: 31, Sessions: 2},
		{Unit: "bus-23", Date: d + 1, ReturnKm: 9.1, ReturnMin: 10, DriveKm: 18.2, DriveMin: 20, Sessions: 2},
	}
	var b bytes.Buffer
	if err := export.CSV(&b, sc, pl); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	var km float64
	var min int
	for _, r := range recs[1:] {
		for _, c := range []string{"drive_km_from_previous", "drive_km_to_depot"} {
			v, _ := strconv.ParseFloat(r[col[c]], 64)
			km += v
		}
		for _, c := range []string{"drive_min_from_previous", "drive_min_to_depot"} {
			v, _ := strconv.Atoi(r[col[c]])
			min += v
		}
	}
	if math.Abs(km-(28.95+18.2)) > 0.005 || min != 51 {
		t.Fatalf("rows add up to %.2f km and %d min, want 47.15 and 51", km, min)
	}
	if got := recs[2][col["drive_min_to_depot"]]; got != "10" || recs[1][col["drive_min_to_depot"]] != "0" {
		t.Errorf("the drive home is not on the afternoon: %v", recs[1:3])
	}
}

// TestCSVHasNoFormula: a site, a bus's organisation and a professional named like
// spreadsheet formulas are written as text in both CSVs, and a negative longitude
// (Brittany) stays a number.
func TestCSVHasNoFormula(t *testing.T) {
	sc, pl := fixture()
	sc.Sites[0].Name = `=HYPERLINK("http://evil.example","clic")`
	sc.Sites[0].Point = orb.Point{-4.48, 48.39}
	sc.Units[0].Organisation = "@SUM(A1)"
	pl.Sessions[0].Staff = []string{`=cmd|' /C calc'!A0`}
	pl.Sessions[0].Service = "+1+1"
	for name, write := range map[string]func(*bytes.Buffer) error{
		"csv":   func(b *bytes.Buffer) error { return export.CSV(b, sc, pl) },
		"excel": func(b *bytes.Buffer) error { return export.ExcelCSV(b, sc, pl) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\uFEFF")))
		if name == "excel" {
			r.Comma = ';'
		}
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, cell := range recs[1] {
			if cell != "" && strings.ContainsRune("=+@\t\r", rune(cell[0])) || strings.HasPrefix(cell, "-") && !strings.HasPrefix(cell, "-4") {
				t.Errorf("%s: cell %q starts a formula", name, cell)
			}
		}
		if lon := recs[1][7]; lon != "-4.48000" && lon != "-4,48000" {
			t.Errorf("%s: longitude %q, want a number", name, lon)
		}
	}
}

// TestJSONOfAChange: a dated change that cancels a whole day exports as a change, with
// its days and empty lists (not null) of sessions and bus-days.
func TestJSONOfAChange(t *testing.T) {
	sc, pl := fixture()
	pl.Kind, pl.Sessions, pl.BusDays = medibus.KindChange, nil, nil
	pl.Change = &medibus.Change{Kind: medibus.ChangeBreakdown, From: pl.Start, To: pl.Start + 1, Reason: "panne",
		Days: []medibus.ChangedDay{{Unit: "bus-23", Date: pl.Start + 1, Was: 1}}}
	var b bytes.Buffer
	if err := export.JSON(&b, sc, pl); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	plan := doc["plan"].(map[string]any)
	if plan["kind"] != "change" || plan["change"] == nil || plan["end"] != "2026-11-24" {
		t.Errorf("plan %v", plan)
	}
	for _, k := range []string{"sessions", "bus_days"} {
		if l, ok := doc[k].([]any); !ok || len(l) != 0 {
			t.Errorf("%s is %v, want []", k, doc[k])
		}
	}
}

// TestJSONNamesFerry: a session reached over a ferry names it in the JSON export; one
// reached by road has no ferry field.
func TestJSONNamesFerry(t *testing.T) {
	for _, ferry := range []string{"Quiberon – Le Palais", ""} {
		sc, pl := fixture()
		pl.Sessions[0].Ferry = ferry
		var b bytes.Buffer
		if err := export.JSON(&b, sc, pl); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Sessions []map[string]any `json:"sessions"`
		}
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		got, ok := doc.Sessions[0]["ferry"]
		if ferry != "" && got != ferry || ferry == "" && ok {
			t.Errorf("ferry %q: the session says %v (%v)", ferry, got, ok)
		}
	}
}
