package cli

import (
	"fmt"
	"testing"
)

// TestParseProxies: --trusted-proxy takes addresses and networks, and refuses anything
// else with the fix.
func TestParseProxies(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{"127.0.0.1", "::1", "10.1.2.3/8", "::ffff:192.0.2.1"}, "[127.0.0.1/32 ::1/128 10.0.0.0/8 192.0.2.1/32]"},
		{nil, "[]"},
		{[]string{"none"}, "[]"},
		{[]string{"proxy.example"}, `error: --trusted-proxy "proxy.example": write an address (127.0.0.1) or a network (10.0.0.0/8)`},
	} {
		got, err := parseProxies(tc.in)
		s := fmt.Sprint(got)
		if err != nil {
			s = "error: " + err.Error()
		}
		if s != tc.want {
			t.Errorf("parseProxies(%q) = %s, want %s", tc.in, s, tc.want)
		}
	}
}
