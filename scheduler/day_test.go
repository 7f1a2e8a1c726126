package scheduler

import (
	"context"
	"medibus/routing"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
)

// tinyScenario has one depot and three sites due north of it: 0.2°, 0.3° and 2.5° of
// latitude. With the default travel model (×1.3, 60 km/h) one degree is 144.7 min, so
// the legs are depot→A 29 min, depot→B 44 min, A→B 15 min, depot→C 362 min.
func tinyScenario() *medibus.Scenario {
	all := medibus.WeekdaysAll
	return &medibus.Scenario{
		Name: "tiny",
		Rules: medibus.Rules{
			CycleWeeks: 1, Days: all,
			Windows:  [2]medibus.Window{{Start: 540, End: 750}, {Start: 810, End: 1020}},
			SetupMin: 30, BreakMin: 30, MinSessionMin: 120, CatchmentMin: 20, RhythmWeeks: 1,
			TimeZone: "Europe/Paris",
		},
		Depots: []medibus.Depot{{ID: "d", Point: orb.Point{2, 46}}},
		Units:  []medibus.Unit{{ID: "u", Depot: "d", Days: all, ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240}},
		Sites: []medibus.Site{
			{ID: "A", INSEE: "00001", Point: orb.Point{2, 46.2}, Allowed: all},
			{ID: "B", INSEE: "00002", Point: orb.Point{2, 46.3}, Allowed: all},
			{ID: "C", INSEE: "00003", Point: orb.Point{2, 48.5}, Allowed: all},
		},
		Services: []medibus.Service{{ID: "gp", Roles: []string{"gp"}, ConsultMin: 20}},
		Staff:    []medibus.StaffMember{{ID: "g", Role: "gp", Availability: all, Units: []string{"u"}}},
	}
}

var testMonday, _ = medibus.ParseDate("2026-11-23")

func mustCompile(t *testing.T, sc *medibus.Scenario) *problem {
	t.Helper()
	p, err := compile(context.Background(), sc, Options{Start: testMonday, Travel: &routing.GreatCircle{P: routing.DefaultTravel}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTimeDay(t *testing.T) {
	p := mustCompile(t, tinyScenario())
	c := func(s string) medibus.Clock { v, _ := medibus.ParseClock(s); return v }
	type times struct{ arrive, start, end, depart string }
	for _, tc := range []struct {
		name             string
		am, pm           *stop
		ok               bool
		leave, ret       string
		drive            int
		amTimes, pmTimes *times
	}{
		{name: "morning only", am: &stop{site: 0}, ok: true, leave: "08:01", ret: "12:59", drive: 58,
			amTimes: &times{"08:30", "09:00", "12:30", "12:30"}},
		{name: "afternoon only", pm: &stop{site: 1}, ok: true, leave: "12:16", ret: "17:44", drive: 88,
			pmTimes: &times{"13:00", "13:30", "17:00", "17:00"}},
		// The bus stays at A: it is ready for the afternoon when the morning ends.
		{name: "full day at one site", am: &stop{site: 0}, pm: &stop{site: 0}, ok: true, leave: "08:01", ret: "17:29", drive: 58,
			amTimes: &times{"08:30", "09:00", "12:30", "12:30"}, pmTimes: &times{"12:30", "13:30", "17:00", "17:00"}},
		// A→B is 15 min: the morning ends at 12:15 so that break 30 + drive 15 + set-up 30
		// fit before 13:30.
		{name: "two sites", am: &stop{site: 0}, pm: &stop{site: 1}, ok: true, leave: "08:01", ret: "17:44", drive: 88,
			amTimes: &times{"08:30", "09:00", "12:15", "12:15"}, pmTimes: &times{"12:30", "13:30", "17:00", "17:00"}},
		{name: "pinned afternoon kept", am: &stop{site: 0}, pm: &stop{site: 1, pinned: true, start: c("14:00"), end: c("16:00")}, ok: true,
			leave: "08:01", ret: "16:44", drive: 88,
			amTimes: &times{"08:30", "09:00", "12:30", "12:30"}, pmTimes: &times{"12:45", "14:00", "16:00", "16:00"}},
		{name: "pinned morning too early to reach", am: &stop{site: 1, pinned: true, start: c("07:30"), end: c("10:00")}, ok: false},
		{name: "site beyond the driving limit", am: &stop{site: 2}, ok: false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := p.timeDay(0, tc.am, tc.pm)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			if d.leave.String() != tc.leave || d.ret.String() != tc.ret || d.driveMin != tc.drive {
				t.Errorf("leave %s return %s drive %d, want %s %s %d", d.leave, d.ret, d.driveMin, tc.leave, tc.ret, tc.drive)
			}
			for _, h := range []struct {
				got  *timedStop
				want *times
			}{{d.am, tc.amTimes}, {d.pm, tc.pmTimes}} {
				if (h.got == nil) != (h.want == nil) {
					t.Fatalf("half-day presence differs: got %v want %v", h.got, h.want)
				}
				if h.got == nil {
					continue
				}
				got := times{h.got.arrive.String(), h.got.start.String(), h.got.end.String(), h.got.depart.String()}
				if got != *h.want {
					t.Errorf("times %+v, want %+v", got, *h.want)
				}
			}
		})
	}
}
