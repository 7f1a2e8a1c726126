package scheduler

import "testing"

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
