package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestClosureDatesInReach: a closure is declared from a year back to five years ahead
// of today (2026-11-23 in the tests); outside, 422 in French and nothing stored.
// Before, one from 0001-01-01 to 9999-12-31 was stored.
func TestClosureDatesInReach(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		from, to string
		status   int
	}{
		{"0001-01-01", "", http.StatusUnprocessableEntity},
		{"2026-12-01", "9999-12-31", http.StatusUnprocessableEntity},
		{"2025-11-22", "2025-11-22", http.StatusUnprocessableEntity},
		{"2031-11-24", "", http.StatusUnprocessableEntity},
		{"2025-11-23", "2025-11-23", http.StatusCreated},
		{"2031-11-23", "", http.StatusCreated},
	} {
		body := fmt.Sprintf(`{"from":%q,"to":%q,"department":"23","reason":"neige"}`, tc.from, tc.to)
		res, got := e.do("POST", "/api/closures", e.coordinator, body)
		if res.StatusCode != tc.status {
			t.Errorf("%s: %d %s, want %d", body, res.StatusCode, got, tc.status)
		}
		if tc.status == http.StatusUnprocessableEntity && !strings.Contains(got, "une fermeture se déclare entre le dimanche 23 novembre 2025 et le dimanche 23 novembre 2031") {
			t.Errorf("%s: %s, want the span in French", body, got)
		}
	}
	if _, got := e.do("GET", "/api/closures", e.coordinator, ""); strings.Count(got, `"reason"`) != 2 {
		t.Errorf("closures stored: %s, want the 2 in reach", got)
	}
	res, got := e.do("POST", "/api/plans/1/replan", e.coordinator, `{"unavailable":[{"id":"bus-23","from":"2026-12-01","to":"9999-12-31"}]}`)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(got, "jusqu'au dimanche 23 novembre 2031 au plus") {
		t.Errorf("a breakdown until 9999: %d %s", res.StatusCode, got)
	}
}

// TestDeletedClosureIDNotReused: a closure declared after the latest one was deleted
// gets a new id, and a stale DELETE of the old id leaves it (404). Before, it got the
// deleted one's id and the stale DELETE removed it.
func TestDeletedClosureIDNotReused(t *testing.T) {
	e := newEnv(t)
	add := func() int64 {
		t.Helper()
		res, body := e.do("POST", "/api/closures", e.coordinator, `{"from":"2026-12-01","department":"23","reason":"neige"}`)
		var c struct{ ID int64 }
		if res.StatusCode != http.StatusCreated || json.Unmarshal([]byte(body), &c) != nil {
			t.Fatalf("declare: %d %s", res.StatusCode, body)
		}
		return c.ID
	}
	add()
	old := add()
	if res, _ := e.do("DELETE", fmt.Sprintf("/api/closures/%d", old), e.coordinator, ""); res.StatusCode != http.StatusNoContent {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if id := add(); id == old {
		t.Fatalf("the new closure got the deleted one's id %d", id)
	}
	if res, _ := e.do("DELETE", fmt.Sprintf("/api/closures/%d", old), e.coordinator, ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("a stale delete: %d, want 404", res.StatusCode)
	}
	if _, got := e.do("GET", "/api/closures", e.coordinator, ""); strings.Count(got, `"reason"`) != 2 {
		t.Errorf("closures: %s, want 2", got)
	}
}
