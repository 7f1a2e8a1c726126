package validate

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
)

// clock reads "HH:MM" or fails the test.
func clock(tb testing.TB, s string) medibus.Clock {
	tb.Helper()
	c, err := medibus.ParseClock(s)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// halfDays reads the HalfDays text form or fails the test.
func halfDays(tb testing.TB, s string) medibus.HalfDays {
	tb.Helper()
	h, err := medibus.ParseHalfDays(s)
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// travel is the tiny scenario's travel model: ×1.3 detour, 10 km at 45 km/h then 75.
var travel = medibus.TravelParams{Detour: 1.3, SlowKm: 10, SlowKmh: 45, FastKmh: 75}

// model is travel as the validator receives it.
var model, _ = routing.NewGreatCircle(travel)

// drive is the test's own reading of the contract's drive: the great-circle leg, its
// minutes rounded up. It deliberately does not use the package's helpers.
func drive(tb testing.TB, p medibus.TravelParams, a, b orb.Point) (int, float64) {
	tb.Helper()
	gc, err := routing.NewGreatCircle(p)
	if err != nil {
		tb.Fatal(err)
	}
	l := gc.Leg(a, b)
	return int(math.Ceil(l.Min - 1e-9)), l.Km
}

// stopSpec is one session as written by hand; dayOf fills in arrivals, departures and legs.
type stopSpec struct {
	half       medibus.Half
	site, svc  string
	staff      []string
	start, end string
	patients   int
}

// daySpec is one bus-day as written by hand: a unit, a day of the cycle, its sessions.
type daySpec struct {
	unit  string
	day   int // days after the plan's start
	stops []stopSpec
}

// Slack the hand-made plans leave before the first arrival and after the last departure,
// so that a mutation of one time breaks one rule only.
const (
	leaveSlack  = 10
	returnSlack = 15
)

// buildPlan turns day specs into a plan: each session reached from elsewhere arrives
// exactly set-up minutes before it starts, an afternoon at the morning's site keeps the
// morning's arrival, the bus leaves leaveSlack minutes earlier than needed and is back
// returnSlack minutes after it could be. Gaps between sessions are the spec's business.
func buildPlan(tb testing.TB, sc *medibus.Scenario, start medibus.Date, days []daySpec) *medibus.Plan {
	tb.Helper()
	pl := &medibus.Plan{Scenario: sc.Name, Start: start, Status: medibus.StatusDraft}
	points, communeOf := map[string]orb.Point{}, map[string]string{}
	for _, s := range sc.Sites {
		points["site:"+s.ID] = s.Point
		communeOf[s.ID] = s.INSEE
	}
	for _, d := range sc.Depots {
		points["depot:"+d.ID] = d.Point
	}
	depotOf := map[string]string{}
	for _, u := range sc.Units {
		depotOf[u.ID] = u.Depot
	}
	for _, d := range days {
		date := start.AddDays(d.day)
		depot := points["depot:"+depotOf[d.unit]]
		prev, prevSite := depot, ""
		var prevArrive medibus.Clock
		bd := medibus.BusDay{Unit: d.unit, Date: date, Sessions: len(d.stops)}
		var last medibus.Session
		for k, st := range d.stops {
			s := medibus.Session{
				Unit: d.unit, Date: date, Half: st.half, Site: st.site, Service: st.svc,
				Staff: slices.Clone(st.staff), Start: clock(tb, st.start), End: clock(tb, st.end),
				ExpectedPatients: st.patients,
			}
			if st.patients > 0 {
				// Everyone comes from the site's own commune.
				s.Booked = map[string]float64{communeOf[st.site]: float64(st.patients)}
			}
			s.Depart = s.End
			if st.site == prevSite {
				s.Arrive = prevArrive
			} else {
				s.DriveMinFromPrevious, s.DriveKmFromPrevious = drive(tb, travel, prev, points["site:"+st.site])
				s.Arrive = s.Start - medibus.Clock(sc.Rules.SetupMin)
			}
			if k == 0 {
				bd.Leave = s.Arrive - medibus.Clock(s.DriveMinFromPrevious+leaveSlack)
			}
			bd.DriveMin += s.DriveMinFromPrevious
			bd.DriveKm += s.DriveKmFromPrevious
			prev, prevSite, prevArrive = points["site:"+st.site], st.site, s.Arrive
			pl.Sessions = append(pl.Sessions, s)
			last = s
		}
		bd.ReturnMin, bd.ReturnKm = drive(tb, travel, prev, depot)
		bd.DriveMin += bd.ReturnMin
		bd.DriveKm += bd.ReturnKm
		bd.Return = last.Depart + medibus.Clock(bd.ReturnMin+returnSlack)
		pl.BusDays = append(pl.BusDays, bd)
	}
	return pl
}

// tinyStart is the Monday the tiny plan starts.
func tinyStart(tb testing.TB) medibus.Date {
	d, err := medibus.ParseDate("2026-11-23")
	if err != nil {
		tb.Fatal(err)
	}
	if d.Weekday() != time.Monday {
		tb.Fatalf("%s is a %s, want a Monday", d, d.Weekday())
	}
	return d
}

// tiny returns the hand-made scenario and a plan of it that breaks no rule.
//
// Two buses in the Creuse: u1 from Guéret (carries an ultrasound) and u2 from a second
// depot to the north-east. Three sites: s1 any weekday, s2 Monday to Wednesday, s3
// weekday mornings. Services gp (one GP, 20-min consultations) and gyn (one midwife and
// the ultrasound, 30 min). Staff: g1 (GP, u1 only, cap 4), g2 (GP, Mon–Wed, both buses,
// no cap), m1 (midwife, Tue and Thu, u1, cap 2). The u2 Tuesday afternoon is pinned.
func tiny(tb testing.TB) (*medibus.Scenario, *medibus.Plan) {
	tb.Helper()
	all := medibus.WeekdaysAll
	sc := &medibus.Scenario{
		Name: "tiny",
		Rules: medibus.Rules{
			CycleWeeks: 1, Days: all,
			Windows:  [2]medibus.Window{{Start: clock(tb, "09:00"), End: clock(tb, "12:30")}, {Start: clock(tb, "13:30"), End: clock(tb, "17:00")}},
			SetupMin: 30, BreakMin: 30, MinSessionMin: 120, CatchmentMin: 20, RhythmWeeks: 1,
			TimeZone: "Europe/Paris",
		},
		Depots: []medibus.Depot{
			{ID: "d1", Name: "Guéret", Point: orb.Point{1.8717, 46.1714}},
			{ID: "d2", Name: "Nord", Point: orb.Point{2.0, 46.3}},
		},
		Units: []medibus.Unit{
			{ID: "u1", Depot: "d1", Equipment: []string{"ultrasound"}, Days: all,
				ShiftStart: clock(tb, "07:45"), ShiftEnd: clock(tb, "18:30"), MaxDriveMin: 180},
			{ID: "u2", Depot: "d2", Days: all,
				ShiftStart: clock(tb, "08:00"), ShiftEnd: clock(tb, "18:00"), MaxDriveMin: 120},
		},
		Staff: []medibus.StaffMember{
			{ID: "g1", Role: "gp", Availability: all, Units: []string{"u1"}, MaxSessionsPerWeek: 4},
			{ID: "g2", Role: "gp", Availability: halfDays(tb, "Mon..Wed"), Units: []string{"u1", "u2"}},
			{ID: "m1", Role: "midwife", Availability: halfDays(tb, "Tue Thu"), Units: []string{"u1"}, MaxSessionsPerWeek: 2},
			// On no session in the plan as built; the rows of rules 4, 6, 8, 13, 21
			// and 22 put them on board.
			{ID: "a1", Role: medibus.RoleAssistant, Availability: all, Units: []string{"u1"}},
			{ID: "i1", Role: "gp", Availability: all, Units: []string{"u1"}, Intern: true, Supervisor: "g1"},
			{ID: "n1", Role: "nurse", Availability: all, Units: []string{"u1", "u2"}},
			{ID: "n2", Role: "nurse", Availability: all, Units: []string{"u1", "u2"}},
			{ID: "d1", Role: "dermatologist", Availability: all, Units: []string{"u1", "u2"}},
		},
		Services: []medibus.Service{
			{ID: "gp", Roles: []string{"gp"}, ConsultMin: 20, AssistantExtra: 1},
			{ID: "gyn", Roles: []string{"midwife"}, Equipment: []string{"ultrasound"}, ConsultMin: 30},
			{ID: "derm", Roles: []string{"nurse"}, Remote: []string{"dermatologist"}, ConsultMin: 20},
		},
		Sites: []medibus.Site{
			{ID: "s1", INSEE: "23001", Point: orb.Point{1.95, 46.20}, Allowed: all},
			{ID: "s2", INSEE: "23002", Point: orb.Point{2.05, 46.10}, Allowed: halfDays(tb, "Mon..Wed")},
			{ID: "s3", INSEE: "23003", Point: orb.Point{1.75, 46.05}, Allowed: halfDays(tb, "Mon-AM Tue-AM Wed-AM Thu-AM Fri-AM")},
		},
		// A commune at each site, and one far from all of them.
		Communes: []medibus.Commune{
			{INSEE: "23001", Name: "Un", Point: orb.Point{1.95, 46.20}, Population: 900, InNeed: true},
			{INSEE: "23002", Name: "Deux", Point: orb.Point{2.05, 46.10}, Population: 900, InNeed: true},
			{INSEE: "23003", Name: "Trois", Point: orb.Point{1.75, 46.05}, Population: 900, InNeed: true},
			{INSEE: "23999", Name: "Loin", Point: orb.Point{2.5, 46.5}, Population: 900, InNeed: true},
		},
	}
	for _, c := range sc.Communes {
		sc.Demand = append(sc.Demand, medibus.Demand{INSEE: c.INSEE, Service: "gp", Need: 100}, medibus.Demand{INSEE: c.INSEE, Service: "gyn", Need: 20},
			medibus.Demand{INSEE: c.INSEE, Service: "derm", Need: 20})
	}
	am, pm := medibus.AM, medibus.PM
	pl := buildPlan(tb, sc, tinyStart(tb), []daySpec{
		{"u1", 0, []stopSpec{ // a full day at s1
			{am, "s1", "gp", []string{"g1"}, "09:00", "12:30", 9},
			{pm, "s1", "gp", []string{"g1"}, "13:30", "17:00", 10},
		}},
		{"u1", 1, []stopSpec{ // s2 then s1: 90 min between covers break + drive + set-up
			{am, "s2", "gyn", []string{"m1"}, "09:00", "12:00", 5},
			{pm, "s1", "gp", []string{"g1"}, "13:30", "16:30", 8},
		}},
		{"u2", 0, []stopSpec{{am, "s3", "gp", []string{"g2"}, "09:30", "12:30", 8}}},
		{"u2", 1, []stopSpec{{pm, "s2", "gp", []string{"g2"}, "13:30", "17:00", 8}}},
		{"u2", 2, []stopSpec{{am, "s1", "gp", []string{"g2"}, "09:00", "12:30", 6}}},
	})
	pin := *session(tb, pl, "u2", 1, pm)
	pin.Pinned = true
	sc.Pins = []medibus.Session{pin}
	return sc, pl
}

// session returns the plan's session of unit on the day-th day of the cycle and half.
func session(tb testing.TB, pl *medibus.Plan, unit string, day int, h medibus.Half) *medibus.Session {
	tb.Helper()
	for i := range pl.Sessions {
		s := &pl.Sessions[i]
		if s.Unit == unit && s.Date == pl.Start.AddDays(day) && s.Half == h {
			return s
		}
	}
	tb.Fatalf("no session of %s on day %d %s", unit, day, h)
	return nil
}

// busDay returns the plan's bus-day of unit on the day-th day of the cycle.
func busDay(tb testing.TB, pl *medibus.Plan, unit string, day int) *medibus.BusDay {
	tb.Helper()
	for i := range pl.BusDays {
		b := &pl.BusDays[i]
		if b.Unit == unit && b.Date == pl.Start.AddDays(day) {
			return b
		}
	}
	tb.Fatalf("no bus-day of %s on day %d", unit, day)
	return nil
}

func deleteSession(pl *medibus.Plan, unit string, day int, h medibus.Half) {
	pl.Sessions = slices.DeleteFunc(pl.Sessions, func(s medibus.Session) bool {
		return s.Unit == unit && s.Date == pl.Start.AddDays(day) && s.Half == h
	})
}

func deleteBusDay(pl *medibus.Plan, unit string, day int) {
	pl.BusDays = slices.DeleteFunc(pl.BusDays, func(b medibus.BusDay) bool {
		return b.Unit == unit && b.Date == pl.Start.AddDays(day)
	})
}

// codes renders violations as "rule/code" for comparison.
func codes(vs []Violation) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = fmt.Sprintf("%d/%s", v.Rule, v.Code)
	}
	return out
}

