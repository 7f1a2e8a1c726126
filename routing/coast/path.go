package coast

import "math"

// Round returns the length in km of the shortest way on land from a to b (through the
// centres of 8-connected cells, over fixed links where they help), or ok false when
// there is none of at most maxKm: the points are on different land masses (an island
// without a link), at sea, or the way round is longer. An A* search bounded to a box
// around the two points, on cells coarseFactor times as large as the raster's (water
// narrower than half of one may be crossed), at full resolution when the coarse cells
// have no way; its result is at most 8 % longer than the shortest line.
func (l *Land) Round(a, b [2]float64, maxKm float64) (km float64, ok bool) {
	ax, ay, ok1 := l.cell(a[0], a[1])
	bx, by, ok2 := l.cell(b[0], b[1])
	w := l.r.Cols
	if !ok1 || !ok2 || l.mass[ay*w+ax] != l.mass[by*w+bx] {
		return 0, false
	}
	s, _ := l.paths.Get().(*search)
	if s == nil {
		s = &search{}
	}
	defer l.paths.Put(s)
	// Coarse first; where the coarse land has no way (a spit or an isthmus narrower
	// than half a coarse cell), at full resolution.
	fx, fy := l.coarse.cellOf(a[0], a[1])
	cax, cay, ok1 := snap(l.coarse, fx, fy)
	fx, fy = l.coarse.cellOf(b[0], b[1])
	cbx, cby, ok2 := snap(l.coarse, fx, fy)
	if ok1 && ok2 {
		if km, ok := s.run(l.coarse, cax, cay, cbx, cby, maxKm); ok {
			return km, true
		}
	}
	return s.run(l.r, ax, ay, bx, by, maxKm)
}

// search holds the buffers of one A* search, reused through a pool.
type search struct {
	x0, y0, w, h int
	g            []float64
	stamp        []uint32
	gen          uint32
	open         openSet
	steps        [][3]float64 // per row of the box: the km of a step across, up, diagonal
}

// box sizes the search's buffers to the cells within maxKm of both ends' box.
func (s *search) box(r *Raster, ax, ay, bx, by int, maxKm float64) {
	f := r.Frame
	cw, ch := f.kmPerCell(max(ay, by))
	straight := math.Hypot(float64(bx-ax)*cw, float64(by-ay)*ch)
	margin := math.Max(0, (maxKm-straight)/2) // a way of maxKm strays at most this far
	mx, my := int(margin/cw)+2, int(margin/ch)+2
	s.x0, s.y0 = max(0, min(ax, bx)-mx), max(0, min(ay, by)-my)
	x1, y1 := min(f.Cols, max(ax, bx)+mx+1), min(f.Rows, max(ay, by)+my+1)
	s.w, s.h = x1-s.x0, y1-s.y0
	if n := s.w * s.h; cap(s.g) < n {
		s.g, s.stamp, s.gen = make([]float64, n), make([]uint32, n), 0
	} else {
		s.g, s.stamp = s.g[:n], s.stamp[:n]
	}
	s.steps = s.steps[:0]
	for y := s.y0; y < s.y0+s.h; y++ {
		cw, ch := f.kmPerCell(y)
		s.steps = append(s.steps, [3]float64{cw, ch, math.Hypot(cw, ch)})
	}
	s.gen++
	if s.gen == 0 { // wrapped: forget every stamp
		clear(s.stamp)
		s.gen = 1
	}
	s.open = s.open[:0]
}

// run is the A* search from (ax, ay) to (bx, by).
func (s *search) run(r *Raster, ax, ay, bx, by int, maxKm float64) (float64, bool) {
	s.box(r, ax, ay, bx, by, maxKm)
	// The octile distance with the cells of the box's most northern row, the
	// narrowest, never overestimates and is exact on open land.
	hw, hh := r.kmPerCell(s.y0 + s.h - 1)
	hd := math.Hypot(hw, hh)
	hdist := func(x, y int) float64 {
		dx, dy := float64(abs(x-bx)), float64(abs(y-by))
		if dx > dy {
			return dy*hd + (dx-dy)*hw
		}
		return dx*hd + (dy-dx)*hh
	}
	start := (ay-s.y0)*s.w + (ax - s.x0)
	goal := (by-s.y0)*s.w + (bx - s.x0)
	s.set(start, 0)
	s.open.push(node{i: start, f: hdist(ax, ay)})
	for len(s.open) > 0 {
		n := s.open.pop()
		if n.f > maxKm {
			return 0, false
		}
		g := s.g[n.i]
		if n.i == goal {
			return g, true
		}
		if n.g > g {
			continue // a stale entry: the cell was reached shorter since
		}
		s.expand(r, n.i, g, hdist)
	}
	return 0, false
}

// expand relaxes the 8 neighbours of box cell i reached at g km.
func (s *search) expand(r *Raster, i int, g float64, hdist func(x, y int) float64) {
	x, y := s.x0+i%s.w, s.y0+i/s.w
	for dy := -1; dy <= 1; dy++ {
		ny := y + dy
		if ny < s.y0 || ny >= s.y0+s.h {
			continue
		}
		// The same step costs the same both ways: by the southern row's cell width.
		step := &s.steps[min(y, ny)-s.y0]
		for dx := -1; dx <= 1; dx++ {
			nx := x + dx
			if (dx == 0 && dy == 0) || nx < s.x0 || nx >= s.x0+s.w || !r.LandAt(ny*r.Cols+nx) {
				continue
			}
			ng := g + step[stepKind(dx, dy)]
			j := (ny-s.y0)*s.w + (nx - s.x0)
			if s.stamp[j] == s.gen && s.g[j] <= ng {
				continue
			}
			s.set(j, ng)
			s.open.push(node{i: j, g: ng, f: ng + hdist(nx, ny)})
		}
	}
}

func (s *search) set(i int, g float64) { s.g[i], s.stamp[i] = g, s.gen }

// stepKind indexes a row's step costs: across, up or down, diagonal.
func stepKind(dx, dy int) int {
	switch {
	case dy == 0:
		return 0
	case dx == 0:
		return 1
	}
	return 2
}

type node struct {
	i    int
	g, f float64
}

// openSet is a binary min-heap of nodes by f.
type openSet []node

func (o *openSet) push(n node) {
	h := append(*o, n)
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if h[p].f <= h[i].f {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
	*o = h
}

func (o *openSet) pop() node {
	h := *o
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	for i := 0; ; {
		c := 2*i + 1
		if c >= len(h) {
			break
		}
		if c+1 < len(h) && h[c+1].f < h[c].f {
			c++
		}
		if h[i].f <= h[c].f {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	*o = h
	return top
}
