package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"medibus"
	"medibus/gpx"
	"medibus/holiday"
)

// dayStop is one stop of a driver's day: the depot at either end, or a session.
type dayStop struct {
	N        int
	Kind     string // "depot" or "session"
	Name     string
	Place    string
	Point    orb.Point
	Arrive   string
	Start    string
	End      string
	Depart   string
	Half     string
	Service  string
	Staff    []string
	Remote   []string // specialists taking part from afar (tele-consultation)
	LegKm    float64
	LegMin   int
	Patients int
	SameSite bool
	// Geo and Maps open the stop in a navigation application: a geo: URI, which
	// phones hand to their navigation app, and a maps URL for any browser. Geo is a
	// template.URL because html/template lets only http(s) and mailto through.
	Geo  template.URL
	Maps string
}

// daySheet is a bus's day as the driver needs it.
type daySheet struct {
	Unit      *medibus.Unit
	Depot     *medibus.Depot
	Org       *medibus.Organisation // runs the bus; nil when none is given
	Date      medibus.Date
	DateTime  time.Time
	PlanID    int64
	PlanState string
	Stops     []dayStop
	DriveKm   float64
	DriveMin  int
	// Closed says why there is no tour on a day the cycle has one: a public holiday
	// or a declared closure of its sites.
	Closed  string
	MapData dayMapData
	Base    string // URL of the sheet without extension
	Who     principal
}

// dayMapData is what the sheet's map draws: the stops in order, depot first and last.
type dayMapData struct {
	Stops []mapPoint `json:"stops"`
}

// buildDay assembles the sheet of unit on date d (any date: the cycle repeats). On a
// day when a site of the tour is closed (cal), there is no tour: the sheet says why.
func (s *Server) buildDay(v *planView, unit string, d medibus.Date, cal *holiday.Calendar) (*daySheet, error) {
	u := v.ix.Units[unit]
	if u == nil {
		return nil, fmt.Errorf("le bus %q n'est pas dans le planning %d", unit, v.plan.ID)
	}
	ds := &daySheet{Unit: u, Depot: v.ix.Depots[u.Depot], Org: v.ix.Organisations[u.Organisation], Date: d, DateTime: d.Time(time.UTC), PlanID: v.plan.ID, PlanState: v.plan.Status,
		Base: "/driver/" + url.PathEscape(unit) + "/" + d.String()}
	cd, ok := v.cycleDate(d)
	if !ok || ds.Depot == nil {
		return ds, nil
	}
	sessions := v.byUnitDate[unitDate{unit, cd}]
	bd := v.busDays[unitDate{unit, cd}]
	if len(sessions) == 0 || bd == nil {
		return ds, nil
	}
	if reason := closedDay(v, sessions, d, cal); reason != "" {
		ds.Closed = reason
		return ds, nil
	}
	ds.DriveKm, ds.DriveMin = bd.DriveKm, bd.DriveMin
	ds.Stops = append(ds.Stops, dayStop{Kind: "depot", Name: ds.Depot.Name, Point: ds.Depot.Point, Depart: bd.Leave.String()})
	prevSite := ""
	for _, se := range sessions {
		ds.Stops = append(ds.Stops, sessionStop(v, se, prevSite))
		prevSite = se.Site
	}
	ds.Stops = append(ds.Stops, dayStop{Kind: "depot", Name: ds.Depot.Name, Point: ds.Depot.Point, Arrive: bd.Return.String(),
		LegKm: bd.ReturnKm, LegMin: bd.ReturnMin})
	for i := range ds.Stops {
		st := &ds.Stops[i]
		st.N = i
		st.Geo, st.Maps = geoURI(st.Point.Lat(), st.Point.Lon(), st.Name), mapsURL(st.Point.Lat(), st.Point.Lon())
		if st.Kind == "depot" && i > 0 {
			continue // the map draws the depot once, and the way back to it
		}
		if !st.SameSite {
			label := st.Name
			if st.Place != "" {
				label = st.Place
			}
			ds.MapData.Stops = append(ds.MapData.Stops, mapPoint{Lat: st.Point.Lat(), Lon: st.Point.Lon(), Label: fmt.Sprintf("%d. %s", i, label), Kind: st.Kind})
		}
	}
	return ds, nil
}

// closedDay says why the tour of sessions cannot happen on d: a public holiday or a
// closure at one of its sites; "" when it can. One closed site stops the whole day, as
// the tour's times were planned with it.
func closedDay(v *planView, sessions []*medibus.Session, d medibus.Date, cal *holiday.Calendar) string {
	for _, se := range sessions {
		site := v.ix.Sites[se.Site]
		if site == nil {
			continue
		}
		if reason, closed := cal.Closed(d, site.ID, site.INSEE); closed {
			return reason
		}
	}
	return ""
}

