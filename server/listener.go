package server

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// The listener bounds the connections the server holds, so that no client can lock the
// others out (before, 512 idle keep-alive connections from one address took every
// slot, and /healthz with them):
//
//   - at most MaxConns at once: beyond, Accept waits for one to close, and a flood of
//     connections queues in the kernel rather than taking every file descriptor;
//   - at most MaxConnsPerClient from one client (clientKey): beyond, the client's
//     oldest idle keep-alive connection is closed to make room for its new one, or the
//     new one is closed at once when none of its own is idle;
//   - near the cap (nearCap of MaxConns open), keep-alive connections are closed as
//     soon as they are idle, rather than after IdleTimeout: idle ones are cheap for a
//     client to reopen, and a slot is what a new client needs.
//
// The http.Server reports each connection's state (ConnState) so that the listener
// knows which ones are idle.

// nearCap is the share of MaxConns open from which idle connections are closed at once.
const nearCap = 0.75

// connLimiter is a net.Listener with those bounds; its connState is the http.Server's
// ConnState hook.
type connLimiter struct {
	net.Listener
	slots     chan struct{}
	perClient int
	near      int
	clientOf  func(net.Addr) string

	mu      sync.Mutex
	clients map[string]map[*limitedConn]bool // client → its open connections
	idle    map[*limitedConn]time.Time       // connections between requests, since when
}

func newConnLimiter(ln net.Listener, l Limits) *connLimiter {
	return &connLimiter{Listener: ln, slots: make(chan struct{}, l.MaxConns), perClient: l.MaxConnsPerClient,
		near: max(1, int(float64(l.MaxConns)*nearCap)), clientOf: l.connClient,
		clients: map[string]map[*limitedConn]bool{}, idle: map[*limitedConn]time.Time{}}
}

// Accept returns the next connection within the bounds.
func (l *connLimiter) Accept() (net.Conn, error) {
	for {
		l.slots <- struct{}{}
		c, err := l.Listener.Accept()
		if err != nil {
			<-l.slots
			return nil, err
		}
		lc := &limitedConn{Conn: c, l: l, client: l.clientOf(c.RemoteAddr())}
		if l.admit(lc) {
			return lc, nil
		}
		_ = c.Close() // a client at its cap with none of its own idle
		<-l.slots
	}
}

// admit records lc as its client's, making room by closing the client's oldest idle
// connection when it is at its cap; it reports false when none could be closed. Near
// the cap, it closes every idle connection.
func (l *connLimiter) admit(lc *limitedConn) bool {
	var closing []*limitedConn
	defer func() {
		for _, c := range closing {
			_ = c.Close()
		}
	}()
	l.mu.Lock()
	defer l.mu.Unlock()
	own := l.clients[lc.client]
	if lc.client != "" && len(own) >= l.perClient {
		oldest := l.oldestIdle(own)
		if oldest == nil {
			return false
		}
		closing = append(closing, oldest)
		l.forget(oldest)
	}
	if len(l.slots) >= l.near {
		for c := range l.idle {
			closing = append(closing, c)
			l.forget(c)
		}
	}
	if l.clients[lc.client] == nil {
		l.clients[lc.client] = map[*limitedConn]bool{}
	}
	l.clients[lc.client][lc] = true
	return true
}

// oldestIdle is the connection of conns idle the longest, or nil if none is idle.
func (l *connLimiter) oldestIdle(conns map[*limitedConn]bool) *limitedConn {
	var oldest *limitedConn
	for c := range conns {
		since, ok := l.idle[c]
		if ok && (oldest == nil || since.Before(l.idle[oldest])) {
			oldest = c
		}
	}
	return oldest
}

// forget drops c from the client and idle records; l.mu is held.
func (l *connLimiter) forget(c *limitedConn) {
	delete(l.idle, c)
	if own := l.clients[c.client]; own != nil {
		delete(own, c)
		if len(own) == 0 {
			delete(l.clients, c.client)
		}
	}
}

// connState follows the connections between requests; near the cap, one that becomes
// idle is closed at once.
func (l *connLimiter) connState(c net.Conn, st http.ConnState) {
	lc, ok := c.(*limitedConn)
	if !ok {
		return
	}
	l.mu.Lock()
	if st != http.StateIdle {
		delete(l.idle, lc)
		l.mu.Unlock()
		return
	}
	closeNow := len(l.slots) >= l.near
	if closeNow {
		l.forget(lc)
	} else if l.clients[lc.client][lc] {
		l.idle[lc] = time.Now()
	}
	l.mu.Unlock()
	if closeNow {
		_ = lc.Close()
	}
}

// limitedConn gives its slot back once, when closed.
type limitedConn struct {
	net.Conn
	l      *connLimiter
	client string
	once   sync.Once
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.l.mu.Lock()
		c.l.forget(c)
		c.l.mu.Unlock()
		<-c.l.slots
	})
	return err
}
