package bench

import (
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestRunSolomonSmoke(t *testing.T) {
	dir := t.TempDir()
	rs, err := Run(context.Background(), Options{Family: Solomon, Dir: "../../testdata/bench", Instances: []string{"C101", "R101"}, Iterations: 300, Seed: 1, SolutionsDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	recheckSolutions(t, dir, "../../testdata/bench/solomon/instances", ".txt", ReadSolomon, rs)
	var b strings.Builder
	if err := Write(&b, "table", rs); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
	for _, r := range rs {
		if !r.Feasible {
			t.Errorf("%s infeasible", r.Instance)
		}
	}
}

// TestLong runs a family at a given time limit when MEDIBUS_LONG=1, e.g.
// MEDIBUS_LONG=1 MEDIBUS_FAMILY=solomon MEDIBUS_INSTANCES='C1*' MEDIBUS_SECONDS=5 go test ./engine/bench/ -run TestLong -v -timeout 0
func TestLong(t *testing.T) {
	if os.Getenv("MEDIBUS_LONG") != "1" {
		t.Skip("set MEDIBUS_LONG=1")
	}
	fam := os.Getenv("MEDIBUS_FAMILY")
	secs, _ := time.ParseDuration(os.Getenv("MEDIBUS_SECONDS") + "s")
	var pats []string
	if s := os.Getenv("MEDIBUS_INSTANCES"); s != "" {
		pats = strings.Split(s, ",")
	}
	rs, err := Run(context.Background(), Options{Family: fam, Dir: "../../testdata/bench", Instances: pats, TimeLimit: secs, Seed: 1,
		Objective: os.Getenv("MEDIBUS_OBJECTIVE"), SolutionsDir: os.Getenv("MEDIBUS_SOLUTIONS")})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := Write(&b, "table", rs); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
}

func TestRunVehiclesObjective(t *testing.T) {
	rs, err := Run(context.Background(), Options{Family: Solomon, Dir: "../../testdata/bench", Instances: []string{"R101"}, Iterations: 400, Seed: 1, Workers: 1, Objective: "vehicles-then-distance"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || !rs[0].Feasible || rs[0].BKSVehicles != 19 {
		t.Fatalf("results %+v", rs)
	}
}

func TestRunTOPAndCVRPSmoke(t *testing.T) {
	for _, tc := range []struct {
		family, instance, folder, ext string
		read                          func(io.Reader, string) (*Instance, error)
	}{{TOP, "p1.2.h", "top_chao", ".txt", ReadTOP}, {CVRP, "X-n101-k25", "cvrp_x", ".vrp", ReadCVRP}} {
		dir := t.TempDir()
		rs, err := Run(context.Background(), Options{Family: tc.family, Dir: "../../testdata/bench", Instances: []string{tc.instance}, Iterations: 200, Seed: 1, Workers: 1, SolutionsDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		recheckSolutions(t, dir, "../../testdata/bench/"+tc.folder+"/instances", tc.ext, tc.read, rs)
		if len(rs) != 1 || !rs[0].Feasible || rs[0].GapPct > 10 {
			t.Fatalf("%s: %+v", tc.family, rs)
		}
	}
}

// recheckSolutions reads back every written solution file and checks it against the
// instance file, recomputing the value from scratch.
func recheckSolutions(t *testing.T, dir, instDir, ext string, read func(io.Reader, string) (*Instance, error), rs []Result) {
	t.Helper()
	for _, r := range rs {
		f, err := os.Open(filepath.Join(instDir, r.Instance+ext))
		if err != nil {
			t.Fatal(err)
		}
		inst, err := read(f, r.Instance+ext)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		sf, err := os.Open(filepath.Join(dir, r.Instance+".sol"))
		if err != nil {
			t.Fatal(err)
		}
		labels, err := ReadSolution(sf, r.Instance+".sol")
		sf.Close()
		if err != nil {
			t.Fatal(err)
		}
		nodes, err := inst.Nodes(labels)
		if err != nil {
			t.Fatal(err)
		}
		v, err := inst.CheckRoutes(nodes)
		if err != nil {
			t.Fatalf("%s: written solution infeasible: %v", r.Instance, err)
		}
		if math.Abs(v-r.Value) > 1e-6 {
			t.Fatalf("%s: written solution worth %v, reported %v", r.Instance, v, r.Value)
		}
	}
}
