package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"time"

	"medibus"
)

// ErrNothingPublished is returned by Server.PublicSite when no rotation is published:
// there is no calendar to write.
var ErrNothingPublished = errors.New("nothing is published")

// siteVisitor is who reads the static site: anyone, and no login is offered, as a
// static host has no /login.
var siteVisitor = principal{Role: "site"}

// PublicSite is the published calendar as the patient pages read it at one moment, and
// what renders those pages as files for a static host or a CDN: each commune's page
// and feed, the home page with a search that runs in the browser, and its index. It
// renders with the live server's templates and data, so a page written is the page
// the server shows anyone that day. Its methods are safe for concurrent use.
type PublicSite struct {
	s       *Server
	v       *publicView
	written time.Time
	// only, when set, keeps the communes of these departments (LimitTo).
	only []string
}

// PublicSite reads the published calendar now (the database's latest published
// revision and closures, from today). Without any publication it returns
// ErrNothingPublished.
func (s *Server) PublicSite(ctx context.Context) (*PublicSite, error) {
	s.published.invalidate()
	v, err := s.published.view(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the published calendar: %w", err)
	}
	if !v.published() {
		return nil, ErrNothingPublished
	}
	return &PublicSite{s: s, v: v, written: s.now().In(s.paris)}, nil
}

// PublicURL is the address the site is served at, which the posters' QR codes give;
// "" when not configured (Config.PublicURL): the posters then carry none.
func (p *PublicSite) PublicURL() string { return p.s.publicURL }

// Revision is the revision of the published state the pages show.
func (p *PublicSite) Revision() int64 { return p.v.rev }

// Today is the first date the pages list.
func (p *PublicSite) Today() medibus.Date { return p.v.today }

// WrittenAt is when the calendar was read, in Paris.
func (p *PublicSite) WrittenAt() time.Time { return p.written }

// Version names everything the pages depend on: the published revision, the declared
// closures, the day, the embedded templates and static files, and the public URL the
// posters lead to. Two sites of the same version hold the same pages (but for the time
// they say they were written).
func (p *PublicSite) Version() string {
	v := p.v.key + "|web " + webVersion()
	if p.s.publicURL != "" {
		v += "|url " + p.s.publicURL
	}
	if p.only != nil {
		v += "|departments " + strings.Join(p.only, ",")
	}
	return v
}

// LimitTo keeps the communes of these departments only ("23", "2A"): the others get no
// page and are not in the search index. An unknown code is an error; none keeps every
// commune.
func (p *PublicSite) LimitTo(departments []string) error {
	if len(departments) == 0 {
		p.only = nil
		return nil
	}
	for _, d := range departments {
		if _, ok := p.s.fr.Department(d); !ok {
			return fmt.Errorf("no department %q (codes as 23, 2A, 974 are not in metropolitan France)", d)
		}
	}
	p.only = slices.Sorted(slices.Values(departments))
	return nil
}

// Departments are the departments LimitTo kept; nil means all.
func (p *PublicSite) Departments() []string { return p.only }

// Communes are the communes that get a page, in INSEE order: every commune of France by
// default, as on the live server (a commune beyond every catchment gets the nearest
// stop), or those of the departments of LimitTo.
func (p *PublicSite) Communes() []*medibus.Commune {
	var out []*medibus.Commune
	for i := range p.s.search.communes {
		if c := &p.s.search.communes[i]; p.keeps(c) {
			out = append(out, c)
		}
	}
	return out
}

// keeps reports whether c gets a page.
func (p *PublicSite) keeps(c *medibus.Commune) bool {
	return p.only == nil || slices.Contains(p.only, c.Department)
}

// CommuneFiles are the rendered page, feed and poster of one commune.
type CommuneFiles struct {
	Page, Feed, Poster []byte
	// Served is set when a published site is within the commune's catchment; otherwise
	// the page names the nearest stop.
	Served bool
}

