package server

import (
	"bufio"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"
)

// recorder remembers the status and size of a response for metrics and logs. It keeps
// http.ResponseController working (Flush for event streams) through Unwrap.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

// retryAfter is what a 503 tells clients to wait, in seconds: another process's write
// lock, or a full queue of logins, is usually gone by then.
const retryAfter = "5"

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	if code == http.StatusServiceUnavailable && r.Header().Get("Retry-After") == "" {
		r.Header().Set("Retry-After", retryAfter)
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Flush lets event streams push each event at once.
func (r *recorder) Flush() {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap exposes the underlying writer to http.ResponseController.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// Hijack is passed through for completeness; nothing of ours hijacks.
func (r *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	h, ok := r.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("hijack not supported")
	}
	return h.Hijack()
}

// securityHeaders are sent with every response: everything is served by us, so the
// content security policy allows only our own origin.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
	"X-Content-Type-Options":  "nosniff",
	"Referrer-Policy":         "same-origin",
	"X-Frame-Options":         "DENY",
}

// hsts tells browsers to come back over HTTPS only, for a year. It is sent only when the
// server is told it is served over TLS (Config.SecureCookies, serve --secure-cookies):
// the reverse proxy in front may add its own, which browsers treat alike.
const hsts = "max-age=31536000"

func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.metrics.inFlight.Add(1)
		defer s.metrics.inFlight.Add(-1)
		h := w.Header()
		for k, v := range securityHeaders {
			h[k] = []string{v}
		}
		if s.secure {
			h["Strict-Transport-Security"] = []string{hsts}
		}
		rec := &recorder{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if rec.status == 0 {
					http.Error(rec, "internal error", http.StatusInternalServerError)
				}
			}
			d := time.Since(start)
			// ServeMux sets r.Pattern on the request it was given (Go ≥ 1.23); empty
			// means no route matched (404 or 405).
			pattern := r.Pattern
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			s.metrics.observe(pattern, rec.status, d)
			level := slog.LevelInfo
			if rec.status >= 500 {
				level = slog.LevelError
			}
			s.log.LogAttrs(r.Context(), level, "request",
				slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("route", pattern),
				slog.Int("status", rec.status), slog.Int64("bytes", rec.bytes),
				slog.Float64("ms", float64(d.Microseconds())/1000))
		}()
		next.ServeHTTP(rec, r)
	})
}
