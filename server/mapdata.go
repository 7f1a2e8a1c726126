package server

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"

	"medibus"
	"medibus/scheduler"
)

// The coordinator's map is drawn in the browser by Leaflet, without tiles, on the
// department outlines (static/departments-fr.geojson). The server gives it the plan's
// data: the care figure of the plan's KPIs by department and by commune in need, with
// the classes of its legend, the depots, the sites used and every bus-day's route.

// mapJSON is the body of GET /api/plans/{id}/map.
type mapJSON struct {
	PlanID  int64  `json:"plan_id"`
	Service string `json:"service"`
	Name    string `json:"service_name"`
	// Figure names the measure, in French, as the figures table names it.
	Figure string `json:"figure"`
	// Per1000, WorstDepartment and WorstDepartmentPer1000 are the plan's KPIs of the
	// service, the same numbers as the figures: the legend quotes them.
	Per1000                float64 `json:"per_1000_in_need"`
	WorstDepartment        string  `json:"worst_department,omitempty"`
	WorstDepartmentName    string  `json:"worst_department_name,omitempty"`
	WorstDepartmentPer1000 float64 `json:"worst_department_per_1000"`
	PopulationInNeed       int     `json:"population_in_need"`
	// WithoutCare names the departments whose people in need have no consultation of
	// the service booked (the KPIs' departments_without_care), most people in need first.
	WithoutCare []deptNeed    `json:"departments_without_care"`
	Classes     []rateClass   `json:"classes"`
	Departments []deptRate    `json:"departments"`
	Communes    []communeRate `json:"communes"`
	Depots      []place       `json:"depots"`
	Sites       []place       `json:"sites"`
	Routes      []busRoute    `json:"routes"`
}

// rateClass is one class of the legend: rates from Min (included) to Max (excluded;
// 0 for the last, open class).
type rateClass struct {
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
	Color string  `json:"color"`
	Label string  `json:"label"`
}

// deptNeed is a department left without care, named, with its people in need.
type deptNeed struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	InNeed int    `json:"in_need"`
}

type deptRate struct {
	Code     string  `json:"code"`
	Name     string  `json:"name"`
	InNeed   int     `json:"in_need"`
	Booked   float64 `json:"booked"`   // consultations over the cycle to its people in need
	Per1000  float64 `json:"per_1000"` // consultations per 1,000 in need per year
	Counted  bool    `json:"counted"`  // large enough to count for the worst department
	Class    int     `json:"class"`
	Sessions int     `json:"sessions"`
}

type communeRate struct {
	INSEE   string  `json:"insee"`
	Name    string  `json:"name"`
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
	InNeed  int     `json:"in_need"`
	Per1000 float64 `json:"per_1000"`
	Class   int     `json:"class"`
}

type place struct {
	ID   string  `json:"id"`
	Name string  `json:"name"`
	Lat  float64 `json:"lat"`
	Lon  float64 `json:"lon"`
	// Sessions held at a site over the cycle.
	Sessions int `json:"sessions,omitempty"`
}

// busRoute is one bus-day's way: depot, its sites, depot, as [lat, lon] pairs.
type busRoute struct {
	Unit   string       `json:"unit"`
	Date   medibus.Date `json:"date"`
	Points [][2]float64 `json:"points"`
	Km     float64      `json:"km"`
	Min    int          `json:"min"`
}

// ratePalette is a sequential single-hue scale (ColorBrewer Blues): pale for little
// care, dark for much, which reads in grey and to colour-blind eyes; the first colour,
// for people in need who get no consultation at all, is a warm one that stands out.
var ratePalette = []string{"#f4a582", "#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"}

