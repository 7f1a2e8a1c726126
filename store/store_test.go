package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/store"
)

var fixedNow = time.Date(2026, 11, 20, 9, 30, 15, 123456789, time.FixedZone("CET", 3600))

// mustOpen opens a fresh database in a temporary directory with a fixed clock.
func mustOpen(tb testing.TB) (*store.DB, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "medibus.db")
	db, err := store.Open(path)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	db.Now = func() time.Time { return fixedNow }
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return db, path
}

// rawDB opens the file with no help from the store, as another program would.
func rawDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	raw, err := sql.Open("sqlite3", path+"?_busy_timeout=5000")
	if err != nil {
		tb.Fatalf("open raw: %v", err)
	}
	tb.Cleanup(func() { raw.Close() })
	return raw
}

func count(tb testing.TB, raw *sql.DB, table string) int {
	tb.Helper()
	var n int
	if err := raw.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		tb.Fatalf("count %s: %v", table, err)
	}
	return n
}

func mustDate(tb testing.TB, s string) medibus.Date {
	tb.Helper()
	d, err := medibus.ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// sampleScenario has a value in every kind of field, so that a lossy round trip shows.
func sampleScenario(tb testing.TB, name string) *medibus.Scenario {
	tb.Helper()
	days := medibus.WeekdaysAll
	return &medibus.Scenario{
		Name:        name,
		Description: "test scenario",
		Rules: medibus.Rules{
			CycleWeeks: 2, Days: days,
			Windows:  [2]medibus.Window{{Start: 540, End: 750}, {Start: 810, End: 1020}},
			SetupMin: 30, BreakMin: 60, MinSessionMin: 90, CatchmentMin: 20, RhythmWeeks: 2,
			TimeZone: "Europe/Paris",
		},
		Depots: []medibus.Depot{{ID: "D23", Name: "Guéret", INSEE: "23096", Point: orb.Point{1.8719, 46.1714}}},
		Units: []medibus.Unit{{
			ID: "U01", Name: "Bus 1", Depot: "D23", Organisation: "O1", Region: "75", Area: []string{"23"},
			Equipment: []string{"gp"}, Days: days, ShiftStart: 480, ShiftEnd: 1110, MaxDriveMin: 240,
			Unavailable: []medibus.DateRange{{From: mustDate(tb, "2026-12-24"), To: mustDate(tb, "2026-12-26")}},
		}},
		Organisations: []medibus.Organisation{{ID: "O1", Name: "MSP de Guéret", Kind: medibus.KindMSP, Depot: "D23", Region: "75", Phone: "05 55 00 00 00"}},
		Staff: []medibus.StaffMember{{
			ID: "S1", Name: "Dr Martin", Role: "gp", Availability: days.With(time.Saturday, medibus.AM),
			Units: []string{"U01"}, MaxSessionsPerWeek: 8,
		}, {
			ID: "I1", Name: "Léa Petit", Role: "gp", Availability: days, Intern: true, Supervisor: "S1",
			Placement: &medibus.DateRange{From: mustDate(tb, "2026-11-02"), To: mustDate(tb, "2027-04-30")},
		}},
		Services: []medibus.Service{{ID: "gp", Name: "General practice", Roles: []string{"gp"}, Equipment: []string{}, ConsultMin: 20, RatePerYear: 0.4}},
		Sites:    []medibus.Site{{ID: "S-23001", INSEE: "23001", Name: "Ajain", Point: orb.Point{1.99, 46.21}, Allowed: days}},
		Communes: []medibus.Commune{{INSEE: "23001", Name: "Ajain", Department: "23", Region: "75", Point: orb.Point{1.99, 46.21}, Population: 1100, PostalCodes: []string{"23380"}, AccessMin: 17.5}},
		Demand:   []medibus.Demand{{INSEE: "23001", Service: "gp", Need: 123.25, Source: "derived"}},
		Pins: []medibus.Session{{Unit: "U01", Date: mustDate(tb, "2026-11-23"), Half: medibus.AM, Site: "S-23001",
			Service: "gp", Staff: []string{"S1"}, Arrive: 510, Start: 540, End: 750, Depart: 750, Pinned: true}},
	}
}

// samplePlan builds a plan of n sessions (units × 10 weekdays × 2 halves), ordered by
// unit, date and half-day as Plan returns them, and one bus-day per unit and date.
func samplePlan(tb testing.TB, scenarioID int64, n int) *medibus.Plan {
	tb.Helper()
	start := mustDate(tb, "2026-11-23")
	p := &medibus.Plan{
		ScenarioID: scenarioID, Status: medibus.StatusDraft, Start: start, Seed: 42, Engine: "greedy",
		KPIs: medibus.KPIs{
			Sessions: n, CoverageShare: 0.953, DriveKm: 1234.5,
			Services: []medibus.ServiceKPIs{{Service: "gp", Sessions: n, CoverageShare: 0.953, WorstDecilePer1000: 31.5}},
		},
	}
	for i := 0; len(p.Sessions) < n; i++ {
		unit := fmt.Sprintf("U%03d", i)
		for day := 0; day < 14 && len(p.Sessions) < n; day++ {
			d := start.AddDays(day)
			if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			sessions := 0
			for _, h := range []medibus.Half{medibus.AM, medibus.PM} {
				if len(p.Sessions) == n {
					break
				}
				base := medibus.Clock(510 + 270*int(h))
				var remote []string
				if h == medibus.PM {
					remote = []string{"R1"}
				}
				p.Sessions = append(p.Sessions, medibus.Session{
					Unit: unit, Date: d, Half: h, Site: fmt.Sprintf("S-%05d", 23000+day), Service: "gp",
					Staff: []string{"S1", fmt.Sprintf("N%d", i)}, Remote: remote,
					Arrive: base, Start: base + 30, End: base + 240, Depart: base + 240,
					ExpectedPatients: 9 + day, DriveKmFromPrevious: 12.75 + float64(day), DriveMinFromPrevious: 15,
					Pinned: day == 0 && h == medibus.AM,
				})
				sessions++
			}
			p.BusDays = append(p.BusDays, medibus.BusDay{
				Unit: unit, Date: d, Leave: 480, Return: 1050, ReturnKm: 20.5, ReturnMin: 25,
				DriveKm: 60.25, DriveMin: 70, Sessions: sessions,
			})
		}
	}
	return p
}

func TestOpenSettings(t *testing.T) {
	db, path := mustOpen(t)
	raw := rawDB(t, path)
	var mode string
	if err := raw.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	// Foreign keys and the busy timeout are per connection: ask the store's own.
	w := store.Writer(db)
	for _, tc := range []struct {
		pragma string
		want   int
	}{
		{"foreign_keys", 1},
		{"busy_timeout", 10000},
	} {
		var got int
		if err := w.QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("PRAGMA %s = %d, want %d", tc.pragma, got, tc.want)
		}
	}
}

