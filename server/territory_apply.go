package server

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"medibus"
)

// The territory editor's bodies read into the scenario's entities, checked against the
// scenario they join (a bus named, an organisation, a commune of its territory), with
// every problem in French at its field; and the entities written back as bodies, for
// the forms to show.

// editTarget is the scenario a body is read against, with its entities and communes
// indexed.
type editTarget struct {
	sc *medibus.Scenario
	ix *medibus.Index
}

func newEditTarget(sc *medibus.Scenario) *editTarget {
	return &editTarget{sc: sc, ix: medibus.NewIndex(sc)}
}

// commune reads an INSEE code of the scenario's territory.
func (t *editTarget) commune(ps *problems, field, insee, what string) *medibus.Commune {
	insee = strings.TrimSpace(insee)
	if insee == "" {
		ps.add(field, "Choisissez %s dans la recherche de communes (nom ou code postal).", what)
		return nil
	}
	c := t.ix.Communes[insee]
	if c == nil {
		ps.add(field, "La commune de code INSEE « %s » n'est pas du territoire de ce scénario : choisissez %s dans la recherche de communes.", insee, what)
	}
	return c
}

// orgBuses lists the buses of organisation org.
func (t *editTarget) orgBuses(org string) []string {
	var out []string
	for _, u := range t.sc.Units {
		if u.Organisation == org {
			out = append(out, u.ID)
		}
	}
	return out
}

// member reads a professional's body as staff member id.
func (b *proBody) member(t *editTarget, id string) (medibus.StaffMember, problems) {
	var ps problems
	m := medibus.StaffMember{ID: id, Name: strings.TrimSpace(b.Name), Role: strings.TrimSpace(b.Role), MaxSessionsPerWeek: b.MaxSessions,
		Intern: b.Intern, Supervisor: b.Supervisor, MaxParallel: b.MaxParallel}
	ps.text("name", m.Name, "le nom du professionnel", "Dr Claire Martin", true, medibus.MaxNameLen)
	if p := idText(m.Role); p != "" {
		ps.add("role", "Choisissez le rôle du professionnel (médecin généraliste, sage-femme…) : le rôle « %s » %s.", m.Role, p)
	}
	m.Availability = ps.halfDays("availability", b.Availability,
		"Cochez au moins une demi-journée où ce professionnel peut être à bord (par exemple lundi matin).")
	ps.intIn("max_sessions_per_week", b.MaxSessions, 0, 14, "un plafond de séances par semaine")
	ps.intIn("max_parallel", b.MaxParallel, 0, 20, "un nombre de bus suivis à distance en même temps")
	ps.ids("units", b.Units, "le bus")
	if b.Organisation != "" && t.ix.Organisations[b.Organisation] == nil {
		ps.add("organisation", "L'organisation « %s » n'existe pas dans ce scénario : choisissez-en une de la liste, ou ajoutez-la d'abord.", b.Organisation)
	}
	for _, u := range b.Units {
		if t.ix.Units[u] == nil && !ps.has("units") {
			ps.add("units", "Le bus « %s » n'existe pas dans ce scénario : cochez un bus de la liste, ou ajoutez-le d'abord.", u)
		}
	}
	m.Units = slices.Clone(b.Units)
	if len(m.Units) == 0 && b.Organisation != "" && !ps.has("organisation") {
		m.Units = t.orgBuses(b.Organisation)
	}
	if len(m.Units) == 0 && !ps.has("units") && !ps.has("organisation") {
		ps.add("units", "Cochez au moins un bus où ce professionnel peut monter, ou choisissez une organisation qui a des bus (ajoutez d'abord ses bus).")
	}
	m.Unavailable = ps.ranges("unavailable", b.Unavailable, "de l'absence")
	if m.Intern && m.Supervisor == "" {
		ps.add("supervisor", "Un interne a un maître de stage joignable : choisissez-le dans la liste.")
	}
	if m.Supervisor != "" {
		switch sup := t.ix.Staff[m.Supervisor]; {
		case !m.Intern:
			ps.add("supervisor", "Seul un interne a un maître de stage : cochez « interne » ou laissez ce champ vide.")
		case sup == nil || sup.ID == id:
			ps.add("supervisor", "Le maître de stage « %s » n'est pas un professionnel de ce scénario : choisissez-en un dans la liste.", m.Supervisor)
		}
	}
	if b.Placement != nil && (b.Placement.From != "" || b.Placement.To != "") {
		if r, ok := ps.dateRange("placement", *b.Placement, "du stage"); ok {
			m.Placement = &r
		}
	}
	return m, ps
}

