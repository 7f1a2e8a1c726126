package scheduler

import (
	"reflect"
	"testing"

	"medibus"
)

func TestWorstDecileAndGini(t *testing.T) {
	for _, tc := range []struct {
		name         string
		people       []rated
		decile, gini float64
	}{
		{"everyone alike", []rated{{100, 50}, {300, 50}}, 50, 0},
		// 10 % of 1,000 people: the 100 with rate 10.
		{"one group is the decile", []rated{{100, 10}, {900, 90}}, 10, 0.0878},
		// The decile (100 people) takes 50 at rate 0 and 50 at rate 40: mean 20. Lorenz:
		// (0.05, 0), (1, 1): area 0.95/2, Gini 0.05.
		{"decile across groups", []rated{{950, 40}, {50, 0}}, 20, 0.05},
		{"nothing booked", []rated{{10, 0}, {20, 0}}, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := worstDecile(tc.people); got != tc.decile {
				t.Errorf("worst decile %v, want %v", got, tc.decile)
			}
			if got := gini(tc.people); got != tc.gini {
				t.Errorf("gini %v, want %v", got, tc.gini)
			}
		})
	}
}

// TestWorstDepartment: the worst department ranks every department of at least 5,000
// people in need (Haute-Savoie's 9,274 with nothing booked among them), and the
// departments left without care are named whatever their size.
func TestWorstDepartment(t *testing.T) {
	for _, tc := range []struct {
		name    string
		dept    map[string]*rated
		code    string
		rate    float64
		without []medibus.DepartmentNeed
	}{
		{"the lowest rate", map[string]*rated{
			"23": {pop: 80000, rate: 80000 * 60},
			"24": {pop: 120000, rate: 120000 * 45},
			"75": {pop: 4999, rate: 0}, // too few people in need to rank
		}, "24", 45, []medibus.DepartmentNeed{{Department: "75", PopulationInNeed: 4999}}},
		{"a small department left behind ranks", map[string]*rated{
			"73": {pop: 60000, rate: 60000 * 90},
			"74": {pop: 9274, rate: 0},
			"01": {pop: 26991, rate: 26991 * 80},
		}, "74", 0, []medibus.DepartmentNeed{{Department: "74", PopulationInNeed: 9274}}},
		{"nobody left behind", map[string]*rated{
			"23": {pop: 80000, rate: 80000 * 60},
			"90": {pop: 1200, rate: 1200 * 10},
		}, "23", 60, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, rate := worstDepartment(tc.dept)
			if code != tc.code || rate != tc.rate {
				t.Errorf("worst department %s at %v, want %s at %v", code, rate, tc.code, tc.rate)
			}
			if got := withoutCare(tc.dept); !reflect.DeepEqual(got, tc.without) {
				t.Errorf("without care %v, want %v", got, tc.without)
			}
		})
	}
}

// TestFixedRhythm: a site's service keeps a fixed rhythm when its sessions fall on at
// most its regular half-days a week, each evenly spaced round the cycle.
func TestFixedRhythm(t *testing.T) {
	mon, _ := medibus.ParseDate("2026-11-23")
	s := func(day int, h medibus.Half) medibus.Session { return medibus.Session{Date: mon.AddDays(day), Half: h} }
	for _, tc := range []struct {
		name    string
		ss      []medibus.Session
		perWeek int
		want    bool
	}{
		{"weekly Tuesday morning", []medibus.Session{s(1, medibus.AM), s(8, medibus.AM)}, 1, true},
		{"Tuesday then Wednesday", []medibus.Session{s(1, medibus.AM), s(9, medibus.AM)}, 1, false},
		{"Tuesday then Wednesday, two a week allowed, each once", []medibus.Session{s(1, medibus.AM), s(9, medibus.AM)}, 2, true},
		{"two regular half-days, both weekly", []medibus.Session{s(1, medibus.AM), s(3, medibus.PM), s(8, medibus.AM), s(10, medibus.PM)}, 2, true},
		{"three half-days where two are allowed", []medibus.Session{s(1, medibus.AM), s(3, medibus.PM), s(4, medibus.AM)}, 2, false},
		{"Tuesday weekly, Thursday once a fortnight", []medibus.Session{s(1, medibus.AM), s(8, medibus.AM), s(3, medibus.PM)}, 2, true},
		{"Thursday in week 1 twice", []medibus.Session{s(3, medibus.PM), s(3, medibus.PM), s(10, medibus.PM)}, 1, false},
	} {
		if got := fixedRhythm(tc.ss, mon, 2, tc.perWeek); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