func TestOpenBadPath(t *testing.T) {
	for _, path := range []string{"", "a?b.db", filepath.Join(t.TempDir(), "missing-dir", "x.db")} {
		if db, err := store.Open(path); err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded, want an error", path)
		}
	}
}

func TestMigrationsIdempotentOnReopen(t *testing.T) {
	files, err := fs.Glob(os.DirFS("migrations"), "*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("migrations: %v %v", files, err)
	}
	db, path := mustOpen(t)
	ctx := context.Background()
	id, _, err := db.SaveScenario(ctx, sampleScenario(t, "creuse"))
	if err != nil {
		t.Fatal(err)
	}
	schema := func() (int, string) {
		raw := rawDB(t, path)
		var v int
		if err := raw.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
			t.Fatal(err)
		}
		var objects string
		if err := raw.QueryRow("SELECT group_concat(type || ':' || name, ' ') FROM (SELECT type, name FROM sqlite_schema ORDER BY name)").Scan(&objects); err != nil {
			t.Fatal(err)
		}
		raw.Close()
		return v, objects
	}
	v1, objects1 := schema()
	if v1 != len(files) {
		t.Errorf("user_version = %d, want %d (one per migration file)", v1, len(files))
	}
	for i := 0; i < 2; i++ {
		again, err := store.Open(path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		if _, err := again.Scenario(ctx, id); err != nil {
			t.Errorf("reopen %d: scenario lost: %v", i, err)
		}
		if err := again.Close(); err != nil {
			t.Fatal(err)
		}
		if v, objects := schema(); v != v1 || objects != objects1 {
			t.Errorf("reopen %d changed the schema: version %d→%d, objects %q→%q", i, v1, v, objects1, objects)
		}
	}
}

