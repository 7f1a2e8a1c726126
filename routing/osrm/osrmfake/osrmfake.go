// Package osrmfake is a stand-in for an OSRM table service (osrm-routed), for
// measurements and tests: an http.Handler that answers the documented table request
//
//	GET {base}/table/v1/{profile}/{lon,lat;...}?sources=0;1&destinations=2;3&annotations=duration,distance
//
// with {"code":"Ok","durations":[[seconds]],"distances":[[metres]]}, null for a pair
// without a route, and OSRM's error codes for a request it refuses. Its legs come from
// any routing.Provider (the great-circle model kept on land makes a plan through the
// fake the same problem as the built-in model's), each answer waits a configurable
// latency first, and it counts requests, cells and requests in flight.
package osrmfake

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"

	"medibus/routing"
)

// DefaultMaxPoints is osrm-routed's default --max-table-size.
const DefaultMaxPoints = 100

// Server answers OSRM table requests with the legs of a Provider. It is safe for
// concurrent use; set its fields before serving.
type Server struct {
	// Legs computes the answers.
	Legs routing.Provider
	// Latency is waited before each answer: the time a real service takes to compute
	// a table and send it.
	Latency time.Duration
	// MaxPoints refuses (TooBig) a request with more coordinates; 0 means
	// DefaultMaxPoints.
	MaxPoints int

	requests, cells, refused atomic.Int64
	inFlight, maxInFlight    atomic.Int64
}

// Stats are a Server's counters.
type Stats struct {
	Requests    int64 // table requests received, refused ones included
	Refused     int64 // requests answered with an error code
	Cells       int64 // sources × destinations answered
	MaxInFlight int64 // most requests being answered at the same time
}

// Stats returns the counters so far.
func (s *Server) Stats() Stats {
	return Stats{Requests: s.requests.Load(), Refused: s.refused.Load(), Cells: s.cells.Load(), MaxInFlight: s.maxInFlight.Load()}
}

// response is the body of an answer.
type response struct {
	Code      string       `json:"code"`
	Message   string       `json:"message,omitempty"`
	Durations [][]*float64 `json:"durations,omitempty"`
	Distances [][]*float64 `json:"distances,omitempty"`
}

// Refusal is a request the service refuses: the HTTP status and OSRM's code and
// message it answers with.
type Refusal struct {
	Status        int
	Code, Message string
}

