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
	// NotFound says why nothing was found, and what to try.
	NotFound string
	Who      principal
	// Site is set on the home page of the static site: the search runs in the browser.
	Site *homeSite
}

// homeSite is what the static site's home page says of itself.
type homeSite struct {
	IndexURL string // the JSON index of communes the search reads
	Written  string // when the site was written, in French
	Revision int64  // the published state it shows
}

func (s *Server) patientHome(w http.ResponseWriter, r *http.Request, who principal) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := homeData{Query: q, Who: who}
	if q != "" {
		d.Searched = true
		d.Results = s.search.find(q, searchLimit)
		if len(d.Results) == 0 {
			d.NotFound = notFound(q)
		}
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
	// Cancelled marks an occurrence that will not happen: Reason says why (« Noël »,
	// « fermeture : neige », « panne du Médicobus Creuse »).
	Cancelled bool
	Reason    string
	// Changed marks a session that a dated change set (another bus, other hours).
	Changed bool
}

type communeData struct {
	Commune    *medibus.Commune
	Department string
	Published  bool
	// Revision is the published state the page shows.
	Revision     int64
	CatchmentMin int
	Today        time.Time
	Sites        []siteRow
	Nearest      *siteRow
	// Sessions are the next sessions near the commune, with the occurrences a holiday,
	// a closure or a dated change cancels among them, marked; NearestSessions the same
	// at the nearest site when none is near. Cancelled are the cancelled occurrences
	// of the coming weeks after the last one listed.
	Sessions        []sessionRow
	NearestSessions []sessionRow
	Cancelled       []sessionRow
	// Unserved says why no session near the commune is listed, when none is.
	Unserved string
	// NoBooking is set when none of the sessions listed says how to book: the page
	// says so once.
	NoBooking bool
	FeedURL   string
	// Agenda are the links that subscribe a calendar to the feed.
	Agenda agendaLinks
	// PosterURL is the commune's poster for the town hall and the pharmacy.
	PosterURL string
	MapData   mapPoints
	Who       principal
	// Written is when the static site's page was written, in French; empty on the
	// live server.
	Written string
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
	if !v.published() {
		if ics {
			s.errorPage(w, r, http.StatusNotFound, fmt.Errorf("aucun planning publié pour l'instant"))
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		s.writePage(w, r, http.StatusOK, "commune.html", communeData{Commune: c, Department: s.departmentName(c), Who: who})
		return
	}
	today := v.today
	key := insee
	if ics {
		s.cached(w, r, &v.responses, "ics|"+insee, publicMaxAge, func() (*cachedResponse, error) {
			return s.renderFeed(r.Context(), v, c, today)
		})
		return
	}
	render := func(who principal) ([]byte, error) {
		d, err := s.communeData(r.Context(), v, c, today, who)
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
	s.cached(w, r, &v.responses, "page|"+key, publicMaxAge, func() (*cachedResponse, error) {
		b, err := render(anonymous)
		if err != nil {
			return nil, err
		}
		return newCachedResponse(b, "text/html; charset=utf-8"), nil
	})
}

func (s *Server) departmentName(c *medibus.Commune) string {
	if d, ok := s.fr.Department(c.Department); ok {
		return d.Name
	}
	return c.Department
}

// communeData is what the page of commune c says on date today. The page is the same
// on the live server and in the static site: its calendar links name the configured
// public URL, or are completed by the page's script from the address it was read at.
func (s *Server) communeData(ctx context.Context, v *publicView, c *medibus.Commune, today medibus.Date, who principal) (communeData, error) {
	d := communeData{
		Commune: c, Department: s.departmentName(c), Published: true, Revision: v.rev, CatchmentMin: v.catchmentMin(),
		Today: today.Time(time.UTC), FeedURL: "/communes/" + url.PathEscape(c.INSEE) + ".ics", Who: who,
		PosterURL: "/communes/" + url.PathEscape(c.INSEE) + "/affiche",
		MapData:   mapPoints{Center: [2]float64{c.Point.Lat(), c.Point.Lon()}, Label: c.Name},
	}
	d.Agenda = agendaFor(s.publicURL, d.FeedURL)
	sites, near, err := v.sitesFor(ctx, c)
	if err != nil {
		return d, err
	}
	for _, ns := range sites {
		row := s.siteRow(ns)
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
	list, later := splitListed(v.upcoming(sites, today, pageHorizonDays, limit+1), limit)
	d.NoBooking = true
	for _, o := range list {
		row := sessionRowOf(o)
		if row.Booking != (booking{}) {
			d.NoBooking = false
		}
		if near {
			d.Sessions = append(d.Sessions, row)
		} else {
			d.NearestSessions = append(d.NearestSessions, row)
		}
	}
	for _, o := range later {
		d.Cancelled = append(d.Cancelled, sessionRowOf(o))
	}
	if len(d.Sessions) == 0 {
		d.Unserved = unservedSentence(c, d.CatchmentMin, near && len(sites) > 0, d.Nearest)
	}
	return d, nil
}

// sessionRowOf is occurrence o as a line of a commune's page or poster.
func sessionRowOf(o occurrence) sessionRow {
	row := sessionRow{
		Date: o.Date.Time(time.UTC), Start: o.Start.String(), End: o.End.String(), Half: halfFr(o.Half),
		Service: o.ServiceName, Site: o.SiteName, Place: o.SiteCommune, Minutes: o.TravelMin,
		Booking: bookingFor(o.src.Index, o.Unit), Cancelled: o.Cancelled, Reason: o.Reason, Changed: o.ChangeID != 0,
	}
	if org := organisationOf(o.src.Index, o.Unit); org != nil {
		row.Organisation = org.Name
	}
	return row
}

// splitListed splits the occurrences of upcoming, asked with limit+1 sessions held,
// into the list a page shows and the cancelled ones after it. The list holds the first
// limit sessions held and, where their dates fall among them, the cancelled ones (a
// patient looks for the date where it would have been, and reads that it will not
// happen and why); when more sessions are held than the list shows, the cancelled ones
// after its last are later, for the page to list apart rather than after a gap.
func splitListed(occs []occurrence, limit int) (list, later []occurrence) {
	held := 0
	for i, o := range occs {
		if !o.Cancelled {
			if held++; held > limit {
				for _, rest := range occs[i+1:] {
					if rest.Cancelled {
						later = append(later, rest)
					}
				}
				return list, later
			}
		}
		list = append(list, o)
	}
	return list, nil
}

// unservedSentence says why a commune's page lists no session nearby, in words that
// never contradict the catchment: no published site within it (and the nearest,
// beyond it, with its drive in minutes rounded up), none at all within 200 km, or sites
// within it but nothing planned there in the weeks the page covers.
func unservedSentence(c *medibus.Commune, catchment int, sitesNear bool, nearest *siteRow) string {
	within := fmt.Sprintf("à %d minutes de route ou moins %s", catchment, deName(c.Name))
	switch {
	case sitesNear:
		return fmt.Sprintf("Aucune consultation du médicobus n'est prévue %s dans les huit prochaines semaines.", within)
	case nearest == nil:
		return fmt.Sprintf("Aucun médicobus ne s'arrête %s, ni à moins de 200 km.", within)
	}
	place := nearest.Name
	if nearest.Commune != "" && !strings.Contains(place, nearest.Commune) {
		place += " (" + nearest.Commune + ")"
	}
	if nearest.Minutes == overWater {
		return fmt.Sprintf("Aucun médicobus ne s'arrête %s : aucune route n'y mène (une île sans pont, et aucun bac déclaré n'y porte le bus). "+
			"L'arrêt le plus proche est %s, de l'autre côté de l'eau, traversée en bateau non comprise.", within, place)
	}
	beyond := "au-delà"
	if nearest.Minutes == catchment+1 {
		beyond = "juste au-delà"
	}
	return fmt.Sprintf("Aucun médicobus ne s'arrête %s. L'arrêt le plus proche est %s, à %s de route, %s de ces %d minutes.",
		within, place, frMinutes(nearest.Minutes), beyond, catchment)
}

// travelFr says how far a stop is from commune in a feed: « à 12 min de Bugeat », or
// across the water when no road leads there.
func travelFr(minutes int, commune string) string {
	if minutes == overWater {
		return "de l'autre côté de l'eau (traversée non comprise)"
	}
	return fmt.Sprintf("à %d min %s", minutes, deName(commune))
}

// frMinutes says a drive in French: « 1 minute », « 24 minutes », « 1 h », « 1 h 05 ».
func frMinutes(m int) string {
	switch {
	case m < 2:
		return fmt.Sprintf("%d minute", m)
	case m < 60:
		return fmt.Sprintf("%d minutes", m)
	case m%60 == 0:
		return fmt.Sprintf("%d h", m/60)
	}
	return fmt.Sprintf("%d h %02d", m/60, m%60)
}

// bookingFor returns how to book a session of unit: the phone and link of the
// organisation that runs the bus (organisations.csv), or nothing when it gives none.
// A booking given as a number rather than a link is a phone number.
func bookingFor(ix *medibus.Index, unit string) booking {
	o := organisationOf(ix, unit)
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
func organisationOf(ix *medibus.Index, unit string) *medibus.Organisation {
	if u := ix.Units[unit]; u != nil {
		return ix.Organisations[u.Organisation]
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

func (s *Server) siteRow(ns nearSite) siteRow {
	row := siteRow{Name: ns.site.Name, Minutes: ns.minutes(), Km: ns.leg.Km,
		Lat: ns.site.Point.Lat(), Lon: ns.site.Point.Lon(), Directions: mapsURL(ns.site.Point.Lat(), ns.site.Point.Lon())}
	if c, ok := s.search.commune(ns.site.INSEE); ok {
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
// holiday, a closure or a dated change cancels stay in it with STATUS:CANCELLED and
// their reason, so that calendars that subscribed before drop them. DTSTAMP is the
// creation time of the newest plan the events come from, so that a feed changes only
// when what decides its events does.
func (s *Server) renderFeed(ctx context.Context, v *publicView, c *medibus.Commune, today medibus.Date) (*cachedResponse, error) {
	feed := &ical.Calendar{
		ProdID: "-//medibus//médicobus//FR",
		Name:   "Médicobus près " + deName(c.Name),
		TZID:   "Europe/Paris",
	}
	sites, _, err := v.sitesFor(ctx, c)
	if err != nil {
		return nil, err
	}
	for _, o := range v.upcoming(sites, today, feedHorizonDays, 0) {
		place := o.SiteName
		if o.SiteCommune != "" && !strings.Contains(place, o.SiteCommune) {
			place += ", " + o.SiteCommune
		}
		ev := ical.Event{
			UID: o.UID, Start: s.at(o.Date, o.Start), End: s.at(o.Date, o.End),
			Summary:  "Médicobus : " + o.ServiceName,
			Location: place, Lat: o.Lat, Lon: o.Lon, HasGeo: true,
			Description: fmt.Sprintf("Consultations sur rendez-vous à bord du médicobus (%s), %s.",
				o.ServiceName, travelFr(o.TravelMin, c.Name)),
		}
		if o.Cancelled {
			ev.Status = ical.StatusCancelled
			ev.Summary = "Annulé (" + o.Reason + ") — " + ev.Summary
			ev.Description = "Séance annulée, pas de consultation ce jour-là : " + o.Reason + "."
		}
		if feed.Stamp.Before(o.src.Plan.CreatedAt) {
			feed.Stamp = o.src.Plan.CreatedAt
		}
		feed.Events = append(feed.Events, ev)
	}
	var buf bytes.Buffer
	if err := feed.Encode(&buf); err != nil {
		return nil, err
	}
	return newCachedResponse(buf.Bytes(), "text/calendar; charset=utf-8"), nil
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
	if !v.published() {
		writeError(w, http.StatusNotFound, fmt.Errorf("no plan is published yet"))
		return
	}
	near, err := v.nearbySites(r.Context(), c.Point)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	sessions := v.upcoming(near, v.today, pageHorizonDays, 0)
	if sessions == nil {
		sessions = []occurrence{}
	}
	w.Header().Set("Cache-Control", publicMaxAge)
	writeJSON(w, http.StatusOK, map[string]any{
		"commune":  map[string]any{"insee": c.INSEE, "name": c.Name, "postal_codes": c.PostalCodes},
		"revision": v.rev, "catchment_min": v.catchmentMin(), "from": v.today, "sessions": sessions,
	})
}
