package coast

// clearance returns, for every cell, its chessboard distance in cells to the nearest
// water cell (0 for water), capped at 255: two passes of the exact chessboard distance
// transform.
func clearance(r *Raster) []uint8 {
	w, h := r.Cols, r.Rows
	d := make([]uint8, w*h)
	at := func(x, y int) int {
		if x < 0 || y < 0 || x >= w || y >= h {
			return 0 // beyond the frame counts as water: nothing is known there
		}
		return int(d[y*w+x])
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if !r.LandAt(y*w + x) {
				continue
			}
			m := min(at(x-1, y), at(x-1, y-1), at(x, y-1), at(x+1, y-1)) + 1
			d[y*w+x] = uint8(min(m, 255))
		}
	}
	for y := h - 1; y >= 0; y-- {
		for x := w - 1; x >= 0; x-- {
			i := y*w + x
			if d[i] == 0 {
				continue
			}
			m := min(at(x+1, y), at(x+1, y+1), at(x, y+1), at(x-1, y+1)) + 1
			d[i] = uint8(min(int(d[i]), m))
		}
	}
	return d
}

// masses labels the 8-connected land masses of r, from 1.
func masses(r *Raster) []uint32 {
	w, h := r.Cols, r.Rows
	lab := make([]uint32, w*h)
	var next uint32
	var stack []int
	for start := range lab {
		if lab[start] != 0 || !r.LandAt(start) {
			continue
		}
		next++
		lab[start] = next
		stack = append(stack[:0], start)
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := i%w, i/w
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= w || ny >= h {
						continue
					}
					j := ny*w + nx
					if lab[j] == 0 && r.LandAt(j) {
						lab[j] = next
						stack = append(stack, j)
					}
				}
			}
		}
	}
	return lab
}