// proBodyOf writes staff member m as its body.
func proBodyOf(m *medibus.StaffMember) proBody {
	b := proBody{Name: m.Name, Role: m.Role, Availability: m.Availability.String(), Units: m.Units, MaxSessions: m.MaxSessionsPerWeek,
		Unavailable: rangeBodies(m.Unavailable), Intern: m.Intern, Supervisor: m.Supervisor, MaxParallel: m.MaxParallel}
	if m.Placement != nil {
		b.Placement = &rangeBody{From: m.Placement.From.String(), To: m.Placement.To.String()}
	}
	return b
}

func rangeBodies(rs []medibus.DateRange) []rangeBody {
	out := make([]rangeBody, len(rs))
	for i, r := range rs {
		out[i] = rangeBody{From: r.From.String(), To: r.To.String()}
	}
	return out
}

// depotID is the id of the depot the editor makes at a commune.
func depotID(insee string) string { return "depot-" + insee }

// unit reads a bus's body as bus id; depot is its base, to add to the scenario when new.
func (b *busBody) unit(t *editTarget, id string) (u medibus.Unit, depot medibus.Depot, ps problems) {
	u = medibus.Unit{ID: id, Name: strings.TrimSpace(b.Name), Organisation: b.Organisation, MaxDriveMin: b.MaxDriveMin,
		Equipment: slices.Clone(b.Equipment), Driver: strings.TrimSpace(b.Driver)}
	ps.text("name", u.Name, "le nom du bus", "Médicobus de la Creuse 1", true, medibus.MaxNameLen)
	ps.text("driver", u.Driver, "le nom du chauffeur", "Paul Roux", false, medibus.MaxNameLen)
	if c := t.commune(&ps, "base", b.Base, "la commune où le bus dort (sa base)"); c != nil {
		depot = medibus.Depot{ID: depotID(c.INSEE), Name: c.Name, INSEE: c.INSEE, Point: c.Point}
		u.Depot, u.Region = depot.ID, c.Region
	}
	if b.Organisation != "" && t.ix.Organisations[b.Organisation] == nil {
		ps.add("organisation", "L'organisation « %s » n'existe pas dans ce scénario : choisissez-en une de la liste, ou ajoutez-la d'abord.", b.Organisation)
	}
	u.Days = ps.halfDays("days", b.Days, "Cochez au moins une demi-journée où le bus roule (par exemple lundi).")
	u.ShiftStart = ps.clock("shift_start", b.ShiftStart, "le début de la journée du bus")
	u.ShiftEnd = ps.clock("shift_end", b.ShiftEnd, "la fin de la journée du bus")
	if !ps.has("shift_start") && !ps.has("shift_end") && u.ShiftEnd <= u.ShiftStart {
		ps.add("shift_end", "La journée finit à %s, avant de commencer à %s : écrivez une fin après le début.", u.ShiftEnd, u.ShiftStart)
	}
	ps.intIn("max_drive_min", b.MaxDriveMin, 1, 720, "une conduite quotidienne maximale")
	ps.ids("equipment", b.Equipment, "l'équipement")
	u.Unavailable = ps.ranges("unavailable", b.Unavailable, "de l'indisponibilité")
	return u, depot, ps
}

