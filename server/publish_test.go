package server_test

import (
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
)

// TestReplanAndPublishSummary: a breakdown declared through the API is planned by a
// run as a dated change of the published calendar; its changes name the sessions,
// communes and buses concerned, on its dates only; publishing it leaves the rotation
// in force (not archived), and the notice lists the town halls and drivers to tell.
func TestReplanAndPublishSummary(t *testing.T) {
	e := newEnv(t)
	e.publish("1")
	for _, tc := range []struct{ body, want string }{
		{`{}`, "rien à replanifier"},
		{`{"unavailable":[{"id":"bus-99","from":"2026-11-24"}]}`, `Aucun planning n'est publié pour bus-99`},
		{`{"absent":[{"id":"gp-bus-23-1","from":"2026-11-25","to":"2026-11-24"}]}`, "la première avant la seconde"},
	} {
		if res, body := e.do("POST", "/api/plans/1/replan", e.coordinator, tc.body); res.StatusCode != 422 || !strings.Contains(body, tc.want) {
			t.Errorf("replan %s: %d %s", tc.body, res.StatusCode, body)
		}
	}
	res, body := e.do("POST", "/api/plans/1/replan", e.coordinator, `{"unavailable":[{"id":"bus-23","from":"2026-11-24","to":"2026-11-25"}],"fill":true}`)
	if res.StatusCode != 202 {
		t.Fatalf("replan: %d %s", res.StatusCode, body)
	}
	waitRunDone(t, e, 1)
	var ch struct {
		Calendar bool  `json:"against_calendar"`
		Revision int64 `json:"revision"`
		Summary  struct {
			Cancelled, Moved, Kept int
		} `json:"summary"`
		Changes []struct {
			Kind, Commune string
			Date          string
		} `json:"changes"`
		Communes []struct {
			Name          string
			Before, After int
		} `json:"communes"`
		Drivers []struct{ Unit string } `json:"drivers"`
	}
	_, body = e.do("GET", "/api/plans/2/changes", e.coordinator, "")
	mustUnmarshal(t, body, &ch)
	if !ch.Calendar || ch.Revision != 2 || ch.Summary.Cancelled+ch.Summary.Moved == 0 || len(ch.Changes) == 0 || len(ch.Drivers) == 0 || ch.Changes[0].Commune == "" {
		t.Fatalf("changes of the breakdown against the published calendar: %s", body)
	}
	for _, c := range ch.Changes {
		if c.Date != "2026-11-24" && c.Date != "2026-11-25" {
			t.Errorf("the breakdown of 24–25 November changes %s", c.Date)
		}
	}
	if len(ch.Communes) == 0 {
		t.Errorf("no commune loses a visit after a two-day breakdown: %s", body)
	}
	e.publish("2")
	if _, body := e.do("GET", "/api/plans", e.coordinator, ""); strings.Contains(body, `"status":"archived"`) {
		t.Errorf("a dated change archived the rotation: %.400s", body)
	}
	// After publication the notice compares with the calendar as it was before.
	res, body = e.do("GET", "/api/plans/2/notice.csv", e.coordinator, "")
	if res.StatusCode != 200 || !strings.HasPrefix(body, "\uFEFFdestinataire;") {
		t.Fatalf("notice: %d %.300s", res.StatusCode, body)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF")))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("notice CSV: %v, %d rows", err, len(rows))
	}
	kinds := map[string]bool{}
	for _, row := range rows[1:] {
		kinds[row[0]] = true
	}
	if !kinds["mairie"] || !kinds["conducteur"] {
		t.Errorf("notice tells %v, want town halls and drivers", kinds)
	}
	res, body = e.do("GET", "/plan/2/notice", e.coordinator, "")
	if res.StatusCode != 200 || !strings.Contains(body, "Mairie d") || !strings.Contains(body, "Conducteurs") {
		t.Errorf("notice page: %d %.500s", res.StatusCode, body)
	}
}

