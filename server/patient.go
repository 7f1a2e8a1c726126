package server

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"medibus"
	"medibus/holiday"
	"medibus/ical"
)

// Patient pages show the latest published plan: the next sessions within the catchment
// of a commune, projected from the repeating cycle, and an iCalendar feed of them.
const (
	pageHorizonDays = 8 * 7  // sessions listed on a commune page
	pageLimit       = 12     // at most this many
	nearestLimit    = 6      // sessions at the nearest site, for a commune with none near
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
	Lat, Lon      float64
	Directions    string // a maps URL that gives the way there
}

// booking is how a patient books: the phone number or link of the organisation that
// runs the bus. When it gives none (the built-in scenarios' organisations are
// synthetic and give none), the page says plainly that none was given.
type booking struct {
	Phone string
	// Tel is the phone number as a tel: link (html/template lets only http(s) and
	// mailto through as strings).
	Tel        template.URL
	URL, Label string
}

type sessionRow struct {
	Date                 time.Time
	Start, End, Half     string
	Service, Site, Place string
	Minutes              int
	Booking              booking
	// Organisation runs the bus: the patient's contact.
	Organisation string
	Reason       string // why a cancelled occurrence does not happen
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
	// Cancelled are the occurrences of the coming weeks that a holiday or a closure
	// cancels; NearestSessions the next sessions at the nearest site when none is near.
	Cancelled       []sessionRow
	NearestSessions []sessionRow
	// NoBooking is set when none of the sessions listed says how to book: the page
	// says so once.
	NoBooking bool
	FeedURL   string
	MapData   mapPoints
	Who       principal
}

// mapPoints is the small map of a page: the commune and the places of its sessions.
type mapPoints struct {
	Center [2]float64 `json:"center"` // lat, lon
	Label  string     `json:"label"`
	Points []mapPoint `json:"points"`
}

type mapPoint struct {
	Lat   float64 `json:"lat"`
	Lon   float64 `json:"lon"`
	Label string  `json:"label"`
	Kind  string  `json:"kind"`
}

