package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"medibus"
	"medibus/store"
)

// send is e.do for goroutines: it never stops the test, and takes extra headers.
func (e *env) send(method, path, token, body string, headers map[string]string) (int, string, error) {
	req, err := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, string(b), err
}

// race sends the requests at once and returns their statuses and bodies, in order.
func (e *env) race(reqs ...func() (int, string, error)) ([]int, []string) {
	e.t.Helper()
	codes, bodies, errs := make([]int, len(reqs)), make([]string, len(reqs)), make([]error, len(reqs))
	var start, done sync.WaitGroup
	start.Add(1)
	for i, req := range reqs {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			codes[i], bodies[i], errs[i] = req()
		}()
	}
	start.Done()
	done.Wait()
	for _, err := range errs {
		if err != nil {
			e.t.Fatal(err)
		}
	}
	return codes, bodies
}

// acceptedMoves finds two sessions of bus-23 that the desk would each accept, alone, in
// one other half-day of the bus (free, or whose session the move displaces).
func acceptedMoves(t *testing.T, e *env) (a, b, target string) {
	t.Helper()
	var ses struct {
		Sessions []struct {
			Date, Half string
		} `json:"sessions"`
	}
	_, body := e.do("GET", "/api/plans/1/sessions?unit=bus-23", e.coordinator, "")
	mustUnmarshal(t, body, &ses)
	start, _ := medibus.ParseDate("2026-11-23")
	for day := range 14 {
		d := start.AddDays(day)
		for _, h := range []string{"AM", "PM"} {
			if d.Weekday() == 0 || d.Weekday() == 6 {
				continue
			}
			var ok []string
			for _, s := range ses.Sessions {
				if s.Date == d.String() && s.Half == h {
					continue
				}
				req := fmt.Sprintf(`{"unit":"bus-23","date":%q,"half":%q,"to_date":%q,"to_half":%q}`, s.Date, s.Half, d, h)
				if _, body := e.do("POST", "/api/plans/1/pins/check", e.coordinator, req); strings.Contains(body, `"ok":true`) {
					ok = append(ok, req)
				}
				if len(ok) == 2 {
					return ok[0], ok[1], d.String() + "/" + h
				}
			}
		}
	}
	t.Fatal("no half-day of bus-23 takes two of its other sessions")
	return "", "", ""
}

// TestConcurrentMovesIntoOneHalfDay: two coordinators move two different sessions of
// bus-23 into the same free half-day at once, 50 rounds: each round exactly one move
// is stored (201); the other is refused (409: the pins changed under it, or 422: the
// half-day is taken), never lost silently nor stored twice.
func TestConcurrentMovesIntoOneHalfDay(t *testing.T) {
	e := newEnv(t)
	other := e.token(store.RoleCoordinator, "")
	a, b, target := acceptedMoves(t, e)
	for round := range 50 {
		codes, bodies := e.race(
			func() (int, string, error) { return e.send("POST", "/api/plans/1/pins", e.coordinator, a, nil) },
			func() (int, string, error) { return e.send("POST", "/api/plans/1/pins", other, b, nil) },
		)
		won := 0
		for i, c := range codes {
			switch c {
			case 201:
				won++
			case 409, 422:
			default:
				t.Fatalf("round %d: move %d answered %d %s", round, i, c, bodies[i])
			}
		}
		if won != 1 {
			t.Fatalf("round %d: %d moves stored into %s, want exactly 1: %v %v", round, won, target, codes, bodies)
		}
		for i, c := range codes {
			if c == 409 && !strings.Contains(bodies[i], "a changé depuis que vous l'avez lu") {
				t.Errorf("round %d: the refusal does not say who changed what: %s", round, bodies[i])
			}
		}
		ps, err := e.db.PinStateOf(context.Background(), 1)
		if err != nil || len(ps.Pins) != 1 {
			t.Fatalf("round %d: %d pins, %v", round, len(ps.Pins), err)
		}
		p := ps.Pins[0]
		if code, body, err := e.send("DELETE", fmt.Sprintf("/api/plans/1/pins/%s/%s/%s", p.Unit, p.Date, p.Half), e.coordinator, "", nil); err != nil || code != 204 {
			t.Fatalf("round %d: unpin: %d %s %v", round, code, body, err)
		}
	}
}

