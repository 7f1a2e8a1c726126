package server

import (
	"net"
	"net/http/httptest"
	"net/netip"
	"testing"
)

// TestClientKeys: a client is its address (IPv6 by /64); a proxy of TrustedProxies is
// no client, and a request through proxies is from the last address of X-Forwarded-For
// that is not one; a client that is no proxy cannot choose its key with a forged
// X-Forwarded-For.
func TestClientKeys(t *testing.T) {
	l := Limits{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}}
	for _, tc := range []struct {
		remote, forwarded, want string
	}{
		{"192.0.2.1:5000", "", "192.0.2.1"},
		{"192.0.2.1:5000", "198.51.100.7", "192.0.2.1"},
		{"[2001:db8::1]:5000", "", "2001:db8::/64"},
		{"[::ffff:192.0.2.1]:5000", "", "192.0.2.1"},
		{"10.0.0.1:5000", "198.51.100.7", "198.51.100.7"},
		{"10.0.0.1:5000", "203.0.113.9, 198.51.100.7, 10.0.0.2", "198.51.100.7"},
		{"[::1]:5000", "2001:db8:0:1::5", "2001:db8:0:1::/64"},
		{"10.0.0.1:5000", "", ""},
		{"10.0.0.1:5000", "unknown", ""},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		if tc.forwarded != "" {
			r.Header.Set("X-Forwarded-For", tc.forwarded)
		}
		if got := l.requestClient(r); got != tc.want {
			t.Errorf("request from %s forwarded for %q: client %q, want %q", tc.remote, tc.forwarded, got, tc.want)
		}
	}
	for addr, want := range map[string]string{"192.0.2.1:1": "192.0.2.1", "10.1.1.1:1": "", "[2001:db8::9]:1": "2001:db8::/64"} {
		a, _ := net.ResolveTCPAddr("tcp", addr)
		if got := l.connClient(a); got != want {
			t.Errorf("connection from %s: client %q, want %q", addr, got, want)
		}
	}
}
