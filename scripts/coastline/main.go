// Command coastline writes routing/coast/data/land.bin.gz, the land raster of
// metropolitan France that the travel model keeps buses on, from OpenStreetMap's land
// polygons as simplified by the geo-maps project (npm package
// @geo-maps/earth-lands-100m, data under ODbL 1.0).
//
//	npm pack @geo-maps/earth-lands-100m@0.6.0 && tar xzf geo-maps-earth-lands-100m-0.6.0.tgz
//	go run ./scripts/coastline -in package/map.geo.json -out routing/coast/data/land.bin.gz
//
// It samples the polygons at each cell's centre (even-odd, so lakes and estuaries that
// the polygons leave out are water), drops water bodies smaller than -min-water cells
// that do not reach the edge of the frame (river fragments, ponds: bridges cross them
// everywhere) and writes the raster run-length encoded and gzipped (routing/coast
// reads the format).
package main

import (
	"flag"
	"fmt"
	"log"
	"os"

	"medibus/routing/coast"
)

func main() {
	in := flag.String("in", "map.geo.json", "GeoJSON of the land polygons (a GeometryCollection of (Multi)Polygons)")
	out := flag.String("out", "routing/coast/data/land.bin.gz", "raster to write")
	minWater := flag.Int("min-water", 12, "smallest inland water body kept, in cells")
	flag.Parse()
	if err := run(*in, *out, *minWater); err != nil {
		log.Fatal(err)
	}
}

func run(in, out string, minWater int) error {
	f := coast.FranceFrame
	polys, err := readPolygons(in, f)
	if err != nil {
		return err
	}
	r := rasterize(polys, f)
	dropped := dropSmallWater(r, minWater)
	b, err := r.Encode()
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		return fmt.Errorf("coastline: %w", err)
	}
	land := 0
	for i := range r.Cells() {
		if r.LandAt(i) {
			land++
		}
	}
	log.Printf("%d × %d cells, %d land, %d small water bodies dropped, %d bytes", f.Cols, f.Rows, land, dropped, len(b))
	return nil
}
