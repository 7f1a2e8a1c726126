package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestJSONBodiesRefused: a JSON body with anything after its object, a text beyond its
// bound or a list of too many items is refused with 400 and nothing stored, and a body
// beyond 1 MiB with 413. Before, trailing JSON was accepted (the closure stored), a
// closure's reason of any length was stored and shown on patients' pages, and a body
// of 2 MB got 400.
func TestJSONBodiesRefused(t *testing.T) {
	e := newEnv(t)
	long := func(n int) string { return strings.Repeat("é", n) }
	ids := func(n int) string { return `["` + strings.Repeat(`bus-23","`, n-1) + `bus-23"]` }
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		want                     string
	}{
		{"trailing object", "POST", "/api/closures", `{"from":"2026-12-01","reason":"neige"}{"from":"2026-12-02","reason":"grève"}`,
			http.StatusBadRequest, "des données suivent l'objet JSON"},
		{"trailing garbage", "POST", "/api/closures", `{"from":"2026-12-01","reason":"neige"} x`, http.StatusBadRequest, "des données suivent"},
		{"reason of 201 characters", "POST", "/api/closures", `{"from":"2026-12-01","reason":"` + long(201) + `"}`,
			http.StatusBadRequest, "reason : 201 caractères, au plus 200"},
		{"site id of 65 characters", "POST", "/api/closures", `{"from":"2026-12-01","site":"` + long(65) + `","reason":"neige"}`,
			http.StatusBadRequest, "site : 65 caractères, au plus 64"},
		{"absence of a long id", "POST", "/api/plans/1/replan", `{"unavailable":[{"id":"` + long(65) + `","from":"2026-12-01"}]}`,
			http.StatusBadRequest, "unavailable[0].id : 65 caractères, au plus 64"},
		{"re-plan reason of a megabyte less a bit", "POST", "/api/plans/1/replan", `{"unavailable":[{"id":"bus-23","from":"2026-12-01"}],"reason":"` + long(300000) + `"}`,
			http.StatusBadRequest, "reason : 300000 caractères, au plus 200"},
		{"publication of 2,001 buses", "POST", "/api/plans/1/publish", `{"units":` + ids(2001) + `}`,
			http.StatusBadRequest, "units : 2001 éléments, au plus 2000"},
		{"body of 2 MB", "POST", "/api/closures", `{"from":"2026-12-01","reason":"` + strings.Repeat("a", 2<<20) + `"}`,
			http.StatusRequestEntityTooLarge, "trop long"},
		{"body of 2 MB after the object", "POST", "/api/closures", `{"from":"2026-12-01","reason":"neige"}` + strings.Repeat(" ", 2<<20) + "{}",
			http.StatusRequestEntityTooLarge, "trop long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := e.do(tc.method, tc.path, e.coordinator, tc.body)
			if res.StatusCode != tc.status || !strings.Contains(body, tc.want) {
				t.Fatalf("%d %.300s; want %d and %q", res.StatusCode, body, tc.status, tc.want)
			}
		})
	}
	if res, body := e.do("GET", "/api/closures", e.coordinator, ""); res.StatusCode != 200 || strings.Contains(body, `"reason"`) {
		t.Errorf("a refused body stored a closure: %d %s", res.StatusCode, body)
	}
	if res, body := e.do("POST", "/api/closures", e.coordinator, `{"from":"2026-12-01","reason":"`+long(200)+`"}`+"\n"); res.StatusCode != 201 {
		t.Errorf("a reason of 200 characters and a final line break: %d %s", res.StatusCode, body)
	}
}

// TestLargeJSONBodyRefusedUnread: a JSON body declared over 1 MiB is refused 413
// before a byte of it is read.
func TestLargeJSONBodyRefusedUnread(t *testing.T) {
	e := newEnv(t)
	body := newCountingBody(2 << 20)
	req := httptest.NewRequest("POST", "/api/closures", body)
	req.ContentLength = 2 << 20
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e.coordinator)
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge || body.read.Load() != 0 {
		t.Fatalf("%d %s after reading %d bytes; want 413 before reading", rec.Code, rec.Body, body.read.Load())
	}
}
