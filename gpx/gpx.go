// Package gpx writes GPX 1.1 documents (https://www.topografix.com/GPX/1/1/): waypoints
// for the stops of a day and a route through them, for navigation devices.
package gpx

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

// Point is a waypoint or route point (WGS84).
type Point struct {
	Lat, Lon float64
	// Time is when the vehicle is expected there; zero to leave it out.
	Time time.Time
	Name string
	Desc string
	Type string
}

// Document is one GPX file: metadata, waypoints and at most one route.
type Document struct {
	Name      string
	Desc      string
	Time      time.Time
	Waypoints []Point
	RouteName string
	Route     []Point
}

// The element order below follows the GPX 1.1 schema, which is a sequence: a validating
// reader rejects elements out of order.
type xmlGPX struct {
	XMLName  xml.Name    `xml:"gpx"`
	Xmlns    string      `xml:"xmlns,attr"`
	Xsi      string      `xml:"xmlns:xsi,attr"`
	Schema   string      `xml:"xsi:schemaLocation,attr"`
	Version  string      `xml:"version,attr"`
	Creator  string      `xml:"creator,attr"`
	Metadata xmlMetadata `xml:"metadata"`
	Wpts     []xmlPoint  `xml:"wpt"`
	Rte      *xmlRte     `xml:"rte,omitempty"`
}

type xmlMetadata struct {
	Name string `xml:"name,omitempty"`
	Desc string `xml:"desc,omitempty"`
	Time string `xml:"time,omitempty"`
}

type xmlPoint struct {
	Lat  string `xml:"lat,attr"`
	Lon  string `xml:"lon,attr"`
	Time string `xml:"time,omitempty"`
	Name string `xml:"name,omitempty"`
	Desc string `xml:"desc,omitempty"`
	Type string `xml:"type,omitempty"`
}

type xmlRte struct {
	Name   string     `xml:"name,omitempty"`
	Points []xmlPoint `xml:"rtept"`
}

func point(p Point) xmlPoint {
	x := xmlPoint{Lat: fmt.Sprintf("%.6f", p.Lat), Lon: fmt.Sprintf("%.6f", p.Lon), Name: p.Name, Desc: p.Desc, Type: p.Type}
	if !p.Time.IsZero() {
		x.Time = p.Time.UTC().Format(time.RFC3339)
	}
	return x
}

// Encode writes d as GPX 1.1.
func (d *Document) Encode(w io.Writer) error {
	doc := xmlGPX{
		Xmlns:   "http://www.topografix.com/GPX/1/1",
		Xsi:     "http://www.w3.org/2001/XMLSchema-instance",
		Schema:  "http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd",
		Version: "1.1", Creator: "medibus",
		Metadata: xmlMetadata{Name: d.Name, Desc: d.Desc},
	}
	if !d.Time.IsZero() {
		doc.Metadata.Time = d.Time.UTC().Format(time.RFC3339)
	}
	for _, p := range d.Waypoints {
		doc.Wpts = append(doc.Wpts, point(p))
	}
	if len(d.Route) > 0 {
		r := &xmlRte{Name: d.RouteName}
		for _, p := range d.Route {
			r.Points = append(r.Points, point(p))
		}
		doc.Rte = r
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("gpx: write: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("gpx: encode: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("gpx: write: %w", err)
	}
	return nil
}
