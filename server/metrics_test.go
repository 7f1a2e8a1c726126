package server_test

import (
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// TestMetricsParse reads /metrics with the Prometheus text parser after some requests:
// the request counters and the duration histogram of the routes asked, the cache and
// run counters, and the Go runtime's and the process's figures are there.
func TestMetricsParse(t *testing.T) {
	e := newEnv(t)
	e.publish("1")
	for range 3 {
		e.do("GET", "/communes/23096", "", "")
	}
	e.do("GET", "/nope", "", "")
	res, body := e.do("GET", "/metrics", e.coordinator, "")
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q, want the text format", ct)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse /metrics: %v\n%.2000s", err, body)
	}
	for _, c := range []struct {
		route, code string
		want        float64
	}{
		{"GET /communes/{file}", "2xx", 3},
		{"unmatched", "4xx", 1},
		{"POST /api/plans/{id}/publish", "2xx", 1},
	} {
		m := find(fams["medibus_http_requests_total"], map[string]string{"route": c.route, "code": c.code})
		if m == nil || m.GetCounter().GetValue() != c.want {
			t.Errorf("medibus_http_requests_total{route=%q,code=%q} = %v, want %v", c.route, c.code, m, c.want)
		}
	}
	h := find(fams["medibus_http_request_duration_seconds"], map[string]string{"route": "GET /communes/{file}"})
	if h == nil || h.GetHistogram().GetSampleCount() != 3 || len(h.GetHistogram().GetBucket()) != 15 { // 14 bounds and +Inf
		t.Errorf("duration histogram of GET /communes/{file}: %v", h)
	}
	// The first page was rendered, the next two served from the cache.
	if m := find(fams["medibus_page_cache_hits_total"], nil); m == nil || m.GetCounter().GetValue() < 2 {
		t.Errorf("medibus_page_cache_hits_total = %v", m)
	}
	if m := find(fams["medibus_published_revision"], nil); m == nil || m.GetGauge().GetValue() < 1 {
		t.Errorf("medibus_published_revision = %v", m)
	}
	for _, name := range []string{"go_goroutines", "process_resident_memory_bytes", "process_uptime_seconds",
		"medibus_http_in_flight_requests", "medibus_runs_active", "medibus_runs_started_total", "go_gc_duration_seconds"} {
		if len(fams[name].GetMetric()) == 0 {
			t.Errorf("/metrics has no %s", name)
		}
	}
	if m := find(fams["process_resident_memory_bytes"], nil); m == nil || m.GetGauge().GetValue() <= 0 {
		t.Errorf("process_resident_memory_bytes = %v", m)
	}
}

// find returns the metric of fam with these labels (among others), or nil.
func find(fam *dto.MetricFamily, labels map[string]string) *dto.Metric {
	for _, m := range fam.GetMetric() {
		n := 0
		for _, l := range m.GetLabel() {
			if labels[l.GetName()] == l.GetValue() {
				n++
			}
		}
		if n == len(labels) {
			return m
		}
	}
	return nil
}

// TestMetricsServersApart: two servers in one process count apart (each has its own
// registry, none registers on Prometheus's global one).
func TestMetricsServersApart(t *testing.T) {
	a, b := newEnv(t), newEnv(t)
	a.do("GET", "/healthz", "", "")
	a.do("GET", "/healthz", "", "")
	b.do("GET", "/healthz", "", "")
	for _, c := range []struct {
		e    *env
		want string
	}{{a, `medibus_http_requests_total{code="2xx",route="GET /healthz"} 2`}, {b, `medibus_http_requests_total{code="2xx",route="GET /healthz"} 1`}} {
		if _, body := c.e.do("GET", "/metrics", c.e.coordinator, ""); !strings.Contains(body, c.want) {
			t.Errorf("metrics lack %q", c.want)
		}
	}
}
