package server_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"medibus/server"
)

// TestOneClientCannotLockOthersOut: idle keep-alive connections, from one client or
// from a few, do not keep a new client out: /healthz answers it within 5 s. The idle
// clients connect from 127.0.0.2 and up (the whole 127/8 is this machine's on Linux),
// the new one from 127.0.0.1, so the server tells them apart by address as it would
// real clients. Before, 512 idle connections from one address held every slot for the
// idle timeout (a minute) and /healthz waited with every other client.
func TestOneClientCannotLockOthersOut(t *testing.T) {
	for _, tc := range []struct {
		name    string
		limits  server.Limits
		clients int // addresses the idle connections come from
		idle    int // idle connections from each
		maxHeld int // most of them the server may keep
	}{
		{"600 from one client, default limits", server.Limits{}, 1, 600, 64},
		{"3 clients of 20 with a cap of 40 (idle ones closed near the cap)", server.Limits{MaxConns: 40}, 3, 20, 30},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnvWith(t, 0, func(c *server.Config) { c.Limits = tc.limits })
			addr := serveOnLoopback(t, e)
			var held []net.Conn
			for i := range tc.clients {
				held = append(held, idleConns(t, addr, fmt.Sprintf("127.0.0.%d", i+2), tc.idle)...)
			}
			defer func() {
				for _, c := range held {
					c.Close()
				}
			}()
			began := time.Now()
			res, err := (&http.Client{Timeout: 5 * time.Second}).Get("http://" + addr + "/healthz")
			if err != nil {
				t.Fatalf("/healthz of a new client among %d idle connections: %v", tc.clients*tc.idle, err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("/healthz: %d", res.StatusCode)
			}
			t.Logf("/healthz answered in %s", time.Since(began).Round(time.Millisecond))
			open := stillOpen(held)
			t.Logf("the server keeps %d of the %d idle connections", open, tc.clients*tc.idle)
			if open > tc.maxHeld {
				t.Errorf("the server keeps %d idle connections, want at most %d", open, tc.maxHeld)
			}
		})
	}
}

// serveOnLoopback serves e on a real listener of 127.0.0.1 until the test ends and
// returns its address.
func serveOnLoopback(t *testing.T, e *env) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.srv.Serve(ctx, ln, time.Second) }()
	t.Cleanup(func() { cancel(); <-done })
	return ln.Addr().String()
}

// idleConns opens n connections to addr from the local address from, each asking
// /healthz once and keeping the connection open, idle; it returns those the server
// answered (the others it closed, or left waiting 3 s).
func idleConns(t *testing.T, addr, from string, n int) []net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 3 * time.Second}
	probe, err := d.Dial("tcp", addr)
	if err != nil {
		t.Skipf("cannot connect from %s (a system whose loopback is 127.0.0.1 only): %v", from, err)
	}
	probe.Close()
	var mu sync.Mutex
	var out []net.Conn
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			c, err := d.Dial("tcp", addr)
			if err != nil {
				return
			}
			fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
			c.SetReadDeadline(time.Now().Add(3 * time.Second))
			res, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				c.Close()
				return
			}
			res.Body.Close()
			c.SetReadDeadline(time.Time{})
			mu.Lock()
			out = append(out, c)
			mu.Unlock()
		})
	}
	wg.Wait()
	return out
}

// stillOpen counts the connections the server has not closed.
func stillOpen(conns []net.Conn) int {
	n := 0
	one := make([]byte, 1)
	for _, c := range conns {
		c.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
		if _, err := c.Read(one); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				n++
			}
		}
	}
	return n
}
