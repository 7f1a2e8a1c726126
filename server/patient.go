package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"medibus"
	"medibus/ical"
)

// Patient pages show the latest published plan: the next sessions within the catchment
// of a commune, projected from the repeating cycle, and an iCalendar feed of them.
const (
	pageHorizonDays = 8 * 7  // sessions listed on a commune page
	pageLimit       = 12     // at most this many
	feedHorizonDays = 12 * 7 // sessions in the calendar feed
	searchLimit     = 20
	publicMaxAge    = "public, max-age=300"
)

type homeData struct {
	Query    string
	Results  []*medibus.Commune
	Searched bool
	Who      principal
}

func (s *Server) patientHome(w http.ResponseWriter, r *http.Request, who principal) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := homeData{Query: q, Who: who}
	if q != "" {
		d.Searched = true
		d.Results = s.search.find(q, searchLimit)
		if len(d.Results) == 1 {
			http.Redirect(w, r, "/communes/"+d.Results[0].INSEE, http.StatusSeeOther)
			return
		}
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	s.writePage(w, r, http.StatusOK, "home.html", d)
}

type siteRow struct {
	Name, Commune string
	Minutes       int
	Km            float64
}

type sessionRow struct {
	Date                 time.Time
	Start, End, Half     string
	Service, Site, Place string
	Minutes              int
}

type communeData struct {
	Commune      *medibus.Commune
	Department   string
	Published    bool
	PlanID       int64
	CycleWeeks   int
	CycleStart   time.Time
	CatchmentMin int
	Today        time.Time
	Sites        []siteRow
	Nearest      *siteRow
	Sessions     []sessionRow
	FeedURL      string
	Who          principal
}