func TestScenarioVersioning(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	changed := sampleScenario(t, "creuse")
	changed.Units[0].MaxDriveMin = 200
	steps := []struct {
		name        string
		sc          *medibus.Scenario
		wantVersion int
		sameIDAs    int // index of an earlier step whose id must be returned again; -1 for a new one
	}{
		{"first", sampleScenario(t, "creuse"), 1, -1},
		{"same content", sampleScenario(t, "creuse"), 1, 0},
		{"changed", changed, 2, -1},
		{"changed again, same", changed, 2, 2},
		{"back to the first content is a new version", sampleScenario(t, "creuse"), 3, -1},
		{"other name starts at 1", sampleScenario(t, "france"), 1, -1},
	}
	ids := make([]int64, len(steps))
	seen := map[int64]bool{}
	for i, st := range steps {
		id, v, err := db.SaveScenario(ctx, st.sc)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		ids[i] = id
		if v != st.wantVersion {
			t.Errorf("%s: version %d, want %d", st.name, v, st.wantVersion)
		}
		if st.sameIDAs >= 0 && id != ids[st.sameIDAs] {
			t.Errorf("%s: id %d, want %d of step %q", st.name, id, ids[st.sameIDAs], steps[st.sameIDAs].name)
		}
		if st.sameIDAs < 0 && seen[id] {
			t.Errorf("%s: id %d reused, want a new one", st.name, id)
		}
		seen[id] = true
	}
	list, err := db.ListScenarios(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range list {
		got = append(got, fmt.Sprintf("%s/%d", s.Name, s.Version))
		if !s.CreatedAt.Equal(fixedNow) || len(s.Hash) != 64 {
			t.Errorf("%s/%d: created %v hash %q", s.Name, s.Version, s.CreatedAt, s.Hash)
		}
	}
	if want := "creuse/1 creuse/2 creuse/3 france/1"; strings.Join(got, " ") != want {
		t.Errorf("ListScenarios = %v, want %s", got, want)
	}
	if _, _, err := db.SaveScenario(ctx, &medibus.Scenario{}); err == nil {
		t.Error("SaveScenario without a name succeeded")
	}
}

func TestScenarioRoundTrip(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	want := sampleScenario(t, "creuse")
	id, _, err := db.SaveScenario(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.Scenario(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Scenario(%d) =\n%+v\nwant\n%+v", id, got, want)
	}
	changed := sampleScenario(t, "creuse")
	changed.Description = "second"
	id2, _, err := db.SaveScenario(ctx, changed)
	if err != nil {
		t.Fatal(err)
	}
	latest, sum, err := db.ScenarioByName(ctx, "creuse")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(latest, changed) || sum.ID != id2 || sum.Version != 2 || sum.Name != "creuse" {
		t.Errorf("ScenarioByName: %+v, summary %+v; want the second version, id %d", latest.Description, sum, id2)
	}
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"by id", func() error { _, err := db.Scenario(ctx, 999); return err }, "scenario 999 not found"},
		{"by name", func() error { _, _, err := db.ScenarioByName(ctx, "nowhere"); return err }, `scenario "nowhere" not found`},
	} {
		err := tc.call()
		if !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want ErrNotFound saying %q", tc.name, err, tc.want)
		}
	}
}

