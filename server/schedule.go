package server

import (
	"crypto/sha256"
	"encoding/hex"
	"time"

	"medibus"
	"medibus/calendar"
)

// occurrence is one session on a real date at a site near a commune, as the public
// pages and feeds show it: a published rotation's session on a date it is in force, or
// a published change's.
type occurrence struct {
	Date        medibus.Date  `json:"date"`
	Half        medibus.Half  `json:"half"`
	Start       medibus.Clock `json:"start"`
	End         medibus.Clock `json:"end"`
	Service     string        `json:"service"`
	ServiceName string        `json:"service_name"`
	Site        string        `json:"site"`
	SiteName    string        `json:"site_name"`
	SiteINSEE   string        `json:"site_insee"`
	SiteCommune string        `json:"site_commune"`
	Lat         float64       `json:"lat"`
	Lon         float64       `json:"lon"`
	// TravelMin is the drive from the commune asked about; overWater (-1) when no road
	// leads there.
	TravelMin int    `json:"travel_min"`
	Unit      string `json:"unit"`
	UID       string `json:"uid"`
	// PlanID is the plan the session comes from: a rotation, or a dated change
	// (ChangeID too); a cancelled session names the plan it was planned in.
	PlanID   int64 `json:"plan_id"`
	ChangeID int64 `json:"change_id,omitempty"`
	// Cancelled marks an occurrence that does not happen: a public holiday, a declared
	// closure or a dated change (a breakdown, an absence). Pages list it apart, feeds
	// publish it as cancelled so that subscribed calendars drop it. Reason says why
	// ("Noël", "fermeture : neige", "panne du Médicobus Creuse").
	Cancelled bool   `json:"cancelled,omitempty"`
	Reason    string `json:"reason,omitempty"`

	src *calendar.Source
}

// SessionUID is the UID of the feeds' event of a session: stable for the same bus,
// date, half-day and service, so that a calendar application updates an event when the
// feed is refreshed instead of duplicating it.
func SessionUID(unit string, d medibus.Date, h medibus.Half, service string) string {
	sum := sha256.Sum256([]byte(unit + "|" + d.String() + "|" + h.String() + "|" + service))
	return hex.EncodeToString(sum[:10]) + "@medibus"
}

// upcoming lists the occurrences at the sites near, on the dates [from,
// from+horizonDays), soonest first. Cancelled occurrences are all kept; limit (0: none)
// bounds the others.
func (v *publicView) upcoming(near []nearSite, from medibus.Date, horizonDays, limit int) []occurrence {
	ids := make([]string, len(near))
	leg := make(map[string]int, len(near))
	for i, ns := range near {
		ids[i] = ns.site.ID
		leg[ns.site.ID] = ns.minutes()
	}
	var out []occurrence
	held := 0
	for _, o := range v.cal.At(ids, from, from.AddDays(horizonDays)) {
		if limit > 0 && !o.Cancelled && held >= limit {
			continue
		}
		if !o.Cancelled {
			held++
		}
		out = append(out, occurrenceOf(o, leg[o.Session.Site]))
	}
	return out
}

// occurrenceOf describes calendar occurrence o, travelMin from the commune asked about.
func occurrenceOf(o calendar.Occurrence, travelMin int) occurrence {
	s, ix := o.Session, o.Source.Index
	out := occurrence{
		Date: o.Date, Half: s.Half, Start: s.Start, End: s.End, Service: s.Service, ServiceName: s.Service,
		Site: s.Site, SiteName: s.Site, TravelMin: travelMin, Unit: s.Unit, UID: SessionUID(s.Unit, o.Date, s.Half, s.Service),
		PlanID: o.Source.Plan.ID, Cancelled: o.Cancelled, Reason: o.Reason, src: o.Source,
	}
	if o.Change != nil {
		out.ChangeID = o.Change.Plan.ID
	}
	if sv := ix.Services[s.Service]; sv != nil {
		out.ServiceName = sv.Name
	}
	if site := ix.Sites[s.Site]; site != nil {
		out.SiteName, out.SiteINSEE, out.Lat, out.Lon = site.Name, site.INSEE, site.Point.Lat(), site.Point.Lon()
		if c := ix.Communes[site.INSEE]; c != nil {
			out.SiteCommune = c.Name
		}
	}
	return out
}

// today is the current date in Paris.
func (s *Server) today() medibus.Date { return medibus.DateOf(s.now().In(s.paris)) }

// at returns the instant of clock c on date d in Paris.
func (s *Server) at(d medibus.Date, c medibus.Clock) time.Time { return d.At(c, s.paris) }
