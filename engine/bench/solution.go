package bench

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReadSolution parses a solution file of lines "Route 1 : 5 3 7" (CVRPLIB style,
// "Route #1: 5 3 7" is accepted too) and returns the routes as node labels.
func ReadSolution(r io.Reader, name string) ([][]int, error) {
	var out [][]int
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || !strings.HasPrefix(text, "Route") {
			continue
		}
		_, list, ok := strings.Cut(text, ":")
		if !ok {
			return nil, fmt.Errorf("read %s line %d: want \"Route N : customers\"", name, line)
		}
		var route []int
		for _, f := range strings.Fields(list) {
			c, err := strconv.Atoi(f)
			if err != nil {
				return nil, fmt.Errorf("read %s line %d: %w", name, line, err)
			}
			route = append(route, c)
		}
		out = append(out, route)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return out, nil
}

// Nodes maps solution labels back to node indices.
func (in *Instance) Nodes(routes [][]int) ([][]int, error) {
	idx := make(map[int]int, len(in.Labels))
	for i, l := range in.Labels {
		idx[l] = i
	}
	out := make([][]int, len(routes))
	for ri, r := range routes {
		for _, l := range r {
			i, ok := idx[l]
			if !ok {
				return nil, fmt.Errorf("%s: route %d: unknown customer %d", in.Name, ri+1, l)
			}
			out[ri] = append(out[ri], i)
		}
	}
	return out, nil
}
