package bench

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"medibus/engine/pvrp"
)

// pvrpSmall: 3 customers over 2 days, 1 vehicle a day. Customer 1 comes on day 1 or
// day 2, customer 2 on both days, customer 3 on day 2.
const pvrpSmall = `1 1 3 2
0 10
30 10
0 0 0 0 0 0 0
1 3 4 0 4 1 2 1 2
2 6 8 1 3 2 1 3
3 0 5 0 2 1 1 1
`

func TestReadPVRP(t *testing.T) {
	tests := []struct {
		name, text, err string
	}{
		{"ok", pvrpSmall, ""},
		{"crlf and blank lines", strings.ReplaceAll(pvrpSmall, "\n", "\r\n") + "\r\n\r\n", ""},
		{"frequency 0 quirk", strings.Replace(pvrpSmall, "0 5 0 2 1 1 1", "0 5 0 2 0 1 1", 1), ""},
		{"not periodic", strings.Replace(pvrpSmall, "1 1 3 2", "4 1 3 2", 1), "line 1"},
		{"short header", strings.Replace(pvrpSmall, "1 1 3 2", "1 1 3", 1), "line 1"},
		{"bad capacity", strings.Replace(pvrpSmall, "30 10", "30 x", 1), "line 3"},
		{"zero capacity", strings.Replace(pvrpSmall, "0 10\n", "0 0\n", 1), "line 2"},
		{"node out of sequence", strings.Replace(pvrpSmall, "2 6 8", "5 6 8", 1), "line 6"},
		{"combination count", strings.Replace(pvrpSmall, "1 2 1 2", "1 3 1 2", 1), "line 5"},
		{"combination size", strings.Replace(pvrpSmall, "2 1 3", "2 1 2", 1), "line 6"},
		{"combination beyond horizon", strings.Replace(pvrpSmall, "1 1 1\n", "1 1 4\n", 1), "line 7"},
		{"missing customer", strings.TrimSuffix(pvrpSmall, "3 0 5 0 2 1 1 1\n"), "3 customers"},
		{"extra customer", pvrpSmall + "4 1 1 0 1 1 1 1\n", "line 8"},
		{"bad coordinate", strings.Replace(pvrpSmall, "1 3 4", "1 3 NaN", 1), "line 5"},
		{"empty", "", "incomplete header"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := ReadPVRP(strings.NewReader(tc.text), "tiny.txt")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "tiny.txt") {
					t.Fatalf("err = %v, want mention of %q and the file", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if in.Name != "tiny" || in.Vehicles != 1 || in.Days != 2 || len(in.X) != 4 || in.DayDuration[1] != 30 ||
				in.Service[2] != 1 || in.Demand[1] != 4 || in.Frequency[2] != 2 || in.Combos[1][1] != 2 || in.Dist(0, 1) != 5 {
				t.Fatalf("parsed %+v", in)
			}
		})
	}
}

func TestComboDays(t *testing.T) {
	tests := []struct {
		code, t int
		want    []int
	}{{10, 5, []int{2, 4}}, {1, 2, []int{2}}, {2, 2, []int{1}}, {63, 6, []int{1, 2, 3, 4, 5, 6}}}
	for _, tc := range tests {
		if got := ComboDays(tc.code, tc.t); !slicesEqual(got, tc.want) {
			t.Errorf("ComboDays(%d, %d) = %v, want %v", tc.code, tc.t, got, tc.want)
		}
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestReadPVRPFiles reads every shipped instance and checks it against bks.csv.
func TestReadPVRPFiles(t *testing.T) {
	dir := "../../testdata/bench/pvrp_cordeau"
	bks, err := ReadBKS(filepath.Join(dir, "bks.csv"), "distance")
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "instances", "p*.txt"))
	if err != nil || len(files) != 32 {
		t.Fatalf("%d files, err %v", len(files), err)
	}
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		in, err := ReadPVRP(f, filepath.Base(path))
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := bks[in.Name]; !ok {
			t.Errorf("%s: no BKS", in.Name)
		}
		if err := in.PeriodicProblem().Validate(); err != nil {
			t.Errorf("%s: %v", in.Name, err)
		}
	}
}

