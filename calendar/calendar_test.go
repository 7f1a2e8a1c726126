package calendar_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/calendar"
)

func date(t testing.TB, s string) medibus.Date {
	t.Helper()
	d, err := medibus.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// scenario has two buses and two sites in the Creuse, on a two-week cycle.
func scenario() *medibus.Scenario {
	return &medibus.Scenario{
		Name:  "tiny",
		Rules: medibus.Rules{CycleWeeks: 2, Days: medibus.WeekdaysAll},
		Units: []medibus.Unit{{ID: "u1"}, {ID: "u2"}},
		Sites: []medibus.Site{
			{ID: "A", INSEE: "23001", Name: "Ajain", Point: orb.Point{1.99, 46.21}},
			{ID: "B", INSEE: "23002", Name: "Anzême", Point: orb.Point{1.85, 46.25}},
		},
		Services: []medibus.Service{{ID: "gp"}},
	}
}

// rotation makes a rotation from start with one session per "unit day half site"
// entry, day counted from start.
func rotation(t testing.TB, id int64, start string, units []string, sessions ...string) *medibus.Plan {
	t.Helper()
	pl := &medibus.Plan{ID: id, Kind: medibus.KindRotation, Start: date(t, start), Units: units}
	for _, spec := range sessions {
		var unit, half, site string
		var day int
		if _, err := fmt.Sscanf(spec, "%s %d %s %s", &unit, &day, &half, &site); err != nil {
			t.Fatalf("session %q: %v", spec, err)
		}
		h, _ := medibus.ParseHalf(half)
		pl.Sessions = append(pl.Sessions, medibus.Session{Unit: unit, Date: pl.Start.AddDays(day), Half: h, Site: site, Service: "gp", Start: 540 + 270*medibus.Clock(h)})
	}
	return pl
}

// change replaces the days "unit date" with its sessions "unit date half site".
func change(t testing.TB, id int64, reason string, days []string, sessions ...string) *medibus.Plan {
	t.Helper()
	pl := &medibus.Plan{ID: id, Kind: medibus.KindChange, Change: &medibus.Change{Kind: medibus.ChangeBreakdown, Reason: reason}}
	for _, d := range days {
		unit, ds, _ := strings.Cut(d, " ")
		pl.Change.Days = append(pl.Change.Days, medibus.ChangedDay{Unit: unit, Date: date(t, ds)})
	}
	for _, spec := range sessions {
		f := strings.Fields(spec)
		h, _ := medibus.ParseHalf(f[2])
		pl.Sessions = append(pl.Sessions, medibus.Session{Unit: f[0], Date: date(t, f[1]), Half: h, Site: f[3], Service: "gp", Start: 540 + 270*medibus.Clock(h)})
	}
	return pl
}

func pub(t testing.TB, id, plan int64, unit, effective string) medibus.Publication {
	return medibus.Publication{ID: id, Plan: plan, Unit: unit, Effective: date(t, effective)}
}

func build(t *testing.T, from string, plans []*medibus.Plan, pubs []medibus.Publication, changes []int64, closures ...medibus.Closure) *calendar.Calendar {
	t.Helper()
	byID := map[int64]*medibus.Plan{}
	for _, p := range plans {
		byID[p.ID] = p
	}
	c, err := calendar.New(calendar.Input{Publications: pubs, Changes: changes, From: date(t, from), Closures: closures,
		Load: func(id int64) (*calendar.Source, error) {
			p := byID[id]
			if p == nil {
				return nil, fmt.Errorf("no plan %d", id)
			}
			return calendar.NewSource(p, scenario(), nil)
		}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// show lists occurrences as "date unit site [cancelled: reason]".
func show(os []calendar.Occurrence) []string {
	var out []string
	for _, o := range os {
		s := fmt.Sprintf("%s %s %s p%d", o.Date, o.Session.Unit, o.Session.Site, o.Source.Plan.ID)
		if o.Cancelled {
			s += " cancelled: " + o.Reason
		}
		out = append(out, s)
	}
	return out
}

func TestAt(t *testing.T) {
	tests := []struct {
		name     string
		plans    []*medibus.Plan
		pubs     []medibus.Publication
		changes  []int64
		closures []medibus.Closure
		from, to string
		want     []string
	}{
		{
			name:  "a rotation repeats from its effective date",
			plans: []*medibus.Plan{rotation(t, 1, "2026-11-23", nil, "u1 0 AM A", "u1 8 PM A")},
			pubs:  []medibus.Publication{pub(t, 1, 1, "u1", "2026-12-07")},
			from:  "2026-11-23", to: "2027-01-04",
			want: []string{"2026-12-07 u1 A p1", "2026-12-15 u1 A p1", "2026-12-21 u1 A p1", "2026-12-29 u1 A p1"},
		},
		{
			name:  "a holiday cancels its date, not the slot",
			plans: []*medibus.Plan{rotation(t, 1, "2026-12-21", nil, "u1 4 AM A")},
			pubs:  []medibus.Publication{pub(t, 1, 1, "u1", "2026-12-21")},
			from:  "2026-12-21", to: "2027-01-31",
			want: []string{"2026-12-25 u1 A p1 cancelled: Noël", "2027-01-08 u1 A p1", "2027-01-22 u1 A p1"},
		},
		{
			name:     "a closure cancels its dates",
			plans:    []*medibus.Plan{rotation(t, 1, "2026-12-07", nil, "u1 1 AM A", "u2 1 AM B")},
			pubs:     []medibus.Publication{pub(t, 1, 1, "u1", "2026-12-07"), pub(t, 2, 1, "u2", "2026-12-07")},
			closures: []medibus.Closure{{From: date(t, "2026-12-08"), To: date(t, "2026-12-08"), Site: "A", Reason: "travaux"}},
			from:     "2026-12-07", to: "2026-12-23",
			want: []string{"2026-12-08 u1 A p1 cancelled: fermeture : travaux", "2026-12-08 u2 B p1", "2026-12-22 u1 A p1", "2026-12-22 u2 B p1"},
		},
		{
			name: "a department's rotation replaces its bus only, from its date",
			plans: []*medibus.Plan{rotation(t, 1, "2026-12-07", nil, "u1 0 AM A", "u2 0 AM B"),
				rotation(t, 2, "2026-12-21", []string{"u2"}, "u2 1 PM B")},
			pubs: []medibus.Publication{pub(t, 1, 1, "u1", "2026-12-07"), pub(t, 2, 1, "u2", "2026-12-07"), pub(t, 3, 2, "u2", "2026-12-21")},
			from: "2026-12-07", to: "2027-01-05",
			want: []string{"2026-12-07 u1 A p1", "2026-12-07 u2 B p1", "2026-12-21 u1 A p1", "2026-12-22 u2 B p2", "2027-01-04 u1 A p1"},
		},
		{
			name: "a later publication supersedes a pending one",
			plans: []*medibus.Plan{rotation(t, 1, "2026-12-07", nil, "u1 0 AM A"),
				rotation(t, 2, "2026-12-07", nil, "u1 0 AM B"), rotation(t, 3, "2026-12-07", nil, "u1 1 AM B")},
			pubs: []medibus.Publication{pub(t, 1, 1, "u1", "2026-12-07"), pub(t, 2, 2, "u1", "2027-01-04"), pub(t, 3, 3, "u1", "2026-12-21")},
			from: "2026-12-07", to: "2027-01-19",
			want: []string{"2026-12-07 u1 A p1", "2026-12-22 u1 B p3", "2027-01-05 u1 B p3"},
		},
		{
			name: "a breakdown cancels its days and nothing else",
			plans: []*medibus.Plan{rotation(t, 1, "2026-12-07", nil, "u1 1 AM A", "u1 2 AM A"),
				change(t, 2, "panne du bus", []string{"u1 2026-12-22", "u1 2026-12-23"})},
			pubs:    []medibus.Publication{pub(t, 1, 1, "u1", "2026-12-07")},
			changes: []int64{2},
			from:    "2026-12-07", to: "2027-01-07",
			want: []string{"2026-12-08 u1 A p1", "2026-12-09 u1 A p1", "2026-12-22 u1 A p1 cancelled: panne du bus",
				"2026-12-23 u1 A p1 cancelled: panne du bus", "2027-01-05 u1 A p1", "2027-01-06 u1 A p1"},
		},
		{
			name: "a session moved to another bus is held, not cancelled",
			plans: []*medibus.Plan{rotation(t, 1, "2026-12-07", nil, "u1 1 AM A"),
				change(t, 2, "panne du bus", []string{"u1 2026-12-22", "u2 2026-12-22"}, "u2 2026-12-22 AM A")},
			pubs:    []medibus.Publication{pub(t, 1, 1, "u1", "2026-12-07"), pub(t, 2, 1, "u2", "2026-12-07")},
			changes: []int64{2},
			from:    "2026-12-21", to: "2027-01-07",
			want: []string{"2026-12-22 u2 A p2", "2027-01-05 u1 A p1"},
		},
		{
			name: "the latest change of a day wins",
			plans: []*medibus.Plan{rotation(t, 1, "2026-12-07", nil, "u1 1 AM A"),
				change(t, 2, "panne", []string{"u1 2026-12-22"}),
				change(t, 3, "séance ajoutée", []string{"u1 2026-12-22"}, "u1 2026-12-22 AM A", "u1 2026-12-22 PM B")},
			pubs:    []medibus.Publication{pub(t, 1, 1, "u1", "2026-12-07")},
			changes: []int64{2, 3},
			from:    "2026-12-21", to: "2026-12-23",
			want: []string{"2026-12-22 u1 A p3", "2026-12-22 u1 B p3"},
		},
		{
			name:  "nothing before a rotation's start",
			plans: []*medibus.Plan{rotation(t, 1, "2027-01-04", nil, "u1 0 AM A")},
			pubs:  []medibus.Publication{pub(t, 1, 1, "u1", "2026-12-07")},
			from:  "2026-12-07", to: "2027-01-19",
			want: []string{"2027-01-04 u1 A p1", "2027-01-18 u1 A p1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := build(t, tc.from, tc.plans, tc.pubs, tc.changes, tc.closures...)
			got := show(c.At([]string{"A", "B"}, date(t, tc.from), date(t, tc.to)))
			if !slices.Equal(got, tc.want) {
				t.Errorf("occurrences:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestDay(t *testing.T) {
	plans := []*medibus.Plan{rotation(t, 1, "2026-12-07", nil, "u1 1 AM A", "u1 1 PM B"),
		change(t, 2, "panne du bus", []string{"u1 2026-12-22"})}
	c := build(t, "2026-12-07", plans, []medibus.Publication{pub(t, 1, 1, "u1", "2026-12-07")}, []int64{2})
	tests := []struct {
		date     string
		sessions int
		source   int64
		changed  bool
		closed   string
	}{
		{"2026-12-08", 2, 1, false, ""},
		{"2026-12-22", 0, 2, true, ""},
		{"2027-01-05", 2, 1, false, ""},
		{"2027-11-09", 2, 1, false, ""},
		{"2027-11-02", 0, 1, false, ""},
		{"2026-12-09", 0, 1, false, ""},
	}
	for _, tc := range tests {
		d := c.Day("u1", date(t, tc.date))
		if len(d.Sessions) != tc.sessions || d.Source == nil || d.Source.Plan.ID != tc.source || (d.Change != nil) != tc.changed || d.Closed != tc.closed {
			t.Errorf("%s: %d sessions from %v, change %v, closed %q", tc.date, len(d.Sessions), d.Source, d.Change != nil, d.Closed)
		}
	}
	if d := c.Day("u2", date(t, "2026-12-08")); d.Source != nil || len(d.Sessions) != 0 {
		t.Errorf("a bus without publication has a day: %+v", d)
	}
	closed := build(t, "2026-12-07", plans[:1], []medibus.Publication{pub(t, 1, 1, "u1", "2026-12-07")}, nil,
		medibus.Closure{From: date(t, "2026-12-08"), To: date(t, "2026-12-08"), Department: "23", Reason: "neige"})
	if d := closed.Day("u1", date(t, "2026-12-08")); d.Closed != "fermeture : neige" || len(d.Sessions) != 2 {
		t.Errorf("closed day: %q, %d sessions", d.Closed, len(d.Sessions))
	}
}
