package bench

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReadTOP parses a Chao team-orienteering file: "n N", "m P", "tmax T", then N lines
// "x y score", the first being the start and the last the end depot. Customers are
// labelled 1..N-2 in solution files.
func ReadTOP(r io.Reader, name string) (*Instance, error) {
	in := &Instance{Family: TOP, Name: strings.TrimSuffix(name, ".txt")}
	sc := bufio.NewScanner(r)
	line := 0
	n := -1
	header := map[string]bool{}
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(header) < 3 {
			if len(f) != 2 {
				return nil, fmt.Errorf("read %s line %d: want \"key value\", got %q", name, line, sc.Text())
			}
			switch f[0] {
			case "n":
				v, err := strconv.Atoi(f[1])
				if err != nil || v < 2 {
					return nil, fmt.Errorf("read %s line %d: bad n %q", name, line, f[1])
				}
				n = v
			case "m":
				v, err := strconv.Atoi(f[1])
				if err != nil || v < 1 {
					return nil, fmt.Errorf("read %s line %d: bad m %q", name, line, f[1])
				}
				in.Vehicles = v
			case "tmax":
				v, err := strconv.ParseFloat(f[1], 64)
				if err != nil || v < 0 {
					return nil, fmt.Errorf("read %s line %d: bad tmax %q", name, line, f[1])
				}
				in.TMax = v
			default:
				return nil, fmt.Errorf("read %s line %d: unknown key %q", name, line, f[0])
			}
			if header[f[0]] {
				return nil, fmt.Errorf("read %s line %d: duplicate key %q", name, line, f[0])
			}
			header[f[0]] = true
			continue
		}
		if len(f) != 3 {
			return nil, fmt.Errorf("read %s line %d: want \"x y score\", got %d fields", name, line, len(f))
		}
		var v [3]float64
		for i, s := range f {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("read %s line %d: field %d: %w", name, line, i+1, err)
			}
			v[i] = x
		}
		if len(in.X) >= n {
			return nil, fmt.Errorf("read %s line %d: more than n=%d points", name, line, n)
		}
		in.Labels = append(in.Labels, len(in.X))
		in.X = append(in.X, v[0])
		in.Y = append(in.Y, v[1])
		in.Score = append(in.Score, v[2])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(header) < 3 {
		return nil, fmt.Errorf("read %s: incomplete header (need n, m, tmax)", name)
	}
	if len(in.X) != n {
		return nil, fmt.Errorf("read %s: %d points, header says %d", name, len(in.X), n)
	}
	return in, nil
}