func FuzzReadPVRP(f *testing.F) {
	f.Add(pvrpSmall)
	f.Add("1 1 1 1\n0 5\n0 0 0 0 0 0 0\n1 1 1 0 1 1 1 1\n")
	f.Fuzz(func(t *testing.T, s string) {
		in, err := ReadPVRP(strings.NewReader(s), "fuzz.txt")
		if err != nil {
			return
		}
		if len(in.X) < 2 || len(in.Combos) != len(in.X) || len(in.DayCapacity) != in.Days {
			t.Fatalf("accepted degenerate instance %+v", in)
		}
		if err := in.PeriodicProblem().Validate(); err != nil {
			t.Fatalf("accepted instance the solver rejects: %v", err)
		}
	})
}

func TestCheckPeriodic(t *testing.T) {
	in, err := ReadPVRP(strings.NewReader(pvrpSmall), "tiny.txt")
	if err != nil {
		t.Fatal(err)
	}
	d01, d02, d03, d12, d23 := 5.0, 10.0, 5.0, 5.0, math.Hypot(6, 3)
	tests := []struct {
		name   string
		routes []DayRoute
		value  float64
		err    string
	}{
		{"ok", []DayRoute{{1, []int{1, 2}}, {2, []int{2, 3}}}, d01 + d12 + d02 + d02 + d23 + d03, ""},
		{"other combination", []DayRoute{{1, []int{2}}, {2, []int{1, 2, 3}}}, 2*d02 + d01 + d12 + d23 + d03, ""},
		{"wrong days", []DayRoute{{1, []int{1, 2, 3}}, {2, []int{2}}}, 0, "not an allowed combination"},
		{"missing visit", []DayRoute{{1, []int{1, 2}}, {2, []int{3}}}, 0, "customer 2 visited on days [1]"},
		{"twice a day", []DayRoute{{1, []int{1, 2, 1}}, {2, []int{2, 3}}}, 0, "twice on day 1"},
		{"too many routes", []DayRoute{{1, []int{1}}, {1, []int{2}}, {2, []int{2, 3}}}, 0, "more than 1 routes"},
		{"day out of range", []DayRoute{{3, []int{1}}}, 0, "outside 1..2"},
		{"empty route", []DayRoute{{1, nil}}, 0, "empty"},
		{"depot", []DayRoute{{1, []int{0, 1}}}, 0, "not a customer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := in.CheckPeriodic(tc.routes)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || math.Abs(v-tc.value) > 1e-9 {
				t.Fatalf("value %v err %v, want %v", v, err, tc.value)
			}
		})
	}
	// Capacity and duration: day 2 allows 30 time units and 10 units of load.
	heavy := *in
	heavy.DayCapacity = []float64{10, 8}
	if _, err := heavy.CheckPeriodic([]DayRoute{{1, []int{2}}, {2, []int{1, 2, 3}}}); err == nil || !strings.Contains(err.Error(), "over capacity") {
		t.Fatalf("overload: err = %v", err)
	}
	short := *in
	short.DayDuration = []float64{0, 20}
	if _, err := short.CheckPeriodic([]DayRoute{{1, []int{2}}, {2, []int{1, 2, 3}}}); err == nil || !strings.Contains(err.Error(), "lasts") {
		t.Fatalf("duration: err = %v", err)
	}
}

// TestPeriodicSolverPassesCheck solves small random PVRP instances and re-checks each
// plan with CheckPeriodic, which shares no code with the solver.
func TestPeriodicSolverPassesCheck(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		in := randomPVRP(seed)
		sol, err := pvrp.Solve(context.Background(), in.PeriodicProblem(), pvrp.Options{Seed: seed, MaxIterations: 1000, Workers: 2})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		var routes []DayRoute
		for d, day := range sol.Routes {
			for _, r := range day {
				routes = append(routes, DayRoute{Day: d + 1, Nodes: r})
			}
		}
		v, err := in.CheckPeriodic(routes)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if math.Abs(v-sol.Cost) > 1e-6 {
			t.Fatalf("seed %d: checked %v, solver says %v", seed, v, sol.Cost)
		}
	}
}