func mustPlan(tb testing.TB, sc *medibus.Scenario, pl *medibus.Plan) []Violation {
	tb.Helper()
	vs, err := Check(context.Background(), sc, pl, model)
	if err != nil {
		tb.Fatal(err)
	}
	return vs
}

func TestTinyPlanIsValid(t *testing.T) {
	sc, pl := tiny(t)
	// The hand-made timings rely on these drives: s2 → s1 must fit the 90 minutes
	// between the Tuesday sessions of u1 with a 30-min break and a 30-min set-up, and the
	// u1 Tuesday must leave after its 07:45 shift start.
	if s := session(t, pl, "u1", 1, medibus.PM); s.DriveMinFromPrevious > 30 {
		t.Fatalf("drive s2 → s1 is %d min; the tiny plan needs ≤ 30", s.DriveMinFromPrevious)
	}
	for _, b := range pl.BusDays {
		t.Logf("%s %s leave %s return %s drive %d min %.1f km", b.Unit, b.Date, b.Leave, b.Return, b.DriveMin, b.DriveKm)
	}
	if vs := mustPlan(t, sc, pl); len(vs) != 0 {
		t.Fatalf("valid plan: got violations\n%s", joinViolations(vs))
	}
}

func joinViolations(vs []Violation) string {
	var b strings.Builder
	for _, v := range vs {
		b.WriteString("  " + v.String() + "\n")
	}
	return b.String()
}

