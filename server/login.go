package server

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"medibus/store"
)

type loginData struct {
	Next    string
	Message string
	Who     principal
}

// safeNext keeps a post-login redirect on this site: only a same-origin absolute path.
// Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so
// "/<TAB>/evil.example" or "/<BACKSLASH>evil.example" would reach another host: any
// control character, white space or backslash refuses the path, as do "//" and anything
// with a scheme or host.
func safeNext(next, fallback string) string {
	if len(next) == 0 || len(next) > 2048 || next[0] != '/' || strings.HasPrefix(next, "//") ||
		strings.ContainsFunc(next, func(r rune) bool { return r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) }) {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return fallback
	}
	return next
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request, who principal) {
	w.Header().Set("Cache-Control", "no-store")
	s.writePage(w, r, http.StatusOK, "login.html", loginData{Next: safeNext(r.URL.Query().Get("next"), ""), Who: who})
}

// login exchanges a token typed in the form for a session cookie. Only our own form may
// post it: a cross-site form would log the browser in as the attacker (login CSRF).
func (s *Server) login(w http.ResponseWriter, r *http.Request, _ principal) {
	if !sameOrigin(r) {
		s.errorPage(w, r, http.StatusForbidden, errors.New("cross-site login refused: log in from this site's own form"))
		return
	}
	if s.loginsBlocked(w, r, true) {
		return
	}
	release, ok := s.loginSlot(w, r)
	if !ok {
		return
	}
	defer release()
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, err)
		return
	}
	next := r.PostForm.Get("next")
	p, err := s.auth.lookup(r.Context(), strings.TrimSpace(r.PostForm.Get("token")))
	if err != nil {
		status, msg := http.StatusUnauthorized, "Jeton inconnu ou révoqué."
		if errors.Is(err, errBadToken) {
			s.loginFailed(r)
		} else {
			status, msg = statusOf(err), "Impossible de vérifier le jeton pour l'instant : réessayez dans un moment."
			s.log.Error("login", "err", err)
		}
		w.Header().Set("Cache-Control", "no-store")
		s.writePage(w, r, status, "login.html", loginData{Next: safeNext(next, ""), Message: msg, Who: anonymous})
		return
	}
	id, err := s.sessions.create(p)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int(sessionTTL.Seconds()),
	})
	fallback := "/driver"
	if p.Role == store.RoleCoordinator {
		fallback = "/plan"
	}
	http.Redirect(w, r, safeNext(next, fallback), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, _ principal) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.sessions.delete(c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
