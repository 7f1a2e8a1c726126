package main

import (
	"encoding/json"
	"fmt"
	"os"

	"medibus/routing/coast"
)

type ring [][2]float64

type geometry struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// readPolygons returns the rings of the polygons whose outer ring's box meets the frame.
func readPolygons(path string, f coast.Frame) ([]ring, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("coastline: %w", err)
	}
	defer fh.Close()
	var gc struct {
		Geometries []geometry `json:"geometries"`
	}
	if err := json.NewDecoder(fh).Decode(&gc); err != nil {
		return nil, fmt.Errorf("coastline: %s: %w", path, err)
	}
	var out []ring
	for _, g := range gc.Geometries {
		var polys [][]ring
		switch g.Type {
		case "MultiPolygon":
			err = json.Unmarshal(g.Coordinates, &polys)
		case "Polygon":
			var p []ring
			err = json.Unmarshal(g.Coordinates, &p)
			polys = [][]ring{p}
		default:
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("coastline: %s: %w", path, err)
		}
		for _, p := range polys {
			if len(p) > 0 && meets(p[0], f) {
				out = append(out, p...)
			}
		}
	}
	return out, nil
}

// meets reports whether the box of r meets the frame.
func meets(r ring, f coast.Frame) bool {
	minX, minY, maxX, maxY := 1e9, 1e9, -1e9, -1e9
	for _, p := range r {
		minX, maxX = min(minX, p[0]), max(maxX, p[0])
		minY, maxY = min(minY, p[1]), max(maxY, p[1])
	}
	return maxX >= f.Lon0 && minX <= f.Lon0+float64(f.Cols)*f.DLon &&
		maxY >= f.Lat0 && minY <= f.Lat0+float64(f.Rows)*f.DLat
}
