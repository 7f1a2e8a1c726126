package bench

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReadCVRP parses a CVRPLIB .vrp file with EUC_2D distances rounded to the nearest
// integer, as VRPLIB specifies. The depot becomes node 0; nodes are labelled as in
// CVRPLIB .sol files (file id minus one, so customers are 1..n-1). The fleet is not
// limited by the format; Vehicles is set to the number of customers.
func ReadCVRP(r io.Reader, name string) (*Instance, error) {
	cr := &cvrpReader{in: &Instance{Family: CVRP, Rounded: true}, name: name, depot: -1}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		cr.line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var err error
		if k, v, ok := strings.Cut(text, ":"); ok && !isNumber(strings.Fields(text)[0]) {
			err = cr.header(strings.TrimSpace(k), strings.TrimSpace(v))
		} else {
			err = cr.row(text)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return cr.finish()
}

// cvrpReader holds what a .vrp file has declared so far: the header fields in the
// instance, node data indexed by file id minus one, and the section being read.
type cvrpReader struct {
	in      *Instance
	name    string
	line    int
	dim     int
	section string
	xs, ys  []float64
	dem     []float64
	haveXY  []bool
	haveDem []bool
	depot   int // file id minus one, -1 until DEPOT_SECTION names it
}

// fail wraps a problem with the file name and the current line.
func (cr *cvrpReader) fail(format string, a ...any) error {
	return fmt.Errorf("read %s line %d: %s", cr.name, cr.line, fmt.Sprintf(format, a...))
}

// header reads a "KEY : value" line, which also ends the current section.
func (cr *cvrpReader) header(key, val string) error {
	cr.section = ""
	switch key {
	case "NAME":
		cr.in.Name = val
	case "DIMENSION":
		d, err := strconv.Atoi(val)
		if err != nil || d < 2 {
			return cr.fail("bad DIMENSION %q", val)
		}
		cr.dim = d
		cr.xs, cr.ys, cr.dem = make([]float64, d), make([]float64, d), make([]float64, d)
		cr.haveXY, cr.haveDem = make([]bool, d), make([]bool, d)
	case "CAPACITY":
		c, err := strconv.ParseFloat(val, 64)
		if err != nil || c <= 0 {
			return cr.fail("bad CAPACITY %q", val)
		}
		cr.in.Capacity = c
	case "EDGE_WEIGHT_TYPE":
		if val != "EUC_2D" {
			return cr.fail("EDGE_WEIGHT_TYPE %q not supported (want EUC_2D)", val)
		}
	case "TYPE":
		if val != "CVRP" {
			return cr.fail("TYPE %q not supported", val)
		}
	}
	return nil
}

// row reads a section keyword or a row of the current section.
func (cr *cvrpReader) row(text string) error {
	f := strings.Fields(text)
	switch f[0] {
	case "NODE_COORD_SECTION", "DEMAND_SECTION", "DEPOT_SECTION":
		if cr.dim == 0 {
			return cr.fail("%s before DIMENSION", f[0])
		}
		cr.section = f[0]
		return nil
	case "EOF":
		cr.section = ""
		return nil
	}
	switch cr.section {
	case "NODE_COORD_SECTION", "DEMAND_SECTION":
		return cr.nodeRow(f)
	case "DEPOT_SECTION":
		return cr.depotRow(f)
	}
	return cr.fail("unexpected %q", text)
}

// nodeRow reads "id x y" (coordinates) or "id demand".
func (cr *cvrpReader) nodeRow(f []string) error {
	want := 3
	if cr.section == "DEMAND_SECTION" {
		want = 2
	}
	if len(f) != want {
		return cr.fail("want %d fields in %s, got %d", want, cr.section, len(f))
	}
	id, err := strconv.Atoi(f[0])
	if err != nil || id < 1 || id > cr.dim {
		return cr.fail("bad node id %q", f[0])
	}
	var v [2]float64
	for i, s := range f[1:] {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("read %s line %d: field %d: %w", cr.name, cr.line, i+2, err)
		}
		v[i] = x
	}
	if cr.section == "DEMAND_SECTION" {
		if v[0] < 0 {
			return cr.fail("negative demand")
		}
		cr.dem[id-1], cr.haveDem[id-1] = v[0], true
	} else {
		cr.xs[id-1], cr.ys[id-1], cr.haveXY[id-1] = v[0], v[1], true
	}
	return nil
}

// depotRow reads a depot id, or -1, which ends the section.
func (cr *cvrpReader) depotRow(f []string) error {
	id, err := strconv.Atoi(f[0])
	if err != nil {
		return cr.fail("bad depot %q", f[0])
	}
	if id == -1 {
		cr.section = ""
		return nil
	}
	if id < 1 || id > cr.dim || cr.depot >= 0 {
		return cr.fail("bad or second depot %d", id)
	}
	cr.depot = id - 1
	return nil
}

// finish checks that every node was given and builds the instance, depot first and
// the others in file order.
func (cr *cvrpReader) finish() (*Instance, error) {
	in := cr.in
	if cr.dim == 0 || in.Capacity == 0 {
		return nil, fmt.Errorf("read %s: missing DIMENSION or CAPACITY", cr.name)
	}
	depot := max(cr.depot, 0)
	for i := 0; i < cr.dim; i++ {
		if !cr.haveXY[i] || !cr.haveDem[i] {
			return nil, fmt.Errorf("read %s: node %d lacks coordinates or demand", cr.name, i+1)
		}
	}
	order := []int{depot}
	for i := 0; i < cr.dim; i++ {
		if i != depot {
			order = append(order, i)
		}
	}
	for _, i := range order {
		in.X = append(in.X, cr.xs[i])
		in.Y = append(in.Y, cr.ys[i])
		in.Demand = append(in.Demand, cr.dem[i])
		in.Labels = append(in.Labels, i) // .sol convention: file id − 1
	}
	in.Vehicles = cr.dim - 1
	if in.Name == "" {
		in.Name = strings.TrimSuffix(cr.name, ".vrp")
	}
	return in, nil
}
