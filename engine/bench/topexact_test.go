package bench

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

// topOptimum solves a small team orienteering instance exactly: a shortest-path DP over
// the subsets of reachable customers tells which subsets one path can visit within
// tmax, then a DP over disjoint subsets picks the best m of them. It is exponential in
// the number of reachable customers, so it is only for instances with few of them.
func topOptimum(in *Instance) float64 {
	n := len(in.X)
	s, t := 0, n-1
	var r []int
	for i := 1; i < n-1; i++ {
		if in.Score[i] > 0 && in.Dist(s, i)+in.Dist(i, t) <= in.TMax+checkEps {
			r = append(r, i)
		}
	}
	k := len(r)
	full := 1 << k
	dp := make([]float64, full*k) // dp[mask*k+j]: shortest s → mask ending at r[j]
	for i := range dp {
		dp[i] = math.Inf(1)
	}
	for j := range k {
		dp[(1<<j)*k+j] = in.Dist(s, r[j])
	}
	feasible := make([]bool, full)
	feasible[0] = true
	score := make([]float64, full)
	for mask := 1; mask < full; mask++ {
		for j := range k {
			if mask>>j&1 == 1 {
				score[mask] = score[mask&^(1<<j)] + in.Score[r[j]]
				break
			}
		}
		for j := range k {
			v := dp[mask*k+j]
			if math.IsInf(v, 1) {
				continue
			}
			if v+in.Dist(r[j], t) <= in.TMax+checkEps {
				feasible[mask] = true
			}
			for q := range k {
				if mask>>q&1 == 0 {
					next := mask | 1<<q
					if nv := v + in.Dist(r[j], r[q]); nv <= in.TMax && nv < dp[next*k+q] {
						dp[next*k+q] = nv
					}
				}
			}
		}
	}
	// best[mask]: the best score of up to p disjoint feasible subsets of mask.
	best := make([]float64, full)
	for range in.Vehicles {
		next := make([]float64, full)
		for mask := range full {
			for sub := mask; ; sub = (sub - 1) & mask {
				if feasible[sub] {
					next[mask] = math.Max(next[mask], score[sub]+best[mask^sub])
				}
				if sub == 0 {
					break
				}
			}
		}
		best = next
	}
	return best[full-1]
}

// TestTOPListedScoresOutOfReach backs a note of docs/benchmarks.md: two scores of
// bks.csv that come from Chao et al. (1996) and not from the Bouly, Dang & Moukrim
// table cannot be reached with double-precision distances. The exact optimum is below
// the listed value, and the engine finds the exact optimum.
func TestTOPListedScoresOutOfReach(t *testing.T) {
	if testing.Short() {
		t.Skip("exact enumeration")
	}
	bks, err := ReadBKS(filepath.Join("..", "..", "testdata", "bench", "top_chao", "bks.csv"), "best_score")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		optimum float64
	}{
		{"p2.3.h", 165},
		{"p1.3.h", 70},
	} {
		f, err := os.Open(filepath.Join("..", "..", "testdata", "bench", "top_chao", "instances", tc.name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		in, err := ReadTOP(f, tc.name+".txt")
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		got := topOptimum(in)
		if got != tc.optimum || bks[tc.name].Value <= got {
			t.Errorf("%s: exact optimum %v (listed best %v), want %v below the listed value", tc.name, got, bks[tc.name].Value, tc.optimum)
		}
	}
}

// TestTOPExactMatchesTable checks the exact solver itself on instances whose listed
// score comes from the Bouly, Dang & Moukrim table.
func TestTOPExactMatchesTable(t *testing.T) {
	if testing.Short() {
		t.Skip("exact enumeration")
	}
	bks, err := ReadBKS(filepath.Join("..", "..", "testdata", "bench", "top_chao", "bks.csv"), "best_score")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"p2.3.a", "p2.3.d", "p1.2.c", "p2.2.b"} {
		f, err := os.Open(filepath.Join("..", "..", "testdata", "bench", "top_chao", "instances", name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		in, err := ReadTOP(f, name+".txt")
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if got := topOptimum(in); got != bks[name].Value {
			t.Errorf("%s: exact optimum %v, table %v", name, got, bks[name].Value)
		}
	}
}
