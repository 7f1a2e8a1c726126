package cli_test

import (
	"reflect"
	"strings"
	"testing"

	"medibus/config"
	"medibus/routing/osrm/osrmfake"
)

// A plan through a road service whose legs are the built-in model's is the built-in
// model's plan: the same sessions, legs and figures, whatever the batching, the
// grouping of origins and the order in which answers arrive.
func TestPlanThroughFakeOSRMIsTheSame(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	legs, err := config.DefaultTravel().Model()
	if err != nil {
		t.Fatal(err)
	}
	srv := &osrmfake.Server{Legs: legs}
	l, err := osrmfake.Listen(srv)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	args := []string{"plan", "--scenario", "creuse", "--start", "2026-11-23", "--seed", "3", "--iterations", "40", "--time-limit", "5m"}
	roadOut, errOut, code := run(t, append(args, "--db", "road.db", "--osrm", l.URL)...)
	if code != 0 {
		t.Fatalf("plan through the fake: exit %d: %s", code, errOut)
	}
	gcOut, errOut, code := run(t, append(args, "--db", "gc.db")...)
	if code != 0 {
		t.Fatalf("plan with the built-in model: exit %d: %s", code, errOut)
	}
	if st := srv.Stats(); st.Requests == 0 || st.Refused != 0 {
		t.Fatalf("fake service stats %+v: want requests, none refused", st)
	}
	if roadOut != gcOut {
		t.Errorf("figures differ:\nthrough the fake:\n%s\nbuilt-in:\n%s", roadOut, gcOut)
	}
	road, gc := loadLatest(t, "road.db"), loadLatest(t, "gc.db")
	if !strings.HasPrefix(road.Travel, "osrm ") {
		t.Errorf("plan's travel model %q, want the road service", road.Travel)
	}
	if !reflect.DeepEqual(road.Sessions, gc.Sessions) {
		t.Errorf("sessions differ: %d through the fake, %d built-in", len(road.Sessions), len(gc.Sessions))
	}
}
