package server

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"time"

	"medibus"
	"medibus/holiday"
)

// occurrence is one future session at a site near a commune: a session of the plan's
// cycle projected to a real date.
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
	TravelMin   int           `json:"travel_min"`
	Unit        string        `json:"unit"`
	UID         string        `json:"uid"`
	// Cancelled marks an occurrence that falls on a public holiday or a declared
	// closure: pages leave it out, feeds publish it as cancelled so that subscribed
	// calendars drop it. Reason says why ("Noël", "fermeture : neige").
	Cancelled bool   `json:"cancelled,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// sessionUID is stable for the same bus, date, half-day and service, so that a calendar
// application updates an event when the feed is refreshed instead of duplicating it.
func sessionUID(unit string, d medibus.Date, h medibus.Half, service string) string {
	sum := sha256.Sum256([]byte(unit + "|" + d.String() + "|" + h.String() + "|" + service))
	return hex.EncodeToString(sum[:10]) + "@medibus"
}

// upcoming lists the sessions at sites within the catchment of point p, projected from
// the plan's repeating cycle onto the dates in [from, from+horizonDays), soonest first.
// Occurrences on a day the site is closed (cal) are marked cancelled and all kept;
// limit (0: none) bounds the others.
func (v *planView) upcoming(near []nearSite, from medibus.Date, horizonDays, limit int, cal *holiday.Calendar) []occurrence {
	end := from.AddDays(horizonDays)
	var out []occurrence
	for _, ns := range near {
		for _, s := range v.bySite[ns.site.ID] {
			for d := v.nextOccurrence(s.Date, from); d < end; d = d.AddDays(v.days) {
				out = append(out, v.occurrenceOf(s, ns, d, cal))
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.TravelMin != b.TravelMin {
			return a.TravelMin < b.TravelMin
		}
		return a.UID < b.UID
	})
	if limit <= 0 {
		return out
	}
	kept, held := out[:0], 0
	for _, o := range out {
		if o.Cancelled || held < limit {
			kept = append(kept, o)
		}
		if !o.Cancelled {
			held++
		}
	}
	return kept
}

// occurrenceOf is session s of the cycle held at ns on date d.
func (v *planView) occurrenceOf(s *medibus.Session, ns nearSite, d medibus.Date, cal *holiday.Calendar) occurrence {
	o := occurrence{
		Date: d, Half: s.Half, Start: s.Start, End: s.End, Service: s.Service, ServiceName: s.Service,
		Site: ns.site.ID, SiteName: ns.site.Name, SiteINSEE: ns.site.INSEE,
		Lat: ns.site.Point.Lat(), Lon: ns.site.Point.Lon(), TravelMin: int(ns.leg.Min + 0.5),
		Unit: s.Unit, UID: sessionUID(s.Unit, d, s.Half, s.Service),
	}
	if sv := v.ix.Services[s.Service]; sv != nil {
		o.ServiceName = sv.Name
	}
	if c := v.ix.Communes[ns.site.INSEE]; c != nil {
		o.SiteCommune = c.Name
	}
	o.Reason, o.Cancelled = cal.Closed(d, ns.site.ID, ns.site.INSEE)
	return o
}

// today is the current date in Paris.
func (s *Server) today() medibus.Date { return medibus.DateOf(s.now().In(s.paris)) }

// at returns the instant of clock c on date d in Paris.
func (s *Server) at(d medibus.Date, c medibus.Clock) time.Time { return d.At(c, s.paris) }
