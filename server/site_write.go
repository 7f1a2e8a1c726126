package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"medibus"
)

// The static site's layout: the live server's URLs, each page as a folder's index.html
// so that any static host serves /communes/INSEE (redirected to /communes/INSEE/) and
// /communes/INSEE.ics as the server does.
const (
	siteNoteFile  = "site.json"
	siteIndexPath = "communes/index.json"
)

// SiteOptions say where and how Server.WriteSite writes the static site.
type SiteOptions struct {
	// Dir is the site's folder. The new site is written beside it, then put in its place
	// by renaming, so a web server never serves half a site. An existing Dir must be a
	// site written before (it holds site.json) or empty.
	Dir string
	// IfChanged leaves Dir as it is when it holds a site of the same version (see
	// PublicSite.Version): same revision, closures, day and binary's pages.
	IfChanged bool
	// Departments, when set, limit the pages and the search to the communes of these
	// departments (PublicSite.LimitTo); none means every commune of France.
	Departments []string
	// Workers render communes in parallel; zero means one per CPU.
	Workers int
}

// SiteSummary says what Server.WriteSite wrote.
type SiteSummary struct {
	Revision int64
	Version  string
	Today    medibus.Date
	// Communes got a page and a feed each; Served of them have a published site within
	// their catchment (the others' pages name the nearest stop).
	Communes, Served int
	Files            int
	Bytes            int64
	// Unchanged is set when IfChanged found the same version in Dir: nothing written.
	Unchanged bool
	// InPlace is how long writing took until the new site was in place; removing the
	// previous one comes after.
	InPlace time.Duration
	// PublicURL is the address the posters' QR codes lead to; "" when none was
	// configured, and the posters carry no QR code.
	PublicURL string
}

// siteNote is site.json: what the site shows and when it was written.
type siteNote struct {
	Generator string    `json:"generator"`
	WrittenAt time.Time `json:"written_at"`
	Revision  int64     `json:"revision"`
	Version   string    `json:"version"`
	Today     string    `json:"today"`
	Communes  int       `json:"communes"`
	Served    int       `json:"served"`
	// Departments are those the site is limited to; none: all of France.
	Departments []string `json:"departments,omitempty"`
}

// WriteSite writes the patient pages of the published calendar as static files into
// o.Dir: index.html (the search, run in the browser on communes/index.json),
// communes/INSEE/index.html, communes/INSEE.ics and the poster
// communes/INSEE/affiche/index.html for every commune of France, 404.html, the static files under static/, and site.json saying when and from which
// published revision it was written.
func (s *Server) WriteSite(ctx context.Context, o SiteOptions) (SiteSummary, error) {
	if o.Dir == "" {
		return SiteSummary{}, errors.New("site: no folder to write to")
	}
	began := time.Now()
	p, err := s.PublicSite(ctx)
	if err != nil {
		return SiteSummary{}, err
	}
	if err := p.LimitTo(o.Departments); err != nil {
		return SiteSummary{}, fmt.Errorf("site: %w", err)
	}
	sum := SiteSummary{Revision: p.Revision(), Version: p.Version(), Today: p.Today(), PublicURL: p.PublicURL()}
	old, err := readSiteNote(o.Dir)
	if err != nil {
		return sum, err
	}
	if o.IfChanged && old != nil && old.Version == sum.Version {
		sum.Unchanged, sum.Communes, sum.Served = true, old.Communes, old.Served
		return sum, nil
	}
	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(o.Dir)), "."+filepath.Base(o.Dir)+".new-")
	if err != nil {
		return sum, fmt.Errorf("site: %w", err)
	}
	w := &siteWriter{dir: tmp}
	defer func() { _ = os.RemoveAll(tmp) }() // gone already once in place
	if err := w.writeAll(ctx, p, o.Workers, &sum); err != nil {
		return sum, err
	}
	sum.Files, sum.Bytes = int(w.files.Load()), w.bytes.Load()
	prev, err := replaceDir(tmp, o.Dir)
	if err != nil {
		return sum, err
	}
	sum.InPlace = time.Since(began)
	if prev != "" {
		if err := os.RemoveAll(prev); err != nil {
			return sum, fmt.Errorf("site: remove the previous site %s: %w", prev, err)
		}
	}
	return sum, nil
}

