package server

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed web/templates/*.html web/static/* web/openapi.json
var webFS embed.FS

// pages holds the parsed templates.
type pages struct{ t *template.Template }

func parsePages() (*pages, error) {
	t, err := template.New("").Funcs(template.FuncMap{
		"frdate":   frDate,
		"frday":    frDay,
		"de":       deName,
		"km":       func(v float64) string { return strings.Replace(fmt.Sprintf("%.1f", v), ".", ",", 1) },
		"num":      frNumber,
		"pct":      frPercent,
		"join":     strings.Join,
		"tel":      telURL,
		"contains": strings.Contains,
	}).ParseFS(webFS, "web/templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("server: parse templates: %w", err)
	}
	return &pages{t: t}, nil
}

// render executes template name into a buffer first, so a template error becomes a clean
// 500 rather than half a page.
func (p *pages) render(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := p.t.ExecuteTemplate(&buf, name, data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

func (s *Server) writePage(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	b, err := s.pages.render(name, data)
	if err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

type errorData struct {
	Title   string
	Status  int
	Message string
	Who     principal
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, err error) {
	msg := err.Error()
	if status >= 500 {
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
		msg = "Erreur interne ; réessayez plus tard."
	}
	w.Header().Set("Cache-Control", "no-store")
	s.writePage(w, r, status, "error.html", errorData{Title: statusTitle(status), Status: status, Message: msg, Who: anonymous})
}

var staticFS = func() fs.FS {
	sub, err := fs.Sub(webFS, "web/static")
	if err != nil {
		panic(err)
	}
	return sub
}()

// static serves the embedded CSS and JavaScript. They change only with the binary, so
// a day of caching is safe; ETags come from http.FileServer's modification-time-less
// content sniffing being absent, so we rely on max-age.
func (s *Server) static(w http.ResponseWriter, r *http.Request, _ principal) {
	name := path.Clean(r.PathValue("file"))
	b, err := fs.ReadFile(staticFS, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	switch path.Ext(name) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	case ".geojson":
		w.Header().Set("Content-Type", "application/geo+json")
	case ".png":
		w.Header().Set("Content-Type", "image/png")
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(b)
}

// healthz answers 200 when the database reads and takes writes, 503 otherwise. Writes
// are judged by the store's record of the latest ones (store.DB.WriteHealth), not by a
// probe: /healthz never writes, and a write failed for want of disk or database (full,
// read-only) is reported, with its time, until a write succeeds again (a coordinator's
// or a token's last use, which every login and bearer request records). Reads, and
// with them the patients' pages, go on meanwhile: the body says so. The error itself
// is in the log, not here: /healthz is public.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request, _ principal) {
	w.Header().Set("Cache-Control", "no-store")
	if _, err := s.db.LatestPublishedID(r.Context()); err != nil {
		s.log.Error("healthz: database", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reads": "failing",
			"message": "La base de données ne répond pas : voir le journal du serveur."})
		return
	}
	h := s.db.WriteHealth()
	if !h.FailedAt.IsZero() {
		w.Header().Set("Retry-After", retryUnavailable)
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"status": "degraded", "reads": "ok", "writes": "failing",
			"write_failed_at": h.FailedAt.UTC().Format(time.RFC3339), "last_write_ok": timeOrNull(h.LastOK),
			"message": "Les écritures échouent (disque plein ou base en lecture seule) : les pages se lisent, rien ne s'enregistre. Voir le journal du serveur."})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "reads": "ok", "writes": "ok", "last_write_ok": timeOrNull(h.LastOK)})
}

// timeOrNull is t in RFC 3339, or nil when zero.
func timeOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func (s *Server) openAPI(w http.ResponseWriter, _ *http.Request, _ principal) {
	b, err := webFS.ReadFile("web/openapi.json")
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(b)
}