func TestRules(t *testing.T) {
	am, pm := medibus.AM, medibus.PM
	type mutation func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan)
	tests := []struct {
		name   string
		mutate mutation
		want   []string // "rule/code", in the sorted order of Plan
	}{
		// Rule 1.
		{"unknown site", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 2, am).Site = "nowhere"
		}, []string{"1/unknown-site"}},
		{"unknown unit", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 2, am).Unit = "u9"
			busDay(t, pl, "u2", 2).Unit = "u9"
		}, []string{"1/unknown-unit"}},
		{"unknown service", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 2, am).Service = "dentist"
		}, []string{"1/unknown-service"}},
		{"unknown staff", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 2, am).Staff = []string{"nobody"}
		}, []string{"1/unknown-staff"}},
		{"unknown depot", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Units[1].Depot = "d9" // u2 has three bus-days
		}, []string{"1/unknown-depot", "1/unknown-depot", "1/unknown-depot"}},
		{"date outside cycle", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 2, am).Date += 7
			busDay(t, pl, "u2", 2).Date += 7
		}, []string{"1/date-outside-cycle"}},
		{"invalid half", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 2, am).Half = 5
		}, []string{"1/invalid-half"}},
		{"invalid half and staff listed twice", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			// The other rules of the session are skipped, but not this part of rule 4.
			s := session(t, pl, "u2", 2, am)
			s.Half = 5
			s.Staff = append(s.Staff, s.Staff[0])
		}, []string{"1/invalid-half", "4/staff-listed-twice"}},
		// Rule 2.
		{"bus unavailable date", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			d := pl.Start.AddDays(2)
			sc.Units[1].Unavailable = []medibus.DateRange{{From: d, To: d}}
		}, []string{"2/bus-unavailable"}},
		{"bus does not work that half-day", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Units[1].Days = halfDays(t, "Mon Tue Wed-PM Thu Fri")
		}, []string{"2/bus-off-day"}},
		{"buses do not run that half-day", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Rules.Days = halfDays(t, "Mon Tue Wed-PM Thu Fri")
		}, []string{"2/bus-off-day"}},
		// Rule 3.
		{"site not allowed", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Sites[2].Allowed = halfDays(t, "Tue-AM")
		}, []string{"3/site-not-allowed"}},
		// Rule 4.
		{"missing role", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u1", 1, am).Staff = nil
		}, []string{"4/missing-role"}},
		{"extra staff", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			s := session(t, pl, "u1", 1, am)
			s.Staff = append(s.Staff, "g2") // free, available and allowed on u1, but not needed
		}, []string{"4/extra-staff"}},
		{"staff listed twice", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			s := session(t, pl, "u1", 1, am)
			s.Staff = append(s.Staff, s.Staff[0])
		}, []string{"4/staff-listed-twice"}},
		// Rule 5.
		{"missing equipment", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Units[0].Equipment = nil
		}, []string{"5/missing-equipment"}},
		// Rule 6.
		{"staff unavailable", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			d := pl.Start.AddDays(2)
			sc.Staff[1].Unavailable = []medibus.DateRange{{From: d, To: d}}
		}, []string{"6/staff-unavailable"}},
		{"staff not available that half-day", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Staff[2].Availability = halfDays(t, "Tue-PM Thu")
		}, []string{"6/staff-unavailable"}},
		{"staff not allowed on unit", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 2, am).Staff = []string{"g1"} // g1 works on u1 only
		}, []string{"6/staff-not-on-unit"}},
		// Rule 7.
		{"session outside window", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			s := session(t, pl, "u2", 0, am)
			s.End, s.Depart = s.End+15, s.Depart+15 // the return slack absorbs it
		}, []string{"7/outside-window"}},
		{"session too short", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			s := session(t, pl, "u2", 0, am)
			s.End = clock(t, "11:00") // 90 min; departure unchanged
			s.ExpectedPatients, s.Booked = 4, map[string]float64{"23003": 4}
		}, []string{"7/session-too-short"}},
		{"depart before end", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 0, am).Depart -= 10
		}, []string{"7/depart-before-end"}},
		// Rule 8.
		{"patients over capacity", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			s := session(t, pl, "u2", 0, am)
			s.ExpectedPatients, s.Booked = 10, map[string]float64{"23003": 10} // 180 min ÷ 20 = 9
		}, []string{"8/patients-over-capacity"}},
		{"negative patients", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 0, am).ExpectedPatients = -1
		}, []string{"8/negative-patients"}},
		{"no consultation length", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Services[1].ConsultMin = 0 // gyn, held once: u1 on Tuesday morning
		}, []string{"8/no-consult-length"}},
		// Rule 9.
		{"bus double-booked", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			// u2's Monday morning moves onto u1, which already works that morning.
			session(t, pl, "u2", 0, am).Unit = "u1"
			deleteBusDay(pl, "u2", 0)
		}, []string{"9/bus-double-booked"}},
		{"staff double-booked", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u1", 1, pm).Staff = []string{"g2"} // g2 is on u2 that afternoon
		}, []string{"9/staff-double-booked"}},
		// Rule 10.
		{"staff weekly cap", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Staff[0].MaxSessionsPerWeek = 2 // g1 has 3 sessions
		}, []string{"10/staff-weekly-cap"}},
		// Rule 11.
		{"pin moved", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 1, pm).Start += 15
		}, []string{"11/pin-moved"}},
		{"pin missing", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			deleteSession(pl, "u2", 1, pm)
			deleteBusDay(pl, "u2", 1)
		}, []string{"11/pin-missing"}},
		// Rule 12 and the bus-days' integrity.
		{"leave before shift", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			busDay(t, pl, "u1", 0).Leave = clock(t, "07:40")
		}, []string{"12/leave-before-shift"}},
		{"arrival too early for drive", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			s := session(t, pl, "u2", 0, am)
			busDay(t, pl, "u2", 0).Leave = s.Arrive - medibus.Clock(s.DriveMinFromPrevious) + 1
		}, []string{"12/arrive-too-early"}},
		{"missing bus-day", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			deleteBusDay(pl, "u2", 2)
		}, []string{"12/missing-bus-day"}},
		{"bus-day without sessions", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			pl.BusDays = append(pl.BusDays, medibus.BusDay{Unit: "u1", Date: pl.Start.AddDays(4)})
		}, []string{"12/bus-day-without-sessions"}},
		{"duplicate bus-day", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			pl.BusDays = append(pl.BusDays, *busDay(t, pl, "u2", 2))
		}, []string{"12/duplicate-bus-day"}},
		// Rule 13.
		{"no set-up time", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			s := session(t, pl, "u1", 0, am)
			s.Arrive = s.Start - 20
		}, []string{"13/no-setup-time"}},
		{"no set-up time at second site", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			s := session(t, pl, "u1", 1, pm)
			s.Arrive = s.Start - 20
		}, []string{"13/no-setup-time"}},
		// Rule 14.
		{"no break between sessions", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			// 60 min between s2 and s1 cannot hold break, drive and set-up; the
			// afternoon's arrival at 13:00 is still reachable.
			s := session(t, pl, "u1", 1, am)
			s.End, s.Depart = clock(t, "12:30"), clock(t, "12:30")
		}, []string{"14/no-break"}},
		{"no break at the same site", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Rules.BreakMin = 61 // u1's Monday has 60 min; its Tuesday 90 ≥ 61 + 20 + 30 would fail too
			sc.Rules.SetupMin = 0  // so keep the Tuesday's need at 61 + drive ≤ 90
		}, []string{"14/no-break"}},
		{"second arrival too early for drive", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u1", 1, pm).Arrive = clock(t, "12:10")
		}, []string{"14/arrive-too-early"}},
		// Rule 15.
		{"return too early for drive", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			b := busDay(t, pl, "u2", 1)
			b.Return = session(t, pl, "u2", 1, pm).Depart + medibus.Clock(b.ReturnMin) - 1
		}, []string{"15/return-too-early"}},
		{"return after shift end", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			busDay(t, pl, "u2", 1).Return = clock(t, "18:05")
		}, []string{"15/return-after-shift"}},
		// Rule 16.
		{"driving limit", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Units[0].MaxDriveMin = busDay(t, pl, "u1", 1).DriveMin - 1 // Monday drives less
		}, []string{"16/drive-limit"}},
		// u2's Monday at s3 is the longest day: 41 min each way.
		{"leg too long", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Rules.MaxLegMin = session(t, pl, "u2", 0, am).DriveMinFromPrevious - 1
		}, []string{"16/leg-too-long", "16/leg-too-long"}},
		// Rule 17.
		{"wrong reported leg", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u1", 1, pm).DriveMinFromPrevious++
		}, []string{"17/wrong-leg"}},
		{"wrong reported km", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u1", 1, am).DriveKmFromPrevious += 0.5
		}, []string{"17/wrong-leg"}},
		{"drive reported for a full day's afternoon", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u1", 0, pm).DriveMinFromPrevious = 12
		}, []string{"17/wrong-leg"}},
		{"wrong day total", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			busDay(t, pl, "u1", 1).DriveMin++
		}, []string{"17/wrong-day-drive"}},
		{"wrong day km", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			busDay(t, pl, "u1", 1).DriveKm += 0.5 // three legs allow 0.3 km
		}, []string{"17/wrong-day-drive"}},
		{"wrong return leg", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			busDay(t, pl, "u1", 1).ReturnMin++
		}, []string{"17/wrong-return-leg"}},
		{"wrong session count", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			busDay(t, pl, "u1", 1).Sessions = 1
		}, []string{"17/wrong-session-count"}},
		// Rule 18. gp visits s1 on Monday (both halves), Tuesday and Wednesday.
		{"frequency gaps too short", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Sites[0].INSEE = "23096"
			sc.Frequencies = []medibus.Frequency{{INSEE: "23096", Service: "gp", Every: 1}}
		}, []string{"18/frequency-gap-short", "18/frequency-gap-short", "18/frequency-gap-short"}},
		{"frequency gap too long", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			// Wednesday to next Monday is 5 days; the morning and afternoon of Monday
			// are one visit, so no gap of 0 is reported.
			sc.Sites[0].INSEE = "23096"
			sc.Frequencies = []medibus.Frequency{{INSEE: "23096", Service: "gp", Every: 1, MinGapDays: 1, MaxGapDays: 3}}
		}, []string{"18/frequency-gap-long"}},
		{"frequency half-days", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Sites[0].INSEE = "23096"
			sc.Frequencies = []medibus.Frequency{{INSEE: "23096", Service: "gp", Every: 1, MinGapDays: 1, MaxGapDays: 7, Days: halfDays(t, "Mon")}}
		}, []string{"18/frequency-day", "18/frequency-day"}},
		{"frequency of another service", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Sites[0].INSEE = "23096"
			sc.Frequencies = []medibus.Frequency{{INSEE: "23096", Service: "gyn", Every: 1}}
		}, nil},
		// Rule 19. u2's Wednesday morning at s1 books its 6 patients in commune 23001.
		{"bookings that do not add up", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 2, am).Booked["23001"] = 7
		}, []string{"19/bookings-not-patients"}},
		{"booking in an unknown commune", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 2, am).Booked = map[string]float64{"99999": 6}
		}, []string{"19/unknown-commune"}},
		{"booking beyond the catchment", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 2, am).Booked = map[string]float64{"23999": 6}
		}, []string{"19/booking-out-of-reach"}},
		{"negative booking", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 2, am).Booked = map[string]float64{"23001": 7, "23003": -1}
		}, []string{"19/bad-booking"}},
		{"patients without bookings", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u2", 2, am).Booked = nil
		}, []string{"19/bookings-not-patients"}},
		// Rule 4 with an assistant, an intern's senior and remote roles.
		{"assistant on board", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			s := session(t, pl, "u1", 0, am)
			s.Staff = append(s.Staff, "a1")
		}, nil},
		{"assistant double-booked", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			for i := range sc.Staff {
				if sc.Staff[i].ID == "a1" {
					sc.Staff[i].Units = []string{"u1", "u2"}
				}
			}
			// a1 on both buses on Monday morning.
			s := session(t, pl, "u1", 0, am)
			s.Staff = append(s.Staff, "a1")
			s = session(t, pl, "u2", 0, am)
			s.Staff = append(s.Staff, "a1")
		}, []string{"9/staff-double-booked"}},
		{"two assistants", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Staff = append(sc.Staff, medibus.StaffMember{ID: "a2", Role: medibus.RoleAssistant, Availability: medibus.WeekdaysAll, Units: []string{"u1"}})
			s := session(t, pl, "u1", 0, am)
			s.Staff = append(s.Staff, "a1", "a2")
		}, []string{"4/extra-staff"}},
		{"tele-session without its remote specialist", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			s := session(t, pl, "u1", 0, am)
			s.Service, s.Staff = "derm", []string{"n1"}
		}, []string{"4/missing-remote-role"}},
		{"remote specialist of another role", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			s := session(t, pl, "u1", 0, am)
			s.Service, s.Staff, s.Remote = "derm", []string{"n1"}, []string{"d1", "n2"}
		}, []string{"4/extra-remote"}},
		// Rule 6 for an intern out of placement, supervised by a senior on board.
		{"intern outside their placement", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			d := pl.Start.AddDays(3)
			sc.Staff[4].Placement = &medibus.DateRange{From: d, To: d.AddDays(90)}
			s := session(t, pl, "u1", 0, am)
			s.Staff = []string{"i1", "g1"}
		}, []string{"6/outside-placement"}},
		// Rule 8: an assistant makes room for one more GP consultation.
		{"eleven patients with an assistant", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			s := session(t, pl, "u1", 0, am)
			s.Staff = append(s.Staff, "a1")
			s.ExpectedPatients, s.Booked = 11, map[string]float64{"23001": 11}
		}, nil},
		{"eleven patients without one", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			s := session(t, pl, "u1", 0, am)
			s.ExpectedPatients, s.Booked = 11, map[string]float64{"23001": 11}
		}, []string{"8/patients-over-capacity"}},
		// Rule 13: without an assistant the driver sets up alone, in 45 min; u1's
		// sessions have one, u2's three moves do not.
		{"set-up alone takes longer", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Rules.SetupAloneMin = 45
			for i := range pl.Sessions {
				if s := &pl.Sessions[i]; s.Unit == "u1" {
					s.Staff = append(s.Staff, "a1")
				}
			}
		}, []string{"13/no-setup-time", "13/no-setup-time", "13/no-setup-time"}},
		// Rule 21. On Monday morning g2 is on u2's session at s3.
		{"intern without supervision", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			session(t, pl, "u1", 0, am).Staff = []string{"i1"}
		}, []string{"21/intern-unsupervised"}},
		{"intern supervised by phone", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Rules.InternRemote = true // g1 is free on Monday morning once i1 takes over
			session(t, pl, "u1", 0, am).Staff = []string{"i1"}
		}, nil},
		{"intern's supervisor on a session", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Rules.InternRemote = true
			sc.Staff[4].Supervisor = "g2"
			session(t, pl, "u1", 0, am).Staff = []string{"i1"}
		}, []string{"21/supervisor-busy"}},
		// Rule 22: d1 serves one bus at a time; both Monday mornings become tele-sessions.
		{"remote specialist over their parallel limit", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			a, b := session(t, pl, "u1", 0, am), session(t, pl, "u2", 0, am)
			a.Service, a.Staff, a.Remote = "derm", []string{"n1"}, []string{"d1"}
			b.Service, b.Staff, b.Remote = "derm", []string{"n2"}, []string{"d1"}
		}, []string{"22/remote-over-parallel"}},
		{"remote specialist with room for two", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Staff[7].MaxParallel = 2
			a, b := session(t, pl, "u1", 0, am), session(t, pl, "u2", 0, am)
			a.Service, a.Staff, a.Remote = "derm", []string{"n1"}, []string{"d1"}
			b.Service, b.Staff, b.Remote = "derm", []string{"n2"}, []string{"d1"}
		}, nil},
		// 23001 is booked 9 + 10 + 8 + 6 = 33 GP consultations; u1's Monday morning books
		// it first.
		{"booked over the need", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			sc.Demand[0].Need = 30
		}, []string{"19/booked-over-need"}},
		// Rule 20. The plan moved to the week of Easter Monday (2026-04-06), whose
		// sessions fall on a public holiday; the day after, a declared closure.
		{"public holiday", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			shiftPlan(pl, "2026-04-06")
			for i := range sc.Pins {
				sc.Pins[i].Date += pl.Start - tinyStart(t)
			}
		}, []string{"20/public-holiday", "20/public-holiday", "20/public-holiday"}},
		// A rotation repeats: the calendar cancels its occurrences on a holiday, so
		// the rotation itself breaks no rule there.
		{"public holiday in a rotation", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			shiftPlan(pl, "2026-04-06")
			for i := range sc.Pins {
				sc.Pins[i].Date += pl.Start - tinyStart(t)
			}
			sc.Cyclic = true
		}, nil},
		{"declared closure of a department", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			d := pl.Start.AddDays(2)
			sc.Closures = []medibus.Closure{{From: d, To: d, Department: "23", Reason: "neige"}}
		}, []string{"20/closure"}},
		{"declared closure of another site", func(t *testing.T, sc *medibus.Scenario, pl *medibus.Plan) {
			d := pl.Start.AddDays(2)
			sc.Closures = []medibus.Closure{{From: d, To: d, Site: "nowhere", Reason: "travaux"}, {From: d, To: d, Department: "19"}}
		}, nil},
	}
	// Rule, method and row line up: every numbered rule of docs/constraints.md has a
	// row that breaks it.
	broken := map[string]bool{}
	for _, tt := range tests {
		for _, w := range tt.want {
			rule, _, _ := strings.Cut(w, "/")
			broken[rule] = true
		}
	}
	for rule := 1; rule <= 22; rule++ {
		if !broken[strconv.Itoa(rule)] {
			t.Errorf("no row breaks rule %d", rule)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, pl := tiny(t)
			tt.mutate(t, sc, pl)
			vs := mustPlan(t, sc, pl)
			if got := codes(vs); !slices.Equal(got, tt.want) {
				t.Fatalf("got %v, want %v\n%s", got, tt.want, joinViolations(vs))
			}
			for _, v := range vs {
				if v.Unit == "" || v.Message == "" || !strings.Contains(v.String(), v.Code) {
					t.Errorf("violation not located or described: %#v", v)
				}
			}
		})
	}
}

