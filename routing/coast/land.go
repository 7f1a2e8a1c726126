package coast

import (
	"bytes"
	_ "embed"
	"fmt"
	"math"
	"sync"
)

// Land is a raster with its fixed links painted on, ready for questions: the
// clearance of each cell (how far the nearest water is) and the land mass it belongs
// to. It is read-only, so safe for concurrent use.
type Land struct {
	base   *Raster // the raster as given, before links and closures
	r      *Raster
	coarse *Raster  // coarseFactor² cells of r each, land where half of them are (or a link)
	clear  []uint8  // chessboard distance, in cells, to the nearest water cell (capped)
	mass   []uint32 // land mass of each land cell (8-connected), 0 for water
	links  []Link
	closed []Line    // lines painted as water: closed passes, massifs without a road
	paths  sync.Pool // *search buffers
}

// Line is a polyline of longitude, latitude points.
type Line [][2]float64

//go:embed data/land.bin.gz
var franceRaster []byte

//go:embed data/links.csv
var franceLinks []byte

var (
	franceOnce sync.Once
	france     *Land
	franceErr  error
)

// France returns the land of metropolitan France: the embedded raster with the
// embedded fixed links. It is built once per process (about 0.2 s).
func France() (*Land, error) {
	franceOnce.Do(func() {
		r, err := Decode(franceRaster)
		if err != nil {
			franceErr = err
			return
		}
		links, err := ReadLinks(bytes.NewReader(franceLinks), "links.csv")
		if err != nil {
			franceErr = err
			return
		}
		france = New(r, links)
	})
	return france, franceErr
}

// New paints links onto a copy of r and prepares the land for questions.
func New(r *Raster, links []Link) *Land { return build(r, links, nil) }

// Closed returns the land with the lines closed besides l's: no way on land crosses
// them (a pass closed in winter is the crest it crosses; a closed bridge, a line
// across it). l itself is unchanged.
func (l *Land) Closed(lines []Line) *Land {
	if len(lines) == 0 {
		return l
	}
	return build(l.base, l.links, append(append([]Line(nil), l.closed...), lines...))
}

// build paints links then closed lines onto a copy of r (a closure across a bridge
// closes it) and prepares the land for questions.
func build(r *Raster, links []Link, closed []Line) *Land {
	c := &Raster{Frame: r.Frame, bits: append([]uint64(nil), r.bits...)}
	for _, l := range links {
		c.paint(l)
	}
	for _, k := range closed {
		c.block(k)
	}
	l := &Land{base: r, r: c, links: links, closed: closed}
	l.clear = clearance(c)
	l.mass = masses(c)
	l.coarse = coarsen(r, coarseFactor)
	for _, k := range links {
		l.coarse.paint(k)
	}
	for _, k := range closed {
		l.coarse.block(k)
	}
	return l
}

// coarseFactor is how many cells of the raster, each way, a cell of the way-round
// search spans (about 1.8 km).
const coarseFactor = 4

// coarsen returns the raster of k×k blocks of r, land where at least half the block is:
// an islet in an estuary or a strip of water narrower than half a block is not there
// (a bus neither hops across islets nor stops at a creek).
func coarsen(r *Raster, k int) *Raster {
	f := r.Frame
	c := NewRaster(Frame{Lon0: f.Lon0, Lat0: f.Lat0, DLon: f.DLon * float64(k), DLat: f.DLat * float64(k),
		Cols: (f.Cols + k - 1) / k, Rows: (f.Rows + k - 1) / k})
	n := make([]int, c.Cols*c.Rows)
	for y := 0; y < f.Rows; y++ {
		for x := 0; x < f.Cols; x++ {
			if r.LandAt(y*f.Cols + x) {
				n[(y/k)*c.Cols+x/k]++
			}
		}
	}
	for i, v := range n {
		if 2*v >= k*k {
			c.SetLand(i%c.Cols, i/c.Cols, true)
		}
	}
	return c
}

// Links returns the fixed links painted on the land.
func (l *Land) Links() []Link { return l.links }

// Frame returns the land's frame.
func (l *Land) Frame() Frame { return l.r.Frame }

// String describes the land for a model's description.
func (l *Land) String() string {
	s := fmt.Sprintf("land %d×%d cells of %.3f°×%.3f°, %d fixed links", l.r.Cols, l.r.Rows, l.r.DLon, l.r.DLat, len(l.links))
	if len(l.closed) > 0 {
		s += fmt.Sprintf(", %d closed lines", len(l.closed))
	}
	return s
}

// cell returns the land cell of a point: its own if it is land, else the nearest land
// cell within snapCells (a shore point falls into the sea at the raster's
// resolution); ok is false for a point at sea or outside the frame.
func (l *Land) cell(lon, lat float64) (x, y int, ok bool) {
	fx, fy := l.r.cellOf(lon, lat)
	return snap(l.r, fx, fy)
}

// snap returns the land cell of r nearest the fractional cell (fx, fy) within
// snapCells, ok false when there is none.
func snap(r *Raster, fx, fy float64) (x, y int, ok bool) {
	x, y = int(math.Floor(fx)), int(math.Floor(fy))
	if r.Land(x, y) {
		return x, y, true
	}
	best := math.Inf(1)
	bx, by := 0, 0
	for dy := -snapCells; dy <= snapCells; dy++ {
		for dx := -snapCells; dx <= snapCells; dx++ {
			if !r.Land(x+dx, y+dy) {
				continue
			}
			ex, ey := float64(x+dx)+0.5-fx, float64(y+dy)+0.5-fy
			if d := ex*ex + ey*ey; d < best {
				best, bx, by = d, x+dx, y+dy
			}
		}
	}
	return bx, by, !math.IsInf(best, 1)
}

// snapCells is how far (in cells, about 1.4 km) a point in the sea is moved to the
// nearest land: commune reference points on a quay or a spit.
const snapCells = 3

// Mass returns the land mass of a point (0 at sea): two points of different masses are
// not joined by land or a fixed link.
func (l *Land) Mass(lon, lat float64) uint32 {
	x, y, ok := l.cell(lon, lat)
	if !ok {
		return 0
	}
	return l.mass[y*l.r.Cols+x]
}

// MassCells returns the number of cells of a land mass (0 for none).
func (l *Land) MassCells(m uint32) int {
	if m == 0 {
		return 0
	}
	n := 0
	for _, v := range l.mass {
		if v == m {
			n++
		}
	}
	return n
}
