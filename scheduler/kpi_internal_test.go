package scheduler

import (
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

func TestWorstDepartment(t *testing.T) {
	code, rate := worstDepartment(map[string]*rated{
		"23": {pop: 80000, rate: 80000 * 60},
		"24": {pop: 120000, rate: 120000 * 45},
		"75": {pop: 19999, rate: 0}, // too few people in need to count
	})
	if code != "24" || rate != 45 {
		t.Fatalf("worst department %s at %v, want 24 at 45", code, rate)
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
