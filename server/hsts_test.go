package server_test

import (
	"testing"

	"medibus/server"
)

// TestHSTSWithSecureCookies: a server told it is behind TLS sends Strict-Transport-
// Security with every response, pages, API and errors alike; one that is not, never.
func TestHSTSWithSecureCookies(t *testing.T) {
	secure := newEnvWith(t, 0, func(c *server.Config) { c.SecureCookies = true })
	plain := newEnv(t)
	for _, path := range []string{"/", "/communes/23096", "/healthz", "/nope", "/api/plans"} {
		if res, _ := secure.do("GET", path, "", ""); res.Header.Get("Strict-Transport-Security") != "max-age=31536000" {
			t.Errorf("secure cookies: GET %s: Strict-Transport-Security %q", path, res.Header.Get("Strict-Transport-Security"))
		}
		if res, _ := plain.do("GET", path, "", ""); res.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("plain: GET %s sends Strict-Transport-Security %q", path, res.Header.Get("Strict-Transport-Security"))
		}
	}
}