// randomPVRP is a loose random instance in Cordeau's terms (combination codes).
func randomPVRP(seed uint64) *Instance {
	rng := rand.New(rand.NewPCG(seed, 3))
	days, n := 2+rng.IntN(4), 6+rng.IntN(20)
	in := &Instance{Family: PVRP, Name: "rand", Days: days, Vehicles: 1 + rng.IntN(3)}
	total := 0.0
	for i := 0; i <= n; i++ {
		in.Labels = append(in.Labels, i)
		in.X = append(in.X, rng.Float64()*50)
		in.Y = append(in.Y, rng.Float64()*50)
		in.Service = append(in.Service, float64(rng.IntN(2)))
		if i == 0 {
			in.Demand, in.Frequency, in.Combos = append(in.Demand, 0), append(in.Frequency, 0), append(in.Combos, nil)
			continue
		}
		f := 1 + rng.IntN(days)
		var combos []int
		for k := 0; k < 1+rng.IntN(3); k++ {
			code := 0
			for _, d := range rng.Perm(days)[:f] {
				code |= 1 << d
			}
			combos = append(combos, code)
		}
		q := float64(1 + rng.IntN(5))
		total += q * float64(f)
		in.Demand, in.Frequency, in.Combos = append(in.Demand, q), append(in.Frequency, f), append(in.Combos, combos)
	}
	capa := math.Max(5, math.Ceil(total/float64(days*in.Vehicles)/0.6))
	for d := 0; d < days; d++ {
		in.DayCapacity = append(in.DayCapacity, capa)
		in.DayDuration = append(in.DayDuration, 0)
	}
	in.DayDuration[0] = 2000
	in.Capacity = capa
	return in
}

func TestRunPVRPSmoke(t *testing.T) {
	dir := t.TempDir()
	rs, err := Run(context.Background(), Options{Family: PVRP, Dir: "../../testdata/bench", Instances: []string{"p01"}, Iterations: 400, Seed: 1, SolutionsDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || !rs[0].Feasible || rs[0].GapPct > 10 || rs[0].BKS != 524.61 {
		t.Fatalf("results %+v", rs)
	}
	f, err := os.Open("../../testdata/bench/pvrp_cordeau/instances/p01.txt")
	if err != nil {
		t.Fatal(err)
	}
	in, err := ReadPVRP(f, "p01.txt")
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "p01.res"))
	if err != nil {
		t.Fatal(err)
	}
	labels, err := ReadPeriodicSolution(strings.NewReader(string(b)), "p01.res")
	if err != nil {
		t.Fatal(err)
	}
	routes, err := in.PeriodicNodes(labels)
	if err != nil {
		t.Fatal(err)
	}
	v, err := in.CheckPeriodic(routes)
	if err != nil {
		t.Fatalf("written solution infeasible: %v", err)
	}
	if math.Abs(v-rs[0].Value) > 1e-6 || !strings.HasPrefix(string(b), strings.TrimRight(f2(v), "0")) {
		t.Fatalf("written solution worth %v, reported %v, file starts %q", v, rs[0].Value, string(b)[:20])
	}
	t.Logf("p01 after 400 iterations: %.2f (gap %.2f %%)", rs[0].Value, rs[0].GapPct)
}

func TestReadPeriodicSolutionErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"no depot", "10\n1 1 5 3 4 5 0\n", "line 2"},
		{"bad day", "10\nx 1 5 3 0 4 0\n", "line 2: day"},
		{"bad customer", "10\n1 1 5 3 0 y 0\n", "line 2"},
	}
	for _, tc := range tests {
		if _, err := ReadPeriodicSolution(strings.NewReader(tc.text), "s.res"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}
