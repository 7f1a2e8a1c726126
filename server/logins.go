package server

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Failed logins are counted per client (clients.go): a token typed in the login form,
// or sent as a bearer token, that matches none. A client with MaxLoginFailures of them
// within LoginFailureWindow is answered 429 with Retry-After, before its token is even
// looked up, until that window ends; the other clients are not affected. Guessing a
// token is hopeless anyway (256 random bits); the limit bounds what the guessing costs
// the server (before, about 4,500 failed logins a second were answered).

// maxLoginClients bounds the clients whose failures are remembered at once; beyond,
// after the expired ones are dropped, new clients share one count, so that a guesser
// with many addresses cannot grow the table without bound.
const maxLoginClients = 10000

// overflowClient is the count the clients beyond maxLoginClients share.
const overflowClient = "*"

// loginLimiter counts failed logins per client over a window of real time.
type loginLimiter struct {
	max    int
	window time.Duration
	now    func() time.Time

	mu      sync.Mutex
	clients map[string]*loginFailures
}

// loginFailures is one client's count since the first failure of its window.
type loginFailures struct {
	n     int
	since time.Time
}

func newLoginLimiter(l Limits) *loginLimiter {
	return &loginLimiter{max: l.MaxLoginFailures, window: l.LoginFailureWindow, now: time.Now, clients: map[string]*loginFailures{}}
}

// wait is how long client must wait before its next login is looked at; 0 when it may
// try now.
func (l *loginLimiter) wait(client string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.clients[client]
	if f == nil {
		if len(l.clients) < maxLoginClients {
			return 0
		}
		if f = l.clients[overflowClient]; f == nil {
			return 0
		}
	}
	left := f.since.Add(l.window).Sub(l.now())
	if left <= 0 || f.n < l.max {
		return 0
	}
	return left
}

// failed counts a failed login of client.
func (l *loginLimiter) failed(client string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if _, known := l.clients[client]; !known && len(l.clients) >= maxLoginClients {
		l.dropExpired(now)
		if len(l.clients) >= maxLoginClients {
			client = overflowClient
		}
	}
	f := l.clients[client]
	if f == nil || now.Sub(f.since) >= l.window {
		f = &loginFailures{since: now}
		l.clients[client] = f
	}
	f.n++
}

// dropExpired forgets the clients whose window has ended; l.mu is held.
func (l *loginLimiter) dropExpired(now time.Time) {
	for c, f := range l.clients {
		if now.Sub(f.since) >= l.window {
			delete(l.clients, c)
		}
	}
}

// loginsBlocked answers 429 with Retry-After, in French (the login form for a browser,
// JSON for the API), when the request's client has failed too many logins; it reports
// whether it did.
func (s *Server) loginsBlocked(w http.ResponseWriter, r *http.Request, page bool) bool {
	wait := s.loginLimit.wait(s.limits.requestClient(r))
	if wait <= 0 {
		return false
	}
	secs := int(math.Ceil(wait.Seconds()))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	w.Header().Set("Cache-Control", "no-store")
	msg := fmt.Sprintf("Trop d'essais de connexion échoués depuis votre adresse : réessayez dans %d s.", secs)
	if page {
		s.writePage(w, r, http.StatusTooManyRequests, "login.html", loginData{Next: safeNext(r.URL.Query().Get("next"), ""), Message: msg, Who: anonymous})
		return true
	}
	writeError(w, http.StatusTooManyRequests, fmt.Errorf("%s", msg))
	return true
}

// loginFailed counts a failed login of the request's client.
func (s *Server) loginFailed(r *http.Request) { s.loginLimit.failed(s.limits.requestClient(r)) }