func TestPlanRoundTrip(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	scID, _, err := db.SaveScenario(ctx, sampleScenario(t, "creuse"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		sessions int
	}{
		{"empty", 0},
		{"one session", 1},
		{"odd count, unequal bus-days", 37},
		{"two weeks of 12 buses", 240},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := samplePlan(t, scID, tc.sessions)
			want.Scenario = "" // SavePlan fills it from the scenario
			id, err := db.SavePlan(ctx, want)
			if err != nil {
				t.Fatal(err)
			}
			if id != want.ID || want.Version != i+1 || want.Scenario != "creuse" || !want.CreatedAt.Equal(fixedNow) {
				t.Errorf("after save: id %d (returned %d), version %d (want %d), scenario %q, created %v",
					want.ID, id, want.Version, i+1, want.Scenario, want.CreatedAt)
			}
			got, err := db.PlanByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			// The stored instant is UTC; compare it as an instant and the rest exactly.
			if !got.CreatedAt.Equal(want.CreatedAt) {
				t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, want.CreatedAt)
			}
			gotN, wantN := *got, *want
			gotN.CreatedAt, wantN.CreatedAt = time.Time{}, time.Time{}
			if !reflect.DeepEqual(gotN, wantN) {
				diffPlans(t, &gotN, &wantN)
			}
		})
	}
}

// diffPlans reports the first differing fields, which a %+v of 4,000 sessions would bury.
func diffPlans(t *testing.T, got, want *medibus.Plan) {
	t.Helper()
	gv, wv := reflect.ValueOf(*got), reflect.ValueOf(*want)
	for i := 0; i < gv.NumField(); i++ {
		if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
			t.Errorf("field %s differs", gv.Type().Field(i).Name)
		}
	}
	for i := range min(len(got.Sessions), len(want.Sessions)) {
		if !reflect.DeepEqual(got.Sessions[i], want.Sessions[i]) {
			t.Errorf("session %d = %+v, want %+v", i, got.Sessions[i], want.Sessions[i])
			break
		}
	}
}

func TestSavePlanAtomic(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(db *store.DB, p *medibus.Plan)
		want    string // in the error
	}{
		{"failure injected midway", func(db *store.DB, p *medibus.Plan) { store.SetFailAfter(db, len(p.Sessions)/2) }, "injected failure"},
		{"duplicate session violates the unique index", func(_ *store.DB, p *medibus.Plan) {
			p.Sessions[len(p.Sessions)-1] = p.Sessions[len(p.Sessions)-3]
		}, "UNIQUE constraint failed"},
		{"duplicate bus-day after all sessions", func(_ *store.DB, p *medibus.Plan) {
			p.BusDays = append(p.BusDays, p.BusDays[0])
		}, "UNIQUE constraint failed"},
		{"unknown scenario", func(_ *store.DB, p *medibus.Plan) { p.ScenarioID = 999 }, "scenario 999 not found"},
		{"scenario name mismatch", func(_ *store.DB, p *medibus.Plan) { p.Scenario = "france" }, `names scenario "france"`},
		{"staff id with the separator", func(_ *store.DB, p *medibus.Plan) { p.Sessions[5].Staff = []string{"a;b"} }, "staff id"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db, path := mustOpen(t)
			ctx := context.Background()
			scID, _, err := db.SaveScenario(ctx, sampleScenario(t, "creuse"))
			if err != nil {
				t.Fatal(err)
			}
			p := samplePlan(t, scID, 400)
			tc.prepare(db, p)
			_, err = db.SavePlan(ctx, p)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("SavePlan error %v, want one saying %q", err, tc.want)
			}
			if p.ID != 0 || p.Version != 0 || !p.CreatedAt.IsZero() {
				t.Errorf("failed save changed the plan: id %d version %d created %v", p.ID, p.Version, p.CreatedAt)
			}
			raw := rawDB(t, path)
			for _, table := range []string{"plans", "sessions", "bus_days"} {
				if n := count(t, raw, table); n != 0 {
					t.Errorf("%s holds %d rows after a failed save, want 0", table, n)
				}
			}
			// The store still works, and the failed save used up no version.
			store.SetFailAfter(db, 0)
			good := samplePlan(t, scID, 10)
			if _, err := db.SavePlan(ctx, good); err != nil || good.Version != 1 {
				t.Errorf("save after failure: version %d, error %v", good.Version, err)
			}
		})
	}
}

