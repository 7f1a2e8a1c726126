package server_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"medibus/server"
	"medibus/store"
)

// client follows no redirect, so tests see where the server sends the browser.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// login posts the login form as our own page would and returns the session cookie.
func (e *env) login(token string) *http.Cookie {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.ts.URL+"/login", strings.NewReader(url.Values{"token": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == "medibus_session" && c.Value != "" {
			return c
		}
	}
	e.t.Fatalf("login: %d, no session cookie", res.StatusCode)
	return nil
}

// withCookie sends a same-origin request with the session cookie.
func (e *env) withCookie(method, path string, c *http.Cookie, body string) (*http.Response, string) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
	req.AddCookie(c)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// pinBody is a pin request for the first session of plan 1.
func (e *env) pinBody() string {
	e.t.Helper()
	pl, err := e.db.PlanByID(context.Background(), 1)
	if err != nil || len(pl.Sessions) == 0 {
		e.t.Fatalf("plan 1: %v", err)
	}
	s := pl.Sessions[0]
	return fmt.Sprintf(`{"unit":%q,"date":%q,"half":%q}`, s.Unit, s.Date, s.Half)
}

// TestRevokedTokenEndsCookieSession: revoking (or the expiry of) the token a browser
// logged in with ends its session within the 30 s a bearer token takes (the probe's
// cookie still pinned with 201 twelve hours long).
func TestRevokedTokenEndsCookieSession(t *testing.T) {
	var mu sync.Mutex
	now := testNow
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	e := newEnvWith(t, 0, func(c *server.Config) { c.Now = clock })
	ctx := context.Background()
	for _, end := range []string{"revoked", "expired"} {
		t.Run(end, func(t *testing.T) {
			// The database's clock is the real one: the "expired" token lives 500 ms.
			life := time.Hour
			if end == "expired" {
				life = 500 * time.Millisecond
			}
			secret, tok, err := e.db.CreateTokenFor(ctx, store.TokenSpec{Role: store.RoleCoordinator, Expires: time.Now().Add(life)})
			if err != nil {
				t.Fatal(err)
			}
			cookie := e.login(secret)
			if res, body := e.withCookie("POST", "/api/plans/1/pins", cookie, e.pinBody()); res.StatusCode != http.StatusCreated {
				t.Fatalf("pin with the cookie: %d %s", res.StatusCode, body)
			}
			if end == "revoked" {
				if err := e.db.RevokeToken(ctx, tok.ID); err != nil {
					t.Fatal(err)
				}
			} else {
				time.Sleep(time.Until(tok.ExpiresAt))
			}
			advance(31 * time.Second)
			if res, body := e.withCookie("POST", "/api/plans/1/pins", cookie, e.pinBody()); res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("pin with the cookie of a %s token: %d %s, want 401", end, res.StatusCode, body)
			}
			if res, _ := e.withCookie("GET", "/plan", cookie, ""); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("planning page with the cookie of a %s token: %d, want a redirect to the login form", end, res.StatusCode)
			}
		})
	}
}

// TestLogoutEndsSessionServerSide: after logout, the old cookie value is worth nothing,
// even if a copy of it survives in another browser.
func TestLogoutEndsSessionServerSide(t *testing.T) {
	e := newEnv(t)
	cookie := e.login(e.coordinator)
	if _, body := e.withCookie("GET", "/api/me", cookie, ""); !strings.Contains(body, `"coordinator"`) {
		t.Fatalf("logged in: %s", body)
	}
	if res, _ := e.withCookie("POST", "/logout", cookie, ""); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	if _, body := e.withCookie("GET", "/api/me", cookie, ""); !strings.Contains(body, `"public"`) {
		t.Fatalf("after logout the old cookie is still %s", body)
	}
}

// TestOpenRedirectAfterLogin: after logging in, the browser goes only to a path of this
// site (the probe's /login?next=/%09/evil.example landed on http://evil.example/).
func TestOpenRedirectAfterLogin(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ next, want string }{
		{"/\t/evil.example", "/plan"},
		{"/\n/evil.example", "/plan"},
		{"/\\evil.example", "/plan"},
		{"/\\/evil.example", "/plan"},
		{"//evil.example", "/plan"},
		{"///evil.example", "/plan"},
		{"https://evil.example/", "/plan"},
		{"javascript:alert(1)", "/plan"},
		{"/%2F/evil.example", "/plan"},
		{"/ /evil.example", "/plan"},
		{"/plan\r\nSet-Cookie: x=1", "/plan"},
		{"/driver/bus-23/2026-11-23", "/driver/bus-23/2026-11-23"},
		{"/communes/23096?x=1#top", "/communes/23096?x=1#top"},
	} {
		t.Run(tc.next, func(t *testing.T) {
			form := url.Values{"token": {e.coordinator}, "next": {tc.next}}
			req, _ := http.NewRequest("POST", e.ts.URL+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			res, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if got := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || got != tc.want {
				t.Fatalf("next %q: %d to %q, want 303 to %q", tc.next, res.StatusCode, got, tc.want)
			}
			_, body := e.do("GET", "/login?next="+url.QueryEscape(tc.next), "", "")
			if tc.want == "/plan" && strings.Contains(body, "evil.example") {
				t.Errorf("the login form carries next %q on", tc.next)
			}
		})
	}
}

