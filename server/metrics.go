package server

import (
	"fmt"
	"math"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// bucketBounds are the upper bounds, in seconds, of the request duration histogram.
var bucketBounds = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// routeMetrics counts one route's requests. Counters are atomics, so recording a
// request takes no lock.
type routeMetrics struct {
	byClass [6]atomic.Int64 // index status/100: 1xx … 5xx
	buckets []atomic.Int64  // one per bound, plus +Inf
	sumUs   atomic.Int64    // total duration in microseconds
	count   atomic.Int64
}

// metrics holds the server's counters, exposed in the Prometheus text format at /metrics.
type metrics struct {
	routes   map[string]*routeMetrics // by pattern; "" for requests no route matched
	inFlight atomic.Int64
	cache    struct{ hits, misses atomic.Int64 }
	runs     struct{ started, done, failed atomic.Int64 }
	started  time.Time
}

func newMetrics() *metrics {
	m := &metrics{routes: map[string]*routeMetrics{}, started: time.Now()}
	m.route("")
	return m
}

// route creates the counters of pattern. It is called while the routes are built, before
// any request, so the map is read-only afterwards and needs no lock.
func (m *metrics) route(pattern string) {
	m.routes[pattern] = &routeMetrics{buckets: make([]atomic.Int64, len(bucketBounds)+1)}
}

func (m *metrics) observe(pattern string, status int, d time.Duration) {
	rm := m.routes[pattern]
	if rm == nil {
		rm = m.routes[""]
	}
	class := status / 100
	if class < 1 || class > 5 {
		class = 0
	}
	rm.byClass[class].Add(1)
	sec := d.Seconds()
	i := sort.SearchFloat64s(bucketBounds, sec)
	rm.buckets[i].Add(1)
	rm.sumUs.Add(d.Microseconds())
	rm.count.Add(1)
}

// label escapes a label value for the text exposition format.
func label(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

// serveMetrics writes the Prometheus text exposition format (version 0.0.4).
func (s *Server) serveMetrics(w http.ResponseWriter, _ *http.Request, _ principal) {
	m := s.metrics
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	var b strings.Builder
	patterns := make([]string, 0, len(m.routes))
	for p := range m.routes {
		patterns = append(patterns, p)
	}
	sort.Strings(patterns)
	name := func(p string) string {
		if p == "" {
			return "unmatched"
		}
		return p
	}
	b.WriteString("# HELP medibus_http_requests_total HTTP requests by route and status class.\n")
	b.WriteString("# TYPE medibus_http_requests_total counter\n")
	for _, p := range patterns {
		rm := m.routes[p]
		for c := 1; c <= 5; c++ {
			if n := rm.byClass[c].Load(); n > 0 {
				fmt.Fprintf(&b, "medibus_http_requests_total{route=\"%s\",code=\"%dxx\"} %d\n", label(name(p)), c, n)
			}
		}
	}
	b.WriteString("# HELP medibus_http_request_duration_seconds Time to serve a request, by route.\n")
	b.WriteString("# TYPE medibus_http_request_duration_seconds histogram\n")
	for _, p := range patterns {
		rm := m.routes[p]
		n := rm.count.Load()
		if n == 0 {
			continue
		}
		l := label(name(p))
		var cum int64
		for i, le := range bucketBounds {
			cum += rm.buckets[i].Load()
			fmt.Fprintf(&b, "medibus_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %d\n", l, le, cum)
		}
		cum += rm.buckets[len(bucketBounds)].Load()
		fmt.Fprintf(&b, "medibus_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %d\n", l, cum)
		fmt.Fprintf(&b, "medibus_http_request_duration_seconds_sum{route=\"%s\"} %g\n", l, float64(rm.sumUs.Load())/1e6)
		fmt.Fprintf(&b, "medibus_http_request_duration_seconds_count{route=\"%s\"} %d\n", l, cum)
	}
	gauge := func(name, help string, v float64) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s gauge\n%s %g\n", name, help, name, name, v)
	}
	counter := func(name, help string, v int64) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", name, help, name, name, v)
	}
	gauge("medibus_http_in_flight_requests", "Requests being served.", float64(m.inFlight.Load()))
	counter("medibus_page_cache_hits_total", "Public and driver responses served from the per-plan cache.", m.cache.hits.Load())
	counter("medibus_page_cache_misses_total", "Public and driver responses rendered afresh.", m.cache.misses.Load())
	counter("medibus_runs_started_total", "Optimisation runs started.", m.runs.started.Load())
	counter("medibus_runs_succeeded_total", "Optimisation runs that stored a plan.", m.runs.done.Load())
	counter("medibus_runs_failed_total", "Optimisation runs that failed.", m.runs.failed.Load())
	gauge("medibus_runs_active", "Optimisation runs in progress.", float64(s.runs.active()))
	gauge("medibus_published_revision", "Revision of the published state the public pages show (0: not read yet).", float64(s.published.revision()))
	gauge("go_goroutines", "Goroutines.", float64(runtime.NumGoroutine()))
	gauge("process_uptime_seconds", "Seconds since the server started.", math.Round(time.Since(m.started).Seconds()))
	_, _ = w.Write([]byte(b.String()))
}
