package server

import (
	"errors"
	"net"
	"net/http"
	"sync"
	"time"
)

// limitListener accepts at most n connections at once: beyond, Accept waits for one to
// close, so a flood of idle or slow clients queues in the kernel rather than taking
// every file descriptor of the process.
func limitListener(ln net.Listener, n int) net.Listener {
	return &limitedListener{Listener: ln, slots: make(chan struct{}, n)}
}

type limitedListener struct {
	net.Listener
	slots chan struct{}
}

func (l *limitedListener) Accept() (net.Conn, error) {
	l.slots <- struct{}{}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitedConn{Conn: c, release: func() { <-l.slots }}, nil
}

// limitedConn gives its slot back once, when closed.
type limitedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

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