// TestMapDataMatchesKPIs: the map's figures are the KPIs': the plan's rate and the
// worst department's, recomputed from the departments' rows; classes cut at quarters of
// the plan's rate.
func TestMapDataMatchesKPIs(t *testing.T) {
	e := newEnv(t)
	var m struct {
		Per1000          float64 `json:"per_1000_in_need"`
		WorstDepartment  string  `json:"worst_department"`
		WorstPer1000     float64 `json:"worst_department_per_1000"`
		PopulationInNeed int     `json:"population_in_need"`
		Departments      []struct {
			Code    string  `json:"code"`
			InNeed  int     `json:"in_need"`
			Booked  float64 `json:"booked"`
			Per1000 float64 `json:"per_1000"`
			Counted bool    `json:"counted"`
		} `json:"departments"`
		Communes []struct {
			InNeed int `json:"in_need"`
		} `json:"communes"`
		Routes      []struct{ Points [][2]float64 } `json:"routes"`
		Classes     []struct{ Min, Max float64 }    `json:"classes"`
		WithoutCare []struct {
			Code   string `json:"code"`
			Name   string `json:"name"`
			InNeed int    `json:"in_need"`
		} `json:"departments_without_care"`
	}
	var k struct {
		Per1000     float64 `json:"per_1000_in_need"`
		Worst       float64 `json:"worst_department_per_1000"`
		WithoutCare []struct {
			Department string `json:"department"`
			InNeed     int    `json:"population_in_need"`
		} `json:"departments_without_care"`
	}
	for _, svc := range []string{"", "?service=eye"} {
		res, body := e.do("GET", "/api/plans/1/map"+svc, e.coordinator, "")
		if res.StatusCode != 200 {
			t.Fatalf("map: %d %s", res.StatusCode, body)
		}
		mustUnmarshal(t, body, &m)
		if svc == "" {
			_, kb := e.do("GET", "/api/plans/1/kpis", e.coordinator, "")
			mustUnmarshal(t, kb, &k)
			if m.Per1000 != k.Per1000 || m.WorstPer1000 != k.Worst {
				t.Errorf("map says %v, worst %v; KPIs %v, worst %v", m.Per1000, m.WorstPer1000, k.Per1000, k.Worst)
			}
			// The legend names the departments left without care, as the KPIs do.
			if len(m.WithoutCare) != len(k.WithoutCare) {
				t.Errorf("map names %d departments without care, KPIs %d", len(m.WithoutCare), len(k.WithoutCare))
			}
			for i := range min(len(m.WithoutCare), len(k.WithoutCare)) {
				if w, kw := m.WithoutCare[i], k.WithoutCare[i]; w.Code != kw.Department || w.InNeed != kw.InNeed || w.Name == "" {
					t.Errorf("without care %d: map %+v, KPIs %+v", i, w, kw)
				}
			}
		}
		var booked float64
		var inNeed, communes int
		for _, d := range m.Departments {
			booked += d.Booked
			inNeed += d.InNeed
			if d.Counted && d.Code == m.WorstDepartment && fmt.Sprintf("%.2f", d.Per1000) != fmt.Sprintf("%.2f", m.WorstPer1000) {
				t.Errorf("worst department %s: %v on the map, %v in the KPIs", d.Code, d.Per1000, m.WorstPer1000)
			}
		}
		for _, c := range m.Communes {
			communes += c.InNeed
		}
		rate := booked * 365 / 14 * 1000 / float64(inNeed)
		if inNeed != m.PopulationInNeed || communes != inNeed || fmt.Sprintf("%.1f", rate) != fmt.Sprintf("%.1f", m.Per1000) {
			t.Errorf("service %q: departments add up to %d in need and %.2f per 1,000, communes to %d; KPIs %d and %.2f",
				svc, inNeed, rate, communes, m.PopulationInNeed, m.Per1000)
		}
		if len(m.Classes) != 6 || len(m.Routes) == 0 || len(m.Routes[0].Points) < 3 {
			t.Errorf("classes %v, %d routes", m.Classes, len(m.Routes))
		}
	}
	if res, body := e.do("GET", "/api/plans/1/map?service=dentist", e.coordinator, ""); res.StatusCode != 400 || !strings.Contains(body, "gp, gyn, eye") {
		t.Errorf("unknown service: %d %s", res.StatusCode, body)
	}
}
