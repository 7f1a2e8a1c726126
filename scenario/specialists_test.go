package scenario

import (
	"maps"
	"testing"
)

// TestShareSessions: a service's national sessions go to the regions by their people
// in need, by equal proportions: one each first, then where a session adds most.
func TestShareSessions(t *testing.T) {
	for _, tc := range []struct {
		name   string
		inNeed map[string]int
		n      int
		want   map[string]int
	}{
		// Priorities after one each: a 900/√2 = 636, b 300/√2 = 212, c 100/√2 = 71;
		// a's second gives a 900/√6 = 367, still first; then a 900/√12 = 260; then b.
		{"by people in need", map[string]int{"a": 900, "b": 300, "c": 100}, 6, map[string]int{"a": 4, "b": 1, "c": 1}},
		{"one each before any two", map[string]int{"a": 900, "b": 300, "c": 100}, 3, map[string]int{"a": 1, "b": 1, "c": 1}},
		{"too few: the neediest first", map[string]int{"a": 900, "b": 300, "c": 100}, 2, map[string]int{"a": 1, "b": 1}},
		{"none where none", map[string]int{"a": 900, "z": 0}, 2, map[string]int{"a": 2}},
		// Quotas 4.57, 1.52, 0.91: the largest remainder would give 5, 1, 1 (600, 1,000
		// and 600 people in need a session: b's rate 0.6 of a's); equal proportions
		// give 4, 2, 1 (750, 500, 600: the worst 0.67 of the best).
		{"rates as even as can be", map[string]int{"a": 3000, "b": 1000, "c": 600}, 7, map[string]int{"a": 4, "b": 2, "c": 1}},
		{"nothing to share", map[string]int{"a": 900}, 0, map[string]int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := shareSessions(tc.inNeed, tc.n); !maps.Equal(got, tc.want) {
				t.Errorf("sessions %v, want %v", got, tc.want)
			}
		})
	}
}

// TestTeamOf: a region's share of the national sessions is held by as many
// professionals as the weekly cap needs, on two equipped buses each; tele-consultation
// needs one remote specialist per RemoteMax sessions.
func TestTeamOf(t *testing.T) {
	gyn := ServiceParams{SessionsPerWeek: 40, StaffMax: 4, BusesPerRegion: 2, StaffPerRegion: 1}
	tele := ServiceParams{SessionsPerWeek: 40, StaffMax: 2, BusesPerRegion: 2, StaffPerRegion: 1, Remote: []string{"dermatologist"}, RemotePerRegion: 1, RemoteMax: 4}
	old := ServiceParams{StaffMax: 4, BusesPerRegion: 2, StaffPerRegion: 1}
	p := Defaults()
	fleet := make([]busPlace, 6)
	for i := range fleet {
		fleet[i].dept.Region = "75"
	}
	for _, tc := range []struct {
		name string
		sp   ServiceParams
		s    int
		want regionTeam
	}{
		{"Nouvelle-Aquitaine's eight", gyn, 8, regionTeam{caps: []int{4, 4}, buses: 4}},
		{"five: caps as even as can be", gyn, 5, regionTeam{caps: []int{3, 2}, buses: 4}},
		{"one", gyn, 1, regionTeam{caps: []int{1}, buses: 2}},
		{"no share, no team", gyn, 0, regionTeam{}},
		{"tele: nurses two sessions each, a dermatologist per four", tele, 5, regionTeam{caps: []int{2, 2, 1}, remote: 2, buses: 6}},
		{"without a national capacity: scaled to the region's six buses", old, 0, regionTeam{caps: []int{3}, remote: 0, buses: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := teamOf(fleet, "75", &tc.sp, &p, tc.s)
			if !maps.Equal(map[string]int{"remote": got.remote, "buses": got.buses}, map[string]int{"remote": tc.want.remote, "buses": tc.want.buses}) ||
				len(got.caps) != len(tc.want.caps) {
				t.Fatalf("team %+v, want %+v", got, tc.want)
			}
			for i := range got.caps {
				if got.caps[i] != tc.want.caps[i] {
					t.Errorf("caps %v, want %v", got.caps, tc.want.caps)
				}
			}
		})
	}
}

// TestScopeShare: a scenario holding part of a region keeps the part of the region's
// sessions its people in need make, one at least.
func TestScopeShare(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		share, scoped, region int
		want                  int
	}{
		{"the whole region", 8, 950222, 950222, 8},
		{"Creuse in Nouvelle-Aquitaine: 0.69 of a session", 8, 81554, 950222, 1},
		{"Dordogne: 1.15", 8, 136337, 950222, 1},
		{"half the region", 8, 475111, 950222, 4},
		{"nobody in need in scope", 8, 0, 950222, 0},
	} {
		if got := scopeShare(tc.share, tc.scoped, tc.region); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}
