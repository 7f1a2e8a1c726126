package osrm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"medibus/routing"
	"medibus/routing/osrm/osrmfake"
)

// seconds and metres are the fake server's travel model: simple enough to recompute
// in the test, different for every ordered pair so that a misplaced cell shows.
func seconds(a, b orb.Point) float64 {
	return 1000*math.Abs(a[0]-b[0]) + 2000*math.Abs(a[1]-b[1]) + 3*a[0] + 7
}

func metres(a, b orb.Point) float64 {
	return 90000*math.Abs(a[0]-b[0]) + 110000*math.Abs(a[1]-b[1]) + 5*b[1] + 11
}

func wantLeg(a, b orb.Point) routing.Leg {
	return routing.Leg{Km: metres(a, b) / 1000, Min: seconds(a, b) / 60}
}

type osrmResponse struct {
	Code      string       `json:"code"`
	Message   string       `json:"message,omitempty"`
	Durations [][]*float64 `json:"durations,omitempty"`
	Distances [][]*float64 `json:"distances,omitempty"`
}

// fakeOSRM is an httptest server answering table requests with the model above.
type fakeOSRM struct {
	*httptest.Server
	t    *testing.T
	hits atomic.Int64

	mu        sync.Mutex
	maxCoords int                  // most coordinates seen in one request
	pairs     map[[2]orb.Point]int // how many times each pair was asked
	override  func(n int64, w http.ResponseWriter, r *http.Request) bool
	noRoute   func(a, b orb.Point) bool
	mangle    func(*osrmResponse)
}

