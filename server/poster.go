package server

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"medibus"
)

// posterRows bounds the lines of a poster's list of dates, so that it prints on one A4
// page (TestBrowserPoster prints it).
const posterRows = 8

// posterData is a commune's poster for the town hall and the pharmacy: the next
// sessions near it (or at the nearest stop), how to book, and a QR code to its page.
type posterData struct {
	Commune    *medibus.Commune
	Department string
	Published  bool
	// Served is set when a published site is within the catchment; Unserved then says
	// nothing, else why no session near the commune is listed.
	Served       bool
	CatchmentMin int
	Unserved     string
	Rows         []sessionRow
	// Contacts are the organisations that run the sessions listed, with how to book;
	// NoBooking is set when none of them says how.
	Contacts  []posterContact
	NoBooking bool
	// QR leads to PageURL, the commune's page, which the poster also prints as
	// PageLabel (without its scheme) for whoever types it. All are empty when the
	// site's address is not known: NoPublicURL then says how to give it.
	QR          template.HTML
	PageURL     string
	PageLabel   string
	NoPublicURL bool
	// PagePath links back to the commune's page.
	PagePath string
	Today    time.Time
	Written  string
	Who      principal
}

// posterContact is an organisation of the sessions a poster lists, and how to book.
type posterContact struct {
	Organisation string
	Booking      booking
}

// communePoster serves /communes/{insee}/affiche.
func (s *Server) communePoster(w http.ResponseWriter, r *http.Request, who principal) {
	insee := r.PathValue("insee")
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
	page := "/communes/" + url.PathEscape(c.INSEE)
	if !v.published() {
		w.Header().Set("Cache-Control", "no-cache")
		s.writePage(w, r, http.StatusOK, "poster.html", posterData{Commune: c, Department: s.departmentName(c), PagePath: page, Who: who})
		return
	}
	base := s.publicBase(r)
	render := func(who principal) ([]byte, error) {
		d, err := s.posterData(r.Context(), v, c, base, who)
		if err != nil {
			return nil, err
		}
		return s.pages.render("poster.html", d)
	}
	if who.Role != anonymous.Role || s.publicURL == "" {
		// Logged in, the header names the user; without public_url, the QR code names
		// the Host the client sent, and a client must not fill the shared cache with
		// as many posters as it invents host names. Either is rendered each time (a
		// poster is asked for rarely, and renders in a millisecond or so).
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
	s.cached(w, r, &v.responses, "poster|"+c.INSEE, publicMaxAge, func() (*cachedResponse, error) {
		b, err := render(anonymous)
		if err != nil {
			return nil, err
		}
		return newCachedResponse(b, "text/html; charset=utf-8"), nil
	})
}

// posterData is what the poster of commune c says from the view's today, the site
// being at base ("" when unknown).
func (s *Server) posterData(ctx context.Context, v *publicView, c *medibus.Commune, base string, who principal) (posterData, error) {
	page := "/communes/" + url.PathEscape(c.INSEE)
	d := posterData{Commune: c, Department: s.departmentName(c), Published: true, CatchmentMin: v.catchmentMin(),
		PagePath: page, Today: v.today.Time(time.UTC), Who: who}
	sites, near, err := v.sitesFor(ctx, c)
	if err != nil {
		return d, err
	}
	d.Served = near && len(sites) > 0
	list, _ := splitListed(v.upcoming(sites, v.today, pageHorizonDays, posterRows+1), posterRows)
	d.NoBooking = true
	seen := map[string]bool{}
	for _, o := range list[:min(len(list), posterRows)] {
		row := sessionRowOf(o)
		d.Rows = append(d.Rows, row)
		if row.Cancelled || seen[row.Organisation] {
			continue
		}
		seen[row.Organisation] = true
		d.Contacts = append(d.Contacts, posterContact{Organisation: row.Organisation, Booking: row.Booking})
		if row.Booking != (booking{}) {
			d.NoBooking = false
		}
	}
	if !d.Served || len(d.Rows) == 0 {
		var nearest *siteRow
		if !near && len(sites) > 0 {
			row := s.siteRow(sites[0])
			nearest = &row
		}
		d.Unserved = unservedSentence(c, d.CatchmentMin, d.Served, nearest)
	}
	if base == "" {
		d.NoPublicURL = true
		return d, nil
	}
	d.PageURL = base + page
	d.PageLabel = strings.TrimPrefix(strings.TrimPrefix(d.PageURL, "https://"), "http://")
	if d.QR, err = qrSVG(d.PageURL, "Code QR de la page du médicobus près "+deName(c.Name)+" : "+d.PageLabel); err != nil {
		return d, err
	}
	return d, nil
}
