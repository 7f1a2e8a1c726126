package bench

import (
	"bufio"
	"fmt"
	"io"
	"math/bits"
	"strconv"
	"strings"
)

// maxPVRPDays bounds the horizon so that day combinations fit in 63 bits.
const maxPVRPDays = 63

// ReadPVRP parses a Cordeau periodic VRP file (type 1): "type m n t", then t lines
// "D Q" (route duration limit, 0 = none; capacity), then n+1 lines
// "i x y d q f a combos…" for the depot (i = 0) and the customers. Each combination
// is a decimal number whose t binary digits, leftmost = day 1, are the visit days;
// it must have f days (f = 0 with combinations is read as their size, a quirk of
// p11). Nodes are labelled by their number i.
func ReadPVRP(r io.Reader, name string) (*Instance, error) {
	in := &Instance{Family: PVRP, Name: strings.TrimSuffix(name, ".txt")}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line, n := 0, -1
	fail := func(format string, a ...any) error {
		return fmt.Errorf("read %s line %d: %s", name, line, fmt.Sprintf(format, a...))
	}
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		switch {
		case n < 0:
			if len(f) != 4 {
				return nil, fail("want \"type m n t\", got %d fields", len(f))
			}
			v, err := atoiAll(f)
			if err != nil {
				return nil, fail("%v", err)
			}
			if v[0] != 1 {
				return nil, fail("type %d is not a periodic VRP (want 1)", v[0])
			}
			if v[1] < 1 || v[2] < 1 || v[3] < 1 || v[3] > maxPVRPDays || v[2] > 1<<20 {
				return nil, fail("bad m=%d n=%d t=%d", v[1], v[2], v[3])
			}
			in.Vehicles, n, in.Days = v[1], v[2], v[3]
		case len(in.DayCapacity) < in.Days:
			if len(f) != 2 {
				return nil, fail("want \"D Q\", got %d fields", len(f))
			}
			dq, err := floatsAll(f)
			if err != nil {
				return nil, fail("%v", err)
			}
			if dq[0] < 0 || dq[1] <= 0 {
				return nil, fail("bad duration %g or capacity %g", dq[0], dq[1])
			}
			in.DayDuration = append(in.DayDuration, dq[0])
			in.DayCapacity = append(in.DayCapacity, dq[1])
		default:
			if err := in.addPVRPNode(f, n); err != nil {
				return nil, fail("%v", err)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if n < 0 || len(in.DayCapacity) < in.Days {
		return nil, fmt.Errorf("read %s: incomplete header", name)
	}
	if len(in.X) != n+1 {
		return nil, fmt.Errorf("read %s: %d nodes, header says depot plus %d customers", name, len(in.X), n)
	}
	// The model has one capacity per vehicle; days may differ only in duration.
	in.Capacity = in.DayCapacity[0]
	return in, nil
}

// addPVRPNode parses "i x y d q f a combos…" for the next node.
func (in *Instance) addPVRPNode(f []string, n int) error {
	i := len(in.X)
	if i > n {
		return fmt.Errorf("more than %d customers", n)
	}
	if len(f) < 7 {
		return fmt.Errorf("want \"i x y d q f a combinations\", got %d fields", len(f))
	}
	id, err := strconv.Atoi(f[0])
	if err != nil || id != i {
		return fmt.Errorf("node number %q, want %d", f[0], i)
	}
	v, err := floatsAll(f[1:5])
	if err != nil {
		return err
	}
	if v[2] < 0 || v[3] < 0 {
		return fmt.Errorf("negative service time or demand")
	}
	fa, err := atoiAll(f[5:7])
	if err != nil {
		return err
	}
	freq, a := fa[0], fa[1]
	if len(f) != 7+a {
		return fmt.Errorf("%d combinations announced, %d given", a, len(f)-7)
	}
	combos, err := atoiAll(f[7:])
	if err != nil {
		return err
	}
	// p11 customer 131 declares frequency 0 with five one-day combinations: take
	// the frequency from the combinations when it is missing.
	if i > 0 && freq == 0 && a > 0 && combos[0] > 0 {
		freq = bits.OnesCount(uint(combos[0]))
	}
	if i > 0 && (freq < 1 || freq > in.Days || a < 1) {
		return fmt.Errorf("customer %d: frequency %d with %d combinations", i, freq, a)
	}
	for _, c := range combos {
		if c < 1 || c >= 1<<in.Days || bits.OnesCount(uint(c)) != freq {
			return fmt.Errorf("customer %d: combination %d is not %d of %d days", i, c, freq, in.Days)
		}
	}
	in.Labels = append(in.Labels, i)
	in.X = append(in.X, v[0])
	in.Y = append(in.Y, v[1])
	in.Service = append(in.Service, v[2])
	in.Demand = append(in.Demand, v[3])
	in.Frequency = append(in.Frequency, freq)
	in.Combos = append(in.Combos, combos)
	return nil
}

// ComboDays lists the 1-based days of Cordeau's combination code over t days.
func ComboDays(code, t int) []int {
	var out []int
	for d := 1; d <= t; d++ {
		if code>>(t-d)&1 == 1 {
			out = append(out, d)
		}
	}
	return out
}

func atoiAll(f []string) ([]int, error) {
	out := make([]int, len(f))
	for i, s := range f {
		v, err := strconv.Atoi(s)
		if err != nil {
			return nil, fmt.Errorf("field %d: %w", i+1, err)
		}
		out[i] = v
	}
	return out, nil
}

func floatsAll(f []string) ([]float64, error) {
	out := make([]float64, len(f))
	for i, s := range f {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v != v || v > 1e15 || v < -1e15 {
			return nil, fmt.Errorf("field %d: bad number %q", i+1, s)
		}
		out[i] = v
	}
	return out, nil
}
