package osrmfake_test

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/paulmach/orb"

	"medibus/routing"
	"medibus/routing/osrm"
	"medibus/routing/osrm/osrmfake"
)

// island has no road to anywhere: its legs are routing.Unreachable.
var island = orb.Point{-2.35, 46.7}

type legs struct{}

func (legs) Table(_ context.Context, src, dst []orb.Point) ([][]routing.Leg, error) {
	out := make([][]routing.Leg, len(src))
	for i, a := range src {
		out[i] = make([]routing.Leg, len(dst))
		for j, b := range dst {
			if a == island || b == island {
				out[i][j] = routing.Unreachable
				continue
			}
			km := 100*math.Abs(a[0]-b[0]) + 111*math.Abs(a[1]-b[1])
			out[i][j] = routing.Leg{Km: km, Min: km * 0.93}
		}
	}
	return out, nil
}

func TestAnswers(t *testing.T) {
	srv := &osrmfake.Server{Legs: legs{}, MaxPoints: 4}
	h := httptest.NewServer(srv)
	defer h.Close()
	for _, tc := range []struct {
		name, path string
		status     int
		code       string
		durations  string // JSON of the durations, when Ok
	}{
		{"good", "/table/v1/driving/2,48;3,48;2,49?sources=0&destinations=1;2&annotations=duration,distance", 200, "Ok", "[[5580,6193.8]]"},
		{"all by default", "/table/v1/driving/2,48;3,48?annotations=duration,distance", 200, "Ok", "[[0,5580],[5580,0]]"},
		{"no route is null", "/table/v1/driving/2,48;-2.35,46.7?sources=0&destinations=1&annotations=duration,distance", 200, "Ok", "[[null]]"},
		{"latitude out of range", "/table/v1/driving/2,48;3,91?annotations=duration,distance", 400, "InvalidValue", ""},
		{"not a coordinate", "/table/v1/driving/2,48;abc?annotations=duration,distance", 400, "InvalidQuery", ""},
		{"index out of range", "/table/v1/driving/2,48;3,48?sources=2&annotations=duration,distance", 400, "InvalidOptions", ""},
		{"durations only", "/table/v1/driving/2,48;3,48?annotations=duration", 400, "InvalidOptions", ""},
		{"not the table service", "/route/v1/driving/2,48;3,48", 400, "InvalidUrl", ""},
		{"too big", "/table/v1/driving/1,48;2,48;3,48;4,48;5,48?annotations=duration,distance", 400, "TooBig", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Get(h.URL + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body struct {
				Code      string          `json:"code"`
				Durations json.RawMessage `json:"durations"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.status || body.Code != tc.code {
				t.Fatalf("HTTP %d code %q, want %d %q", resp.StatusCode, body.Code, tc.status, tc.code)
			}
			if tc.durations != "" && string(body.Durations) != tc.durations {
				t.Errorf("durations %s, want %s", body.Durations, tc.durations)
			}
		})
	}
	if st := srv.Stats(); st.Requests != 9 || st.Refused != 6 || st.Cells != 2+4+1 {
		t.Errorf("stats %+v, want 9 requests, 6 refused, 7 cells", st)
	}
}

// The client reads back the legs the fake was given, bit for bit or, where no number
// of seconds divides by 60 into the exact minutes, within one ulp.
func TestLegsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pts := make([]orb.Point, 60)
	for i := range pts {
		pts[i] = orb.Point{-4 + 12*r.Float64(), 42 + 9*r.Float64()}
	}
	pts[7] = island
	l, err := osrmfake.Listen(&osrmfake.Server{Legs: legs{}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	c, err := osrm.New(l.URL, osrm.Options{UnreachableAsLeg: true, MaxPointsPerRequest: 30})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Table(context.Background(), pts, pts)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := legs{}.Table(context.Background(), pts, pts)
	for i := range pts {
		for j := range pts {
			g, w := got[i][j], want[i][j]
			if !near(g.Km, w.Km) || !near(g.Min, w.Min) || g.Ferry != w.Ferry {
				t.Fatalf("leg %d→%d: %+v through the fake, %+v given", i, j, got[i][j], want[i][j])
			}
		}
	}
}

func near(a, b float64) bool {
	return a == b || math.Nextafter(a, b) == b
}
