package bench

import (
	"math"
	"strings"
	"testing"
)

const solomonSmall = `TINY

VEHICLE
NUMBER     CAPACITY
  2         10

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      0         0          0          0       100          0
    1      3         4          5          0        30         10
    2      6         8          5         20        60         10
`

func TestReadSolomon(t *testing.T) {
	tests := []struct {
		name, text, err string
	}{
		{"ok", solomonSmall, ""},
		{"crlf", strings.ReplaceAll(solomonSmall, "\n", "\r\n"), ""},
		{"short row", strings.Replace(solomonSmall, "10\n    2", "\n    2", 1), "line 11"},
		{"bad number", strings.Replace(solomonSmall, "20        60", "2x        60", 1), "line 12"},
		{"no fleet", "TINY\nCUSTOMER\n", "no VEHICLE"},
		{"out of sequence", strings.Replace(solomonSmall, "    2      6", "    5      6", 1), "line 12"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := ReadSolomon(strings.NewReader(tc.text), "tiny.txt")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "tiny.txt") {
					t.Fatalf("err = %v, want mention of %q and the file", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if in.Name != "TINY" || in.Vehicles != 2 || in.Capacity != 10 || len(in.X) != 3 || in.Due[2] != 60 || in.Service[1] != 10 {
				t.Fatalf("parsed %+v", in)
			}
			if d := in.Dist(0, 2); d != 10 {
				t.Fatalf("dist %v", d)
			}
		})
	}
}

const topSmall = `n 4
m 2
tmax 12.5
0.0	0.0	0
3.0	4.0	10
6.0	8.0	20
0.0	1.0	0
`

func TestReadTOP(t *testing.T) {
	tests := []struct {
		name, text, err string
	}{
		{"ok", topSmall, ""},
		{"missing point", strings.TrimSuffix(topSmall, "0.0\t1.0\t0\n"), "3 points"},
		{"bad key", strings.Replace(topSmall, "tmax", "tmix", 1), "line 3"},
		{"bad score", strings.Replace(topSmall, "\t20", "\tx", 1), "line 6"},
		{"too many", topSmall + "1 1 1\n", "line 8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := ReadTOP(strings.NewReader(tc.text), "p0.2.a.txt")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "p0.2.a.txt") {
					t.Fatalf("err = %v, want mention of %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if in.Vehicles != 2 || in.TMax != 12.5 || len(in.X) != 4 || in.Score[2] != 20 || in.Name != "p0.2.a" {
				t.Fatalf("parsed %+v", in)
			}
			if c := in.Customers(); len(c) != 2 || c[0] != 1 || c[1] != 2 {
				t.Fatalf("customers %v", c)
			}
		})
	}
}

const cvrpSmall = `NAME : tiny
TYPE : CVRP
DIMENSION : 3
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 10
NODE_COORD_SECTION
1 0 0
2 1 1
3 3 4
DEMAND_SECTION
1 0
2 4
3 5
DEPOT_SECTION
 1
 -1
EOF
`

func TestReadCVRP(t *testing.T) {
	tests := []struct {
		name, text, err string
	}{
		{"ok", cvrpSmall, ""},
		{"tabs", strings.ReplaceAll(cvrpSmall, " ", "\t"), ""},
		{"explicit weights", strings.Replace(cvrpSmall, "EUC_2D", "EXPLICIT", 1), "line 4"},
		{"bad id", strings.Replace(cvrpSmall, "3 3 4", "9 3 4", 1), "line 9"},
		{"missing demand", strings.Replace(cvrpSmall, "3 5\n", "", 1), "node 3"},
		{"no dimension", strings.Replace(cvrpSmall, "DIMENSION : 3\n", "", 1), "before DIMENSION"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := ReadCVRP(strings.NewReader(tc.text), "tiny.vrp")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "tiny.vrp") {
					t.Fatalf("err = %v, want mention of %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if in.Name != "tiny" || in.Capacity != 10 || len(in.X) != 3 || in.Demand[2] != 5 || in.Labels[2] != 2 {
				t.Fatalf("parsed %+v", in)
			}
			// sqrt(2) rounds to 1, 5 stays 5.
			if in.Dist(0, 1) != 1 || in.Dist(0, 2) != 5 || in.Dist(1, 2) != math.Floor(math.Hypot(2, 3)+0.5) {
				t.Fatal("rounding")
			}
		})
	}
}