func newFake(t *testing.T) *fakeOSRM {
	f := &fakeOSRM{t: t, pairs: map[[2]orb.Point]int{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeOSRM) serve(w http.ResponseWriter, r *http.Request) {
	n := f.hits.Add(1)
	if f.override != nil && f.override(n, w, r) {
		return
	}
	q, err := osrmfake.Parse(r.URL.Path, r.URL.RawQuery)
	if rf, ok := errors.AsType[*osrmfake.Refusal](err); ok {
		writeJSON(w, rf.Status, osrmResponse{Code: rf.Code, Message: rf.Message})
		return
	}
	f.mu.Lock()
	f.maxCoords = max(f.maxCoords, len(q.Coords))
	res := osrmResponse{Code: "Ok"}
	for _, s := range q.Sources {
		var dur, dist []*float64
		for _, d := range q.Destinations {
			a, b := q.Coords[s], q.Coords[d]
			f.pairs[[2]orb.Point{a, b}]++
			if f.noRoute != nil && f.noRoute(a, b) {
				dur, dist = append(dur, nil), append(dist, nil)
				continue
			}
			sec, m := seconds(a, b), metres(a, b)
			dur, dist = append(dur, &sec), append(dist, &m)
		}
		res.Durations = append(res.Durations, dur)
		res.Distances = append(res.Distances, dist)
	}
	f.mu.Unlock()
	if f.mangle != nil {
		f.mangle(&res)
	}
	writeJSON(w, http.StatusOK, res)
}

// points returns n distinct points spread over mainland France.
func points(n int, seed float64) []orb.Point {
	out := make([]orb.Point, n)
	for i := range out {
		x := float64(i) + seed
		out[i] = orb.Point{-1.5 + math.Mod(x*0.7317, 9), 43 + math.Mod(x*0.4131, 7.5)}
	}
	return out
}

func fastOpts(o Options) Options {
	if o.RetryBase == 0 {
		o.RetryBase = time.Millisecond
	}
	return o
}

func TestBatchingReassembly(t *testing.T) {
	cases := []struct {
		name         string
		ns, nd, max  int
		wantRequests int64
	}{
		{"7x250 by 20", 7, 250, 20, 20}, // 7 sources + 13 destinations per request
		{"250x7 by 20", 250, 7, 20, 20},
		{"45x45 by 20", 45, 45, 20, 24}, // 8 + 12: 6×4 requests
		{"1x1 by 2", 1, 1, 2, 1},
		{"3x5 by 2", 3, 5, 2, 15},
		{"30x40 default", 30, 40, 0, 1},
		{"0 sources", 0, 40, 20, 0},
		{"0 destinations", 5, 0, 20, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			c, err := New(f.URL, fastOpts(Options{MaxPointsPerRequest: tc.max}))
			if err != nil {
				t.Fatal(err)
			}
			src, dst := points(tc.ns, 0), points(tc.nd, 0.5)
			legs, err := c.Table(context.Background(), src, dst)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.hits.Load(); got != tc.wantRequests {
				t.Errorf("%d requests, want %d", got, tc.wantRequests)
			}
			limit := tc.max
			if limit == 0 {
				limit = DefaultMaxPointsPerRequest
			}
			if f.maxCoords > limit {
				t.Errorf("a request had %d coordinates, limit %d", f.maxCoords, limit)
			}
			if len(legs) != tc.ns {
				t.Fatalf("%d rows, want %d", len(legs), tc.ns)
			}
			for i := range src {
				if len(legs[i]) != tc.nd {
					t.Fatalf("row %d: %d columns, want %d", i, len(legs[i]), tc.nd)
				}
				for j := range dst {
					if w := wantLeg(src[i], dst[j]); legs[i][j] != w {
						t.Fatalf("legs[%d][%d] = %+v, want %+v", i, j, legs[i][j], w)
					}
					if n := f.pairs[[2]orb.Point{src[i], dst[j]}]; n != 1 {
						t.Fatalf("pair (%d, %d) asked %d times", i, j, n)
					}
				}
			}
			if len(f.pairs) != tc.ns*tc.nd {
				t.Errorf("server computed %d pairs, want %d", len(f.pairs), tc.ns*tc.nd)
			}
		})
	}
}

// The result must depend neither on the batch size nor on how many batches are in
// flight (one: sent one after the other).
func TestBatchSizeInvariance(t *testing.T) {
	f := newFake(t)
	src, dst := points(13, 0.25), points(17, 0.75)
	var first [][]routing.Leg
	for _, tc := range []struct{ max, inFlight int }{
		{2, 1}, {2, 8}, {3, 1}, {3, 4}, {5, 8}, {8, 2}, {13, 8}, {29, 1}, {30, 8}, {100, 8},
	} {
		max := tc.max
		c, err := New(f.URL, fastOpts(Options{MaxPointsPerRequest: max, MaxInFlight: tc.inFlight}))
		if err != nil {
			t.Fatal(err)
		}
		legs, err := c.Table(context.Background(), src, dst)
		if err != nil {
			t.Fatalf("max %d: %v", max, err)
		}
		if first == nil {
			first = legs
			continue
		}
		for i := range legs {
			for j := range legs[i] {
				if legs[i][j] != first[i][j] {
					t.Fatalf("max %d: legs[%d][%d] = %+v, with max 2 %+v", max, i, j, legs[i][j], first[i][j])
				}
			}
		}
	}
}

func TestChunkSizes(t *testing.T) {
	for _, tc := range []struct{ ns, nd, max, sc, dc int }{
		{7, 250, 20, 7, 13},
		{250, 7, 20, 13, 7},
		{45, 45, 20, 8, 12}, // 6×4 requests, fewer than 10+10 (5×5)
		{10, 10, 20, 10, 10},
		{1, 1000, 2, 1, 1},
	} {
		sc, dc := chunkSizes(tc.ns, tc.nd, tc.max)
		if sc+dc > tc.max || sc < 1 || dc < 1 {
			t.Errorf("chunkSizes(%d, %d, %d) = %d, %d: over the limit", tc.ns, tc.nd, tc.max, sc, dc)
		}
		got := ceilDiv(tc.ns, sc) * ceilDiv(tc.nd, dc)
		want := ceilDiv(tc.ns, tc.sc) * ceilDiv(tc.nd, tc.dc)
		if got != want {
			t.Errorf("chunkSizes(%d, %d, %d) = %d, %d: %d requests, want %d", tc.ns, tc.nd, tc.max, sc, dc, got, want)
		}
	}
}

func TestRequestFormat(t *testing.T) {
	var got *http.Request
	f := newFake(t)
	f.override = func(_ int64, w http.ResponseWriter, r *http.Request) bool {
		got = r.Clone(context.Background())
		return false
	}
	c, err := New(f.URL+"/osrm/?key=s3cret", Options{Profile: "car"})
	if err != nil {
		t.Fatal(err)
	}
	src := []orb.Point{{2.3522, 48.8566}}
	dst := []orb.Point{{5.3698, 43.2965}, {-1.5536, 47.2184}}
	if _, err := c.Table(context.Background(), src, dst); err != nil {
		// The fake serves /table/v1/ only, so the /osrm prefix makes it refuse.
		if !strings.Contains(err.Error(), "InvalidUrl") {
			t.Fatal(err)
		}
	}
	want := "/osrm/table/v1/car/2.3522,48.8566;5.3698,43.2965;-1.5536,47.2184"
	if got.URL.Path != want {
		t.Errorf("path %q, want %q", got.URL.Path, want)
	}
	wantQ := "key=s3cret&sources=0&destinations=1;2&annotations=duration,distance"
	if got.URL.RawQuery != wantQ {
		t.Errorf("query %q, want %q", got.URL.RawQuery, wantQ)
	}
	if got.Method != http.MethodGet {
		t.Errorf("method %s", got.Method)
	}
}

func TestErrors(t *testing.T) {
	src := points(3, 0)
	dst := points(4, 0.5)
	arrived := make(chan struct{}) // the cancelled request has reached the server
	cases := []struct {
		name     string
		opts     Options
		setup    func(f *fakeOSRM)
		ctx      func(t *testing.T) context.Context
		wantErr  []string // substrings of the error; none means success
		wantIs   error
		wantHits int64
		check    func(t *testing.T, legs [][]routing.Leg, err error)
	}{
		{
			name: "non-Ok code with message",
			setup: func(f *fakeOSRM) {
				f.override = func(_ int64, w http.ResponseWriter, _ *http.Request) bool {
					writeJSON(w, http.StatusBadRequest, osrmResponse{Code: "InvalidQuery", Message: "Query string malformed close to position 21"})
					return true
				}
			},
			wantErr:  []string{"batch 1/1", "HTTP 400", "InvalidQuery", "Query string malformed close to position 21", "/table/v1/driving/"},
			wantHits: 1,
			check: func(t *testing.T, _ [][]routing.Leg, err error) {
				re, ok := errors.AsType[*ResponseError](err)
				if !ok || re.StatusCode != 400 || re.Code != "InvalidQuery" {
					t.Errorf("want a *ResponseError with status 400 and code InvalidQuery, got %#v", re)
				}
			},
		},
		{
			name: "non-Ok code with HTTP 200",
			setup: func(f *fakeOSRM) {
				f.mangle = func(r *osrmResponse) { *r = osrmResponse{Code: "NoTable", Message: "No table found"} }
			},
			wantErr:  []string{"HTTP 200", "NoTable", "No table found"},
			wantHits: 1,
		},
		{
			name: "TooBig hints at MaxPointsPerRequest",
			setup: func(f *fakeOSRM) {
				f.override = func(_ int64, w http.ResponseWriter, _ *http.Request) bool {
					writeJSON(w, http.StatusBadRequest, osrmResponse{Code: "TooBig", Message: "Too many table coordinates"})
					return true
				}
			},
			wantErr:  []string{"TooBig", "MaxPointsPerRequest"},
			wantHits: 1,
		},
		{
			name: "HTTP 500 then success",
			setup: func(f *fakeOSRM) {
				f.override = func(n int64, w http.ResponseWriter, _ *http.Request) bool {
					if n == 1 {
						http.Error(w, "internal error", http.StatusInternalServerError)
						return true
					}
					return false
				}
			},
			wantHits: 2,
		},
		{
			name: "HTTP 429 with Retry-After then success",
			setup: func(f *fakeOSRM) {
				f.override = func(n int64, w http.ResponseWriter, _ *http.Request) bool {
					if n <= 2 {
						w.Header().Set("Retry-After", "0")
						http.Error(w, "slow down", http.StatusTooManyRequests)
						return true
					}
					return false
				}
			},
			wantHits: 3,
		},
		{
			name: "persistent 503 gives up",
			opts: Options{Retries: 2},
			setup: func(f *fakeOSRM) {
				f.override = func(_ int64, w http.ResponseWriter, _ *http.Request) bool {
					http.Error(w, "overloaded", http.StatusServiceUnavailable)
					return true
				}
			},
			wantErr:  []string{"giving up after 3 attempts", "HTTP 503", `body "overloaded"`, "batch 1/1"},
			wantHits: 3,
		},
		{
			name: "no retries when negative",
			opts: Options{Retries: -1},
			setup: func(f *fakeOSRM) {
				f.override = func(_ int64, w http.ResponseWriter, _ *http.Request) bool {
					http.Error(w, "overloaded", http.StatusServiceUnavailable)
					return true
				}
			},
			wantErr:  []string{"HTTP 503"},
			wantHits: 1,
		},
		{
			name: "timeout",
			opts: Options{Timeout: 50 * time.Millisecond, Retries: 1},
			setup: func(f *fakeOSRM) {
				f.override = func(_ int64, _ http.ResponseWriter, r *http.Request) bool {
					select {
					case <-time.After(5 * time.Second):
					case <-r.Context().Done():
					}
					return true
				}
			},
			wantErr:  []string{"giving up after 2 attempts", "timed out after 50ms"},
			wantIs:   context.DeadlineExceeded,
			wantHits: 2,
		},
		{
			name: "context cancelled before the call",
			ctx: func(t *testing.T) context.Context {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx
			},
			wantErr:  []string{"context canceled"},
			wantIs:   context.Canceled,
			wantHits: 0,
		},
		{
			name: "context cancelled while waiting to retry",
			opts: Options{RetryBase: time.Hour},
			setup: func(f *fakeOSRM) {
				f.override = func(_ int64, w http.ResponseWriter, _ *http.Request) bool {
					http.Error(w, "overloaded", http.StatusServiceUnavailable)
					return true
				}
			},
			ctx: func(t *testing.T) context.Context {
				ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
				t.Cleanup(cancel)
				return ctx
			},
			wantErr:  []string{"context deadline exceeded", "HTTP 503"},
			wantIs:   context.DeadlineExceeded,
			wantHits: 1,
		},
		{
			name: "context cancelled during a request",
			// Cancelled once the request has reached the server, not after a delay: on a
			// loaded machine a timer could fire before the request is sent (0 requests).
			setup: func(f *fakeOSRM) {
				f.override = func(_ int64, _ http.ResponseWriter, r *http.Request) bool {
					close(arrived)
					<-r.Context().Done()
					return true
				}
			},
			ctx: func(t *testing.T) context.Context {
				ctx, cancel := context.WithCancel(context.Background())
				go func() { <-arrived; cancel() }()
				return ctx
			},
			wantErr:  []string{"context canceled"},
			wantIs:   context.Canceled,
			wantHits: 1,
		},
		{
			name: "malformed JSON",
			setup: func(f *fakeOSRM) {
				f.override = func(_ int64, w http.ResponseWriter, _ *http.Request) bool {
					w.Write([]byte(`{"code":"Ok","durations":[[1,`))
					return true
				}
			},
			wantErr:  []string{"decoding response", `{\"code\":\"Ok\",\"durations\":[[1,`},
			wantHits: 1,
		},
		{
			name: "HTML error page",
			setup: func(f *fakeOSRM) {
				f.override = func(_ int64, w http.ResponseWriter, _ *http.Request) bool {
					http.Error(w, "<html>Bad Gateway</html>", http.StatusBadGateway)
					return true
				}
			},
			opts:     Options{Retries: -1},
			wantErr:  []string{"HTTP 502", "Bad Gateway"},
			wantHits: 1,
		},
		{
			name: "wrong row count",
			setup: func(f *fakeOSRM) {
				f.mangle = func(r *osrmResponse) { r.Durations = r.Durations[1:] }
			},
			wantErr:  []string{"2 rows of durations for 3 sources"},
			wantHits: 1,
		},
		{
			name: "wrong column count",
			setup: func(f *fakeOSRM) {
				f.mangle = func(r *osrmResponse) { r.Distances[2] = r.Distances[2][:3] }
			},
			wantErr:  []string{"row 2 of distances has 3 columns for 4 destinations"},
			wantHits: 1,
		},
		{
			name: "distances missing",
			setup: func(f *fakeOSRM) {
				f.mangle = func(r *osrmResponse) { r.Distances = nil }
			},
			wantErr:  []string{"no distances"},
			wantHits: 1,
		},
		{
			name: "null entry",
			setup: func(f *fakeOSRM) {
				f.noRoute = func(a, b orb.Point) bool { return a == src[1] && b == dst[2] }
			},
			wantErr: []string{
				"no route between points",
				fmt.Sprintf("from source 1 %v to destination 2 %v", src[1], dst[2]),
			},
			wantIs:   ErrUnreachable,
			wantHits: 1,
		},
		{
			name: "null entry as +Inf",
			opts: Options{UnreachableAsInf: true},
			setup: func(f *fakeOSRM) {
				f.noRoute = func(a, b orb.Point) bool { return a == src[1] && b == dst[2] }
			},
			wantHits: 1,
			check: func(t *testing.T, legs [][]routing.Leg, _ error) {
				if l := legs[1][2]; !math.IsInf(l.Km, 1) || !math.IsInf(l.Min, 1) {
					t.Errorf("legs[1][2] = %+v, want +Inf", l)
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			if tc.setup != nil {
				tc.setup(f)
			}
			c, err := New(f.URL, fastOpts(tc.opts))
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if tc.ctx != nil {
				ctx = tc.ctx(t)
			}
			start := time.Now()
			legs, err := c.Table(ctx, src, dst)
			t.Logf("error: %v", err)
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("took %v", d)
			}
			if got := f.hits.Load(); got != tc.wantHits {
				t.Errorf("%d requests, want %d", got, tc.wantHits)
			}
			if len(tc.wantErr) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				for i := range src {
					for j := range dst {
						if w := wantLeg(src[i], dst[j]); legs[i][j] != w && !math.IsInf(legs[i][j].Min, 1) {
							t.Fatalf("legs[%d][%d] = %+v, want %+v", i, j, legs[i][j], w)
						}
					}
				}
			} else {
				if err == nil {
					t.Fatal("no error")
				}
				if legs != nil {
					t.Errorf("legs returned with an error")
				}
				for _, s := range tc.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q lacks %q", err, s)
					}
				}
				if tc.wantIs != nil && !errors.Is(err, tc.wantIs) {
					t.Errorf("error %q is not %v", err, tc.wantIs)
				}
			}
			if tc.check != nil {
				tc.check(t, legs, err)
			}
		})
	}
}

