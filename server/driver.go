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
	"medibus/calendar"
	"medibus/gpx"
	"medibus/holiday"
	"medibus/store"
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
	Ferry    string // the ferry the leg crosses on, its crossing in LegMin
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
	Unit     *medibus.Unit
	Depot    *medibus.Depot
	Org      *medibus.Organisation // runs the bus; nil when none is given
	Date     medibus.Date
	DateTime time.Time
	PlanID   int64
	// Draft is set when a coordinator previews a plan that is not published.
	Draft    bool
	Stops    []dayStop
	DriveKm  float64
	DriveMin int
	// Closed says why there is no tour on a day the calendar has one: a public holiday
	// or a declared closure of its sites.
	Closed string
	// Changed says why the day differs from the bus's rotation: the reason of the dated
	// change that set it (« panne du Médicobus Creuse »), change ChangeID.
	Changed  string
	ChangeID int64
	MapData  dayMapData
	Base     string // URL of the sheet without extension
	// Prev, Today and Next lead to the sheets of the bus's previous working day,
	// today and its next working day; Prev or Next is nil when no published plan
	// covers that day.
	Prev, Today, Next *dayLink
	Who               principal
}

// dayLink leads to another day's sheet of the same bus.
type dayLink struct {
	URL string
	// Label spells the day out in French: « vendredi 27 novembre » (with the year
	// when it is not the sheet's).
	Label string
	// Current is set on the link to today when the sheet is today's.
	Current bool
}

// dayMapData is what the sheet's map draws: the stops in order, depot first and last.
type dayMapData struct {
	Stops []mapPoint `json:"stops"`
}

// busDay is one bus's day to show, as the published calendar or a previewed plan has
// it: its sessions in half-day order (as stored), its tour, why it cannot happen if it
// cannot, and the change that set it.
type busDay struct {
	ix       *medibus.Index
	planID   int64
	draft    bool
	sessions []*medibus.Session
	tour     *medibus.BusDay
	closed   string
	change   *calendar.Source
	// covers reports whether a sheet of the same bus exists on another date; nil
	// means every date (a previewed plan).
	covers func(medibus.Date) bool
}

// publishedDay is unit's day d on the published calendar cal.
func publishedDay(cal *calendar.Calendar, unit string, d medibus.Date) (busDay, bool) {
	day := cal.Day(unit, d)
	if day.Source == nil {
		return busDay{}, false
	}
	return busDay{ix: day.Source.Index, planID: day.Source.Plan.ID, sessions: day.Sessions, tour: day.BusDay,
		closed: day.Closed, change: day.Change}, true
}