// shiftPlan moves every date of pl so that the cycle starts on the Monday start.
func shiftPlan(pl *medibus.Plan, start string) {
	d, _ := medibus.ParseDate(start)
	by := d - pl.Start
	pl.Start = d
	for i := range pl.Sessions {
		pl.Sessions[i].Date += by
	}
	for i := range pl.BusDays {
		pl.BusDays[i].Date += by
	}
}

// TestShuffledOrder checks that the order of sessions and bus-days in a plan changes
// nothing: a valid plan stays valid, an invalid one gives the same report.
func TestShuffledOrder(t *testing.T) {
	sc, pl := tiny(t)
	broken := func(pl *medibus.Plan) {
		session(t, pl, "u1", 1, medibus.PM).Staff = []string{"g2"}
		busDay(t, pl, "u2", 1).Return = clock(t, "18:05")
		pl.BusDays = append(pl.BusDays, *busDay(t, pl, "u2", 2))
	}
	_, bad := tiny(t)
	broken(bad)
	want := mustPlan(t, sc, bad)
	if len(want) != 3 {
		t.Fatalf("broken plan: got %d violations, want 3\n%s", len(want), joinViolations(want))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 20 {
		for _, p := range []*medibus.Plan{pl, bad} {
			rng.Shuffle(len(p.Sessions), func(i, j int) { p.Sessions[i], p.Sessions[j] = p.Sessions[j], p.Sessions[i] })
			rng.Shuffle(len(p.BusDays), func(i, j int) { p.BusDays[i], p.BusDays[j] = p.BusDays[j], p.BusDays[i] })
		}
		if vs := mustPlan(t, sc, pl); len(vs) != 0 {
			t.Fatalf("round %d: shuffled valid plan has violations\n%s", round, joinViolations(vs))
		}
		if got := mustPlan(t, sc, bad); !slices.Equal(got, want) {
			t.Fatalf("round %d: shuffled broken plan reports\n%swant\n%s", round, joinViolations(got), joinViolations(want))
		}
	}
}

func TestSortedAndLocated(t *testing.T) {
	sc, pl := tiny(t)
	busDay(t, pl, "u2", 1).Return = clock(t, "18:05") // u2 day-level
	s := session(t, pl, "u2", 0, medibus.AM)          // u2 Monday AM
	s.ExpectedPatients, s.Booked = 99, map[string]float64{"23003": 99}
	session(t, pl, "u1", 1, medibus.PM).DriveMinFromPrevious = 99 // u1 Tuesday PM
	vs := mustPlan(t, sc, pl)
	got := make([]string, len(vs))
	for i, v := range vs {
		got[i] = fmt.Sprintf("%s %s %s %d", v.Unit, v.Date, v.Half, v.Rule)
	}
	mon, tue := pl.Start, pl.Start.AddDays(1)
	want := []string{
		fmt.Sprintf("u1 %s PM 17", tue),
		fmt.Sprintf("u2 %s AM 8", mon),
		fmt.Sprintf("u2 %s  15", tue),
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if m := vs[0].Message; !strings.Contains(m, "u1") || !strings.Contains(m, "s1") || !strings.Contains(m, "PM") || !strings.Contains(m, tue.String()) {
		t.Errorf("message does not say where: %q", m)
	}
}

func TestErrors(t *testing.T) {
	sc, pl := tiny(t)
	ctx := context.Background()
	if _, err := Check(ctx, nil, pl, model); err == nil {
		t.Error("nil scenario: want an error")
	}
	if _, err := Check(ctx, sc, nil, model); err == nil {
		t.Error("nil plan: want an error")
	}
	if _, err := Check(ctx, sc, pl, nil); err == nil {
		t.Error("no travel model: want an error")
	}
	other, _ := routing.NewGreatCircle(medibus.TravelParams{Detour: 1.5, SlowKmh: 50, FastKmh: 50})
	pl.Travel = other.String()
	if _, err := Check(ctx, sc, pl, model); err == nil || !strings.Contains(err.Error(), other.String()) {
		t.Errorf("plan made with another travel model: got %v, want an error naming it", err)
	}
}

// large returns a synthetic scenario and a valid plan of the size of the default
// scenario: 100 units, 2,000 sites, a 4-week cycle with both half-days of every weekday,
// so 4,000 sessions on 2,000 bus-days.
func large(tb testing.TB) (*medibus.Scenario, *medibus.Plan) {
	tb.Helper()
	const units, sitesPerUnit, weeks = 100, 20, 4
	sc := &medibus.Scenario{
		Name: "large",
		Rules: medibus.Rules{
			CycleWeeks: weeks, Days: medibus.WeekdaysAll,
			Windows:  [2]medibus.Window{{Start: 540, End: 750}, {Start: 810, End: 1020}},
			SetupMin: 30, BreakMin: 30, MinSessionMin: 120, CatchmentMin: 20,
		},
		Services: []medibus.Service{{ID: "gp", Roles: []string{"gp"}, ConsultMin: 20}},
	}
	for u := range units {
		// Depots on a 10 × 10 grid over France, sites within about 6 km of their depot.
		c := orb.Point{-1 + 0.7*float64(u%10), 43.5 + 0.5*float64(u/10)}
		uid, did := fmt.Sprintf("u%03d", u), fmt.Sprintf("d%03d", u)
		sc.Depots = append(sc.Depots, medibus.Depot{ID: did, Point: c})
		sc.Units = append(sc.Units, medibus.Unit{ID: uid, Depot: did, Days: medibus.WeekdaysAll,
			ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240})
		sc.Staff = append(sc.Staff, medibus.StaffMember{ID: "g" + uid, Role: "gp", Availability: medibus.WeekdaysAll,
			Units: []string{uid}, MaxSessionsPerWeek: 10})
		for k := range sitesPerUnit {
			a := 2 * math.Pi * float64(k) / sitesPerUnit
			pt := orb.Point{c[0] + 0.07*math.Cos(a), c[1] + 0.05*math.Sin(a)}
			insee := fmt.Sprintf("%03d%02d", u, k)
			sc.Sites = append(sc.Sites, medibus.Site{ID: fmt.Sprintf("s%03d-%02d", u, k), INSEE: insee, Point: pt, Allowed: medibus.WeekdaysAll})
			sc.Communes = append(sc.Communes, medibus.Commune{INSEE: insee, Point: pt, Population: 1000, InNeed: true})
			sc.Demand = append(sc.Demand, medibus.Demand{INSEE: insee, Service: "gp", Need: 100})
		}
	}
	start, err := medibus.ParseDate("2026-11-23")
	if err != nil {
		tb.Fatal(err)
	}
	var days []daySpec
	for u := range units {
		uid := fmt.Sprintf("u%03d", u)
		staff := []string{"g" + uid}
		for w := range weeks {
			for wd := range 5 {
				n := 5*w + wd
				days = append(days, daySpec{uid, 7*w + wd, []stopSpec{
					{medibus.AM, fmt.Sprintf("s%03d-%02d", u, (2*n)%sitesPerUnit), "gp", staff, "09:00", "12:00", 9},
					{medibus.PM, fmt.Sprintf("s%03d-%02d", u, (2*n+7)%sitesPerUnit), "gp", staff, "13:30", "17:00", 10},
				}})
			}
		}
	}
	return sc, buildPlan(tb, sc, start, days)
}

func TestLargePlanIsValid(t *testing.T) {
	sc, pl := large(t)
	if len(pl.Sessions) != 4000 || len(sc.Sites) != 2000 {
		t.Fatalf("large plan has %d sessions and %d sites", len(pl.Sessions), len(sc.Sites))
	}
	began := time.Now()
	vs := mustPlan(t, sc, pl)
	t.Logf("checked %d sessions in %s", len(pl.Sessions), time.Since(began))
	if len(vs) != 0 {
		t.Fatalf("got %d violations, first:\n%s", len(vs), joinViolations(vs[:min(len(vs), 5)]))
	}
}

func BenchmarkPlan(b *testing.B) {
	sc, pl := large(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Check(context.Background(), sc, pl, model); err != nil {
			b.Fatal(err)
		}
	}
}
