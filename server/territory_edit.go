package server

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"medibus"
	"medibus/scenario"
)

// entityEdit is one save of the territory editor: an entity of kind k added, replaced
// or removed in the scenario of t.
type entityEdit struct {
	t      *editTarget
	k      editKind
	item   string
	params *scenario.Params

	pro  proBody
	bus  busBody
	site siteBody
	org  orgBody
	svc  serviceBody
}

// decode reads the request's body for the edit's kind; it answers the request itself
// when the body is refused.
func (ed *entityEdit) decode(w http.ResponseWriter, r *http.Request) bool {
	switch ed.k.path {
	case "staff":
		return decodeBody(w, r, &ed.pro)
	case "units":
		return decodeBody(w, r, &ed.bus)
	case "sites":
		return decodeBody(w, r, &ed.site)
	case "organisations":
		return decodeBody(w, r, &ed.org)
	default:
		return decodeBody(w, r, &ed.svc)
	}
}

// exists reports whether an entity of the edit's kind has id.
func (ed *entityEdit) exists(id string) bool {
	ix := ed.t.ix
	switch ed.k.path {
	case "staff":
		return ix.Staff[id] != nil
	case "units":
		return ix.Units[id] != nil
	case "sites":
		return ix.Sites[id] != nil
	case "organisations":
		return ix.Organisations[id] != nil
	}
	return ix.Services[id] != nil
}

// name is the name the new entity's id is made from.
func (ed *entityEdit) name() string {
	switch ed.k.path {
	case "staff":
		return ed.pro.Name
	case "units":
		return ed.bus.Name
	case "sites":
		if c := ed.t.ix.Communes[ed.site.INSEE]; c != nil && strings.TrimSpace(ed.site.Name) == "" {
			return c.Name
		}
		return ed.site.Name
	case "organisations":
		return ed.org.Name
	}
	return ed.svc.Name
}

// apply returns a copy of the scenario with the edit made, what it does in French
// (for the history), and the problems at their fields.
func (ed *entityEdit) apply(remove bool) (*medibus.Scenario, string, problems) {
	if ed.item == "" {
		ed.item = newItemID(ed.k.prefix, ed.name(), ed.exists)
	}
	if remove && !ed.exists(ed.item) {
		var ps problems
		ps.add("", "%s « %s » n'est pas dans cette version du scénario : rechargez la page.", capital(ed.k.fr), ed.item)
		return nil, "", ps
	}
	next := *ed.t.sc
	sc := &next
	if remove {
		return ed.remove(sc)
	}
	id, verb := ed.item, "ajouté"
	if ed.exists(id) {
		verb = "modifié"
	}
	switch ed.k.path {
	case "staff":
		m, ps := ed.pro.member(ed.t, id)
		if len(ps) > 0 {
			return nil, "", ps
		}
		sc.Staff = upsert(sc.Staff, m, func(x medibus.StaffMember) string { return x.ID })
		return sc, fmt.Sprintf("professionnel %s (%s) %s", m.Name, id, verb), nil
	case "units":
		u, depot, ps := ed.bus.unit(ed.t, id)
		if len(ps) > 0 {
			return nil, "", ps
		}
		isNew := !ed.exists(id)
		sc.Units = upsert(sc.Units, u, func(x medibus.Unit) string { return x.ID })
		sc.Depots = upsert(sc.Depots, depot, func(x medibus.Depot) string { return x.ID })
		if isNew && ed.bus.StaffJoin && u.Organisation != "" {
			joinOrgStaff(sc, ed.t, u)
		}
		pruneDepots(sc)
		return sc, fmt.Sprintf("bus %s (%s) %s", u.Name, id, verb), nil
	case "sites":
		st, ps := ed.site.site(ed.t, id)
		if len(ps) > 0 {
			return nil, "", ps
		}
		sc.Sites = upsert(sc.Sites, st, func(x medibus.Site) string { return x.ID })
		return sc, fmt.Sprintf("lieu %s (%s) %s", st.Name, id, verb), nil
	case "organisations":
		o, depot, ps := ed.org.organisation(ed.t, id)
		if len(ps) > 0 {
			return nil, "", ps
		}
		sc.Organisations = upsert(sc.Organisations, o, func(x medibus.Organisation) string { return x.ID })
		if depot.ID != "" {
			sc.Depots = upsert(sc.Depots, depot, func(x medibus.Depot) string { return x.ID })
		}
		pruneDepots(sc)
		return sc, fmt.Sprintf("organisation %s (%s) %s", o.Name, id, verb), nil
	}
	sv, ps := ed.svc.service(id)
	if len(ps) > 0 {
		return nil, "", ps
	}
	scenario.SetService(sc, sv, ed.params)
	return sc, fmt.Sprintf("service %s (%s) %s", sv.Name, id, verb), nil
}

