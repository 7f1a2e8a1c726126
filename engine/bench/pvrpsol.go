package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// WritePeriodicSolution writes a plan in Cordeau's .res format: the total distance,
// then one line per route "day vehicle duration load 0 c1 c2 … 0", vehicles numbered
// from 1 within each day and duration counting travel and service.
func WritePeriodicSolution(path string, inst *Instance, routes []DayRoute) error {
	var b strings.Builder
	total := 0.0
	lines := make([]string, 0, len(routes))
	vehicle := map[int]int{}
	for _, r := range routes {
		vehicle[r.Day]++
		dist, svc, load, prev := 0.0, 0.0, 0.0, 0
		var seq strings.Builder
		seq.WriteString("0")
		for _, c := range r.Nodes {
			dist += inst.Dist(prev, c)
			svc += inst.Service[c]
			load += inst.Demand[c]
			prev = c
			fmt.Fprintf(&seq, " %d", inst.Labels[c])
		}
		dist += inst.Dist(prev, 0)
		total += dist
		lines = append(lines, fmt.Sprintf("%d %d %.2f %g %s 0", r.Day, vehicle[r.Day], dist+svc, load, seq.String()))
	}
	fmt.Fprintf(&b, "%.2f\n", total)
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("bench: write solution: %w", err)
	}
	return nil
}

// ReadPeriodicSolution parses a .res file written by WritePeriodicSolution (or by
// Cordeau's codes) and returns the routes with node labels; the cost line and the
// route summaries are not trusted.
func ReadPeriodicSolution(r io.Reader, name string) ([]DayRoute, error) {
	var out []DayRoute
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if line == 1 || len(f) == 0 {
			continue
		}
		if len(f) < 6 || f[4] != "0" || f[len(f)-1] != "0" {
			return nil, fmt.Errorf("read %s line %d: want \"day vehicle duration load 0 … 0\"", name, line)
		}
		day, err := strconv.Atoi(f[0])
		if err != nil {
			return nil, fmt.Errorf("read %s line %d: day: %w", name, line, err)
		}
		r := DayRoute{Day: day}
		for _, s := range f[5 : len(f)-1] {
			c, err := strconv.Atoi(s)
			if err != nil {
				return nil, fmt.Errorf("read %s line %d: %w", name, line, err)
			}
			r.Nodes = append(r.Nodes, c)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

// PeriodicNodes maps the labels of periodic routes back to node indices.
func (in *Instance) PeriodicNodes(routes []DayRoute) ([]DayRoute, error) {
	plain := make([][]int, len(routes))
	for i, r := range routes {
		plain[i] = r.Nodes
	}
	nodes, err := in.Nodes(plain)
	if err != nil {
		return nil, err
	}
	out := make([]DayRoute, len(routes))
	for i, r := range routes {
		out[i] = DayRoute{Day: r.Day, Nodes: nodes[i]}
	}
	return out, nil
}
