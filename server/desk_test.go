package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// verdict is the desk's answer as the tests read it.
type verdict struct {
	OK       bool   `json:"ok"`
	Error    string `json:"error"`
	Refusals []struct {
		Rule    int    `json:"rule"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"refusals"`
	Warnings []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"warnings"`
	Alternatives struct {
		Staff []struct {
			Staff []string `json:"staff"`
			Label string   `json:"label"`
		} `json:"staff"`
		Slots []struct {
			Date string `json:"date"`
			Half string `json:"half"`
			Free bool   `json:"free"`
		} `json:"slots"`
	} `json:"alternatives"`
}

// firstSession returns a session of plan 1 of bus-23.
func firstSession(t *testing.T, e *env) (date, half string) {
	t.Helper()
	var ss struct {
		Sessions []struct{ Date, Half string } `json:"sessions"`
	}
	_, body := e.do("GET", "/api/plans/1/sessions?unit=bus-23", e.coordinator, "")
	mustUnmarshal(t, body, &ss)
	return ss.Sessions[0].Date, ss.Sessions[0].Half
}

// TestDeskRefusesInFrench: the moves the planner could not hold are refused before
// anything is stored, in French, with the moves that would work; none is stored.
func TestDeskRefusesInFrench(t *testing.T) {
	e := newEnv(t)
	date, half := firstSession(t, e)
	unit, udate, uhalf, staff := unavailableMove(t, e, 1)
	for _, tc := range []struct {
		name, body, code, want string
	}{
		{"a Saturday", fmt.Sprintf(`{"unit":"bus-23","date":%q,"half":%q,"to_date":"2026-11-28"}`, date, half),
			"bus-off-day", "Le médicobus ne circule pas le samedi"},
		{"a Sunday", fmt.Sprintf(`{"unit":"bus-23","date":%q,"half":%q,"to_date":"2026-11-29","to_half":"PM"}`, date, half),
			"bus-off-day", "ne circule pas le dimanche"},
		{"an unavailable professional", fmt.Sprintf(`{"unit":%q,"date":%q,"half":%q,"to_staff":[%q]}`, unit, udate, uhalf, staff),
			"staff-unavailable", "n'est pas disponible"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := e.do("POST", "/api/plans/1/pins", e.coordinator, tc.body)
			var vd verdict
			mustUnmarshal(t, body, &vd)
			if res.StatusCode != 422 || vd.OK || len(vd.Refusals) == 0 || vd.Refusals[0].Code != tc.code ||
				!strings.Contains(vd.Refusals[0].Message, tc.want) || !strings.HasPrefix(vd.Error, "Déplacement refusé") {
				t.Fatalf("%d %s", res.StatusCode, body)
			}
			if len(vd.Alternatives.Slots) == 0 {
				t.Errorf("no other half-day offered: %s", body)
			}
			// Every alternative offered is accepted.
			for _, s := range vd.Alternatives.Slots[:1] {
				var req map[string]any
				json.Unmarshal([]byte(tc.body), &req)
				req["to_date"], req["to_half"] = s.Date, s.Half
				b, _ := json.Marshal(req)
				if _, body := e.do("POST", "/api/plans/1/pins/check", e.coordinator, string(b)); !strings.Contains(body, `"ok":true`) {
					t.Errorf("alternative %s %s refused: %s", s.Date, s.Half, body)
				}
			}
		})
	}
	if _, body := e.do("GET", "/api/plans/1/pins", e.coordinator, ""); !strings.Contains(body, `"pins":[]`) {
		t.Errorf("refused pins were stored: %s", body)
	}
}

// TestDeskAcceptsAndReoptimiseHolds: an accepted move is stored with what
// re-optimising will change; re-optimising then holds it, and the session moves rather
// than being copied.
func TestDeskAcceptsAndReoptimiseHolds(t *testing.T) {
	e := newEnv(t)
	unit, date, half, staff := unavailableMove(t, e, 1)
	_, body := e.do("POST", "/api/plans/1/pins/check", e.coordinator, fmt.Sprintf(`{"unit":%q,"date":%q,"half":%q,"to_staff":[%q]}`, unit, date, half, staff))
	var vd verdict
	mustUnmarshal(t, body, &vd)
	slot := vd.Alternatives.Slots[0]
	req := fmt.Sprintf(`{"unit":%q,"date":%q,"half":%q,"to_date":%q,"to_half":%q,"to_staff":[%q]}`, unit, date, half, slot.Date, slot.Half, staff)
	res, body := e.do("POST", "/api/plans/1/pins", e.coordinator, req)
	if res.StatusCode != 201 || !strings.Contains(body, `"ok":true`) {
		t.Fatalf("accepted move: %d %s", res.StatusCode, body)
	}
	if !slot.Free && !strings.Contains(body, "sera replanifiée") {
		t.Errorf("a move onto a busy half-day says nothing of the session it displaces: %s", body)
	}
	res, body = e.do("POST", "/api/plans/1/reoptimise", e.coordinator, `{"time_limit_s":5}`)
	if res.StatusCode != 202 {
		t.Fatalf("reoptimise: %d %s", res.StatusCode, body)
	}
	waitRunDone(t, e, 1)
	type session struct {
		Date, Half, Site, Service string
		Pinned                    bool
	}
	var before, after struct{ Sessions []session }
	_, body = e.do("GET", "/api/plans/1/sessions?unit="+unit+"&date="+date, e.coordinator, "")
	mustUnmarshal(t, body, &before)
	_, body = e.do("GET", "/api/plans/2/sessions?unit="+unit, e.coordinator, "")
	mustUnmarshal(t, body, &after)
	var moved session
	for _, s := range before.Sessions {
		if s.Half == half {
			moved = s
		}
	}
	var atNew, copied bool
	for _, s := range after.Sessions {
		atNew = atNew || s.Date == slot.Date && s.Half == slot.Half && s.Pinned && s.Site == moved.Site
		copied = copied || s.Date == date && s.Half == half && s.Site == moved.Site && s.Service == moved.Service
	}
	if !atNew {
		t.Errorf("plan 2 does not hold the moved session on %s %s", slot.Date, slot.Half)
	}
	if copied && (slot.Date != date || slot.Half != half) {
		t.Errorf("the moved session is still on %s %s in plan 2: copied, not moved", date, half)
	}
}

// runID reads the id of the run a 202 answer started.
func runID(t *testing.T, body string) int {
	t.Helper()
	var st struct {
		ID int `json:"id"`
	}
	if err := json.Unmarshal([]byte(body), &st); err != nil || st.ID == 0 {
		t.Fatalf("no run id in %s", body)
	}
	return st.ID
}

// waitRunDone waits for run id to end and fails the test if it failed.
func waitRunDone(t *testing.T, e *env, id int) string {
	t.Helper()
	for range 400 {
		_, body := e.do("GET", fmt.Sprintf("/api/runs/%d", id), e.coordinator, "")
		if strings.Contains(body, `"status":"done"`) {
			return body
		}
		if strings.Contains(body, `"status":"failed"`) {
			t.Fatalf("run %d failed: %s", id, body)
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("run %d did not finish", id)
	return ""
}

// TestDeskHolidayAndClosure: a plan is a rotation, so a move onto a date that a
// declared closure covers is accepted (the closure cancels that date's occurrence, not
// the slot of every later cycle), with a warning that says so; a pin that a closure
// declared since covers does not stop a re-optimisation.
func TestDeskHolidayAndClosure(t *testing.T) {
	e := newEnv(t)
	date, half := firstSession(t, e)
	res, body := e.do("POST", "/api/closures", e.coordinator, `{"from":"2026-12-01","to":"2026-12-01","department":"23","reason":"neige"}`)
	if res.StatusCode != 201 {
		t.Fatalf("closure: %d %s", res.StatusCode, body)
	}
	res, body = e.do("POST", "/api/plans/1/pins/check", e.coordinator, fmt.Sprintf(`{"unit":"bus-23","date":%q,"half":%q,"to_date":"2026-12-01","to_staff":["gp-bus-23-2"]}`, date, half))
	if res.StatusCode != 200 || !strings.Contains(body, `"code":"closed-date"`) || !strings.Contains(body, "annulée ce jour-là seulement") {
		t.Fatalf("move onto a closure: %d %s", res.StatusCode, body)
	}
	if strings.Contains(body, `"code":"closure"`) {
		t.Errorf("a closure refuses a move in the rotation: %s", body)
	}
	// A pin set before a closure that then covers it: re-optimising goes on.
	if res, body := e.do("POST", "/api/plans/1/pins", e.coordinator, fmt.Sprintf(`{"unit":"bus-23","date":%q,"half":%q}`, date, half)); res.StatusCode != 201 {
		t.Fatalf("pin in place: %d %s", res.StatusCode, body)
	}
	e.do("POST", "/api/closures", e.coordinator, fmt.Sprintf(`{"from":%q,"reason":"grève"}`, date))
	res, body = e.do("POST", "/api/plans/1/reoptimise", e.coordinator, `{"time_limit_s":5}`)
	if res.StatusCode != 202 {
		t.Fatalf("reoptimise with a pin on a closure: %d %s", res.StatusCode, body)
	}
	waitRunDone(t, e, runID(t, body))
	for _, bad := range []string{`{"from":"2026-12-02","to":"2026-12-01","reason":"x"}`, `{"from":"2026-12-01","reason":""}`, `{"from":"2026-12-01","department":"999","reason":"x"}`} {
		if res, body := e.do("POST", "/api/closures", e.coordinator, bad); res.StatusCode != 422 {
			t.Errorf("closure %s: %d %s", bad, res.StatusCode, body)
		}
	}
	if res, body := e.do("GET", "/api/closures", e.coordinator, ""); res.StatusCode != 200 || strings.Count(body, `"reason"`) != 2 {
		t.Errorf("closures: %d %s", res.StatusCode, body)
	}
	if res, _ := e.do("DELETE", "/api/closures/1", e.coordinator, ""); res.StatusCode != 204 {
		t.Errorf("delete closure: %d", res.StatusCode)
	}
}
