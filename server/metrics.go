package server

import (
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// bucketBounds are the upper bounds, in seconds, of the request duration histogram.
var bucketBounds = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// unmatched is the route label of the requests no route served (404, 405).
const unmatched = "unmatched"

// metrics holds the server's counters on a registry of its own (not Prometheus's global
// one, so that several servers in one process, as in the tests, do not collide), with
// the Go runtime's and the process's collectors. /metrics exposes it.
type metrics struct {
	reg *prometheus.Registry
	// routes are the patterns served; a request's label is its pattern, or unmatched.
	routes   map[string]bool
	requests *prometheus.CounterVec   // by route and status class ("2xx")
	duration *prometheus.HistogramVec // by route
	inFlight prometheus.Gauge
	cache    struct{ hits, misses prometheus.Counter }
	runs     struct{ started, done, failed prometheus.Counter }
	handler  http.Handler
}

// metricSources are the figures read when /metrics is scraped rather than counted.
type metricSources struct {
	runsActive func() int
	revision   func() int64
}

// newMetrics registers the server's metrics, and the Go and process collectors, on a
// new registry.
func newMetrics(src metricSources, log *slog.Logger) *metrics {
	started := time.Now()
	m := &metrics{reg: prometheus.NewRegistry(), routes: map[string]bool{}}
	f := registrar{m.reg}
	m.requests = f.counterVec("medibus_http_requests_total", "HTTP requests by route and status class.", "route", "code")
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "medibus_http_request_duration_seconds",
		Help: "Time to serve a request, by route.", Buckets: bucketBounds}, []string{"route"})
	m.reg.MustRegister(m.duration)
	m.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{Name: "medibus_http_in_flight_requests", Help: "Requests being served."})
	m.reg.MustRegister(m.inFlight)
	m.cache.hits = f.counter("medibus_page_cache_hits_total", "Public and driver responses served from the per-plan cache.")
	m.cache.misses = f.counter("medibus_page_cache_misses_total", "Public and driver responses rendered afresh.")
	m.runs.started = f.counter("medibus_runs_started_total", "Optimisation runs started.")
	m.runs.done = f.counter("medibus_runs_succeeded_total", "Optimisation runs that stored a plan.")
	m.runs.failed = f.counter("medibus_runs_failed_total", "Optimisation runs that failed.")
	f.gauge("medibus_runs_active", "Optimisation runs in progress.", func() float64 { return float64(src.runsActive()) })
	f.gauge("medibus_published_revision", "Revision of the published state the public pages show (0: not read yet).",
		func() float64 { return float64(src.revision()) })
	f.gauge("process_uptime_seconds", "Seconds since the server started.",
		func() float64 { return math.Round(time.Since(started).Seconds()) })
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(log.Handler(), slog.LevelError),
		ErrorHandling: promhttp.ContinueOnError,
	})
	return m
}

// registrar makes metrics and registers them on reg.
type registrar struct{ reg *prometheus.Registry }

func (p registrar) counter(name, help string) prometheus.Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
	p.reg.MustRegister(c)
	return c
}

func (p registrar) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	p.reg.MustRegister(c)
	return c
}

func (p registrar) gauge(name, help string, f func() float64) {
	p.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
}

// route declares a pattern served. It is called while the routes are built, before any
// request, so the map is read-only afterwards and needs no lock.
func (m *metrics) route(pattern string) { m.routes[pattern] = true }

// observe counts a request of route pattern ("" when none matched). Series appear with
// their first request, so /metrics lists only the routes and classes seen.
func (m *metrics) observe(pattern string, status int, d time.Duration) {
	label := pattern
	if !m.routes[pattern] {
		label = unmatched
	}
	if class := status / 100; class >= 1 && class <= 5 {
		m.requests.WithLabelValues(label, strconv.Itoa(class)+"xx").Inc()
	}
	m.duration.WithLabelValues(label).Observe(d.Seconds())
}

// serveMetrics writes the registry in the Prometheus exposition format the scraper asks
// for (the text format by default).
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request, _ principal) {
	s.metrics.handler.ServeHTTP(w, r)
}
