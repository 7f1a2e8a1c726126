package cli_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestTokenList: token list shows each token's id, role, scope, creation, last use
// and state, never a secret.
func TestTokenList(t *testing.T) {
	plannedSmall(t, "t.db")
	var secrets []string
	for _, args := range [][]string{
		{"--role", "coordinator"},
		{"--role", "driver", "--unit", "bus-2", "--expires", "720h"},
		{"--role", "driver"},
	} {
		out, errOut, code := run(t, append([]string{"token", "create", "--db", "t.db"}, args...)...)
		if code != 0 {
			t.Fatalf("token create %v: exit %d: %s", args, code, errOut)
		}
		secrets = append(secrets, strings.TrimSpace(out))
	}
	if _, errOut, code := run(t, "token", "revoke", "3", "--db", "t.db"); code != 0 {
		t.Fatalf("revoke: %s", errOut)
	}
	out, errOut, code := run(t, "token", "list", "--db", "t.db")
	if code != 0 {
		t.Fatalf("token list: exit %d: %s", code, errOut)
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^ID\s+ROLE\s+SCOPE\s+CREATED\s+LAST USED\s+STATE$`),
		regexp.MustCompile(`(?m)^1\s+coordinator\s+everything\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+never\s+live$`),
		regexp.MustCompile(`(?m)^2\s+driver\s+bus bus-2\s+.*UTC\s+never\s+live, expires \d{4}-`),
		regexp.MustCompile(`(?m)^3\s+driver\s+every bus\s+.*UTC\s+never\s+revoked \d{4}-`),
	} {
		if !want.MatchString(out) {
			t.Errorf("token list does not match %s:\n%s", want, out)
		}
	}
	for _, s := range secrets {
		if strings.Contains(out, s) || strings.Contains(out, "mb_") {
			t.Fatalf("token list shows a secret:\n%s", out)
		}
	}
}

// TestTokenForUnknownBus: a driver's token for a bus of no stored scenario is refused,
// with the buses that exist; so is a coordinator's for an unknown organisation or
// region, or for both at once; one for a stored organisation is made and listed.
func TestTokenForUnknownBus(t *testing.T) {
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if _, errOut, code := run(t, "token", "create", "--role", "driver", "--unit", "bus-1", "--db", "t.db"); code != 2 || !strings.Contains(errOut, "no scenario is stored") {
		t.Fatalf("before any plan: exit %d: %s", code, errOut)
	}
	copyFolder(t, wd, "small", nil)
	if _, errOut, code := run(t, "plan", "--scenario", "./small", "--start", "2026-11-23", "--engine", "greedy", "--db", "t.db"); code != 0 {
		t.Fatalf("plan: exit %d: %s", code, errOut)
	}
	for _, tc := range []struct{ flag, value, want string }{
		{"--unit", "bus-999", `--unit "bus-999" is a bus of no stored scenario; they are bus-1, bus-2`},
		{"--organisation", "org-x", `--organisation "org-x" is an organisation of no stored scenario; they are org-aubusson`},
		{"--region", "11", `--region "11" is a region of the buses of no stored scenario; they are 75`},
	} {
		role := "coordinator"
		if tc.flag == "--unit" {
			role = "driver"
		}
		_, errOut, code := run(t, "token", "create", "--role", role, tc.flag, tc.value, "--db", "t.db")
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Fatalf("%s %s: exit %d: %s", tc.flag, tc.value, code, errOut)
		}
	}
	if _, errOut, code := run(t, "token", "create", "--role", "coordinator", "--organisation", "org-aubusson", "--region", "75", "--db", "t.db"); code != 2 || !strings.Contains(errOut, "not both") {
		t.Fatalf("organisation and region: exit %d: %s", code, errOut)
	}
	out, errOut, code := run(t, "token", "create", "--role", "coordinator", "--organisation", "org-aubusson", "--db", "t.db")
	if code != 0 || !strings.Contains(errOut, "sees everything, changes organisation org-aubusson") || !strings.HasPrefix(out, "mb_") {
		t.Fatalf("an organisation's coordinator: exit %d: %s", code, errOut)
	}
	// The header and the one token made: none of the refused ones was stored.
	if out, _, _ := run(t, "token", "list", "--db", "t.db"); strings.Count(out, "\n") != 2 || !strings.Contains(out, "changes organisation org-aubusson") {
		t.Fatalf("token list:\n%s", out)
	}
}

// TestServeListensLocallyByDefault: serve answers on this machine only unless told
// otherwise, and says how to open it.
func TestServeListensLocallyByDefault(t *testing.T) {
	out, _, code := run(t, "serve", "--help")
	if code != 0 || !regexp.MustCompile(`--addr string\s+address to listen on.*\(default "127\.0\.0\.1:8080"\)`).MatchString(out) {
		t.Fatalf("serve --help:\n%s", out)
	}
	if !strings.Contains(out, "--public-metrics") {
		t.Errorf("no --public-metrics in:\n%s", out)
	}
}

// TestFolderNamedLikeBuiltInNeedsPath: a folder ./creuse in the working directory does
// not stand in for the built-in creuse; ./creuse plans the folder; both are announced.
func TestFolderNamedLikeBuiltInNeedsPath(t *testing.T) {
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	copyFolder(t, wd, "creuse", nil)
	args := []string{"plan", "--start", "2026-11-23", "--engine", "greedy", "--db", "c.db"}
	out, errOut, code := run(t, append(args, "--scenario", "creuse")...)
	if code != 0 || !strings.Contains(out, "(creuse v1) stored") || !strings.Contains(out, "bus-23 ") {
		t.Fatalf("--scenario creuse: exit %d, stdout %q, stderr %q; want the built-in", code, out, errOut)
	}
	if !strings.Contains(errOut, "scenario creuse: the built-in one (a folder creuse is here too: write --scenario ./creuse to plan the folder)") {
		t.Errorf("no announcement of the choice: %s", errOut)
	}
	out, errOut, code = run(t, append(args, "--scenario", "./creuse")...)
	if code != 0 || !strings.Contains(out, "(small v1) stored") {
		t.Fatalf("--scenario ./creuse: exit %d, stdout %q, stderr %q; want the folder", code, out, errOut)
	}
	if !strings.Contains(errOut, "scenario ./creuse: the folder, not the built-in scenario creuse") {
		t.Errorf("no announcement of the choice: %s", errOut)
	}
}
