package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"medibus/config"
	"medibus/scenario"
)

func TestPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "medibus.yaml")
	if err := os.WriteFile(file, []byte("db: from-file.db\nseed: 7\ntime_limit: 30s\nplanning:\n  max_drive_min: 200\ntravel:\n  detour: 1.4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.String("db", "", "")
	fs.Int64("seed", 0, "")
	if err := fs.Parse([]string{"--seed", "9"}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MEDIBUS_DB", "from-env.db")
	t.Setenv("MEDIBUS_SEED", "8")
	t.Setenv("MEDIBUS_PLANNING_CATCHMENT_MIN", "25")
	c, err := config.Load(file, map[string]*pflag.Flag{"db": fs.Lookup("db"), "seed": fs.Lookup("seed")})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		got, want any
	}{
		{"env beats file", c.DB, "from-env.db"},
		{"flag beats env", c.Seed, int64(9)},
		{"file beats default", c.TimeLimit, 30 * time.Second},
		{"nested file", c.Planning.MaxDriveMin, 200},
		{"nested travel", c.Travel.Detour, 1.4},
		{"nested env", c.Planning.CatchmentMin, 25},
		{"default kept", c.Planning.SetupMin, 30},
		{"default list kept", len(c.Planning.Services), len(scenario.Defaults().Services)},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestBadFile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, body, want string }{
		{"unknown key", "planning:\n  max_drive: 3\n", `unknown setting "planning.max_drive"`},
		{"bad yaml", "db: [\n", "check the YAML syntax"},
		{"bad type", "seed: many\n", "seed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(dir, tc.name+".yaml")
			os.WriteFile(file, []byte(tc.body), 0o644)
			_, err := config.Load(file, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestYAMLRoundTrip(t *testing.T) {
	y, err := config.Default().YAML()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "m.yaml")
	os.WriteFile(file, []byte(y), 0o644)
	c, err := config.Load(file, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.TimeLimit != config.Default().TimeLimit || c.Planning.AMStart != "09:00" {
		t.Fatalf("round trip changed values: %+v", c)
	}
}