// rateClasses cuts the rates at a quarter, half, three quarters and all of the plan's
// headline rate (rounded to two significant figures), so that the legend reads against
// the figure the KPIs give: the darkest class is at or above the plan's average.
func rateClasses(avg float64) []rateClass {
	step := niceRound(avg / 4)
	if step <= 0 {
		step = 1
	}
	out := []rateClass{{Min: 0, Max: 0, Color: ratePalette[0], Label: "aucune consultation"}}
	for k := range 4 {
		lo, hi := step*float64(k), step*float64(k+1)
		label := fmt.Sprintf("%s à %s", frNumber(lo), frNumber(hi))
		if k == 0 {
			label = fmt.Sprintf("moins de %s", frNumber(hi))
		}
		out = append(out, rateClass{Min: lo, Max: hi, Color: ratePalette[k+1], Label: label})
	}
	out = append(out, rateClass{Min: 4 * step, Color: ratePalette[5], Label: fmt.Sprintf("%s et plus", frNumber(4*step))})
	return out
}

// classOfRate returns the index in classes of rate.
func classOfRate(classes []rateClass, rate float64) int {
	if rate <= 0 {
		return 0
	}
	for k := 1; k < len(classes)-1; k++ {
		if rate < classes[k].Max {
			return k
		}
	}
	return len(classes) - 1
}

// niceRound rounds x to two significant figures.
func niceRound(x float64) float64 {
	if x <= 0 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(x))-1)
	return math.Round(x/p) * p
}

// service returns the scenario's service id, or its first service when id is empty.
// An unknown id is an error naming the services there are.
func (v *planView) service(id string) (*medibus.Service, error) {
	if id == "" && len(v.sc.Services) > 0 {
		return &v.sc.Services[0], nil
	}
	if s := v.ix.Services[id]; s != nil {
		return s, nil
	}
	ids := make([]string, len(v.sc.Services))
	for i, s := range v.sc.Services {
		ids[i] = s.ID
	}
	return nil, fmt.Errorf("service %q is not offered by plan %d (scenario %s): use one of %s",
		id, v.plan.ID, v.sc.Name, strings.Join(ids, ", "))
}

// apiMap serves the map data of one service (?service=ID, by default the first).
func (s *Server) apiMap(w http.ResponseWriter, r *http.Request, _ principal) {
	id, err := pathID(r, "id")
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	v, err := s.views.get(r.Context(), id)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	svc, err := v.service(r.URL.Query().Get("service"))
	if err != nil {
		writeError(w, http.StatusBadRequest, fmt.Errorf("map?service=: %w", err))
		return
	}
	s.cached(w, r, &v.responses, "map|"+svc.ID, "private, max-age=300", func() (*cachedResponse, error) {
		b, err := json.Marshal(s.mapData(v, svc))
		if err != nil {
			return nil, err
		}
		return newCachedResponse(b, "application/json; charset=utf-8"), nil
	})
}

