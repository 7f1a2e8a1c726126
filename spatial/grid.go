// Package spatial answers "which points lie within r km of here" over many points
// without comparing every pair: a uniform grid over longitude/latitude.
package spatial

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
)

// Grid indexes points by cell. Cells are about cellKm wide; queries scan only the cells
// that a circle's bounding box touches, then filter by haversine distance.
type Grid struct {
	pts     []orb.Point
	cellLat float64
	cellLon float64
	cells   map[[2]int32][]int32
	// lo and hi bound the keys of the cells that hold points: a query never scans
	// beyond them, however wide its circle (a catchment of days once scanned billions
	// of empty cells).
	lo, hi [2]int32
}

// NewGrid indexes pts (index i refers to pts[i]) in cells of about cellKm. It assumes
// latitudes of metropolitan France (the longitude cell is sized at 46°N, which is
// conservative for a bounding box south of 60°N because queries widen it by latitude).
func NewGrid(pts []orb.Point, cellKm float64) *Grid {
	g := &Grid{pts: pts, cellLat: cellKm / 111.2, cellLon: cellKm / (111.2 * math.Cos(46*math.Pi/180))}
	g.cells = make(map[[2]int32][]int32, len(pts)/4+1)
	g.lo = [2]int32{math.MaxInt32, math.MaxInt32}
	g.hi = [2]int32{math.MinInt32, math.MinInt32}
	for i, p := range pts {
		k := g.key(p)
		g.cells[k] = append(g.cells[k], int32(i))
		for d := range 2 {
			g.lo[d], g.hi[d] = min(g.lo[d], k[d]), max(g.hi[d], k[d])
		}
	}
	return g
}

func (g *Grid) key(p orb.Point) [2]int32 {
	return [2]int32{int32(math.Floor(p[0] / g.cellLon)), int32(math.Floor(p[1] / g.cellLat))}
}

// Within returns the indexes of the points within km of p (haversine), in increasing
// index order so callers stay deterministic.
func (g *Grid) Within(p orb.Point, km float64) []int {
	dLat := km / 111.2
	dLon := km / (111.2 * math.Max(0.1, math.Cos((math.Abs(p[1])+dLat)*math.Pi/180)))
	// Degrees beyond a full turn add nothing, and would overflow the keys (written so
	// that a NaN, from an infinite radius, is caught too).
	if !(dLat < 360) {
		dLat = 360
	}
	if !(dLon < 360) {
		dLon = 360
	}
	lo := g.key(orb.Point{p[0] - dLon, p[1] - dLat})
	hi := g.key(orb.Point{p[0] + dLon, p[1] + dLat})
	for d := range 2 {
		lo[d], hi[d] = max(lo[d], g.lo[d]), min(hi[d], g.hi[d])
	}
	var out []int
	for x := lo[0]; x <= hi[0]; x++ {
		for y := lo[1]; y <= hi[1]; y++ {
			for _, i := range g.cells[[2]int32{x, y}] {
				if geo.DistanceHaversine(p, g.pts[i]) <= km*1000 {
					out = append(out, int(i))
				}
			}
		}
	}
	sort.Ints(out)
	return out
}

// Nearest returns the index of the point nearest to p among those accepted by keep, and
// its distance in km, searching rings of cells outwards up to maxKm. It returns -1 if
// none lies within maxKm.
func (g *Grid) Nearest(p orb.Point, maxKm float64, keep func(i int) bool) (int, float64) {
	best, bestM := -1, math.Inf(1)
	for r := g.cellLat * 111.2; ; r *= 2 {
		if r > maxKm {
			r = maxKm
		}
		for _, i := range g.Within(p, r) {
			if keep != nil && !keep(i) {
				continue
			}
			if d := geo.DistanceHaversine(p, g.pts[i]); d < bestM || (d == bestM && i < best) {
				best, bestM = i, d
			}
		}
		if best >= 0 || r >= maxKm {
			break
		}
	}
	if best < 0 {
		return -1, 0
	}
	return best, bestM / 1000
}