func TestResolvePlan(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	for _, ref := range []string{"latest", "published", "1"} {
		if _, err := db.ResolvePlan(ctx, ref); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("empty database: ResolvePlan(%q) error %v, want ErrNotFound", ref, err)
		}
	}
	scID, _, err := db.SaveScenario(ctx, sampleScenario(t, "creuse"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i := 0; i < 3; i++ {
		id, err := db.SavePlan(ctx, samplePlan(t, scID, 4))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := db.Publish(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ref     string
		want    int64
		wantErr error
		errText string
	}{
		{ref: "latest", want: ids[2]},
		{ref: " Latest ", want: ids[2]},
		{ref: "published", want: ids[1]},
		{ref: fmt.Sprint(ids[0]), want: ids[0]},
		{ref: "77", wantErr: store.ErrNotFound, errText: "plan 77 not found: run `medibus plans` to list plans"},
		{ref: "0", errText: "want latest, published or a plan id"},
		{ref: "newest", errText: "want latest, published or a plan id"},
	}
	for _, tc := range tests {
		p, err := db.ResolvePlan(ctx, tc.ref)
		switch {
		case tc.errText != "":
			if err == nil || !strings.Contains(err.Error(), tc.errText) || (tc.wantErr != nil && !errors.Is(err, tc.wantErr)) {
				t.Errorf("ResolvePlan(%q) error %v, want %v saying %q", tc.ref, err, tc.wantErr, tc.errText)
			}
		case err != nil:
			t.Errorf("ResolvePlan(%q): %v", tc.ref, err)
		case p.ID != tc.want || len(p.Sessions) != 4:
			t.Errorf("ResolvePlan(%q) = plan %d with %d sessions, want plan %d with 4", tc.ref, p.ID, len(p.Sessions), tc.want)
		}
	}
	list, err := db.ListPlans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Fatalf("ListPlans: %d plans, want 3", len(list))
	}
	for i, s := range list {
		wantStatus := medibus.StatusDraft
		if i == 1 {
			wantStatus = medibus.StatusPublished
		}
		if s.ID != ids[i] || s.Version != i+1 || s.Status != wantStatus || s.Scenario != "creuse" || s.KPIs.Sessions != 4 ||
			s.Published() != (i == 1) || s.PublishedAt.IsZero() != (i != 1) {
			t.Errorf("ListPlans[%d] = %+v", i, s)
		}
	}
}

func TestPublishedPlanIsImmutable(t *testing.T) {
	db, path := mustOpen(t)
	ctx := context.Background()
	scID, _, err := db.SaveScenario(ctx, sampleScenario(t, "creuse"))
	if err != nil {
		t.Fatal(err)
	}
	draft := samplePlan(t, scID, 20)
	if _, err := db.SavePlan(ctx, draft); err != nil {
		t.Fatal(err)
	}
	pub := samplePlan(t, scID, 20)
	if _, err := db.SavePlan(ctx, pub); err != nil {
		t.Fatal(err)
	}
	if err := db.Publish(ctx, pub.ID); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	info, err := db.PlanInfo(ctx, pub.ID)
	if err != nil || !info.Published() || !info.PublishedAt.Equal(fixedNow) {
		t.Fatalf("PlanInfo after publish: %+v, %v", info, err)
	}

	// The store's methods refuse.
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"publish twice", func() error { return db.Publish(ctx, pub.ID) }},
		{"delete", func() error { return db.DeletePlan(ctx, pub.ID) }},
	} {
		if err := tc.call(); !errors.Is(err, store.ErrPublished) || !strings.Contains(err.Error(), fmt.Sprintf("plan %d is already published", pub.ID)) {
			t.Errorf("%s: error %v, want ErrPublished", tc.name, err)
		}
	}
	if err := db.Publish(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("publish a missing plan: error %v, want ErrNotFound", err)
	}

	// So does SQLite, whoever asks: the triggers refuse raw SQL on the published plan and
	// let the same SQL through on the draft.
	raw := rawDB(t, path)
	stmts := []string{
		`UPDATE sessions SET expected_patients = 0 WHERE plan_id = ?`,
		`DELETE FROM sessions WHERE plan_id = ?`,
		`INSERT INTO sessions (plan_id, unit, date, half, site, service, staff, arrive, start, "end", depart,
		   expected_patients, drive_km_from_previous, drive_min_from_previous) VALUES (?, 'X', '2026-11-23', 'AM', 's', 'gp', '', 0, 0, 0, 0, 0, 0, 0)`,
		`UPDATE bus_days SET drive_km = 0 WHERE plan_id = ?`,
		`DELETE FROM bus_days WHERE plan_id = ?`,
		`UPDATE plans SET seed = 7 WHERE id = ?`,
		`UPDATE plans SET status = 'draft', published_at = NULL WHERE id = ?`,
		`DELETE FROM plans WHERE id = ?`,
	}
	for _, stmt := range stmts {
		if _, err := raw.Exec(stmt, pub.ID); err == nil || !strings.Contains(err.Error(), "published and immutable") {
			t.Errorf("published plan: %s\nerror %v, want the trigger's refusal", stmt, err)
		}
	}
	for _, stmt := range stmts {
		if _, err := raw.Exec(stmt, draft.ID); err != nil {
			t.Errorf("draft plan: %s: %v", stmt, err)
		}
	}
	got, err := db.PlanByID(ctx, pub.ID)
	if err != nil {
		t.Fatal(err)
	}
	got.CreatedAt, pub.CreatedAt = time.Time{}, time.Time{}
	pub.Status = medibus.StatusPublished
	if !reflect.DeepEqual(got, pub) {
		t.Error("the published plan changed")
	}
	if _, err := raw.Exec(`UPDATE scenarios SET name = 'x'`); err == nil {
		t.Error("raw UPDATE of a stored scenario succeeded, want the trigger's refusal")
	}
}

