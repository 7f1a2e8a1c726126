package cli_test

import (
	"strings"
	"testing"
)

func TestTokenAndPublish(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if _, errOut, code := run(t, "plan", "--scenario", "creuse", "--start", "2026-11-23", "--db", "s.db", "--engine", "greedy"); code != 0 {
		t.Fatalf("plan exit %d: %s", code, errOut)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		out  string // on stdout for success, stderr otherwise
	}{
		{"coordinator token", []string{"token", "create", "--role", "coordinator", "--db", "s.db"}, 0, "mb_"},
		{"driver token", []string{"token", "create", "--role", "driver", "--unit", "bus-23", "--db", "s.db"}, 0, "mb_"},
		{"bad role", []string{"token", "create", "--role", "admin", "--db", "s.db"}, 2, "use coordinator or driver"},
		{"publish latest", []string{"publish", "--db", "s.db"}, 0, "plan 1 (creuse v1) published"},
		{"publish again", []string{"publish", "--db", "s.db", "--plan", "1"}, 1, "already published"},
		{"publish unknown", []string{"publish", "--db", "s.db", "--plan", "9"}, 1, "not found"},
		{"publish without db", []string{"publish", "--db", "missing.db"}, 1, "does not exist"},
		{"serve without db", []string{"serve", "--db", "missing.db"}, 1, "does not exist"},
		{"revoke", []string{"token", "revoke", "2", "--db", "s.db"}, 0, ""},
		{"revoke again", []string{"token", "revoke", "2", "--db", "s.db"}, 1, "not found or already revoked"},
		{"revoke not a number", []string{"token", "revoke", "two", "--db", "s.db"}, 2, "give the number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := run(t, tc.args...)
			got := out
			if tc.code != 0 {
				got = errOut
			}
			if code != tc.code || !strings.Contains(got, tc.out) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, out, errOut, tc.code, tc.out)
			}
		})
	}
}
