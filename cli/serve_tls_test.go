package cli_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"medibus/cli"
)

// TestServeSecureCookiesSendsHSTS: `serve --secure-cookies`, as the container and the
// systemd unit run it, answers with Strict-Transport-Security; without the flag, no
// such header (the server may be reached over plain HTTP on this machine).
func TestServeSecureCookiesSendsHSTS(t *testing.T) {
	plannedSmall(t, "s.db")
	for _, tc := range []struct {
		flags []string
		want  string
	}{
		{[]string{"--secure-cookies"}, "max-age=31536000"},
		{nil, ""},
	} {
		addr, stop := serveInProcess(t, append([]string{"serve", "--db", "s.db", "--addr", "127.0.0.1:0"}, tc.flags...)...)
		res, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Strict-Transport-Security"); res.StatusCode != 200 || got != tc.want {
			t.Errorf("serve %v: /healthz %d, Strict-Transport-Security %q, want %q", tc.flags, res.StatusCode, got, tc.want)
		}
		if code := stop(); code != cli.ExitOK {
			t.Errorf("serve %v: exit %d after the context was cancelled", tc.flags, code)
		}
	}
}

// serveInProcess runs medibus with args (a serve command) until stop is called, and
// returns the address it listens on, read from its "serving" log line.
func serveInProcess(t *testing.T, args ...string) (addr string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		code := cli.Run(ctx, args, io.Discard, pw)
		pw.Close()
		done <- code
	}()
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			var line struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "serving" {
				found <- line.Addr
			}
		}
		close(found)
	}()
	select {
	case addr = <-found:
	case <-time.After(30 * time.Second):
	}
	stop = func() int { cancel(); return <-done }
	if addr == "" {
		stop()
		t.Fatalf("medibus %v did not start serving", args)
	}
	return addr, stop
}