// sessionStop is the stop of session se; prevSite is the site of the stop before.
func sessionStop(v *planView, se *medibus.Session, prevSite string) dayStop {
	st := dayStop{Kind: "session", Arrive: se.Arrive.String(), Start: se.Start.String(), End: se.End.String(),
		Depart: se.Depart.String(), Half: halfFr(se.Half), Service: se.Service, LegKm: se.DriveKmFromPrevious,
		LegMin: se.DriveMinFromPrevious, Patients: se.ExpectedPatients, SameSite: se.Site == prevSite}
	if sv := v.ix.Services[se.Service]; sv != nil {
		st.Service = sv.Name
	}
	if site := v.ix.Sites[se.Site]; site != nil {
		st.Name, st.Point = site.Name, site.Point
		if c := v.ix.Communes[site.INSEE]; c != nil {
			st.Place = c.Name
		}
	}
	st.Staff, st.Remote = staffLabels(v, se.Staff), staffLabels(v, se.Remote)
	return st
}

// driverPlan picks the plan a driver page shows: the latest published plan, or for a
// coordinator any plan given as ?plan=ID (to check a draft before publishing it).
func (s *Server) driverPlan(r *http.Request, who principal) (*planView, error) {
	if ref := r.URL.Query().Get("plan"); ref != "" && who.isCoordinator() {
		id, err := strconv.ParseInt(ref, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("plan %q: want a plan id", ref)
		}
		return s.views.get(r.Context(), id)
	}
	v, err := s.published.view(r.Context())
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, fmt.Errorf("aucun planning n'est publié : un coordinateur doit en publier un")
	}
	return v, nil
}

// driverDay serves /driver/{unit}/{date}, .gpx and .geojson.
func (s *Server) driverDay(w http.ResponseWriter, r *http.Request, who principal) {
	unit := r.PathValue("unit")
	file := r.PathValue("file")
	dateStr, ext := file, ""
	if i := strings.IndexByte(file, '.'); i >= 0 {
		dateStr, ext = file[:i], file[i+1:]
	}
	if ext != "" && ext != "gpx" && ext != "geojson" {
		s.errorPage(w, r, http.StatusNotFound, fmt.Errorf("format %q inconnu : .gpx ou .geojson", ext))
		return
	}
	d, err := medibus.ParseDate(dateStr)
	if err != nil {
		s.errorPage(w, r, http.StatusBadRequest, fmt.Errorf("date %q : écrivez-la AAAA-MM-JJ, par exemple /driver/%s/%s", dateStr, unit, s.today()))
		return
	}
	if !who.seesUnit(unit) {
		s.errorPage(w, r, http.StatusForbidden, fmt.Errorf("votre jeton ne donne accès qu'au bus %s", who.Unit))
		return
	}
	v, err := s.driverPlan(r, who)
	if err != nil {
		status := statusOf(err)
		if status == http.StatusInternalServerError && !strings.Contains(err.Error(), "database") {
			status = http.StatusNotFound
		}
		s.errorPage(w, r, status, err)
		return
	}
	if v.ix.Units[unit] == nil {
		s.errorPage(w, r, http.StatusNotFound, fmt.Errorf("le bus %q n'est pas dans le planning %d", unit, v.plan.ID))
		return
	}
	cal, calVersion, err := s.closures.get(r.Context())
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	key := "day|" + unit + "|" + d.String() + "|" + ext + "|" + calVersion
	s.cached(w, r, v, key, "private, max-age=60", func() (*cachedResponse, error) {
		ds, err := s.buildDay(v, unit, d, cal)
		if err != nil {
			return nil, err
		}
		switch ext {
		case "gpx":
			b, err := s.dayGPX(ds)
			return newCachedResponse(b, "application/gpx+xml", v.plan.ID), err
		case "geojson":
			b, err := dayGeoJSON(ds)
			return newCachedResponse(b, "application/geo+json", v.plan.ID), err
		}
		ds.Who = principal{Role: "driver"}
		b, err := s.pages.render("driver-day.html", ds)
		return newCachedResponse(b, "text/html; charset=utf-8", v.plan.ID), err
	})
}

