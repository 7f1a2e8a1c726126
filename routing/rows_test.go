package routing

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/paulmach/orb"
)

// pairCounter is a provider whose legs are a fixed function of the pair, which counts
// the cells it is asked for, each pair once at most unless asked again.
type pairCounter struct {
	mu    sync.Mutex
	pairs map[[2]orb.Point]int
	calls atomic.Int64
}

func (c *pairCounter) Table(_ context.Context, src, dst []orb.Point) ([][]Leg, error) {
	c.calls.Add(1)
	out := make([][]Leg, len(src))
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, a := range src {
		out[i] = make([]Leg, len(dst))
		for j, b := range dst {
			c.pairs[[2]orb.Point{a, b}]++
			km := 100*math.Abs(a[0]-b[0]) + 111*math.Abs(a[1]-b[1]) + 0.01*a[0]
			out[i][j] = Leg{Km: km, Min: km * 0.9}
		}
	}
	return out, nil
}

func randomPoints(r *rand.Rand, n int) []orb.Point {
	out := make([]orb.Point, n)
	for i := range out {
		out[i] = orb.Point{-1 + 6*r.Float64(), 44 + 4*r.Float64()}
	}
	return out
}

// Rows gives, for a road service (grouped, concurrent) as for the built-in model (one
// table per origin), what one table per origin gives.
func TestRowsMatchOneTablePerOrigin(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pts := randomPoints(r, 400)
	for _, tc := range []struct {
		name    string
		origins int
		perDst  int
	}{
		{"one destination each", 300, 1},
		{"a few each", 200, 8},
		{"many each", 60, 150},
		{"none", 5, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from := randomPoints(r, tc.origins)
			to := make([][]orb.Point, len(from))
			for k := range to {
				for range tc.perDst {
					to[k] = append(to[k], pts[r.IntN(len(pts))])
				}
			}
			want := make([][]Leg, len(from))
			direct := &pairCounter{pairs: map[[2]orb.Point]int{}}
			for k := range from {
				t, _ := direct.Table(context.Background(), from[k:k+1], to[k])
				want[k] = t[0]
			}
			base := &pairCounter{pairs: map[[2]orb.Point]int{}}
			road, err := NewRoad(base, 130, "test")
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range []Provider{direct, road} {
				got, err := Rows(context.Background(), m, from, to)
				if err != nil {
					t.Fatal(err)
				}
				for k := range want {
					if !slices.Equal(got[k], want[k]) {
						t.Fatalf("%T: row %d differs", m, k)
					}
				}
			}
			if tc.perDst > 0 && base.calls.Load() >= int64(len(from)) {
				t.Errorf("road service asked %d tables for %d origins: not grouped", base.calls.Load(), len(from))
			}
		})
	}
}

// Concurrent callers asking the same tables, in different orders, never make the
// cache ask for a pair twice: the second waits for the first's answer. (Tables that
// overlap without being the same may ask a cached pair again: see Cache.merge.)
func TestCacheAsksEachPairOnce(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	pts := randomPoints(r, 120)
	type table struct{ src, dst []orb.Point }
	tables := make([]table, 30)
	for k := range tables {
		j := r.IntN(100)
		tables[k] = table{pts[4*k : 4*k+1+r.IntN(4)], pts[j : j+1+r.IntN(20)]}
	}
	want := make([][][]Leg, len(tables))
	for k, tb := range tables {
		want[k], _ = (&pairCounter{pairs: map[[2]orb.Point]int{}}).Table(context.Background(), tb.src, tb.dst)
	}
	base := &pairCounter{pairs: map[[2]orb.Point]int{}}
	c := NewCache(base)
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Go(func() {
			for _, k := range rand.New(rand.NewPCG(uint64(g), 7)).Perm(len(tables)) {
				legs, err := c.Table(context.Background(), tables[k].src, tables[k].dst)
				if err != nil {
					t.Error(err)
					return
				}
				for i := range legs {
					if !slices.Equal(legs[i], want[k][i]) {
						t.Errorf("table %d row %d differs", k, i)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	for p, n := range base.pairs {
		if n != 1 {
			t.Fatalf("pair %v asked %d times", p, n)
		}
	}
}

// A table with a source twice and rows missing different destinations (asked as one
// merged table) answers, and answers right.
func TestCacheDuplicatesAndPartlyCached(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	pts := randomPoints(r, 10)
	base := &pairCounter{pairs: map[[2]orb.Point]int{}}
	c := NewCache(base)
	ctx := context.Background()
	if _, err := c.Table(ctx, pts[:2], pts[5:7]); err != nil {
		t.Fatal(err)
	}
	src := []orb.Point{pts[0], pts[3], pts[0], pts[1]}
	got, err := c.Table(ctx, src, pts[4:9])
	if err != nil {
		t.Fatal(err)
	}
	want, _ := (&pairCounter{pairs: map[[2]orb.Point]int{}}).Table(ctx, src, pts[4:9])
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Fatalf("row %d differs", i)
		}
	}
}