// busBodyOf writes bus u as its body.
func busBodyOf(u *medibus.Unit, ix *medibus.Index) busBody {
	b := busBody{Name: u.Name, Organisation: u.Organisation, Days: u.Days.String(), ShiftStart: u.ShiftStart.String(), ShiftEnd: u.ShiftEnd.String(),
		MaxDriveMin: u.MaxDriveMin, Equipment: u.Equipment, Driver: u.Driver, Unavailable: rangeBodies(u.Unavailable)}
	if d := ix.Depots[u.Depot]; d != nil {
		b.Base = d.INSEE
	}
	return b
}

// site reads a site's body as site id.
func (b *siteBody) site(t *editTarget, id string) (medibus.Site, problems) {
	var ps problems
	s := medibus.Site{ID: id, Name: strings.TrimSpace(b.Name), PerWeek: b.PerWeek}
	ps.text("name", s.Name, "le nom du lieu", "Place de la mairie", false, medibus.MaxNameLen)
	if c := t.commune(&ps, "insee", b.INSEE, "la commune du lieu"); c != nil {
		s.INSEE, s.Point = c.INSEE, c.Point
		if s.Name == "" {
			s.Name = c.Name
		}
	}
	if b.Lat != nil || b.Lon != nil {
		if b.Lat == nil || b.Lon == nil || *b.Lat < 41 || *b.Lat > 51.5 || *b.Lon < -5.5 || *b.Lon > 10 {
			ps.add("insee", "Le point choisi sur la carte n'est pas en France métropolitaine : cliquez de nouveau sur la carte, ou choisissez la commune dans la recherche.")
		} else {
			s.Point = orb.Point{*b.Lon, *b.Lat}
		}
	}
	s.Allowed = ps.halfDays("allowed", b.Allowed, "Cochez au moins une demi-journée où le lieu peut accueillir le bus.")
	ps.intIn("per_week", b.PerWeek, 0, 10, "un nombre de demi-journées par semaine")
	if !ps.has("allowed") && !ps.has("per_week") && b.PerWeek > s.Allowed.Count() {
		ps.add("per_week", "%d demi-journées par semaine, mais le lieu n'en accepte que %d : cochez plus de demi-journées ou baissez ce nombre.", b.PerWeek, s.Allowed.Count())
	}
	return s, ps
}

// siteBodyOf writes site s as its body.
func siteBodyOf(s *medibus.Site) siteBody {
	lat, lon := s.Point.Lat(), s.Point.Lon()
	return siteBody{INSEE: s.INSEE, Name: s.Name, Allowed: s.Allowed.String(), PerWeek: s.PerWeek, Lat: &lat, Lon: &lon}
}

// organisationKindsFr names the kinds of organisation as the form offers them.
var organisationKindsFr = []struct{ ID, Name string }{
	{medibus.KindMSP, "maison de santé (MSP)"}, {medibus.KindCPTS, "communauté professionnelle (CPTS)"},
	{medibus.KindHospital, "hôpital"}, {medibus.KindDepartment, "service départemental"},
}

