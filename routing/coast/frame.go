// Package coast is the land of metropolitan France as the travel model sees it: a
// raster of land and water (the sea, estuaries and large lakes, from OpenStreetMap's
// land polygons), the fixed links that cross water (bridges, a causeway), whether a
// straight drive between two points stays on land, and the shortest way round on land
// when it does not. It knows nothing of ferries: those are declared per scenario.
package coast

import "math"

// Frame places a raster on the map: cell (x, y) covers the longitudes
// [Lon0 + x·DLon, Lon0 + (x+1)·DLon) and the latitudes [Lat0 + y·DLat, …).
type Frame struct {
	Lon0, Lat0, DLon, DLat float64
	Cols, Rows             int
}

// FranceFrame covers metropolitan France and Corsica with cells of 0.006° of longitude
// by 0.004° of latitude (about 460 × 445 m at 46° N).
var FranceFrame = Frame{Lon0: -5.3, Lat0: 41.3, DLon: 0.006, DLat: 0.004, Cols: 2500, Rows: 2475}

// cellOf returns the fractional cell coordinates of a point.
func (f Frame) cellOf(lon, lat float64) (x, y float64) {
	return (lon - f.Lon0) / f.DLon, (lat - f.Lat0) / f.DLat
}

// inside reports whether cell (x, y) is in the frame.
func (f Frame) inside(x, y int) bool { return x >= 0 && y >= 0 && x < f.Cols && y < f.Rows }

// kmPerCell returns the width and height of a cell of row y, in km.
func (f Frame) kmPerCell(y int) (w, h float64) {
	lat := f.Lat0 + (float64(y)+0.5)*f.DLat
	const kmPerDeg = 6371.0088 * math.Pi / 180
	return f.DLon * kmPerDeg * math.Cos(lat*math.Pi/180), f.DLat * kmPerDeg
}