// Errors name the failing batch and never quote credentials from the base URL.
func TestErrorContextWithoutSecrets(t *testing.T) {
	f := newFake(t)
	// The batch of the last two destinations fails, whenever it arrives: batches are
	// sent concurrently.
	last := points(6, 0.5)[4]
	lastCoord := strconv.FormatFloat(last[0], 'f', -1, 64) + "," + strconv.FormatFloat(last[1], 'f', -1, 64)
	f.override = func(_ int64, w http.ResponseWriter, r *http.Request) bool {
		if u, p, ok := r.BasicAuth(); !ok || u != "alice" || p != "hunter2" || !strings.Contains(r.URL.RawQuery, "api_key=topsecret") {
			http.Error(w, "unauthorised", http.StatusUnauthorized)
			return true
		}
		if strings.Contains(r.URL.Path, lastCoord) {
			writeJSON(w, http.StatusBadRequest, osrmResponse{Code: "InvalidValue", Message: "bad coordinate"})
			return true
		}
		return false
	}
	base := strings.Replace(f.URL, "http://", "http://alice:hunter2@", 1) + "?api_key=topsecret"
	c, err := New(base, fastOpts(Options{MaxPointsPerRequest: 4}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Table(context.Background(), points(2, 0), points(6, 0.5))
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, s := range []string{"batch 3/3", "sources 0–1", "destinations 4–5", "api_key=REDACTED", "HTTP 400", "InvalidValue", "bad coordinate"} {
		if !strings.Contains(msg, s) {
			t.Errorf("error %q lacks %q", msg, s)
		}
	}
	for _, s := range []string{"hunter2", "topsecret", "alice"} {
		if strings.Contains(msg, s) {
			t.Errorf("error %q leaks %q", msg, s)
		}
	}

	// Transport errors too: net/http quotes the whole URL in *url.Error.
	f.Close()
	_, err = c.Table(context.Background(), points(1, 0), points(1, 0.5))
	if err == nil {
		t.Fatal("no error from a closed server")
	}
	for _, s := range []string{"hunter2", "topsecret"} {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error %q leaks %q", err, s)
		}
	}
}

func TestCacheAvoidsSecondRequests(t *testing.T) {
	f := newFake(t)
	c, err := New(f.URL, fastOpts(Options{MaxPointsPerRequest: 10}))
	if err != nil {
		t.Fatal(err)
	}
	cache := routing.NewCache(c)
	src, dst := points(4, 0), points(12, 0.5)
	ctx := context.Background()
	first, err := cache.Table(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	hits := f.hits.Load()
	if hits == 0 {
		t.Fatal("no request on a cold cache")
	}
	second, err := cache.Table(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.hits.Load(); got != hits {
		t.Errorf("warm cache sent %d more requests", got-hits)
	}
	for i := range first {
		for j := range first[i] {
			if first[i][j] != second[i][j] || first[i][j] != wantLeg(src[i], dst[j]) {
				t.Fatalf("legs[%d][%d]: %+v then %+v", i, j, first[i][j], second[i][j])
			}
		}
	}
	// A subset is served from the cache as well.
	if _, err := cache.Table(ctx, src[1:3], dst[5:]); err != nil {
		t.Fatal(err)
	}
	if got := f.hits.Load(); got != hits {
		t.Errorf("subset sent %d more requests", got-hits)
	}
	// A new source costs requests for that source only.
	if _, err := cache.Table(ctx, append(src[:2:2], orb.Point{3, 45}), dst); err != nil {
		t.Fatal(err)
	}
	if got := f.hits.Load(); got <= hits {
		t.Error("new source served without a request")
	}
	if n := cache.Len(); n != 5*12 {
		t.Errorf("cache holds %d legs, want %d", n, 5*12)
	}
}

func TestConcurrentTables(t *testing.T) {
	f := newFake(t)
	c, err := New(f.URL, fastOpts(Options{MaxPointsPerRequest: 8}))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for k := range 8 {
		wg.Go(func() {
			src, dst := points(5, float64(k)), points(9, float64(k)+0.5)
			legs, err := c.Table(context.Background(), src, dst)
			if err != nil {
				errs <- err
				return
			}
			for i := range src {
				for j := range dst {
					if legs[i][j] != wantLeg(src[i], dst[j]) {
						errs <- fmt.Errorf("goroutine %d: legs[%d][%d] wrong", k, i, j)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestNewValidation(t *testing.T) {
	for _, tc := range []struct {
		base string
		opts Options
		want string
	}{
		{"localhost:5000", Options{}, "http:// or https://"},
		{"ftp://example.org", Options{}, "http:// or https://"},
		{"http://", Options{}, "with a host"},
		{"http://x/#frag", Options{}, "fragment"},
		{"http://x", Options{MaxPointsPerRequest: 1}, "MaxPointsPerRequest 1"},
		{"http://x", Options{Timeout: -time.Second}, "negative Timeout"},
		{"http://x", Options{RetryBase: -time.Second}, "negative RetryBase"},
		{"http://x", Options{MaxInFlight: -1}, "negative MaxInFlight"},
		{"http://x", Options{Profile: "a/b"}, "profile"},
		{"http://user:pw@%zz", Options{}, "base URL"},
	} {
		_, err := New(tc.base, tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%q, %+v) = %v, want an error containing %q", tc.base, tc.opts, err, tc.want)
		}
	}
	c, err := New("https://router.example.org/", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.profile != "driving" || c.maxPts != 100 || c.timeout != 10*time.Second || c.retries != 3 || c.hc == nil {
		t.Errorf("defaults: %+v", c)
	}
}

func TestInvalidPoint(t *testing.T) {
	f := newFake(t)
	c, err := New(f.URL, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Table(context.Background(), []orb.Point{{2, 48}}, []orb.Point{{2, 48}, {48, 200}})
	if err == nil || !strings.Contains(err.Error(), "destination 1") {
		t.Errorf("got %v, want an error naming destination 1", err)
	}
	if f.hits.Load() != 0 {
		t.Error("request sent for an invalid point")
	}
}
