package coast

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Link is a fixed crossing of water that a bus may drive: a bridge, a causeway, a
// tunnel. Its ends lie on land on either side; it is painted onto the raster as a line
// of land cells, so a leg crosses the water there and nowhere else.
type Link struct {
	Name   string
	Kind   string // bridge, causeway, dam, tunnel
	A, B   [2]float64
	Source string
}

var linkHeader = []string{"name", "kind", "lon_a", "lat_a", "lon_b", "lat_b", "source"}

// ReadLinks reads a CSV of links (name,kind,lon_a,lat_a,lon_b,lat_b,source), naming
// name:line:column in its errors.
func ReadLinks(rd io.Reader, name string) ([]Link, error) {
	cr := csv.NewReader(rd)
	cr.FieldsPerRecord = len(linkHeader)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if strings.Join(head, ",") != strings.Join(linkHeader, ",") {
		return nil, fmt.Errorf("%s:1: header must be %s", name, strings.Join(linkHeader, ","))
	}
	var out []Link
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		l := Link{Name: rec[0], Kind: rec[1], Source: rec[6]}
		for k, dst := range []*float64{&l.A[0], &l.A[1], &l.B[0], &l.B[1]} {
			v, err := strconv.ParseFloat(rec[2+k], 64)
			if err != nil || math.IsNaN(v) || math.Abs(v) > 90 {
				return nil, fmt.Errorf("%s:%d:%d: %q is not a coordinate in degrees", name, line, 3+k, rec[2+k])
			}
			*dst = v
		}
		out = append(out, l)
	}
}

// paint marks land the cells along the link, 8-connected from end to end.
func (r *Raster) paint(l Link) {
	ax, ay := r.cellOf(l.A[0], l.A[1])
	bx, by := r.cellOf(l.B[0], l.B[1])
	n := int(4*math.Max(math.Abs(bx-ax), math.Abs(by-ay))) + 1
	for i := 0; i <= n; i++ {
		t := float64(i) / float64(n)
		x, y := int(math.Floor(ax+t*(bx-ax))), int(math.Floor(ay+t*(by-ay)))
		if r.inside(x, y) {
			r.SetLand(x, y, true)
		}
	}
}

// block marks water the cells along each segment of the line, 4-connected, so that no
// 8-connected way on land slips between two of them diagonally.
func (r *Raster) block(line Line) {
	for i := 1; i < len(line); i++ {
		ax, ay := r.cellOf(line[i-1][0], line[i-1][1])
		bx, by := r.cellOf(line[i][0], line[i][1])
		n := int(4*math.Max(math.Abs(bx-ax), math.Abs(by-ay))) + 1
		px, py := int(math.Floor(ax)), int(math.Floor(ay))
		for k := 0; k <= n; k++ {
			t := float64(k) / float64(n)
			x, y := int(math.Floor(ax+t*(bx-ax))), int(math.Floor(ay+t*(by-ay)))
			if x != px && y != py && r.inside(x, py) {
				r.SetLand(x, py, false) // the corner a diagonal step would cut
			}
			if r.inside(x, y) {
				r.SetLand(x, y, false)
			}
			px, py = x, y
		}
	}
}