// organisation reads an organisation's body as organisation id; depot is its base
// (zero when none).
func (b *orgBody) organisation(t *editTarget, id string) (o medibus.Organisation, depot medibus.Depot, ps problems) {
	o = medibus.Organisation{ID: id, Name: strings.TrimSpace(b.Name), Kind: b.Kind, Phone: strings.TrimSpace(b.Phone), Booking: strings.TrimSpace(b.Booking)}
	ps.text("name", o.Name, "le nom de l'organisation", "MSP de Felletin", true, medibus.MaxNameLen)
	if !slices.ContainsFunc(organisationKindsFr, func(k struct{ ID, Name string }) bool { return k.ID == o.Kind }) {
		ps.add("kind", "Choisissez le type de l'organisation dans la liste (maison de santé, CPTS, hôpital, service départemental).")
	}
	if o.Phone != "" && !isPhone(o.Phone) {
		ps.add("phone", "Le numéro « %s » ne s'écrit pas comme un téléphone : chiffres, espaces, points ou tirets (05 55 66 00 00, +33 5 55 66 00 00).", o.Phone)
	}
	if v := o.Booking; v != "" && !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") {
		ps.add("booking", "Le lien de réservation « %s » n'est pas une adresse web : écrivez-la en entier (https://…), ou laissez-le vide.", v)
	}
	if strings.TrimSpace(b.Base) != "" {
		if c := t.commune(&ps, "base", b.Base, "la commune de l'organisation"); c != nil {
			depot = medibus.Depot{ID: depotID(c.INSEE), Name: c.Name, INSEE: c.INSEE, Point: c.Point}
			o.Depot, o.Region = depot.ID, c.Region
		}
	} else if len(t.sc.Communes) > 0 {
		o.Region = t.sc.Communes[0].Region
	}
	return o, depot, ps
}

// orgBodyOf writes organisation o as its body.
func orgBodyOf(o *medibus.Organisation, ix *medibus.Index) orgBody {
	b := orgBody{Name: o.Name, Kind: o.Kind, Phone: o.Phone, Booking: o.Booking}
	if d := ix.Depots[o.Depot]; d != nil {
		b.Base = d.INSEE
	}
	return b
}

// service reads a service's body as service id.
func (b *serviceBody) service(id string) (medibus.Service, problems) {
	var ps problems
	s := medibus.Service{ID: id, Name: strings.TrimSpace(b.Name), Roles: slices.Clone(b.Roles), Equipment: slices.Clone(b.Equipment),
		ConsultMin: b.ConsultMin, RatePerYear: b.RatePerYear, Remote: slices.Clone(b.Remote), AssistantExtra: b.AssistantExtra}
	ps.text("name", s.Name, "le nom du service", "Gynécologie", true, medibus.MaxNameLen)
	if len(s.Roles) == 0 {
		ps.add("roles", "Écrivez au moins un rôle à bord (gp, gynaecologist, midwife…).")
	}
	ps.ids("roles", s.Roles, "le rôle")
	ps.ids("equipment", s.Equipment, "l'équipement")
	ps.ids("remote", s.Remote, "le rôle à distance")
	ps.intIn("consult_min", b.ConsultMin, 5, 240, "une consultation")
	if b.RatePerYear <= 0 || b.RatePerYear > 20 || math.IsNaN(b.RatePerYear) {
		ps.add("rate_per_year", "Un taux de %g consultations par habitant et par an : écrivez un nombre entre 0,01 et 20 (1 pour la médecine générale).", b.RatePerYear)
	}
	ps.intIn("assistant_extra", b.AssistantExtra, 0, 10, "un nombre de consultations de plus avec un assistant")
	return s, ps
}

// serviceBodyOf writes service s as its body.
func serviceBodyOf(s *medibus.Service) serviceBody {
	return serviceBody{Name: s.Name, Roles: s.Roles, Equipment: s.Equipment, ConsultMin: s.ConsultMin, RatePerYear: s.RatePerYear,
		Remote: s.Remote, AssistantExtra: s.AssistantExtra}
}

// newItemID makes an id for a new entity from its name: letters without accents,
// digits and '-', prefixed by kind, unique among taken.
func newItemID(prefix, name string, taken func(string) bool) string {
	var sb strings.Builder
	for _, r := range normalize(name) {
		switch {
		case r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
			sb.WriteRune(r)
		case sb.Len() > 0 && !strings.HasSuffix(sb.String(), "-"):
			sb.WriteByte('-')
		}
	}
	base := strings.Trim(sb.String(), "-")
	if len(base) > 40 {
		base = strings.Trim(base[:40], "-")
	}
	base = prefix + "-" + base
	if base == prefix+"-" {
		base = prefix
	}
	id := base
	for i := 2; taken(id); i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	return id
}
