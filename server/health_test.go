package server_test

import (
	"net/http"
	"strings"
	"testing"

	"medibus/store"
)

// TestFullDiskAnswers503: when the database cannot grow (a full disk: the store is
// bounded to the size it has, and SQLite answers SQLITE_FULL), a write is answered
// 503 in French with Retry-After, /healthz says the writes fail (503, reads ok), and
// reads go on. Before, the write got a bare 500 in English without Retry-After and
// /healthz said 200.
func TestFullDiskAnswers503(t *testing.T) {
	e := newEnvOf(t, creuseFixture, store.Options{MaxSize: 1}, nil)
	if res, body := e.do("GET", "/healthz", "", ""); res.StatusCode != http.StatusOK || !strings.Contains(body, `"writes":"ok"`) {
		t.Fatalf("/healthz before: %d %s", res.StatusCode, body)
	}
	closure := `{"from":"2026-12-01","department":"23","reason":"` + strings.Repeat("neige ", 33) + `"}`
	var res *http.Response
	var body string
	for range 2000 { // until the database must grow
		if res, body = e.do("POST", "/api/closures", e.coordinator, closure); res.StatusCode != http.StatusCreated {
			break
		}
	}
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "60" ||
		!strings.Contains(body, "La base de données ne peut pas enregistrer pour l'instant") {
		t.Fatalf("a write on a full disk: %d (Retry-After %q) %s; want 503 in French with Retry-After 60", res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	res, body = e.do("GET", "/healthz", "", "")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, `"writes":"failing"`) || !strings.Contains(body, `"reads":"ok"`) ||
		!strings.Contains(body, `"write_failed_at"`) || strings.Contains(body, "t.db") {
		t.Fatalf("/healthz on a full disk: %d %s; want 503 saying writes fail, reads work, since when, and not the file", res.StatusCode, body)
	}
	for _, path := range []string{"/api/closures", "/communes/23096"} {
		if res, _ := e.do("GET", path, e.coordinator, ""); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s on a full disk: %d, want 200", path, res.StatusCode)
		}
	}
}
