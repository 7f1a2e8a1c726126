package scenario

import (
	"maps"
	"slices"
	"testing"
)

func TestSplitFleet(t *testing.T) {
	for _, tc := range []struct {
		name      string
		inNeed    map[string]int
		n, minIn  int
		want      map[string]int
		wantQuota map[string]float64
	}{
		// Quotas 4.5, 3.3, 2.2: wholes 4, 3, 2; one bus left to the largest remainder (0.5).
		{"largest remainder", map[string]int{"a": 450, "b": 330, "c": 220}, 10, 0,
			map[string]int{"a": 5, "b": 3, "c": 2}, map[string]float64{"a": 4.5, "b": 3.3, "c": 2.2}},
		// Quotas 1.8, 0.9, 0.3 (and nobody in need in d): c keeps no bus without a minimum.
		{"none where none", map[string]int{"a": 600, "b": 300, "c": 100, "d": 0}, 3, 0,
			map[string]int{"a": 2, "b": 1}, nil},
		// With a minimum of 100 people, c gets its bus before the remainders are shared:
		// wholes a 1, c 1 (minimum), one left to b (0.9).
		{"minimum one bus", map[string]int{"a": 600, "b": 300, "c": 100}, 3, 100,
			map[string]int{"a": 1, "b": 1, "c": 1}, nil},
		// Equal remainders go to the department with more people in need.
		{"ties", map[string]int{"x": 150, "y": 250}, 1, 0, map[string]int{"y": 1}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, quota := splitFleet(tc.inNeed, tc.n, tc.minIn)
			if !maps.Equal(got, tc.want) {
				t.Fatalf("buses %v, want %v", got, tc.want)
			}
			for d, q := range tc.wantQuota {
				if diff := quota[d] - q; diff > 1e-9 || diff < -1e-9 {
					t.Errorf("quota of %s = %v, want %v", d, quota[d], q)
				}
			}
			sum := 0
			for _, b := range got {
				sum += b
			}
			if sum != tc.n {
				t.Errorf("%d buses placed, want all %d", sum, tc.n)
			}
		})
	}
}

// TestKMedian: clients on a line at 0, 1, 2 (weight 1 each) and 10, 11 (weight 5 each);
// candidates at 0, 1, 5, 10.5. One base: 10.5 is cheapest (1·(10.5+9.5+8.5) + 5·(0.5+0.5)
// = 33.5 against 1's 3 + 5·19 = 98). Two bases: 1 and 10.5 (cost 2 + 5 = 7), which the
// greedy start (10.5, then 1) finds directly.
func TestKMedian(t *testing.T) {
	clients := []float64{0, 1, 2, 10, 11}
	w := []float64{1, 1, 1, 5, 5}
	cands := []float64{0, 1, 5, 10.5}
	cost := make([][]float64, len(cands))
	for j, x := range cands {
		for _, c := range clients {
			d := x - c
			if d < 0 {
				d = -d
			}
			cost[j] = append(cost[j], d)
		}
	}
	for _, tc := range []struct {
		k    int
		want []int
	}{{1, []int{3}}, {2, []int{1, 3}}, {3, []int{0, 1, 3}}, {5, []int{0, 1, 2, 3}}} {
		if got := kMedian(cost, w, tc.k); !slices.Equal(got, tc.want) {
			t.Errorf("k=%d: chose %v, want %v", tc.k, got, tc.want)
		}
	}
}

// TestKMedianSwaps: the greedy start is not optimal here and a swap must fix it.
// Clients at 0 and 10 (weight 1) and 5 (weight 1.9); candidates at 0, 5, 10. Greedy
// first takes 5 (cost 10 against 0's 19.5), then 0 or 10 (cost 5); the optimum for
// k = 2 is {0, 10} (cost 9.5)? No: {0,5} costs 5, {0,10} costs 9.5 — greedy is right.
// With weights 1, 1, 0.5 instead, 5 costs 10, 0 costs 12.5: greedy takes 5 then 0
// (cost 5); {0, 10} costs 2.5: the swap must find it.
func TestKMedianSwaps(t *testing.T) {
	cost := [][]float64{{0, 5, 10}, {5, 0, 5}, {10, 5, 0}}
	if got := kMedian(cost, []float64{1, 0.5, 1}, 2); !slices.Equal(got, []int{0, 2}) {
		t.Fatalf("chose %v, want the two ends [0 2]", got)
	}
}

// TestSpecialistWeek scales a regional professional's weekly cap to the region's buses.
func TestSpecialistWeek(t *testing.T) {
	fleet := func(n int, reg string) []busPlace {
		out := make([]busPlace, n)
		for i := range out {
			out[i].dept.Region = reg
		}
		return out
	}
	two := fleet(2, "94")
	for _, tc := range []struct {
		name   string
		fleet  []busPlace
		most   int
		perBus float64
		want   int
	}{
		{"Corsica: two buses, one a week", two, 4, 0.5, 1},
		{"three buses round to two", fleet(3, "53"), 4, 0.5, 2},
		{"fifteen buses keep the whole week", fleet(15, "75"), 4, 0.5, 4},
		{"other regions' buses do not count", append(fleet(1, "94"), fleet(9, "75")...), 4, 0.5, 1},
		{"at least one", fleet(1, "94"), 4, 0.1, 1},
		{"no scaling", two, 4, 0, 4},
	} {
		if got := specialistWeek(tc.fleet, regionOf(tc.fleet), tc.most, tc.perBus); got != tc.want {
			t.Errorf("%s: %d a week, want %d", tc.name, got, tc.want)
		}
	}
}

// regionOf is the region of the first bus.
func regionOf(f []busPlace) string { return f[0].dept.Region }