// Commune renders the page of c, as /communes/INSEE shows it to anyone with when it was
// written, its iCalendar feed, as /communes/INSEE.ics, and its poster, as
// /communes/INSEE/affiche (written as communes/INSEE/affiche/index.html, which a
// static host serves at that address as it serves the pages of the communes). The
// posters' QR codes lead to the configured public URL (Config.PublicURL); without one
// the posters say it is needed and carry none.
func (p *PublicSite) Commune(ctx context.Context, c *medibus.Commune) (CommuneFiles, error) {
	d, err := p.s.communeData(ctx, p.v, c, p.v.today, siteVisitor)
	if err != nil {
		return CommuneFiles{}, fmt.Errorf("commune %s: %w", c.INSEE, err)
	}
	d.Written = p.writtenFr()
	html, err := p.s.pages.render("commune.html", d)
	if err != nil {
		return CommuneFiles{}, fmt.Errorf("commune %s: %w", c.INSEE, err)
	}
	feed, err := p.s.renderFeed(ctx, p.v, c, p.v.today)
	if err != nil {
		return CommuneFiles{}, fmt.Errorf("feed of commune %s: %w", c.INSEE, err)
	}
	pd, err := p.s.posterData(ctx, p.v, c, p.s.publicURL, siteVisitor)
	if err != nil {
		return CommuneFiles{}, fmt.Errorf("poster of commune %s: %w", c.INSEE, err)
	}
	pd.Written = d.Written
	poster, err := p.s.pages.render("poster.html", pd)
	if err != nil {
		return CommuneFiles{}, fmt.Errorf("poster of commune %s: %w", c.INSEE, err)
	}
	return CommuneFiles{Page: html, Feed: feed.body, Poster: poster, Served: len(d.Sites) > 0}, nil
}

// HomePage renders the home page: the live server's search form, answered in the
// browser (static/search.js) from the index at indexURL, and when the site was written.
func (p *PublicSite) HomePage(indexURL string) ([]byte, error) {
	return p.s.pages.render("home.html", homeData{Who: siteVisitor,
		Site: &homeSite{IndexURL: indexURL, Written: p.writtenFr(), Revision: p.v.rev}})
}

// NotFoundPage renders the French page a static host shows for a missing address
// (404.html), as the live server's.
func (p *PublicSite) NotFoundPage() ([]byte, error) {
	return p.s.pages.render("error.html", errorData{Title: statusTitle(404), Status: 404, Who: siteVisitor,
		Message: "aucune page à cette adresse ; cherchez une commune depuis l'accueil"})
}

// InfoPages are the help page, the accessibility statement and the legal notice,
// under the live server's paths ("aide", "accessibilite", "mentions-legales").
var InfoPages = []string{"aide", "accessibilite", "mentions-legales"}

// InfoPage renders one of InfoPages as a visitor sees it.
func (p *PublicSite) InfoPage(name string) ([]byte, error) {
	return p.s.pages.render(name+".html", legalData{Operator: p.s.operator, Who: siteVisitor})
}

// writtenFr says when the site was written: "lundi 23 novembre 2026 à 08:00".
func (p *PublicSite) writtenFr() string {
	return frDate(p.written) + " à " + p.written.Format("15:04")
}

// StaticFiles are the embedded static files the patient pages load: the style sheet,
// their scripts (the map, the browser's search), the departments' outlines and
// Leaflet. The desk's and the drivers' scripts are left out.
func StaticFiles() fs.FS { return publicStatic{} }

// publicStatic is staticFS without the files only logged-in users load.
type publicStatic struct{}

// privateStatic are the static files of the desk and the driver sheets.
var privateStatic = map[string]bool{"desk.js": true, "planning.js": true, "driver.js": true}

func (publicStatic) Open(name string) (fs.File, error) {
	if privateStatic[name] {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return staticFS.Open(name)
}

func (publicStatic) ReadDir(name string) ([]fs.DirEntry, error) {
	all, err := fs.ReadDir(staticFS, name)
	if err != nil {
		return nil, err
	}
	out := all[:0:0]
	for _, e := range all {
		if name != "." || !privateStatic[e.Name()] {
			out = append(out, e)
		}
	}
	return out, nil
}

// webVersion is a hash of the embedded templates and static files.
var webVersion = sync.OnceValue(func() string {
	h := sha256.New()
	_ = fs.WalkDir(webFS, "web", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := webFS.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", path, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)[:6])
})