// TestLoginCSRF: a cross-site form cannot log the browser in (as the attacker).
func TestLoginCSRF(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name, header, value string
		want                int
	}{
		{"cross-site fetch", "Sec-Fetch-Site", "cross-site", http.StatusForbidden},
		{"same-site subdomain", "Sec-Fetch-Site", "same-site", http.StatusForbidden},
		{"foreign origin", "Origin", "https://evil.example", http.StatusForbidden},
		{"opaque origin", "Origin", "null", http.StatusForbidden},
		{"our own form", "Sec-Fetch-Site", "same-origin", http.StatusSeeOther},
		{"a script without a browser", "", "", http.StatusSeeOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", e.ts.URL+"/login", strings.NewReader(url.Values{"token": {e.coordinator}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.header != "" {
				req.Header.Set(tc.header, tc.value)
			}
			res, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tc.want {
				t.Fatalf("%d, want %d", res.StatusCode, tc.want)
			}
			if tc.want == http.StatusForbidden && len(res.Cookies()) > 0 {
				t.Errorf("a refused login set %v", res.Cookies())
			}
		})
	}
}

// TestAuthenticatedJSONNotCached: what a token reads is marked no-store.
func TestAuthenticatedJSONNotCached(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/api/plans", "/api/plans/1", "/api/plans/1/kpis", "/api/scenarios", "/api/runs"} {
		res, _ := e.do("GET", path, e.coordinator, "")
		if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("GET %s: %d, Cache-Control %q, want 200 and no-store", path, res.StatusCode, res.Header.Get("Cache-Control"))
		}
	}
}

// TestBusyDatabaseAnswers503: a write lock held by another process beyond the busy
// timeout is answered 503 with Retry-After (the probe got a bare 500).
func TestBusyDatabaseAnswers503(t *testing.T) {
	e := newEnvWith(t, 100*time.Millisecond, nil)
	ctx := context.Background()
	other, err := sql.Open("sqlite3", e.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	res, body := e.do("POST", "/api/plans/1/publish", e.coordinator, "")
	conn.ExecContext(ctx, "ROLLBACK")
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Fatalf("publish while another process writes: %d (Retry-After %q) %s, want 503 with Retry-After",
			res.StatusCode, res.Header.Get("Retry-After"), body)
	}
	if res, body := e.do("POST", "/api/plans/1/publish", e.coordinator, ""); res.StatusCode != 200 {
		t.Fatalf("publish once the lock is gone: %d %s", res.StatusCode, body)
	}
}

// TestSlowLoginBodiesDoNotStarveHealth: clients that trickle a login body are cut off
// after the read timeout, logins beyond the slots are answered 503 at once, and
// /healthz answers meanwhile (the probe's 100 slow logins stayed open over 90 s and made
// /healthz time out).
func TestSlowLoginBodiesDoNotStarveHealth(t *testing.T) {
	e := newEnvWith(t, 0, func(c *server.Config) {
		c.Limits = server.Limits{ReadHeaderTimeout: time.Second, LoginReadTimeout: time.Second, MaxConns: 64, LoginSlots: 4}
	})
	addr := serveOnLoopback(t, e)
	const slow = 30
	answers := make(chan string, slow)
	for range slow {
		go func() { answers <- trickleLogin(addr, 3*time.Second) }()
	}
	time.Sleep(300 * time.Millisecond)
	began := time.Now()
	res, err := (&http.Client{Timeout: 2 * time.Second}).Get("http://" + addr + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("/healthz among %d slow logins: %v %v", slow, res, err)
	}
	res.Body.Close()
	if d := time.Since(began); d > time.Second {
		t.Errorf("/healthz took %s", d)
	}
	counts := map[string]int{}
	for range slow {
		counts[<-answers]++
	}
	if counts["still open"] > 0 || counts["503"] < slow-4 {
		t.Fatalf("slow logins: %v; want none still open after 3 s and at least %d answered 503", counts, slow-4)
	}
}

// trickleLogin sends the headers of a login and then one byte of its body every 200
// ms for up to d; it says how the server answered: "503", "closed" (cut off), another
// status, or "still open".
func trickleLogin(addr string, d time.Duration) string {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return "dial: " + err.Error()
	}
	defer c.Close()
	fmt.Fprintf(c, "POST /login HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n", addr)
	answer := make(chan string, 1)
	go func() {
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			answer <- "closed"
			return
		}
		res.Body.Close()
		answer <- fmt.Sprint(res.StatusCode)
	}()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(d)
	for {
		select {
		case a := <-answer:
			return a
		case <-deadline:
			return "still open"
		case <-tick.C:
			if _, err := c.Write([]byte("t")); err != nil {
				return <-answer
			}
		}
	}
}