// communePage serves /communes/{insee} and /communes/{insee}.ics.
func (s *Server) communePage(w http.ResponseWriter, r *http.Request, who principal) {
	file := r.PathValue("file")
	insee, ics := strings.CutSuffix(file, ".ics")
	c, ok := s.search.commune(insee)
	if !ok {
		s.errorPage(w, r, http.StatusNotFound, fmt.Errorf("aucune commune n'a le code INSEE %q ; cherchez-la par son nom depuis l'accueil", insee))
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
	cal, calVersion, err := s.closures.get(r.Context())
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	today := s.today()
	key := insee + "|" + today.String() + "|" + calVersion
	if ics {
		s.cached(w, r, v, "ics|"+key, publicMaxAge, func() (*cachedResponse, error) {
			return s.renderFeed(r.Context(), v, c, today, cal)
		})
		return
	}
	render := func(who principal) ([]byte, error) {
		d, err := s.communeData(r.Context(), v, c, today, cal, who)
		if err != nil {
			return nil, err
		}
		return s.pages.render("commune.html", d)
	}
	if who.Role != anonymous.Role {
		// The page header names the logged-in user: keep it out of the shared cache.
		b, err := render(who)
		if err != nil {
			s.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "private, no-cache")
		_, _ = w.Write(b)
		return
	}
	s.cached(w, r, v, "page|"+key, publicMaxAge, func() (*cachedResponse, error) {
		b, err := render(anonymous)
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

// sitesFor returns the used sites within the catchment of c, nearest first, or when
// there is none the nearest used site, with near false.
func (v *planView) sitesFor(ctx context.Context, c *medibus.Commune) (sites []nearSite, near bool, err error) {
	ns, err := v.nearbySites(ctx, c.Point)
	if err != nil || len(ns) > 0 {
		return ns, true, err
	}
	nearest, ok, err := v.nearestSite(ctx, c.Point)
	if err != nil || !ok {
		return nil, false, err
	}
	return []nearSite{nearest}, false, nil
}

func (s *Server) communeData(ctx context.Context, v *planView, c *medibus.Commune, today medibus.Date, cal *holiday.Calendar, who principal) (communeData, error) {
	d := communeData{
		Commune: c, Department: s.departmentName(c), Published: true, PlanID: v.plan.ID,
		CycleWeeks: v.sc.Rules.CycleWeeks, CycleStart: v.plan.Start.Time(time.UTC), CatchmentMin: v.sc.Rules.CatchmentMin,
		Today: today.Time(time.UTC), FeedURL: "/communes/" + url.PathEscape(c.INSEE) + ".ics", Who: who,
		MapData: mapPoints{Center: [2]float64{c.Point.Lat(), c.Point.Lon()}, Label: c.Name},
	}
	sites, near, err := v.sitesFor(ctx, c)
	if err != nil {
		return d, err
	}
	for _, ns := range sites {
		row := s.siteRow(v, ns)
		if near {
			d.Sites = append(d.Sites, row)
		} else {
			d.Nearest = &row
		}
		d.MapData.Points = append(d.MapData.Points, mapPoint{Lat: row.Lat, Lon: row.Lon, Label: row.Name, Kind: "site"})
	}
	limit := pageLimit
	if !near {
		limit = nearestLimit
	}
	d.NoBooking = true
	for _, o := range v.upcoming(sites, today, pageHorizonDays, limit, cal) {
		row := sessionRow{
			Date: o.Date.Time(time.UTC), Start: o.Start.String(), End: o.End.String(), Half: halfFr(o.Half),
			Service: o.ServiceName, Site: o.SiteName, Place: o.SiteCommune, Minutes: o.TravelMin,
			Booking: bookingFor(v, o.Unit), Reason: o.Reason,
		}
		if org := organisationOf(v, o.Unit); org != nil {
			row.Organisation = org.Name
		}
		if row.Booking != (booking{}) {
			d.NoBooking = false
		}
		switch {
		case o.Cancelled:
			d.Cancelled = append(d.Cancelled, row)
		case near:
			d.Sessions = append(d.Sessions, row)
		default:
			d.NearestSessions = append(d.NearestSessions, row)
		}
	}
	return d, nil
}

// bookingFor returns how to book a session of unit: the phone and link of the
// organisation that runs the bus (organisations.csv), or nothing when it gives none.
// A booking given as a number rather than a link is a phone number.
func bookingFor(v *planView, unit string) booking {
	o := organisationOf(v, unit)
	if o == nil {
		return booking{}
	}
	b := booking{Phone: o.Phone}
	switch u := strings.TrimSpace(o.Booking); {
	case strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://"):
		b.URL = u
	case u != "" && b.Phone == "":
		b.Phone = u
	}
	if b.Phone != "" {
		b.Tel = telURL(b.Phone)
	}
	return b
}

// organisationOf is the organisation that runs unit, or nil.
func organisationOf(v *planView, unit string) *medibus.Organisation {
	if u := v.ix.Units[unit]; u != nil {
		return v.ix.Organisations[u.Organisation]
	}
	return nil
}

// telURL is a phone number as a tel: link: its digits and a leading +, nothing else,
// so that it is safe as a URL.
func telURL(phone string) template.URL {
	var b strings.Builder
	for i, r := range phone {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return template.URL("tel:" + b.String())
}

func (s *Server) siteRow(v *planView, ns nearSite) siteRow {
	row := siteRow{Name: ns.site.Name, Minutes: int(ns.leg.Min + 0.5), Km: ns.leg.Km,
		Lat: ns.site.Point.Lat(), Lon: ns.site.Point.Lon(), Directions: mapsURL(ns.site.Point.Lat(), ns.site.Point.Lon())}
	if c := v.ix.Communes[ns.site.INSEE]; c != nil {
		row.Commune = c.Name
	} else if c, ok := s.search.commune(ns.site.INSEE); ok {
		row.Commune = c.Name
	}
	return row
}

// mapsURL opens the way to a point in the phone's maps application or a browser.
func mapsURL(lat, lon float64) string {
	return fmt.Sprintf("https://www.openstreetmap.org/directions?to=%.5f%%2C%.5f", lat, lon)
}

// geoURI is the RFC 5870 geo: URI of a point, which phones hand to a navigation
// application. It is built here from numbers and an escaped label, so it is safe as a
// link.
func geoURI(lat, lon float64, label string) template.URL {
	return template.URL(fmt.Sprintf("geo:%.5f,%.5f?q=%.5f,%.5f(%s)", lat, lon, lat, lon, url.QueryEscape(label)))
}

// renderFeed builds the iCalendar feed of a commune: the sessions within its catchment
// (or at the nearest site, when none is near) over the next feedHorizonDays. Those a
// holiday or a closure cancels stay in it with STATUS:CANCELLED, so that calendars that
// subscribed before the closure drop them. DTSTAMP is the plan's creation time so that
// the feed only changes when the plan, the day or the closures do.
func (s *Server) renderFeed(ctx context.Context, v *planView, c *medibus.Commune, today medibus.Date, cal *holiday.Calendar) (*cachedResponse, error) {
	feed := &ical.Calendar{
		ProdID: "-//medibus//médicobus//FR",
		Name:   "Médicobus près " + deName(c.Name),
		TZID:   "Europe/Paris",
		Stamp:  v.plan.CreatedAt,
	}
	sites, _, err := v.sitesFor(ctx, c)
	if err != nil {
		return nil, err
	}
	for _, o := range v.upcoming(sites, today, feedHorizonDays, 0, cal) {
		place := o.SiteName
		if o.SiteCommune != "" && !strings.Contains(place, o.SiteCommune) {
			place += ", " + o.SiteCommune
		}
		ev := ical.Event{
			UID: o.UID, Start: s.at(o.Date, o.Start), End: s.at(o.Date, o.End),
			Summary:  "Médicobus : " + o.ServiceName,
			Location: place, Lat: o.Lat, Lon: o.Lon, HasGeo: true,
			Description: fmt.Sprintf("Consultations sur rendez-vous à bord du médicobus (%s), à %d min %s.",
				o.ServiceName, o.TravelMin, deName(c.Name)),
		}
		if o.Cancelled {
			ev.Status = ical.StatusCancelled
			ev.Summary = "Annulé (" + o.Reason + ") — " + ev.Summary
			ev.Description = "Pas de consultation ce jour-là : " + o.Reason + "."
		}
		feed.Events = append(feed.Events, ev)
	}
	var buf bytes.Buffer
	if err := feed.Encode(&buf); err != nil {
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
	cal, _, err := s.closures.get(r.Context())
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	sessions := v.upcoming(near, today, pageHorizonDays, 0, cal)
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
