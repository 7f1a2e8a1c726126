package server

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"

	"medibus/holiday"
)

// siteJSON is a candidate site of a scenario, named by its commune for the desk's
// choice of another site.
type siteJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Commune    string `json:"commune"`
	Department string `json:"department"`
}

// apiSites lists the scenario's sites a session of bus ?unit= could be moved to: those
// of the region of its depot (every site when the region is unknown), by commune name.
// Whether the bus may go there is the desk's verdict on the move.
func (s *Server) apiSites(w http.ResponseWriter, r *http.Request, _ principal) {
	p, v, ok := s.planView(w, r)
	if !ok {
		return
	}
	id := r.URL.Query().Get("unit")
	u := v.ix.Units[id]
	if u == nil {
		writeError(w, http.StatusNotFound, fmt.Errorf("le bus %q n'est pas dans le scénario %s : donnez ?unit= avec l'identifiant d'un de ses bus (GET /api/plans/%d)", id, v.sc.Name, p.ID))
		return
	}
	region := ""
	if dp := v.ix.Depots[u.Depot]; dp != nil {
		region = s.regionOf(holiday.Department(dp.INSEE))
	}
	out := []siteJSON{}
	for _, st := range v.sc.Sites {
		dept := holiday.Department(st.INSEE)
		if region != "" && s.regionOf(dept) != region {
			continue
		}
		out = append(out, siteJSON{ID: st.ID, Name: st.Name, Commune: s.communeName(v.ix, st.INSEE), Department: dept})
	}
	slices.SortFunc(out, func(a, b siteJSON) int { return cmp.Or(cmp.Compare(a.Commune, b.Commune), cmp.Compare(a.Name, b.Name)) })
	writeJSON(w, http.StatusOK, map[string]any{"unit": id, "sites": out})
}

// regionOf is the region of department dept, or "" when the territory does not know it.
func (s *Server) regionOf(dept string) string {
	if d, ok := s.fr.Department(dept); ok {
		return d.Region
	}
	return ""
}