// TestConcurrentMovesOfOneSession: two coordinators move the same session to two
// different half-days at once: one move is stored, and the session is pinned once, in
// the pins and in the re-optimised plan; moving it again from its old slot is refused.
func TestConcurrentMovesOfOneSession(t *testing.T) {
	e := newEnv(t)
	other := e.token(store.RoleCoordinator, "")
	var ses struct {
		Sessions []struct{ Date, Half, Site, Service string } `json:"sessions"`
	}
	_, body := e.do("GET", "/api/plans/1/sessions?unit=bus-23", e.coordinator, "")
	mustUnmarshal(t, body, &ses)
	raced := 0
	for round := range 20 {
		s := ses.Sessions[round%len(ses.Sessions)]
		var slots []string
		_, check := e.do("POST", "/api/plans/1/pins/check", e.coordinator, fmt.Sprintf(`{"unit":"bus-23","date":%q,"half":%q,"to_date":"2026-11-27"}`, s.Date, s.Half))
		var vd struct {
			Alternatives struct {
				Slots []struct{ Date, Half string }
			}
		}
		json.Unmarshal([]byte(check), &vd)
		for _, o := range vd.Alternatives.Slots {
			if o.Date == s.Date && o.Half == s.Half {
				continue // pinning it where it is moves nothing
			}
			slots = append(slots, fmt.Sprintf(`{"unit":"bus-23","date":%q,"half":%q,"to_date":%q,"to_half":%q}`, s.Date, s.Half, o.Date, o.Half))
		}
		if len(slots) < 2 {
			continue
		}
		raced++
		codes, bodies := e.race(
			func() (int, string, error) { return e.send("POST", "/api/plans/1/pins", e.coordinator, slots[0], nil) },
			func() (int, string, error) { return e.send("POST", "/api/plans/1/pins", other, slots[1], nil) },
		)
		if n := count201(codes); n != 1 {
			t.Fatalf("round %d: %d moves of one session stored: %v %v", round, n, codes, bodies)
		}
		for i, c := range codes {
			if c != 201 && c != 409 && c != 422 {
				t.Fatalf("round %d: move %d answered %d %s", round, i, c, bodies[i])
			}
		}
		ps, err := e.db.PinStateOf(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		from := map[medibus.SlotKey]int{}
		for _, o := range ps.Origins {
			from[o]++
		}
		for o, n := range from {
			if n > 1 {
				t.Fatalf("round %d: the session of %v is pinned %d times", round, o, n)
			}
		}
		for _, p := range ps.Pins {
			e.do("DELETE", fmt.Sprintf("/api/plans/1/pins/%s/%s/%s", p.Unit, p.Date, p.Half), e.coordinator, "")
		}
	}
	if raced < 5 {
		t.Fatalf("only %d rounds found two half-days to race a session to", raced)
	}
	// Moved once, the session cannot be moved again from where it was.
	s := ses.Sessions[0]
	first := fmt.Sprintf(`{"unit":"bus-23","date":%q,"half":%q}`, s.Date, s.Half)
	_, check := e.do("POST", "/api/plans/1/pins/check", e.coordinator, strings.Replace(first, "}", `,"to_date":"2026-11-27"}`, 1))
	var vd struct {
		Alternatives struct{ Slots []struct{ Date, Half string } }
	}
	json.Unmarshal([]byte(check), &vd)
	vd.Alternatives.Slots = slices.DeleteFunc(vd.Alternatives.Slots, func(o struct{ Date, Half string }) bool { return o.Date == s.Date && o.Half == s.Half })
	if len(vd.Alternatives.Slots) < 2 {
		t.Fatal("no two other half-days take the first session")
	}
	to := func(i int) string {
		o := vd.Alternatives.Slots[i]
		return strings.Replace(first, "}", fmt.Sprintf(`,"to_date":%q,"to_half":%q}`, o.Date, o.Half), 1)
	}
	if res, body := e.do("POST", "/api/plans/1/pins", e.coordinator, to(0)); res.StatusCode != 201 {
		t.Fatalf("first move: %d %s", res.StatusCode, body)
	}
	if res, body := e.do("POST", "/api/plans/1/pins", e.coordinator, to(1)); res.StatusCode != 422 || !strings.Contains(body, "déjà été déplacée") {
		t.Errorf("moving the session again from its old slot: %d %s", res.StatusCode, body)
	}
	res, body := e.do("POST", "/api/plans/1/reoptimise", e.coordinator, `{"time_limit_s":3}`)
	if res.StatusCode != 202 {
		t.Fatalf("reoptimise: %d %s", res.StatusCode, body)
	}
	waitRunDone(t, e, runID(t, body))
	pl, err := e.db.PlanByID(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	o := vd.Alternatives.Slots[0]
	n := 0
	for _, se := range pl.Sessions {
		if se.Unit == "bus-23" && se.Site == s.Site && se.Service == s.Service && (se.Date.String() == s.Date && se.Half.String() == s.Half ||
			se.Date.String() == o.Date && se.Half.String() == o.Half) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the moved session is held %d times in the re-optimised plan, want once", n)
	}
}

func count201(codes []int) int {
	n := 0
	for _, c := range codes {
		if c == 201 {
			n++
		}
	}
	return n
}

// TestPinDuringRun: a re-optimisation reads the pins when it starts; a pin set after
// (here, once the run has been accepted) is not in its result, which says it was made
// before that pin, and by whom.
func TestPinDuringRun(t *testing.T) {
	e := newEnv(t)
	res, body := e.do("POST", "/api/plans/1/reoptimise", e.coordinator, `{"time_limit_s":3}`)
	if res.StatusCode != 202 {
		t.Fatalf("reoptimise: %d %s", res.StatusCode, body)
	}
	id := runID(t, body)
	date, half := firstSession(t, e)
	if res, body := e.do("POST", "/api/plans/1/pins", e.coordinator, fmt.Sprintf(`{"unit":"bus-23","date":%q,"half":%q}`, date, half)); res.StatusCode != 201 {
		t.Fatalf("pin during the run: %d %s", res.StatusCode, body)
	}
	waitRunDone(t, e, id)
	var detail struct {
		Plan struct {
			ParentID       int64 `json:"parent_id"`
			ParentRevision int64 `json:"parent_revision"`
		}
		PinsSince []store.Edit `json:"pins_since"`
	}
	_, body = e.do("GET", "/api/plans/2", e.coordinator, "")
	mustUnmarshal(t, body, &detail)
	if detail.Plan.ParentID != 1 || detail.Plan.ParentRevision != 1 || len(detail.PinsSince) != 1 || !strings.Contains(detail.PinsSince[0].Who, "coordination nationale") {
		t.Errorf("plan 2 does not say it predates the pin: %.600s", body)
	}
	if _, body := e.do("GET", "/api/plans/2/sessions", e.coordinator, ""); strings.Contains(body, `"pinned":true`) {
		t.Error("a pin set after the run started is in its result")
	}
}

// TestPublishRace: two coordinators read the publication summary of two plans at the
// same published revision and publish at once: one publication is stored, the other is
// refused (409) saying who published what, and its plan stays a draft; nothing is
// archived but by the publication stored. Read again, the summary counts the
// publication made, and publishing with it goes through.
func TestPublishRace(t *testing.T) {
	e := newEnv(t)
	other := e.token(store.RoleCoordinator, "")
	for _, body := range []string{`{"time_limit_s":2}`, `{"time_limit_s":2,"seed":2}`} {
		res, b := e.do("POST", "/api/plans/1/reoptimise", e.coordinator, body)
		if res.StatusCode != 202 {
			t.Fatalf("reoptimise: %d %s", res.StatusCode, b)
		}
		waitRunDone(t, e, runID(t, b))
	}
	revOf := func(id string) int64 {
		var ch struct{ Revision int64 }
		_, body := e.do("GET", "/api/plans/"+id+"/changes", e.coordinator, "")
		mustUnmarshal(t, body, &ch)
		return ch.Revision
	}
	r2, r3 := revOf("2"), revOf("3")
	codes, bodies := e.race(
		func() (int, string, error) {
			return e.send("POST", "/api/plans/2/publish", e.coordinator, fmt.Sprintf(`{"revision":%d}`, r2), nil)
		},
		func() (int, string, error) {
			return e.send("POST", "/api/plans/3/publish", other, "", map[string]string{"If-Match": fmt.Sprintf(`"r%d"`, r3)})
		},
	)
	if !(codes[0] == 200 && codes[1] == 409 || codes[0] == 409 && codes[1] == 200) {
		t.Fatalf("publish race: %v %v", codes, bodies)
	}
	loser, winner := "3", "2"
	if codes[0] == 409 {
		loser, winner = "2", "3"
	}
	lost := bodies[0]
	if codes[1] == 409 {
		lost = bodies[1]
	}
	if !strings.Contains(lost, "a publié le plan "+winner) {
		t.Errorf("the refusal does not say who published what: %s", lost)
	}
	if _, body := e.do("GET", "/api/plans/"+loser, e.coordinator, ""); !strings.Contains(body, `"status":"draft"`) {
		t.Errorf("the refused plan %s is not a draft: %.200s", loser, body)
	}
	if _, body := e.do("GET", "/api/plans", e.coordinator, ""); strings.Count(body, `"status":"archived"`) != 0 {
		// Plan 1 was never published here: nothing may be archived.
		t.Errorf("a plan was archived: %.500s", body)
	}
	if res, body := e.do("POST", "/api/plans/"+loser+"/publish", e.coordinator, fmt.Sprintf(`{"revision":%d}`, revOf(loser))); res.StatusCode != 200 {
		t.Errorf("publishing with the summary read again: %d %s", res.StatusCode, body)
	}
}