func TestCheckRoutes(t *testing.T) {
	in, err := ReadSolomon(strings.NewReader(solomonSmall), "tiny.txt")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		routes [][]int
		value  float64
		err    string
	}{
		{"one route", [][]int{{1, 2}}, 20, ""},
		{"two routes", [][]int{{1}, {2}}, 30, ""},
		{"missing", [][]int{{1}}, 0, "not visited"},
		{"twice", [][]int{{1, 2}, {2}}, 0, "twice"},
		{"late", [][]int{{2, 1}}, 0, "due time"},
		{"depot", [][]int{{0, 1, 2}}, 0, "not a customer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := in.CheckRoutes(tc.routes)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || v != tc.value {
				t.Fatalf("value %v err %v, want %v", v, err, tc.value)
			}
		})
	}
	top, _ := ReadTOP(strings.NewReader(topSmall), "p.txt")
	if _, err := top.CheckRoutes([][]int{{2}}); err == nil {
		t.Fatal("path of length 10+8.06 accepted with tmax 12.5")
	}
	if v, err := top.CheckRoutes([][]int{{1}}); err != nil || v != 10 {
		t.Fatalf("score %v err %v", v, err)
	}
}

func FuzzReadSolomon(f *testing.F) {
	f.Add(solomonSmall)
	f.Fuzz(func(t *testing.T, s string) {
		in, err := ReadSolomon(strings.NewReader(s), "fuzz.txt")
		if err == nil && (len(in.X) < 2 || in.Vehicles <= 0) {
			t.Fatalf("accepted degenerate instance %+v", in)
		}
	})
}

func FuzzReadTOP(f *testing.F) {
	f.Add(topSmall)
	f.Fuzz(func(t *testing.T, s string) {
		in, err := ReadTOP(strings.NewReader(s), "fuzz.txt")
		if err == nil && (len(in.X) < 2 || len(in.Score) != len(in.X)) {
			t.Fatalf("accepted degenerate instance %+v", in)
		}
	})
}

func FuzzReadCVRP(f *testing.F) {
	f.Add(cvrpSmall)
	f.Fuzz(func(t *testing.T, s string) {
		in, err := ReadCVRP(strings.NewReader(s), "fuzz.vrp")
		if err == nil && (len(in.X) < 2 || len(in.Demand) != len(in.X)) {
			t.Fatalf("accepted degenerate instance %+v", in)
		}
	})
}

func TestWriteFormats(t *testing.T) {
	rs := []Result{
		{Instance: "A", Vehicles: 3, Value: 101, BKS: 100, GapPct: 1, Seconds: 2, Feasible: true},
		{Instance: "B", Vehicles: 2, Value: 50, BKS: 50, BKSVehicles: 2, GapPct: 0, Seconds: 2, Feasible: true},
		{Instance: "C", Vehicles: 0, Value: math.NaN(), BKS: math.NaN(), GapPct: math.NaN()},
	}
	tests := []struct{ format, want string }{
		{"table", "average gap 0.500 % over 3 instances, 1 matching BKS, 1 infeasible"},
		{"csv", "average,1.67,,,,0.500,1.33,1 match BKS"},
		{"json", `"avg_gap_pct": 0.5`},
	}
	for _, tc := range tests {
		var b strings.Builder
		if err := Write(&b, tc.format, rs); err != nil {
			t.Fatalf("%s: %v", tc.format, err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("%s output lacks %q:\n%s", tc.format, tc.want, b.String())
		}
	}
	if err := Write(&strings.Builder{}, "xml", rs); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestParseBKS(t *testing.T) {
	csv := "instance,vehicles,distance,source\nC101,10,828.94,x\nR1,,,\nbad,1,zz,\n"
	_, err := parseBKS(strings.NewReader(csv), "bks.csv", "distance")
	if err == nil || !strings.Contains(err.Error(), "bks.csv line 4") {
		t.Fatalf("err = %v", err)
	}
	m, err := parseBKS(strings.NewReader(csv[:strings.Index(csv, "bad")]), "bks.csv", "distance")
	if err != nil || m["C101"].Value != 828.94 || m["C101"].Vehicles != 10 || len(m) != 1 {
		t.Fatalf("m = %v, err = %v", m, err)
	}
}
