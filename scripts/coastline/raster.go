package main

import (
	"sort"

	"medibus/routing/coast"
)

// rasterize marks land the cells whose centre is inside an odd number of rings.
func rasterize(rings []ring, f coast.Frame) *coast.Raster {
	rows := make([][]float64, f.Rows) // crossings, in columns, of each row's centre line
	for _, r := range rings {
		for i := 0; i+1 < len(r); i++ {
			addCrossings(rows, f, r[i], r[i+1])
		}
	}
	out := coast.NewRaster(f)
	for y, xs := range rows {
		sort.Float64s(xs)
		for k := 0; k+1 < len(xs); k += 2 {
			x0 := max(0, int(xs[k]+0.5))
			x1 := min(f.Cols, int(xs[k+1]+0.5))
			for x := x0; x < x1; x++ {
				out.SetLand(x, y, true)
			}
		}
	}
	return out
}

// addCrossings adds where the edge a-b crosses the centre lines of the rows.
func addCrossings(rows [][]float64, f coast.Frame, a, b [2]float64) {
	ya := (a[1] - f.Lat0) / f.DLat
	yb := (b[1] - f.Lat0) / f.DLat
	lo, hi := min(ya, yb), max(ya, yb)
	for y := max(0, int(lo-0.5)); y < len(rows) && float64(y)+0.5 < hi+1; y++ {
		c := float64(y) + 0.5
		if (ya <= c) == (yb <= c) {
			continue
		}
		t := (c - ya) / (yb - ya)
		lon := a[0] + t*(b[0]-a[0])
		rows[y] = append(rows[y], (lon-f.Lon0)/f.DLon)
	}
}

// dropSmallWater turns into land the water bodies (4-connected) of fewer than n cells
// that do not touch the frame's edge, and returns how many it dropped.
func dropSmallWater(r *coast.Raster, n int) int {
	f := r.Frame
	seen := make([]bool, f.Cols*f.Rows)
	dropped := 0
	var stack, body []int
	for start := range seen {
		if seen[start] || r.LandAt(start) {
			continue
		}
		body, stack = body[:0], append(stack[:0], start)
		seen[start] = true
		edge := false
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			body = append(body, i)
			x, y := i%f.Cols, i/f.Cols
			if x == 0 || y == 0 || x == f.Cols-1 || y == f.Rows-1 {
				edge = true
			}
			for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
				nx, ny := x+d[0], y+d[1]
				if nx < 0 || ny < 0 || nx >= f.Cols || ny >= f.Rows {
					continue
				}
				j := ny*f.Cols + nx
				if !seen[j] && !r.LandAt(j) {
					seen[j] = true
					stack = append(stack, j)
				}
			}
		}
		if !edge && len(body) < n {
			for _, i := range body {
				r.SetLand(i%f.Cols, i/f.Cols, true)
			}
			dropped++
		}
	}
	return dropped
}