// communePage serves /communes/{insee} and /communes/{insee}.ics.
func (s *Server) communePage(w http.ResponseWriter, r *http.Request, who principal) {
	file := r.PathValue("file")
	insee, ics := strings.CutSuffix(file, ".ics")
	c, ok := s.search.commune(insee)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, fmt.Errorf("aucune commune n'a le code INSEE %q ; cherchez-la par son nom", insee))
		return
	}
	v, err := s.published.view(r.Context())
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	if v == nil {
		if ics {
			s.errorPage(w, r, http.StatusNotFound, fmt.Errorf("aucun planning publié pour l'instant"))
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		s.writePage(w, r, http.StatusOK, "commune.html", communeData{Commune: c, Department: s.departmentName(c), Who: who})
		return
	}
	today := s.today()
	if ics {
		s.cached(w, r, v, "ics|"+insee+"|"+today.String(), publicMaxAge, func() (*cachedResponse, error) {
			return s.renderFeed(r.Context(), v, c, today)
		})
		return
	}
	if who.Role != anonymous.Role {
		// The page header names the logged-in user: keep it out of the shared cache.
		d, err := s.communeData(r.Context(), v, c, today, who)
		if err != nil {
			s.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
		b, err := s.pages.render("commune.html", d)
		if err != nil {
			s.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "private, no-cache")
		_, _ = w.Write(b)
		return
	}
	s.cached(w, r, v, "page|"+insee+"|"+today.String(), publicMaxAge, func() (*cachedResponse, error) {
		d, err := s.communeData(r.Context(), v, c, today, anonymous)
		if err != nil {
			return nil, err
		}
		b, err := s.pages.render("commune.html", d)
		if err != nil {
			return nil, err
		}
		return newCachedResponse(b, "text/html; charset=utf-8", v.plan.ID), nil
	})
}

func (s *Server) departmentName(c *medibus.Commune) string {
	if d, ok := s.fr.Department(c.Department); ok {
		return d.Name
	}
	return c.Department
}

func (s *Server) communeData(ctx context.Context, v *planView, c *medibus.Commune, today medibus.Date, who principal) (communeData, error) {
	d := communeData{
		Commune: c, Department: s.departmentName(c), Published: true, PlanID: v.plan.ID,
		CycleWeeks: v.sc.Rules.CycleWeeks, CycleStart: v.plan.Start.Time(time.UTC), CatchmentMin: v.sc.Rules.CatchmentMin,
		Today: today.Time(time.UTC), FeedURL: "/communes/" + url.PathEscape(c.INSEE) + ".ics", Who: who,
	}
	near, err := v.nearbySites(ctx, c.Point)
	if err != nil {
		return d, err
	}
	for _, ns := range near {
		d.Sites = append(d.Sites, s.siteRow(v, ns))
	}
	if len(near) == 0 {
		ns, ok, err := v.nearestSite(ctx, c.Point)
		if err != nil {
			return d, err
		}
		if ok {
			row := s.siteRow(v, ns)
			d.Nearest = &row
		}
	}
	for _, o := range v.upcoming(near, today, pageHorizonDays, pageLimit) {
		d.Sessions = append(d.Sessions, sessionRow{
			Date: o.Date.Time(time.UTC), Start: o.Start.String(), End: o.End.String(), Half: halfFr(o.Half),
			Service: o.ServiceName, Site: o.SiteName, Place: o.SiteCommune, Minutes: o.TravelMin,
		})
	}
	return d, nil
}

func (s *Server) siteRow(v *planView, ns nearSite) siteRow {
	row := siteRow{Name: ns.site.Name, Minutes: int(ns.leg.Min + 0.5), Km: ns.leg.Km}
	if c := v.ix.Communes[ns.site.INSEE]; c != nil {
		row.Commune = c.Name
	} else if c, ok := s.search.commune(ns.site.INSEE); ok {
		row.Commune = c.Name
	}
	return row
}

func halfFr(h medibus.Half) string {
	if h == medibus.PM {
		return "après-midi"
	}
	return "matin"
}

// renderFeed builds the iCalendar feed of a commune: the sessions within its catchment
// over the next feedHorizonDays. DTSTAMP is the plan's creation time so that the feed
// only changes when the plan or the day does.
func (s *Server) renderFeed(ctx context.Context, v *planView, c *medibus.Commune, today medibus.Date) (*cachedResponse, error) {
	cal := &ical.Calendar{
		ProdID: "-//medibus//médicobus//FR",
		Name:   "Médicobus près de " + c.Name,
		TZID:   "Europe/Paris",
		Stamp:  v.plan.CreatedAt,
	}
	near, err := v.nearbySites(ctx, c.Point)
	if err != nil {
		return nil, err
	}
	for _, o := range v.upcoming(near, today, feedHorizonDays, 0) {
		place := o.SiteName
		if o.SiteCommune != "" && !strings.Contains(place, o.SiteCommune) {
			place += ", " + o.SiteCommune
		}
		cal.Events = append(cal.Events, ical.Event{
			UID: o.UID, Start: s.at(o.Date, o.Start), End: s.at(o.Date, o.End),
			Summary:  "Médicobus : " + o.ServiceName,
			Location: place, Lat: o.Lat, Lon: o.Lon, HasGeo: true,
			Description: fmt.Sprintf("Consultations sur rendez-vous à bord du médicobus (%s), à %d min de %s.",
				o.ServiceName, o.TravelMin, c.Name),
		})
	}
	var buf bytes.Buffer
	if err := cal.Encode(&buf); err != nil {
		return nil, err
	}
	return newCachedResponse(buf.Bytes(), "text/calendar; charset=utf-8", v.plan.ID), nil
}

// apiSearchCommunes answers the public search as JSON.
func (s *Server) apiSearchCommunes(w http.ResponseWriter, r *http.Request, _ principal) {
	q := r.URL.Query().Get("q")
	if strings.TrimSpace(q) == "" {
		writeError(w, http.StatusBadRequest, fmt.Errorf("q: give a commune name or a postal code, for example ?q=Guéret or ?q=23000"))
		return
	}
	type hit struct {
		INSEE       string   `json:"insee"`
		Name        string   `json:"name"`
		Department  string   `json:"department"`
		PostalCodes []string `json:"postal_codes"`
		URL         string   `json:"url"`
	}
	out := []hit{}
	for _, c := range s.search.find(q, searchLimit) {
		out = append(out, hit{c.INSEE, c.Name, c.Department, c.PostalCodes, "/communes/" + c.INSEE})
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	writeJSON(w, http.StatusOK, map[string]any{"communes": out})
}

// apiCommuneSessions answers the next sessions near a commune as JSON.
func (s *Server) apiCommuneSessions(w http.ResponseWriter, r *http.Request, _ principal) {
	c, ok := s.search.commune(r.PathValue("insee"))
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Errorf("commune %q not found: search with /api/public/communes?q=NAME", r.PathValue("insee")))
		return
	}
	v, err := s.published.view(r.Context())
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	if v == nil {
		writeError(w, http.StatusNotFound, fmt.Errorf("no plan is published yet"))
		return
	}
	today := s.today()
	near, err := v.nearbySites(r.Context(), c.Point)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	sessions := v.upcoming(near, today, pageHorizonDays, 0)
	if sessions == nil {
		sessions = []occurrence{}
	}
	w.Header().Set("Cache-Control", publicMaxAge)
	writeJSON(w, http.StatusOK, map[string]any{
		"commune": map[string]any{"insee": c.INSEE, "name": c.Name, "postal_codes": c.PostalCodes},
		"plan_id": v.plan.ID, "cycle_start": v.plan.Start, "cycle_weeks": v.sc.Rules.CycleWeeks,
		"catchment_min": v.sc.Rules.CatchmentMin, "from": today, "sessions": sessions,
	})
}