func (s *Server) dayGPX(ds *daySheet) ([]byte, error) {
	doc := &gpx.Document{Name: ds.Unit.Name + " — " + ds.Date.String(), Desc: fmt.Sprintf("Plan %d", ds.PlanID), RouteName: ds.Unit.ID}
	for _, st := range ds.Stops {
		clock := st.Arrive
		if clock == "" {
			clock = st.Depart
		}
		var at time.Time
		if c, err := medibus.ParseClock(clock); err == nil {
			at = s.at(ds.Date, c)
		}
		p := gpx.Point{Lat: st.Point.Lat(), Lon: st.Point.Lon(), Time: at, Name: st.Name, Type: st.Kind}
		if st.Kind == "session" {
			p.Desc = fmt.Sprintf("%s %s–%s, %s", st.Service, st.Start, st.End, strings.Join(st.Staff, ", "))
		}
		if st.Kind == "depot" || !st.SameSite {
			doc.Route = append(doc.Route, gpx.Point{Lat: p.Lat, Lon: p.Lon, Name: p.Name})
		}
		doc.Waypoints = append(doc.Waypoints, p)
	}
	if len(doc.Waypoints) > 0 {
		doc.Time = doc.Waypoints[0].Time
	}
	var buf bytes.Buffer
	if err := doc.Encode(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func dayGeoJSON(ds *daySheet) ([]byte, error) {
	fc := geojson.NewFeatureCollection()
	var line orb.LineString
	for _, st := range ds.Stops {
		f := geojson.NewFeature(st.Point)
		f.Properties = geojson.Properties{"order": st.N, "kind": st.Kind, "name": st.Name}
		if st.Kind == "session" {
			f.Properties["place"] = st.Place
			f.Properties["arrive"] = st.Arrive
			f.Properties["start"] = st.Start
			f.Properties["end"] = st.End
			f.Properties["service"] = st.Service
			f.Properties["staff"] = st.Staff
			f.Properties["leg_km"] = st.LegKm
			f.Properties["leg_min"] = st.LegMin
		} else if st.Depart != "" {
			f.Properties["depart"] = st.Depart
		} else {
			f.Properties["arrive"] = st.Arrive
			f.Properties["leg_km"] = st.LegKm
			f.Properties["leg_min"] = st.LegMin
		}
		fc.Append(f)
		if st.Kind == "depot" || !st.SameSite {
			line = append(line, st.Point)
		}
	}
	if len(line) >= 2 {
		f := geojson.NewFeature(line)
		f.Properties = geojson.Properties{"kind": "route", "unit": ds.Unit.ID, "date": ds.Date.String(),
			"drive_km": ds.DriveKm, "drive_min": ds.DriveMin}
		fc.Append(f)
	}
	return json.Marshal(fc)
}

type driverIndexData struct {
	Units  []*medibus.Unit
	Unit   *medibus.Unit // the bus whose days are listed
	Days   []tourDay
	PlanID int64
	Who    principal
	Empty  string
}

// tourDay is one of the next days of a bus: its tour, or why it has none.
type tourDay struct {
	Date   medibus.Date
	Label  string
	Stops  []string // the places of the day's sessions
	Closed string
}

// driverIndex lists the buses the driver may see; for one bus (the driver's, or the one
// chosen with ?unit=), its tours of the next two weeks, with the days a holiday or a
// closure cancels.
func (s *Server) driverIndex(w http.ResponseWriter, r *http.Request, who principal) {
	w.Header().Set("Cache-Control", "private, no-cache")
	v, err := s.published.view(r.Context())
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	d := driverIndexData{Who: who}
	if v == nil {
		d.Empty = "Aucun planning n'est publié pour l'instant."
		s.writePage(w, r, http.StatusOK, "driver-index.html", d)
		return
	}
	d.PlanID = v.plan.ID
	for i := range v.sc.Units {
		if who.seesUnit(v.sc.Units[i].ID) {
			d.Units = append(d.Units, &v.sc.Units[i])
		}
	}
	want := r.URL.Query().Get("unit")
	for _, u := range d.Units {
		if u.ID == want || len(d.Units) == 1 {
			d.Unit = u
		}
	}
	if d.Unit != nil {
		cal, _, err := s.closures.get(r.Context())
		if err != nil {
			s.errorPage(w, r, http.StatusInternalServerError, err)
			return
		}
		d.Days = s.nextTours(v, d.Unit.ID, cal)
	}
	s.writePage(w, r, http.StatusOK, "driver-index.html", d)
}

// nextTours lists the days of the next two weeks on which unit has a tour in the
// cycle, with the places it stops at, or the reason it is cancelled.
func (s *Server) nextTours(v *planView, unit string, cal *holiday.Calendar) []tourDay {
	var out []tourDay
	today := s.today()
	for day := today; day < today.AddDays(14); day = day.AddDays(1) {
		cd, ok := v.cycleDate(day)
		if !ok {
			continue
		}
		sessions := v.byUnitDate[unitDate{unit, cd}]
		if len(sessions) == 0 {
			continue
		}
		td := tourDay{Date: day, Label: frDay(day), Closed: closedDay(v, sessions, day, cal)}
		for _, se := range sessions {
			if site := v.ix.Sites[se.Site]; site != nil && !slices.Contains(td.Stops, site.Name) {
				td.Stops = append(td.Stops, site.Name)
			}
		}
		out = append(out, td)
	}
	return out
}

// staffLabels names each member of ids with their profession (the id when unknown).
func staffLabels(v *planView, ids []string) []string {
	var out []string
	for _, id := range ids {
		if m := v.ix.Staff[id]; m != nil {
			out = append(out, staffLabel(m))
		} else {
			out = append(out, id)
		}
	}
	return out
}