// remove returns a copy of sc without the edit's item, unless others depend on it.
func (ed *entityEdit) remove(sc *medibus.Scenario) (*medibus.Scenario, string, problems) {
	id := ed.item
	var ps problems
	switch ed.k.path {
	case "staff":
		for _, m := range sc.Staff {
			if m.Supervisor == id {
				ps.add("", "%s est maître de stage de %s : donnez d'abord un autre maître de stage à cet interne.", ed.t.ix.Staff[id].Name, m.Name)
				return nil, "", ps
			}
		}
		sc.Staff = slices.DeleteFunc(slices.Clone(sc.Staff), func(x medibus.StaffMember) bool { return x.ID == id })
		// A pinned session cannot keep someone who is no longer there.
		sc.Pins = slices.DeleteFunc(slices.Clone(sc.Pins), func(p medibus.Session) bool { return slices.Contains(p.Staff, id) })
	case "units":
		staff := slices.Clone(sc.Staff)
		for i := range staff {
			if !slices.Contains(staff[i].Units, id) {
				continue
			}
			staff[i].Units = slices.DeleteFunc(slices.Clone(staff[i].Units), func(u string) bool { return u == id })
			if len(staff[i].Units) == 0 {
				ps.add("", "%s ne monte que dans ce bus : donnez-lui d'abord un autre bus, ou retirez ce professionnel.", staff[i].Name)
				return nil, "", ps
			}
		}
		sc.Staff = staff
		sc.Units = slices.DeleteFunc(slices.Clone(sc.Units), func(x medibus.Unit) bool { return x.ID == id })
		sc.Pins = slices.DeleteFunc(slices.Clone(sc.Pins), func(p medibus.Session) bool { return p.Unit == id })
		pruneDepots(sc)
	case "sites":
		sc.Sites = slices.DeleteFunc(slices.Clone(sc.Sites), func(x medibus.Site) bool { return x.ID == id })
		sc.Pins = slices.DeleteFunc(slices.Clone(sc.Pins), func(p medibus.Session) bool { return p.Site == id })
	case "organisations":
		for _, u := range sc.Units {
			if u.Organisation == id {
				ps.add("", "Le bus %s appartient à cette organisation : donnez-le d'abord à une autre organisation, ou retirez-le.", u.Name)
				return nil, "", ps
			}
		}
		sc.Organisations = slices.DeleteFunc(slices.Clone(sc.Organisations), func(x medibus.Organisation) bool { return x.ID == id })
		pruneDepots(sc)
	default:
		if len(sc.Services) == 1 {
			ps.add("", "C'est le seul service du scénario : ajoutez-en d'abord un autre.")
			return nil, "", ps
		}
		scenario.RemoveService(sc, id)
	}
	what := fmt.Sprintf("%s %s retiré", strings.TrimPrefix(strings.TrimPrefix(ed.k.fr, "le "), "l'"), id)
	if n := len(ed.t.sc.Pins) - len(sc.Pins); n > 0 {
		what += fmt.Sprintf(", avec ses %d séances épinglées", n)
	}
	return sc, what, nil
}

// upsert returns list with v replacing the item of its id, or appended.
func upsert[T any](list []T, v T, id func(T) string) []T {
	out := slices.Clone(list)
	if i := slices.IndexFunc(out, func(x T) bool { return id(x) == id(v) }); i >= 0 {
		out[i] = v
		return out
	}
	return append(out, v)
}

// joinOrgStaff lets the professionals of u's organisation (those who ride only its
// buses) ride new bus u too.
func joinOrgStaff(sc *medibus.Scenario, t *editTarget, u medibus.Unit) {
	sc.Staff = slices.Clone(sc.Staff)
	for i := range sc.Staff {
		m := &sc.Staff[i]
		if len(m.Units) > 0 && !slices.ContainsFunc(m.Units, func(id string) bool { x := t.ix.Units[id]; return x == nil || x.Organisation != u.Organisation }) {
			m.Units = append(slices.Clip(m.Units), u.ID)
		}
	}
}

// pruneDepots removes the depots the editor made that no bus or organisation names.
func pruneDepots(sc *medibus.Scenario) {
	used := map[string]bool{}
	for _, u := range sc.Units {
		used[u.Depot] = true
	}
	for _, o := range sc.Organisations {
		used[o.Depot] = true
	}
	sc.Depots = slices.DeleteFunc(slices.Clone(sc.Depots), func(d medibus.Depot) bool {
		return !used[d.ID] && d.ID == depotID(d.INSEE)
	})
}