// Error implements error.
func (r *Refusal) Error() string { return r.Code + ": " + r.Message }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for m := s.maxInFlight.Load(); n > m && !s.maxInFlight.CompareAndSwap(m, n); m = s.maxInFlight.Load() {
	}
	if s.Latency > 0 {
		t := time.NewTimer(s.Latency)
		select {
		case <-r.Context().Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
	res, err := s.answer(r)
	if err != nil {
		s.refused.Add(1)
		rf, ok := errors.AsType[*Refusal](err)
		if !ok {
			rf = &Refusal{http.StatusInternalServerError, "InternalError", err.Error()}
		}
		writeJSON(w, rf.Status, response{Code: rf.Code, Message: rf.Message})
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// answer parses the request and computes its table.
func (s *Server) answer(r *http.Request) (*response, error) {
	q, err := Parse(r.URL.Path, r.URL.RawQuery)
	if err != nil {
		return nil, err
	}
	max := s.MaxPoints
	if max == 0 {
		max = DefaultMaxPoints
	}
	if len(q.Coords) > max {
		return nil, &Refusal{http.StatusBadRequest, "TooBig", fmt.Sprintf("Too many table coordinates: %d, at most %d", len(q.Coords), max)}
	}
	src, dst := pick(q.Coords, q.Sources), pick(q.Coords, q.Destinations)
	legs, err := s.Legs.Table(r.Context(), src, dst)
	if err != nil {
		return nil, fmt.Errorf("table: %w", err)
	}
	res := &response{Code: "Ok", Durations: make([][]*float64, len(src)), Distances: make([][]*float64, len(src))}
	for i := range src {
		res.Durations[i] = make([]*float64, len(dst))
		res.Distances[i] = make([]*float64, len(dst))
		for j := range dst {
			l := legs[i][j]
			if !l.Reachable() || math.IsInf(l.Km, 0) {
				continue // null: no route
			}
			sec, m := exact(l.Min, 60), exact(l.Km, 1000)
			res.Durations[i][j], res.Distances[i][j] = &sec, &m
		}
	}
	s.cells.Add(int64(len(src) * len(dst)))
	return res, nil
}

// exact returns x·unit, nudged by a few ulps if need be so that the client's
// division by unit gives x back bit for bit, where a float64 allows it (some minutes
// are no number of seconds divided by 60: they come back one ulp off). A plan through
// the fake should be the plan of its Provider, not one that differs in the last bit
// of most legs.
func exact(x, unit float64) float64 {
	v := x * unit
	if v/unit == x {
		return v
	}
	for _, dir := range []float64{math.Inf(1), math.Inf(-1)} {
		w := v
		for range 4 {
			if w = math.Nextafter(w, dir); w/unit == x {
				return w
			}
		}
	}
	return v
}

func pick(coords []orb.Point, idx []int) []orb.Point {
	out := make([]orb.Point, len(idx))
	for k, i := range idx {
		out[k] = coords[i]
	}
	return out
}

// Query is a parsed table request.
type Query struct {
	Profile      string
	Coords       []orb.Point // [lon, lat]
	Sources      []int       // indexes into Coords; all of them when the request names none
	Destinations []int
	Annotations  string
}

// Parse reads a table request's path and raw query the way OSRM documents them. Go's
// own query parser rejects ';', so the query is split by hand. Its errors carry
// OSRM's codes: InvalidUrl, InvalidQuery, InvalidValue, InvalidOptions.
func Parse(path, rawQuery string) (*Query, error) {
	rest, ok := strings.CutPrefix(path, "/table/v1/")
	profile, list, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || profile == "" || list == "" {
		return nil, &Refusal{http.StatusBadRequest, "InvalidUrl", fmt.Sprintf("URL path %q is not /table/v1/{profile}/{coordinates}", path)}
	}
	q := &Query{Profile: profile, Annotations: "duration"}
	for k, c := range strings.Split(list, ";") {
		p, err := coordinate(c)
		if err != nil {
			return nil, &Refusal{http.StatusBadRequest, "InvalidQuery", fmt.Sprintf("coordinate %d: %v", k, err)}
		}
		if p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90 {
			return nil, &Refusal{http.StatusBadRequest, "InvalidValue", fmt.Sprintf("Invalid coordinate value: %s", c)}
		}
		q.Coords = append(q.Coords, p)
	}
	all := make([]int, len(q.Coords))
	for i := range all {
		all[i] = i
	}
	q.Sources, q.Destinations = all, all
	for kv := range strings.SplitSeq(rawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		var err error
		switch k {
		case "sources":
			q.Sources, err = indexes(v, len(q.Coords))
		case "destinations":
			q.Destinations, err = indexes(v, len(q.Coords))
		case "annotations":
			q.Annotations = v
		}
		if err != nil {
			return nil, &Refusal{http.StatusBadRequest, "InvalidOptions", fmt.Sprintf("%s: %v", k, err)}
		}
	}
	if q.Annotations != "duration,distance" && q.Annotations != "distance,duration" {
		return nil, &Refusal{http.StatusBadRequest, "InvalidOptions", fmt.Sprintf("annotations %q: this service answers duration,distance", q.Annotations)}
	}
	return q, nil
}

func coordinate(s string) (orb.Point, error) {
	lon, lat, ok := strings.Cut(s, ",")
	x, err1 := strconv.ParseFloat(lon, 64)
	y, err2 := strconv.ParseFloat(lat, 64)
	if !ok || err1 != nil || err2 != nil || math.IsNaN(x) || math.IsNaN(y) {
		return orb.Point{}, fmt.Errorf("%q is not lon,lat", s)
	}
	return orb.Point{x, y}, nil
}

// indexes parses "all" or a ';'-separated list of indexes below n.
func indexes(s string, n int) ([]int, error) {
	if s == "all" {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out, nil
	}
	var out []int
	for f := range strings.SplitSeq(s, ";") {
		i, err := strconv.Atoi(f)
		if err != nil || i < 0 || i >= n {
			return nil, fmt.Errorf("index %q: want 0 to %d", f, n-1)
		}
		out = append(out, i)
	}
	return out, nil
}

// Listener serves a Server on a loopback port.
type Listener struct {
	// URL is the base URL to give the client, e.g. http://127.0.0.1:43127.
	URL string
	srv *http.Server
	ln  net.Listener
}

// Listen serves s on 127.0.0.1 on a free port until Close.
func Listen(s *Server) (*Listener, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("fake osrm: %w", err)
	}
	l := &Listener{URL: "http://" + ln.Addr().String(), srv: &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}, ln: ln}
	go func() { _ = l.srv.Serve(ln) }()
	return l, nil
}

// Close stops serving.
func (l *Listener) Close() error { return l.srv.Close() }
