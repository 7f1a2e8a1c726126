package server

import (
	"errors"
	"net/http"
	"strings"

	"medibus/store"
)

type loginData struct {
	Next    string
	Message string
	Who     principal
}

// safeNext keeps a post-login redirect on this site: only a local absolute path.
func safeNext(next, fallback string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return fallback
	}
	return next
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request, who principal) {
	w.Header().Set("Cache-Control", "no-store")
	s.writePage(w, r, http.StatusOK, "login.html", loginData{Next: safeNext(r.URL.Query().Get("next"), ""), Who: who})
}

// login exchanges a token typed in the form for a session cookie.
func (s *Server) login(w http.ResponseWriter, r *http.Request, _ principal) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, err)
		return
	}
	next := r.PostForm.Get("next")
	p, err := s.auth.lookup(r.Context(), strings.TrimSpace(r.PostForm.Get("token")))
	if err != nil {
		status := http.StatusUnauthorized
		if !errors.Is(err, errBadToken) {
			status = http.StatusInternalServerError
			s.log.Error("login", "err", err)
		}
		w.Header().Set("Cache-Control", "no-store")
		s.writePage(w, r, status, "login.html", loginData{Next: safeNext(next, ""), Message: "Jeton inconnu ou révoqué.", Who: anonymous})
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
