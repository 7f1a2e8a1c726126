package coast

import "math"

// Dry reports whether the straight line from a to b (longitude, latitude) stays on land:
// no cell of the sea, an estuary or a large lake on the way, except along a fixed link.
// A point at sea is never dry. Most questions are answered from the clearance of an
// end alone; the others walk the cells of the line.
func (l *Land) Dry(a, b [2]float64) bool {
	ax, ay, ok1 := l.cell(a[0], a[1])
	bx, by, ok2 := l.cell(b[0], b[1])
	if !ok1 || !ok2 {
		return false
	}
	w := l.r.Cols
	n := max(abs(bx-ax), abs(by-ay))
	if int(l.clear[ay*w+ax]) > n || int(l.clear[by*w+bx]) > n {
		return true
	}
	if l.mass[ay*w+ax] != l.mass[by*w+bx] {
		return false
	}
	// From the centre of one land cell to the other's, in steps of at most half a cell.
	fx, fy := float64(ax)+0.5, float64(ay)+0.5
	dx, dy := float64(bx-ax), float64(by-ay)
	steps := 2*n + 1
	for i := 1; i < steps; i++ {
		t := float64(i) / float64(steps)
		x, y := int(math.Floor(fx+t*dx)), int(math.Floor(fy+t*dy))
		if !l.r.LandAt(y*w + x) {
			return false
		}
	}
	return true
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
