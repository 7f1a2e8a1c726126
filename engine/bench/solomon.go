package bench

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReadSolomon parses a Solomon / Gehring–Homberger VRPTW file: a name line, a
// VEHICLE section with fleet size and capacity, then a CUSTOMER table whose first row
// is the depot. name is used in error messages.
func ReadSolomon(r io.Reader, name string) (*Instance, error) {
	in := &Instance{Family: Solomon}
	sc := bufio.NewScanner(r)
	line := 0
	state := 0 // 0 name, 1 want fleet, 2 customers
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		switch {
		case state == 0:
			in.Name = f[0]
			state = 1
		case state == 1 && isNumber(f[0]):
			if len(f) != 2 {
				return nil, fmt.Errorf("read %s line %d: want fleet size and capacity, got %q", name, line, sc.Text())
			}
			nv, err1 := strconv.Atoi(f[0])
			c, err2 := strconv.ParseFloat(f[1], 64)
			if err1 != nil || err2 != nil || nv <= 0 || c <= 0 {
				return nil, fmt.Errorf("read %s line %d: bad fleet line %q", name, line, sc.Text())
			}
			in.Vehicles, in.Capacity = nv, c
			state = 2
		case state == 2 && isNumber(f[0]):
			if len(f) != 7 {
				return nil, fmt.Errorf("read %s line %d: want 7 fields, got %d", name, line, len(f))
			}
			var v [7]float64
			for i, s := range f {
				x, err := strconv.ParseFloat(s, 64)
				if err != nil {
					return nil, fmt.Errorf("read %s line %d: field %d: %w", name, line, i+1, err)
				}
				v[i] = x
			}
			if int(v[0]) != len(in.X) {
				return nil, fmt.Errorf("read %s line %d: customer %v out of sequence (want %d)", name, line, v[0], len(in.X))
			}
			if v[4] > v[5] || v[3] < 0 || v[6] < 0 {
				return nil, fmt.Errorf("read %s line %d: bad demand, window or service", name, line)
			}
			in.Labels = append(in.Labels, int(v[0]))
			in.X = append(in.X, v[1])
			in.Y = append(in.Y, v[2])
			in.Demand = append(in.Demand, v[3])
			in.Ready = append(in.Ready, v[4])
			in.Due = append(in.Due, v[5])
			in.Service = append(in.Service, v[6])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if in.Vehicles == 0 {
		return nil, fmt.Errorf("read %s: no VEHICLE section", name)
	}
	if len(in.X) < 2 {
		return nil, fmt.Errorf("read %s: want a depot and customers, got %d nodes", name, len(in.X))
	}
	return in, nil
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

func itoa(i int) string { return strconv.Itoa(i) }