func TestSavePublishedAndReplan(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	scID, _, err := db.SaveScenario(ctx, sampleScenario(t, "creuse"))
	if err != nil {
		t.Fatal(err)
	}
	orig := samplePlan(t, scID, 30)
	orig.Status = medibus.StatusPublished
	if _, err := db.SavePlan(ctx, orig); err != nil {
		t.Fatalf("save published: %v", err)
	}
	if got, err := db.PlanByID(ctx, orig.ID); err != nil || got.Status != medibus.StatusPublished || len(got.Sessions) != 30 {
		t.Fatalf("published plan read back: %v", err)
	}
	re := samplePlan(t, scID, 28)
	if _, err := db.SaveReplan(ctx, re, orig.ID); err != nil {
		t.Fatal(err)
	}
	info, err := db.PlanInfo(ctx, re.ID)
	if err != nil || info.ParentID != orig.ID || info.Version != 2 || info.Published() {
		t.Errorf("re-plan info %+v, %v; want parent %d, version 2, draft", info, err, orig.ID)
	}
	if _, err := db.SaveReplan(ctx, samplePlan(t, scID, 1), 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("re-plan of a missing plan: error %v, want ErrNotFound", err)
	}
	draftParent := samplePlan(t, scID, 2)
	if _, err := db.SavePlan(ctx, draftParent); err != nil {
		t.Fatal(err)
	}
	child := samplePlan(t, scID, 2)
	if _, err := db.SaveReplan(ctx, child, draftParent.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.DeletePlan(ctx, draftParent.ID); err == nil || !strings.Contains(err.Error(), "re-plans revise it") {
		t.Errorf("delete a plan with a re-plan: error %v", err)
	}
	if err := db.DeletePlan(ctx, child.ID); err != nil {
		t.Fatalf("delete draft: %v", err)
	}
	if _, err := db.PlanByID(ctx, child.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted plan still loads: %v", err)
	}
	if _, err := db.SavePlan(ctx, &medibus.Plan{ScenarioID: scID, Status: "final"}); err == nil {
		t.Error("saving a plan with status final succeeded")
	}
}

func BenchmarkSavePlan(b *testing.B) {
	db, _ := mustOpen(b)
	ctx := context.Background()
	scID, _, err := db.SaveScenario(ctx, sampleScenario(b, "france"))
	if err != nil {
		b.Fatal(err)
	}
	p := samplePlan(b, scID, 4000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.SavePlan(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
}
