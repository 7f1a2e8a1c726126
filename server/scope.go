package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"medibus"
	"medibus/holiday"
)

// A coordinator's token may be limited to one organisation's or one region's buses:
// they see every plan but change only those buses. Every write route asks here, and
// refuses with 403 and a French message naming the buses out of reach.

// scoped reports whether p may change only some buses.
func (p principal) scoped() bool { return p.Organisation != "" || p.Region != "" }

// mayChange reports whether p may change the sessions of bus u.
func (p principal) mayChange(u *medibus.Unit) bool {
	switch {
	case !p.scoped():
		return true
	case u == nil:
		return false
	case p.Organisation != "":
		return u.Organisation == p.Organisation
	}
	return u.Region == p.Region
}

// scopeFr names p's scope in a sentence: « l'organisation MSP de Felletin ».
func (p principal) scopeFr(ix *medibus.Index) string {
	if p.Organisation != "" {
		name := p.Organisation
		if o := ix.Organisations[p.Organisation]; o != nil {
			name = o.Name
		}
		return "l'organisation « " + name + " »"
	}
	if p.RegionName != "" {
		return "la région " + p.RegionName
	}
	return "la région " + p.Region
}

// regionName names region code from the territory's departments, or keeps the code.
func (s *Server) regionName(code string) string {
	for _, d := range s.fr.Departments {
		if d.Region == code && d.RegionName != "" {
			return d.RegionName
		}
	}
	return code
}

// outside lists the buses of units that p may not change, each once, in order.
func outside(p principal, ix *medibus.Index, units []string) []string {
	var out []string
	for _, id := range units {
		if !p.mayChange(ix.Units[id]) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// refuseOutside answers 403 when some of units are out of p's scope, saying what was
// refused (« publier ce plan »), and reports whether it did.
func refuseOutside(w http.ResponseWriter, p principal, ix *medibus.Index, what string, units []string) bool {
	out := outside(p, ix, units)
	if len(out) == 0 {
		return false
	}
	names := make([]string, 0, min(len(out), 5))
	for _, id := range out[:min(len(out), 5)] {
		if u := ix.Units[id]; u != nil && u.Name != "" {
			names = append(names, u.Name+" ("+id+")")
		} else {
			names = append(names, id)
		}
	}
	more := ""
	if len(out) > 5 {
		more = fmt.Sprintf(" et %d autres", len(out)-5)
	}
	writeError(w, http.StatusForbidden, fmt.Errorf("Votre accès de coordination est limité à %s : impossible %s, qui concerne %s%s. "+
		"Seule la coordination nationale, ou celle de ces bus, peut le faire.", p.scopeFr(ix), deName(what), strings.Join(names, ", "), more))
	return true
}

// unitIDs lists the ids of sc's buses.
func unitIDs(sc *medibus.Scenario) []string {
	out := make([]string, len(sc.Units))
	for i := range sc.Units {
		out[i] = sc.Units[i].ID
	}
	return out
}

// closureInScope reports whether p may declare or remove closure c: a national
// coordinator any; a region's, one of a department or site of their region; an
// organisation's none, since a closure cancels every bus's sessions there.
func closureInScope(p principal, sc *medibus.Scenario, c medibus.Closure, regionOf func(dept string) string) bool {
	switch {
	case !p.scoped():
		return true
	case p.Organisation != "":
		return false
	case c.Site != "":
		for _, st := range sc.Sites {
			if st.ID == c.Site {
				return regionOf(holiday.Department(st.INSEE)) == p.Region
			}
		}
		return false
	case c.Department != "":
		return regionOf(c.Department) == p.Region
	}
	return false
}
