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
	if err := os.WriteFile(file, []byte("db: from-file.db\nseed: 7\ntime_limit: 30s\nplanning:\n  max_drive_min: 200\ntravel:\n  detour: 1.4\noperator:\n  name: ARS Occitanie\n"), 0o644); err != nil {
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
	t.Setenv("MEDIBUS_OPERATOR_EMAIL", "medicobus@ars.example")
	t.Setenv("MEDIBUS_TRAVEL_ROAD_CLOSURES", "false")
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
		{"operator from file", c.Operator.Name, "ARS Occitanie"},
		{"operator from env", c.Operator.Email, "medicobus@ars.example"},
		{"default kept", c.Planning.SetupMin, 30},
		{"land by default", c.Travel.Land, true},
		{"road closures off from env", c.Travel.RoadClosures, false},
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
		{"unknown operator key", "operator:\n  mail: x@y.fr\n", `unknown setting "operator.mail"`},
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

// TestSettingsOutOfRange: a setting no run could use is refused when the configuration
// is loaded, named with the variable that sets it (the probe's NaN travel settings
// surfaced as "json: unsupported value: NaN" when saving; a catchment of 100,000
// minutes spun for a quarter of an hour).
func TestSettingsOutOfRange(t *testing.T) {
	for _, tc := range []struct {
		env, value, want string
	}{
		{"MEDIBUS_TRAVEL_DETOUR", "NaN", "travel.detour: NaN is not a finite number"},
		{"MEDIBUS_TRAVEL_FAST_KMH", "+Inf", "travel.fast_kmh: +Inf is not a finite number"},
		{"MEDIBUS_TRAVEL_SLOW_KMH", "0", "travel.slow_kmh: 0 is out of range: write 1 to 200 km/h"},
		{"MEDIBUS_TRAVEL_OSRM_MAX_KMH", "-3", "travel.osrm_max_kmh: -3 is out of range"},
		{"MEDIBUS_PLANNING_CATCHMENT_MIN", "100000", "planning.catchment_min: 100000 is out of range: write 1 to 120 minutes (set in medibus.yaml or MEDIBUS_PLANNING_CATCHMENT_MIN)"},
		{"MEDIBUS_PLANNING_CYCLE_WEEKS", "9", "planning.cycle_weeks: 9 is out of range"},
		{"MEDIBUS_PLANNING_AM_END", "08:00", "planning.am_end: morning window 09:00–08:00 ends before it starts"},
		{"MEDIBUS_PLANNING_MARKET_SHARE", "1.5", "planning.market_share: 1.5 is out of range"},
		{"MEDIBUS_PLANNING_ACCESS_REF_MIN", "NaN", "planning.access_ref_min: NaN is not a finite number"},
		{"MEDIBUS_PLANNING_FLEET", "0", "planning.fleet: 0 is out of range"},
		{"MEDIBUS_PLANNING_SHIFT_END", "06:00", "planning.shift_end: the shift ends at 06:00, before it starts at 07:00"},
		{"MEDIBUS_WEIGHTS_CARE", "-1", "weights.care: -1 is out of range"},
		{"MEDIBUS_TIME_LIMIT", "-5s", "time_limit: -5s"},
		{"MEDIBUS_PUBLIC_URL", "medicobus.example.fr", "public_url: \"medicobus.example.fr\" is not an address: write it whole"},
		{"MEDIBUS_PUBLIC_URL", "https://medicobus.example.fr/patients", "public_url: \"https://medicobus.example.fr/patients\": the pages are served at the root of a host name; give the address without a path, for example https://medicobus.example.fr (set in medibus.yaml or MEDIBUS_PUBLIC_URL)"},
	} {
		t.Run(tc.env, func(t *testing.T) {
			t.Chdir(t.TempDir())
			t.Setenv("XDG_CONFIG_HOME", t.TempDir())
			t.Setenv(tc.env, tc.value)
			_, err := config.Load("", nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestPublicURL: the address of the public pages, as a poster's QR code leads there, is
// kept as a scheme and a host name; anything else is refused with the fix.
func TestPublicURL(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{"", "", ""},
		{"https://medicobus.example.fr", "https://medicobus.example.fr", ""},
		{"https://medicobus.example.fr/", "https://medicobus.example.fr", ""},
		{" http://127.0.0.1:8080 ", "http://127.0.0.1:8080", ""},
		{"https://MEDICOBUS.example.fr:8443/", "https://MEDICOBUS.example.fr:8443", ""},
		{"medicobus.example.fr", "", "is not an address"},
		{"ftp://medicobus.example.fr", "", "starts with https://"},
		{"webcal://medicobus.example.fr", "", "starts with https://"},
		{"https://medicobus.example.fr/communes", "", "without a path, for example https://medicobus.example.fr"},
		{"https://medicobus.example.fr?x=1", "", "without a path"},
		{"https://medicobus.example.fr/#top", "", "without a path"},
		{"https://user:secret@medicobus.example.fr", "", "no user name or password"},
		{"https://", "", "is not an address"},
	} {
		got, err := config.PublicURL(tc.in)
		switch {
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("PublicURL(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("PublicURL(%q) = %q, %v; want an error saying %q", tc.in, got, err, tc.err)
		}
	}
	t.Setenv("MEDIBUS_PUBLIC_URL", "https://medicobus.example.fr/")
	t.Chdir(t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	c, err := config.Load("", nil)
	if err != nil || c.PublicURL != "https://medicobus.example.fr" {
		t.Errorf("public_url from the environment: %q, %v", c.PublicURL, err)
	}
}
