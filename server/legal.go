package server

import (
	"medibus"
	"net/http"
)

// A public service's site owes its users a help page, an accessibility statement
// (RGAA, the French accessibility framework) and a legal notice naming who runs it.

// legalData is what the three pages show.
type legalData struct {
	Operator medibus.Operator
	Who      principal
}

// infoPage serves one of InfoPages, which every visitor may read.
func (s *Server) infoPage(name string) handler {
	return func(w http.ResponseWriter, r *http.Request, who principal) {
		// The header's links depend on who is logged in: shared caches keep only
		// the anonymous visitor's page.
		cache := "public, max-age=3600"
		if who.Role != anonymous.Role {
			cache = "private, no-cache"
		}
		w.Header().Set("Cache-Control", cache)
		w.Header().Set("Vary", "Authorization, Cookie")
		s.writePage(w, r, http.StatusOK, name+".html", legalData{Operator: s.operator, Who: who})
	}
}
