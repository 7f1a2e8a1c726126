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
	in := &Instance{Family: CVRP, Rounded: true}
	sc := bufio.NewScanner(r)
	line := 0
	dim := 0
	section := ""
	var xs, ys, dem []float64
	var haveXY, haveDem []bool
	depot := -1
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		if k, v, ok := strings.Cut(text, ":"); ok && !isNumber(strings.Fields(text)[0]) {
			key, val := strings.TrimSpace(k), strings.TrimSpace(v)
			section = ""
			switch key {
			case "NAME":
				in.Name = val
			case "DIMENSION":
				d, err := strconv.Atoi(val)
				if err != nil || d < 2 {
					return nil, fmt.Errorf("read %s line %d: bad DIMENSION %q", name, line, val)
				}
				dim = d
				xs, ys, dem = make([]float64, d), make([]float64, d), make([]float64, d)
				haveXY, haveDem = make([]bool, d), make([]bool, d)
			case "CAPACITY":
				c, err := strconv.ParseFloat(val, 64)
				if err != nil || c <= 0 {
					return nil, fmt.Errorf("read %s line %d: bad CAPACITY %q", name, line, val)
				}
				in.Capacity = c
			case "EDGE_WEIGHT_TYPE":
				if val != "EUC_2D" {
					return nil, fmt.Errorf("read %s line %d: EDGE_WEIGHT_TYPE %q not supported (want EUC_2D)", name, line, val)
				}
			case "TYPE":
				if val != "CVRP" {
					return nil, fmt.Errorf("read %s line %d: TYPE %q not supported", name, line, val)
				}
			}
			continue
		}
		f := strings.Fields(text)
		switch f[0] {
		case "NODE_COORD_SECTION", "DEMAND_SECTION", "DEPOT_SECTION":
			if dim == 0 {
				return nil, fmt.Errorf("read %s line %d: %s before DIMENSION", name, line, f[0])
			}
			section = f[0]
			continue
		case "EOF":
			section = ""
			continue
		}
		switch section {
		case "NODE_COORD_SECTION", "DEMAND_SECTION":
			want := 3
			if section == "DEMAND_SECTION" {
				want = 2
			}
			if len(f) != want {
				return nil, fmt.Errorf("read %s line %d: want %d fields in %s, got %d", name, line, want, section, len(f))
			}
			id, err := strconv.Atoi(f[0])
			if err != nil || id < 1 || id > dim {
				return nil, fmt.Errorf("read %s line %d: bad node id %q", name, line, f[0])
			}
			var v [2]float64
			for i, s := range f[1:] {
				x, err := strconv.ParseFloat(s, 64)
				if err != nil {
					return nil, fmt.Errorf("read %s line %d: field %d: %w", name, line, i+2, err)
				}
				v[i] = x
			}
			if section == "DEMAND_SECTION" {
				if v[0] < 0 {
					return nil, fmt.Errorf("read %s line %d: negative demand", name, line)
				}
				dem[id-1], haveDem[id-1] = v[0], true
			} else {
				xs[id-1], ys[id-1], haveXY[id-1] = v[0], v[1], true
			}
		case "DEPOT_SECTION":
			id, err := strconv.Atoi(f[0])
			if err != nil {
				return nil, fmt.Errorf("read %s line %d: bad depot %q", name, line, f[0])
			}
			if id == -1 {
				section = ""
				continue
			}
			if id < 1 || id > dim || depot >= 0 {
				return nil, fmt.Errorf("read %s line %d: bad or second depot %d", name, line, id)
			}
			depot = id - 1
		default:
			return nil, fmt.Errorf("read %s line %d: unexpected %q", name, line, text)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if dim == 0 || in.Capacity == 0 {
		return nil, fmt.Errorf("read %s: missing DIMENSION or CAPACITY", name)
	}
	if depot < 0 {
		depot = 0
	}
	for i := 0; i < dim; i++ {
		if !haveXY[i] || !haveDem[i] {
			return nil, fmt.Errorf("read %s: node %d lacks coordinates or demand", name, i+1)
		}
	}
	// Depot first, others in file order.
	order := []int{depot}
	for i := 0; i < dim; i++ {
		if i != depot {
			order = append(order, i)
		}
	}
	for _, i := range order {
		in.X = append(in.X, xs[i])
		in.Y = append(in.Y, ys[i])
		in.Demand = append(in.Demand, dem[i])
		in.Labels = append(in.Labels, i) // .sol convention: file id − 1
	}
	in.Vehicles = dim - 1
	if in.Name == "" {
		in.Name = strings.TrimSuffix(name, ".vrp")
	}
	return in, nil
}
