package server

import (
	"errors"
	"net/http"
	"time"
)

// metricsAccess is who may read /metrics: coordinators, unless the server was told
// the metrics are public (a scraper on a private network).
func (s *Server) metricsAccess() access {
	if s.publicMetrics {
		return public
	}
	return coordinator
}

// loginSlot takes one of the slots of logins being read, or answers 503 when all are
// taken: the login form is public, and slow bodies must not queue without bound.
func (s *Server) loginSlot(w http.ResponseWriter, r *http.Request) (release func(), ok bool) {
	select {
	case s.logins <- struct{}{}:
		// A login's body is small: it gets less time than an upload.
		_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(min(s.limits.LoginReadTimeout, s.limits.ReadTimeout)))
		return func() { <-s.logins }, true
	default:
		w.Header().Set("Connection", "close")
		s.errorPage(w, r, http.StatusServiceUnavailable, errors.New("too many logins at once: try again in a few seconds"))
		return nil, false
	}
}