// mapData computes the care figure of svc by commune in need and by department, as
// scheduler.KPIs does: consultations booked to the commune's residents over the cycle ×
// 365 / cycle days × 1,000 / its people in need, for communes in need with a need for
// the service.
func (s *Server) mapData(v *planView, svc *medibus.Service) *mapJSON {
	m := &mapJSON{PlanID: v.plan.ID, Service: svc.ID, Name: svc.Name,
		Figure: "consultations pour 1 000 personnes en besoin par an"}
	for _, k := range v.plan.KPIs.Services {
		if k.Service == svc.ID {
			m.Per1000, m.WorstDepartment, m.WorstDepartmentPer1000 = k.Per1000, k.WorstDepartment, k.WorstDepartmentPer1000
			m.PopulationInNeed = k.PopulationInNeed
			for _, d := range k.WithoutCare {
				n := deptNeed{Code: d.Department, Name: d.Department, InNeed: d.PopulationInNeed}
				if dep, ok := s.fr.Department(d.Department); ok {
					n.Name = dep.Name
				}
				m.WithoutCare = append(m.WithoutCare, n)
			}
		}
	}
	m.WithoutCare = nonNil(m.WithoutCare)
	if d, ok := s.fr.Department(m.WorstDepartment); ok {
		m.WorstDepartmentName = d.Name
	}
	m.Classes = rateClasses(m.Per1000)
	booked, sessionsIn := v.bookedBy(svc.ID)
	hasNeed := map[string]bool{}
	for _, d := range v.sc.Demand {
		if d.Service == svc.ID && d.Need > 0 {
			hasNeed[d.INSEE] = true
		}
	}
	year := 365 / float64(v.days) * 1000
	depts := map[string]*deptRate{}
	for _, c := range v.sc.Communes {
		if !c.InNeed || !hasNeed[c.INSEE] || c.Population <= 0 {
			continue
		}
		rate := booked[c.INSEE] * year / float64(c.Population)
		m.Communes = append(m.Communes, communeRate{INSEE: c.INSEE, Name: c.Name, Lat: round5(c.Point.Lat()), Lon: round5(c.Point.Lon()),
			InNeed: c.Population, Per1000: math.Round(rate*10) / 10, Class: classOfRate(m.Classes, rate)})
		d := depts[c.Department]
		if d == nil {
			d = &deptRate{Code: c.Department, Name: c.Department}
			if dep, ok := s.fr.Department(c.Department); ok {
				d.Name = dep.Name
			}
			depts[c.Department] = d
		}
		d.InNeed += c.Population
		d.Booked += booked[c.INSEE]
	}
	for _, d := range depts {
		d.Per1000 = math.Round(d.Booked*year/float64(d.InNeed)*100) / 100
		d.Counted = d.InNeed >= scheduler.MinDepartmentInNeed
		d.Class = classOfRate(m.Classes, d.Per1000)
		d.Sessions = sessionsIn[d.Code]
		d.Booked = math.Round(d.Booked*100) / 100
		m.Departments = append(m.Departments, *d)
	}
	sort.Slice(m.Departments, func(i, j int) bool { return m.Departments[i].Code < m.Departments[j].Code })
	m.Depots, m.Sites, m.Routes = v.places()
	m.Depots, m.Sites, m.Routes = nonNil(m.Depots), nonNil(m.Sites), nonNil(m.Routes)
	return m
}

// bookedBy sums the consultations of service booked to each commune over the cycle, and
// counts the service's sessions by department of their site.
func (v *planView) bookedBy(service string) (map[string]float64, map[string]int) {
	booked, sessions := map[string]float64{}, map[string]int{}
	for _, se := range v.plan.Sessions {
		if se.Service != service {
			continue
		}
		for insee, b := range se.Booked {
			booked[insee] += b
		}
		if site := v.ix.Sites[se.Site]; site != nil {
			if c := v.ix.Communes[site.INSEE]; c != nil {
				sessions[c.Department]++
			}
		}
	}
	return booked, sessions
}

// places lists the depots, the sites used with their sessions, and every bus-day's
// route.
func (v *planView) places() (depots, sites []place, routes []busRoute) {
	for _, d := range v.sc.Depots {
		depots = append(depots, place{ID: d.ID, Name: d.Name, Lat: round5(d.Point.Lat()), Lon: round5(d.Point.Lon())})
	}
	for _, st := range v.sites {
		sites = append(sites, place{ID: st.ID, Name: st.Name, Lat: round5(st.Point.Lat()), Lon: round5(st.Point.Lon()), Sessions: len(v.src.AtSite(st.ID))})
	}
	for i := range v.plan.BusDays {
		bd := &v.plan.BusDays[i]
		u := v.ix.Units[bd.Unit]
		if u == nil || v.ix.Depots[u.Depot] == nil {
			continue
		}
		dp := v.ix.Depots[u.Depot].Point
		rt := busRoute{Unit: bd.Unit, Date: bd.Date, Km: bd.DriveKm, Min: bd.DriveMin, Points: [][2]float64{{round5(dp.Lat()), round5(dp.Lon())}}}
		ss, _ := v.src.DayOf(bd.Unit, bd.Date)
		for _, se := range ss {
			if site := v.ix.Sites[se.Site]; site != nil {
				rt.Points = append(rt.Points, [2]float64{round5(site.Point.Lat()), round5(site.Point.Lon())})
			}
		}
		rt.Points = append(rt.Points, rt.Points[0])
		routes = append(routes, rt)
	}
	return depots, sites, routes
}

func round5(x float64) float64 { return math.Round(x*1e5) / 1e5 }
