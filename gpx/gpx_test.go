package gpx_test

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	gpxgo "github.com/tkrajina/gpxgo/gpx"

	"medibus/gpx"
)

// TestThirdPartyParser reads the output back with github.com/tkrajina/gpxgo.
func TestThirdPartyParser(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 7, 58, 0, 0, time.UTC)
	d := &gpx.Document{
		Name: "bus-23 — 2026-11-23", Desc: "Médicobus Creuse <&>", Time: t0,
		Waypoints: []gpx.Point{
			{Lat: 46.16321, Lon: 1.87079, Time: t0, Name: "Dépôt de Guéret", Type: "depot"},
			{Lat: 46.24223, Lon: 1.58265, Time: t0.Add(32 * time.Minute), Name: "Place de la mairie, Noth", Desc: "gp 09:00–12:30", Type: "session"},
		},
		RouteName: "bus-23",
		Route: []gpx.Point{
			{Lat: 46.16321, Lon: 1.87079, Name: "Dépôt de Guéret"},
			{Lat: 46.24223, Lon: 1.58265, Name: "Noth"},
			{Lat: 46.16321, Lon: 1.87079, Name: "Dépôt de Guéret"},
		},
	}
	var buf bytes.Buffer
	if err := d.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `version="1.1"`) || !strings.Contains(buf.String(), `xmlns="http://www.topografix.com/GPX/1/1"`) {
		t.Fatalf("not GPX 1.1:\n%s", buf.String())
	}
	g, err := gpxgo.ParseBytes(buf.Bytes())
	if err != nil {
		t.Fatalf("gpxgo: %v\n%s", err, buf.String())
	}
	if g.Version != "1.1" || g.Name != d.Name || g.Description != d.Desc {
		t.Errorf("metadata: version %q name %q desc %q", g.Version, g.Name, g.Description)
	}
	if len(g.Waypoints) != 2 || len(g.Routes) != 1 || len(g.Routes[0].Points) != 3 {
		t.Fatalf("%d waypoints, %d routes", len(g.Waypoints), len(g.Routes))
	}
	for i, w := range g.Waypoints {
		want := d.Waypoints[i]
		if math.Abs(w.Latitude-want.Lat) > 1e-6 || math.Abs(w.Longitude-want.Lon) > 1e-6 || w.Name != want.Name {
			t.Errorf("waypoint %d: %v %v %q, want %+v", i, w.Latitude, w.Longitude, w.Name, want)
		}
		if !w.Timestamp.Equal(want.Time) {
			t.Errorf("waypoint %d time %v, want %v", i, w.Timestamp, want.Time)
		}
	}
}