// writeAll writes every file of the site into w.dir, site.json last.
func (w *siteWriter) writeAll(ctx context.Context, p *PublicSite, workers int, sum *SiteSummary) error {
	if err := os.Chmod(w.dir, 0o755); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	if err := w.static(); err != nil {
		return err
	}
	for _, f := range []struct {
		name   string
		render func() ([]byte, error)
	}{
		{"index.html", func() ([]byte, error) { return p.HomePage("/" + siteIndexPath) }},
		{"404.html", p.NotFoundPage},
		{siteIndexPath, p.SearchIndex},
	} {
		b, err := f.render()
		if err != nil {
			return err
		}
		if err := w.write(f.name, b); err != nil {
			return err
		}
	}
	for _, name := range InfoPages {
		b, err := p.InfoPage(name)
		if err != nil {
			return err
		}
		if err := w.write(name+"/index.html", b); err != nil {
			return err
		}
	}
	served, err := w.communes(ctx, p, workers)
	if err != nil {
		return err
	}
	sum.Communes, sum.Served = len(p.Communes()), served
	note, err := json.MarshalIndent(siteNote{Generator: "medibus site", WrittenAt: p.WrittenAt(), Revision: p.Revision(),
		Version: p.Version(), Today: p.Today().String(), Communes: sum.Communes, Served: served, Departments: p.Departments()}, "", "  ")
	if err != nil {
		return fmt.Errorf("site: %w", err)
	}
	return w.write(siteNoteFile, append(note, '\n'))
}

// communes renders every commune's page and feed on workers goroutines, and says how
// many communes are served.
func (w *siteWriter) communes(ctx context.Context, p *PublicSite, workers int) (int, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	cs := p.Communes()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan *medibus.Commune)
	var served atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for c := range next {
				f, err := p.Commune(ctx, c)
				if err == nil {
					err = w.commune(c.INSEE, f)
				}
				if err != nil {
					cancel(err)
					return
				}
				if f.Served {
					served.Add(1)
				}
			}
		})
	}
feed:
	for _, c := range cs {
		select {
		case next <- c:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return 0, err
	}
	return int(served.Load()), nil
}

// siteWriter writes the files of a site into dir and counts them.
type siteWriter struct {
	dir   string
	files atomic.Int64
	bytes atomic.Int64
}

// commune writes the page, the feed and the poster of the commune insee.
func (w *siteWriter) commune(insee string, f CommuneFiles) error {
	if err := w.write("communes/"+insee+"/index.html", f.Page); err != nil {
		return err
	}
	if err := w.write("communes/"+insee+"/affiche/index.html", f.Poster); err != nil {
		return err
	}
	return w.write("communes/"+insee+".ics", f.Feed)
}

// static copies the static files the pages load under static/.
func (w *siteWriter) static() error {
	src := StaticFiles()
	return fs.WalkDir(src, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, path)
		if err != nil {
			return fmt.Errorf("site: static/%s: %w", path, err)
		}
		return w.write("static/"+path, b)
	})
}

// write writes b to the file name (slash-separated) of the site, making its folder.
func (w *siteWriter) write(name string, b []byte) error {
	path := filepath.Join(w.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("site: %w", err)
	}
	w.files.Add(1)
	w.bytes.Add(int64(len(b)))
	return nil
}

// readSiteNote reads dir's site.json: nil when dir does not exist or is empty, an
// error when it holds something else than a site, which WriteSite must not replace.
func readSiteNote(dir string) (*siteNote, error) {
	b, err := os.ReadFile(filepath.Join(dir, siteNoteFile))
	if err == nil {
		var n siteNote
		if err := json.Unmarshal(b, &n); err != nil {
			return nil, fmt.Errorf("site: %s: %w", filepath.Join(dir, siteNoteFile), err)
		}
		return &n, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("site: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("site: %w", err)
	}
	if len(entries) > 0 {
		return nil, fmt.Errorf("site: %s is not empty and holds no %s: not a site written by medibus, left as it is; name another folder", dir, siteNoteFile)
	}
	return nil, nil
}

// replaceDir puts the folder tmp in the place of dir: dir, if any, is renamed away (its
// new name returned, for the caller to remove), then tmp renamed to dir. Between the two
// renames (a few microseconds) dir does not exist.
func replaceDir(tmp, dir string) (old string, err error) {
	if _, err := os.Stat(dir); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return "", fmt.Errorf("site: move the previous site away: %w", err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir)
		}
		return "", fmt.Errorf("site: put the new site in place: %w", err)
	}
	return old, nil
}