// buildDay assembles the sheet of unit on date d.
func (s *Server) buildDay(unit string, d medibus.Date, bd busDay) (*daySheet, error) {
	u := bd.ix.Units[unit]
	if u == nil {
		return nil, fmt.Errorf("le bus %q n'est pas dans le planning %d", unit, bd.planID)
	}
	ds := &daySheet{Unit: u, Depot: bd.ix.Depots[u.Depot], Org: bd.ix.Organisations[u.Organisation], Date: d, DateTime: d.Time(time.UTC),
		PlanID: bd.planID, Draft: bd.draft, Base: "/driver/" + url.PathEscape(unit) + "/" + d.String()}
	if bd.change != nil {
		ds.Changed, ds.ChangeID = bd.change.Plan.Change.Reason, bd.change.Plan.ID
	}
	if len(bd.sessions) == 0 || bd.tour == nil || ds.Depot == nil {
		return ds, nil
	}
	if bd.closed != "" {
		ds.Closed = bd.closed
		return ds, nil
	}
	ds.DriveKm, ds.DriveMin = bd.tour.DriveKm, bd.tour.DriveMin
	ds.Stops = append(ds.Stops, dayStop{Kind: "depot", Name: ds.Depot.Name, Point: ds.Depot.Point, Depart: bd.tour.Leave.String()})
	prevSite := ""
	for _, se := range bd.sessions {
		ds.Stops = append(ds.Stops, sessionStop(bd.ix, se, prevSite))
		prevSite = se.Site
	}
	ds.Stops = append(ds.Stops, dayStop{Kind: "depot", Name: ds.Depot.Name, Point: ds.Depot.Point, Arrive: bd.tour.Return.String(),
		LegKm: bd.tour.ReturnKm, LegMin: bd.tour.ReturnMin})
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
func closedDay(ix *medibus.Index, sessions []*medibus.Session, d medibus.Date, cal *holiday.Calendar) string {
	for _, se := range sessions {
		site := ix.Sites[se.Site]
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
func sessionStop(ix *medibus.Index, se *medibus.Session, prevSite string) dayStop {
	st := dayStop{Kind: "session", Arrive: se.Arrive.String(), Start: se.Start.String(), End: se.End.String(),
		Depart: se.Depart.String(), Half: halfFr(se.Half), Service: se.Service, LegKm: se.DriveKmFromPrevious,
		LegMin: se.DriveMinFromPrevious, Ferry: se.Ferry, Patients: se.ExpectedPatients, SameSite: se.Site == prevSite}
	if sv := ix.Services[se.Service]; sv != nil {
		st.Service = sv.Name
	}
	if site := ix.Sites[se.Site]; site != nil {
		st.Name, st.Point = site.Name, site.Point
		if c := ix.Communes[site.INSEE]; c != nil {
			st.Place = c.Name
		}
	}
	st.Staff, st.Remote = staffLabels(ix, se.Staff), staffLabels(ix, se.Remote)
	return st
}

// driverBusDay finds the day a driver page shows: unit's day d on the published
// calendar, or for a coordinator the day of any plan given as ?plan=ID (to check a
// draft before publishing it). rc is the response cache of what it comes from.
func (s *Server) driverBusDay(r *http.Request, who principal, unit string, d medibus.Date) (busDay, *responseCache, string, error) {
	if ref := r.URL.Query().Get("plan"); ref != "" && who.isCoordinator() {
		id, err := strconv.ParseInt(ref, 10, 64)
		if err != nil || id <= 0 {
			return busDay{}, nil, "", fmt.Errorf("plan %q: want a plan id", ref)
		}
		info, err := s.db.PlanInfo(r.Context(), id)
		if err != nil {
			return busDay{}, nil, "", err
		}
		v, err := s.views.get(r.Context(), id)
		if err != nil {
			return busDay{}, nil, "", err
		}
		cal, version, err := s.closures.get(r.Context())
		if err != nil {
			return busDay{}, nil, "", err
		}
		sessions, tour := v.src.DayOf(unit, d)
		bd := busDay{ix: v.ix, planID: id, draft: !info.Published(), sessions: sessions, tour: tour,
			closed: closedDay(v.ix, sessions, d, cal)}
		if v.ix.Units[unit] == nil {
			return bd, nil, "", fmt.Errorf("le bus %q n'est pas dans le planning %d : %w", unit, id, store.ErrNotFound)
		}
		return bd, &v.responses, fmt.Sprintf("%s|%t", version, bd.draft), nil
	}
	v, err := s.published.view(r.Context())
	if err != nil {
		return busDay{}, nil, "", err
	}
	if !v.published() {
		return busDay{}, nil, "", fmt.Errorf("aucun planning n'est publié : un coordinateur doit en publier un (%w)", store.ErrNotFound)
	}
	cal := v.cal
	if d < cal.From() {
		// A date long past: what was published then, from a calendar built for it.
		if cal, _, err = s.published.calendarFrom(r.Context(), d); err != nil {
			return busDay{}, nil, "", err
		}
	}
	bd, ok := publishedDay(cal, unit, d)
	if !ok {
		return bd, nil, "", fmt.Errorf("aucun planning publié ne concerne le bus %q le %s (%w)", unit, frDay(d), store.ErrNotFound)
	}
	bd.covers = func(x medibus.Date) bool {
		if x < cal.From() {
			return true // before the calendar read: a sheet of a date past, built on demand
		}
		_, ok := publishedDay(cal, unit, x)
		return ok
	}
	return bd, &v.responses, "", nil
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
	bd, rc, version, err := s.driverBusDay(r, who, unit, d)
	if err != nil {
		status := statusOf(err)
		if status == http.StatusInternalServerError && !strings.Contains(err.Error(), "database") {
			status = http.StatusNotFound
		}
		s.errorPage(w, r, status, err)
		return
	}
	today := s.today()
	key := "day|" + unit + "|" + d.String() + "|" + ext + "|" + version + "|" + today.String()
	s.cached(w, r, rc, key, "private, max-age=60", func() (*cachedResponse, error) {
		ds, err := s.buildDay(unit, d, bd)
		if err != nil {
			return nil, err
		}
		ds.Prev, ds.Today, ds.Next = dayLinks(ds, bd, today, r.URL.Query().Get("plan"))
		switch ext {
		case "gpx":
			b, err := s.dayGPX(ds)
			return newCachedResponse(b, "application/gpx+xml"), err
		case "geojson":
			b, err := dayGeoJSON(ds)
			return newCachedResponse(b, "application/geo+json"), err
		}
		ds.Who = principal{Role: "driver"}
		b, err := s.pages.render("driver-day.html", ds)
		return newCachedResponse(b, "text/html; charset=utf-8"), err
	})
}

// dayLinks leads from sheet ds to the bus's previous and next working days (a driver
// whose bus works Monday to Friday goes from Friday to Monday) and to today, each
// only when a plan covers it; plan, when set, is the previewed plan the links keep.
func dayLinks(ds *daySheet, bd busDay, today medibus.Date, plan string) (prev, now, next *dayLink) {
	link := func(x medibus.Date) *dayLink {
		if bd.covers != nil && !bd.covers(x) {
			return nil
		}
		l := &dayLink{URL: "/driver/" + url.PathEscape(ds.Unit.ID) + "/" + x.String(), Label: frDayNear(x, ds.Date)}
		if plan != "" {
			l.URL += "?plan=" + url.QueryEscape(plan)
		}
		return l
	}
	prev, next = link(adjacentWorkday(ds.Date, -1, ds.Unit.Days)), link(adjacentWorkday(ds.Date, 1, ds.Unit.Days))
	if now = link(today); now != nil {
		now.Current = today == ds.Date
	}
	return prev, now, next
}

// adjacentWorkday is the first day before (step −1) or after (step 1) d on which a bus
// working days works: the day next to d when it works no day at all.
func adjacentWorkday(d medibus.Date, step int, days medibus.HalfDays) medibus.Date {
	for i := 1; i <= 7; i++ {
		x := d.AddDays(step * i)
		if wd := x.Weekday(); days.Has(wd, medibus.AM) || days.Has(wd, medibus.PM) {
			return x
		}
	}
	return d.AddDays(step)
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
	Units []*medibus.Unit
	Unit  *medibus.Unit // the bus whose days are listed
	Days  []tourDay
	// Rotation says which published rotation the bus runs today, and from when.
	Rotation string
	Who      principal
	Empty    string
}

// tourDay is one of the next days of a bus: its tour, or why it has none.
type tourDay struct {
	Date   medibus.Date
	Label  string
	Stops  []string // the places of the day's sessions
	Closed string
	// Changed is the reason of the dated change that set the day, if one did.
	Changed string
}

// driverIndex lists the buses the driver may see; for one bus (the driver's, or the one
// chosen with ?unit=), its tours of the next two weeks, with the days a holiday, a
// closure or a dated change cancels or changes.
func (s *Server) driverIndex(w http.ResponseWriter, r *http.Request, who principal) {
	w.Header().Set("Cache-Control", "private, no-cache")
	v, err := s.published.view(r.Context())
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, err)
		return
	}
	d := driverIndexData{Who: who}
	if !v.published() {
		d.Empty = "Aucun planning n'est publié pour l'instant."
		s.writePage(w, r, http.StatusOK, "driver-index.html", d)
		return
	}
	for _, id := range v.cal.Units() {
		if !who.seesUnit(id) {
			continue
		}
		if u := v.unit(id); u != nil {
			d.Units = append(d.Units, u)
		}
	}
	want := r.URL.Query().Get("unit")
	for _, u := range d.Units {
		if u.ID == want || len(d.Units) == 1 {
			d.Unit = u
		}
	}
	if d.Unit != nil {
		if rot, pub, ok := v.cal.Rotation(d.Unit.ID, v.today); ok {
			d.Rotation = fmt.Sprintf("Planning n° %d (%s), en vigueur depuis le %s.", rot.Plan.ID, rot.Plan.Scenario, frDay(pub.Effective))
		}
		d.Days = nextTours(v, d.Unit.ID)
	}
	s.writePage(w, r, http.StatusOK, "driver-index.html", d)
}

// unit returns bus id as the plan in force for it today (or later) describes it.
func (v *publicView) unit(id string) *medibus.Unit {
	for _, p := range v.cal.Schedule(id) {
		if rot, _, ok := v.cal.Rotation(id, max(v.today, p.Effective)); ok {
			if u := rot.Index.Units[id]; u != nil {
				return u
			}
		}
	}
	return nil
}

// nextTours lists the days of the next two weeks on which unit has a tour, with the
// places it stops at, or the reason it is cancelled.
func nextTours(v *publicView, unit string) []tourDay {
	var out []tourDay
	for day := v.today; day < v.today.AddDays(14); day = day.AddDays(1) {
		cd := v.cal.Day(unit, day)
		if len(cd.Sessions) == 0 && cd.Change == nil {
			continue
		}
		td := tourDay{Date: day, Label: frDay(day), Closed: cd.Closed}
		if cd.Change != nil {
			td.Changed = cd.Change.Plan.Change.Reason
		}
		for _, se := range cd.Sessions {
			if site := cd.Source.Index.Sites[se.Site]; site != nil && !slices.Contains(td.Stops, site.Name) {
				td.Stops = append(td.Stops, site.Name)
			}
		}
		out = append(out, td)
	}
	return out
}

// staffLabels names each member of ids with their profession (the id when unknown).
func staffLabels(ix *medibus.Index, ids []string) []string {
	var out []string
	for _, id := range ids {
		if m := ix.Staff[id]; m != nil {
			out = append(out, staffLabel(m))
		} else {
			out = append(out, id)
		}
	}
	return out
}
