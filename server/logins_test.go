package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"medibus/server"
)

// TestFailedLoginsLimitedPerClient: after 10 failed logins from one client (the login
// form, or a bearer token), its next login is answered 429 with Retry-After, in French
// (the login form again for a browser), even with a good token, while a good login
// from another client still works. Behind a trusted proxy the client is the address
// its X-Forwarded-For gives. Before, every failed login was answered (about 4,500 a
// second) and the 11th was another 401.
func TestFailedLoginsLimitedPerClient(t *testing.T) {
	proxy := []netip.Prefix{netip.MustParsePrefix("10.0.0.1/32")}
	for _, tc := range []struct {
		name             string
		limits           server.Limits
		attacker, other  func(*http.Request)
		form, wantInBody string
	}{
		{"login form", server.Limits{}, from("192.0.2.1", ""), from("192.0.2.2", ""), "form", "<form"},
		{"bearer token", server.Limits{}, from("192.0.2.1", ""), from("192.0.2.2", ""), "bearer", `"status":429`},
		{"IPv6, by /64", server.Limits{}, alternating("2001:db8::1", "2001:db8::ffff:2"), from("2001:db8:0:1::1", ""), "bearer", `"status":429`},
		{"behind a trusted proxy", server.Limits{TrustedProxies: proxy}, from("10.0.0.1", "198.51.100.7"), from("10.0.0.1", "198.51.100.8"), "form", "<form"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnvWith(t, 0, func(c *server.Config) { c.Limits = tc.limits })
			login := func(token string, client func(*http.Request)) *httptest.ResponseRecorder {
				var req *http.Request
				if tc.form == "form" {
					req = httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"token": {token}}.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				} else {
					req = httptest.NewRequest("GET", "/api/plans", nil)
					req.Header.Set("Authorization", "Bearer "+token)
				}
				client(req)
				rec := httptest.NewRecorder()
				e.srv.ServeHTTP(rec, req)
				return rec
			}
			for i := range 10 {
				if rec := login("wrong-"+strconv.Itoa(i), tc.attacker); rec.Code != http.StatusUnauthorized {
					t.Fatalf("failed login %d: %d, want 401", i+1, rec.Code)
				}
			}
			rec := login(e.coordinator, tc.attacker)
			secs, _ := strconv.Atoi(rec.Header().Get("Retry-After"))
			if rec.Code != http.StatusTooManyRequests || secs < 1 || secs > 60 ||
				!strings.Contains(rec.Body.String(), "Trop d&#39;essais de connexion") && !strings.Contains(rec.Body.String(), "Trop d'essais de connexion") ||
				!strings.Contains(rec.Body.String(), tc.wantInBody) {
				t.Fatalf("11th login: %d, Retry-After %q, %.400s; want 429 in French with Retry-After up to 60 s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
			}
			if rec := login(e.coordinator, tc.other); rec.Code != http.StatusSeeOther && rec.Code != http.StatusOK {
				t.Fatalf("a good login from another client: %d %.300s", rec.Code, rec.Body)
			}
		})
	}
}

// from sets a request's remote address, and its X-Forwarded-For when forwarded is not
// empty.
func from(ip, forwarded string) func(*http.Request) {
	return func(r *http.Request) {
		r.RemoteAddr = netip.AddrPortFrom(netip.MustParseAddr(ip), 40000).String()
		if forwarded != "" {
			r.Header.Set("X-Forwarded-For", "203.0.113.9, "+forwarded)
		}
	}
}

// alternating sets a request's remote address to each of ips in turn.
func alternating(ips ...string) func(*http.Request) {
	i := 0
	return func(r *http.Request) {
		from(ips[i%len(ips)], "")(r)
		i++
	}
}
