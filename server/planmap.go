package server

import (
	"context"
	"fmt"
	"html"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"medibus"
)

// apiMap draws the plan's area for one service (?service=ID, by default the scenario's
// first): communes coloured by the share of their need that the plan serves, depots,
// used sites and every bus-day's route, with a legend. Each service's map is cached with
// the plan view.
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
		writeError(w, http.StatusBadRequest, fmt.Errorf("map.svg?service=: %w", err))
		return
	}
	s.cached(w, r, v, "map?service="+svc.ID, "private, max-age=300", func() (*cachedResponse, error) {
		m, err := planMap(r.Context(), v, svc)
		if err != nil {
			return nil, err
		}
		return newCachedResponse([]byte(m), "image/svg+xml", v.plan.ID), nil
	})
}

// Layout of the coordinator's map, in SVG units.
const (
	mapW, mapH, mapPad = 900.0, 700.0, 12.0
	legendW            = 250.0 // column right of the map
	legendLine         = 18.0
)

// planMap renders the coordinator's map of service svc: each commune is a dot sized by
// population, filled by its class of need served (see classOf) and titled with its name,
// need and share served, for a tooltip and for screen readers.
func planMap(ctx context.Context, v *planView, svc *medibus.Service) (string, error) {
	var pts []orb.Point
	for _, c := range v.sc.Communes {
		pts = append(pts, c.Point)
	}
	for _, d := range v.sc.Depots {
		pts = append(pts, d.Point)
	}
	p := newProjector(pts, mapW, mapH, mapPad)
	ns, err := v.needServedBy(ctx, svc.ID)
	if err != nil {
		return "", err
	}
	// Communes by class, the neutral class (index 0 here) first so that it lies under
	// the communes in need.
	byClass := make([][]int, len(coverageClasses)+1)
	var need, served float64
	for i, n := range ns {
		byClass[classOf(n)+1] = append(byClass[classOf(n)+1], i)
		need += n.need
		served += n.served
	}
	counts := make([]int, len(byClass))
	for k, list := range byClass {
		counts[k] = len(list)
	}

	var m svg
	title := fmt.Sprintf("Plan %d : %s, part du besoin servi en %s", v.plan.ID, v.sc.Name, svc.Name)
	fmt.Fprintf(&m.b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" class="planmap" role="graphics-document" aria-labelledby="map-title" aria-describedby="map-desc">`+
		`<title id="map-title">%s</title><desc id="map-desc">%s</desc>`,
		p.W+legendW, math.Max(p.H, legendHeight(svc)), html.EscapeString(title), html.EscapeString(mapSummary(svc, counts, need, served)))

	// Dots as large as the communes' spacing allows: a quarter of it, from 1.2 (France)
	// to 3 (a department).
	spacing := math.Sqrt(p.W * p.H / float64(max(len(v.sc.Communes), 1)))
	dot := min(max(spacing/4, 1.2), 3)
	m.b.WriteString(`<g class="communes">`)
	for k, list := range byClass {
		cl := classAt(k - 1)
		fmt.Fprintf(&m.b, `<g class="%s" fill="%s" stroke="%s" stroke-width=".35">`, cl.id, cl.fill, classStroke(k-1))
		for _, i := range list {
			c := &v.sc.Communes[i]
			r := dot
			if c.Population > 2000 {
				r *= 1.5
			}
			x, y := p.xy(c.Point)
			fmt.Fprintf(&m.b, `<circle class="%s" cx="%.1f" cy="%.1f" r="%.1f" data-insee="%s" data-share="%.3f"><title>%s</title></circle>`,
				cl.id, x, y, r, html.EscapeString(c.INSEE), ns[i].share(), html.EscapeString(communeTitle(c, svc, ns[i])))
		}
		m.b.WriteString(`</g>`)
	}
	m.b.WriteString(`</g><g class="routes" ` + routeStyle + `>`)
	m.routes(p, v)
	m.b.WriteString(`</g><g class="sites" ` + siteStyle + `>`)
	for _, site := range v.sites {
		m.square(p, site.Point, 6, "site", site.Name)
	}
	m.b.WriteString(`</g><g class="depots" ` + depotStyle + `>`)
	for _, d := range v.sc.Depots {
		m.circle(p, d.Point, 6, "depot", d.Name)
	}
	m.b.WriteString(`</g>`)
	writeLegend(&m.b, p.W+10, svc, counts, need, served)
	return m.close(), nil
}

// routes draws every bus-day as a closed line: depot, sites, depot.
func (m *svg) routes(p *projector, v *planView) {
	for i := range v.plan.BusDays {
		bd := &v.plan.BusDays[i]
		u := v.ix.Units[bd.Unit]
		if u == nil || v.ix.Depots[u.Depot] == nil {
			continue
		}
		line := []orb.Point{v.ix.Depots[u.Depot].Point}
		for _, se := range v.byUnitDate[unitDate{bd.Unit, bd.Date}] {
			if site := v.ix.Sites[se.Site]; site != nil {
				line = append(line, site.Point)
			}
		}
		line = append(line, line[0])
		m.polyline(p, line, "route")
	}
}

// classAt returns class k of the scale, or the neutral class for -1.
func classAt(k int) coverageClass {
	if k < 0 {
		return noNeedClass
	}
	return coverageClasses[k]
}

// classStroke outlines the dots of communes in need, so that the palest class stays
// visible on white and differs from the neutral class in shape as well as colour.
func classStroke(k int) string {
	if k < 0 {
		return "none"
	}
	return "#3f007d"
}

// communeTitle is the tooltip of a commune's dot.
func communeTitle(c *medibus.Commune, svc *medibus.Service, n needServed) string {
	if n.need <= 0 {
		return fmt.Sprintf("%s (%s) : pas de besoin en %s", c.Name, c.INSEE, svc.Name)
	}
	return fmt.Sprintf("%s (%s) : besoin de %s consultations en %s, %s servi",
		c.Name, c.INSEE, frNumber(n.need), svc.Name, frPercent(n.share(), n.served > 1e-9))
}

// frNumber formats x with at most one decimal, French style ("12,5").
func frNumber(x float64) string {
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	return strings.Replace(strings.TrimSuffix(s, ".0"), ".", ",", 1)
}

// frPercent formats a share as a whole percentage; a share that is neither nothing nor
// everything never rounds to "0 %" or "100 %".
func frPercent(share float64, some bool) string {
	pc := math.Round(share * 100)
	switch {
	case some && pc == 0:
		return "moins de 1 %"
	case share < 1 && pc == 100:
		pc = 99
	}
	return fmt.Sprintf("%.0f %%", pc)
}

// mapSummary describes the map in words, for screen readers.
func mapSummary(svc *medibus.Service, counts []int, need, served float64) string {
	var parts []string
	for k := range coverageClasses {
		parts = append(parts, fmt.Sprintf("%s : %s", coverageClasses[k].label, communes(counts[k+1])))
	}
	parts = append(parts, fmt.Sprintf("%s : %s", noNeedClass.label, communes(counts[0])))
	return fmt.Sprintf("Communes selon la part de leur besoin en %s servie par le plan (%s). %s du besoin total servi.",
		svc.Name, strings.Join(parts, ", "), frPercent(shareOf(need, served), served > 1e-9))
}

func shareOf(need, served float64) float64 {
	return needServed{need: need, served: served}.share()
}
